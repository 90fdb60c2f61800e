"""Writes sources.csv as a BibTeX file, so the bibliography page and {cite} roles come from the data."""
from __future__ import annotations

import re

import pandas as pd

from . import dates

BIB_PATH_IN_BOOK = "book/entries/references.bib"  # generated at build time, next to the entry pages
PAGE = "book/bibliography.html"
# Each entry on the bibliography page gets a stable anchor made from its source id (sphinx_ext sets this as
# sphinxcontrib-bibtex's bibtex_cite_id), so a link to one source survives the addition of others.
ANCHOR_TEMPLATE = "source-{key}"
ENTRY_TYPES = {"news-article": "article", "journal-article": "article", "report": "techreport"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
LATEX_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                  "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def latex(text: str) -> str:
    return "".join(LATEX_SPECIALS.get(char, char) for char in text)


def entry(source) -> str:
    kind = ENTRY_TYPES.get(source["kind"], "misc")
    fields = {"title": f"{{{latex(source['title'])}}}"}  # inner braces keep the title's capitals
    # Corporate authorship where no person is named, so every entry sorts and labels sensibly.
    authors = " and ".join(f"{{{latex(a.strip())}}}" if " " not in a.strip() else latex(a.strip())
                           for a in source["author"].split(";")) if source["author"] else f"{{{latex(source['publisher'])}}}"
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


def anchor(source_id: str) -> str:
    """The id of a source's entry on the bibliography page (docutils normalises ids as below)."""
    from docutils.nodes import make_id

    return make_id(ANCHOR_TEMPLATE.format(key=source_id))


ENTRY_LABEL = re.compile(r'<div class="citation" id="([^"]+)" role="doc-biblioentry">\s*<span class="label">'
                         r'<span class="fn-bracket">\[</span>([^<]+)<span class="fn-bracket">\]</span>')


def numbers(page_html: str, source_ids) -> dict[str, str]:
    """Each source's number ("label") on the built bibliography page, as its {cite} links show it."""
    labels = dict(ENTRY_LABEL.findall(page_html))
    missing = [s for s in source_ids if anchor(s) not in labels]
    if missing:
        raise ValueError(f"{PAGE} has no entry for source(s) {', '.join(missing[:5])}")
    return {s: labels[anchor(s)] for s in source_ids}
