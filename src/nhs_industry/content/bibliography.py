"""Writes sources.csv as a BibTeX file, so the bibliography page and {cite} roles come from the data."""

from __future__ import annotations

import pandas as pd

from ..model import dates

BIB_PATH_IN_BOOK = "book/entries/references.bib"  # generated at build time, next to the entry pages
ENTRY_TYPES = {"news-article": "article", "journal-article": "article", "report": "techreport"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def latex(text: str) -> str:
    return "".join(LATEX_SPECIALS.get(char, char) for char in text)


def entry(source) -> str:
    kind = ENTRY_TYPES.get(source["kind"], "misc")
    fields = {"title": f"{{{latex(source['title'])}}}"}  # inner braces keep the title's capitals
    # Corporate authorship where no person is named, so every entry sorts and labels sensibly.
    authors = (
        " and ".join(f"{{{latex(a.strip())}}}" if " " not in a.strip() else latex(a.strip()) for a in source["author"].split(";"))
        if source["author"]
        else f"{{{latex(source['publisher'])}}}"
    )
    fields["author"] = authors
    if kind == "article":
        fields["journal"] = latex(source["publisher"])
    elif kind == "techreport":
        fields["institution"] = latex(source["publisher"])
    else:
        fields["publisher"] = latex(source["publisher"])
    if source["published_date"]:
        parsed = dates.parse(source["published_date"])
        fields["year"] = str(parsed.start.year)
        if parsed.precision != "year":
            fields["month"] = MONTHS[parsed.start.month - 1]
    else:
        fields["year"] = "n.d."
    if source["url"]:
        fields["url"] = source["url"]
    notes = [source["kind"].replace("-", " ")]
    if source["seed_file"]:
        notes.append("one of the seed articles this project began from")
    fields["note"] = latex("; ".join(notes))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@{kind}{{{source['source_id']},\n{body}\n}}\n"


def bibtex(sources: pd.DataFrame) -> str:
    return "\n".join(entry(row) for row in sources.to_dict("records"))
