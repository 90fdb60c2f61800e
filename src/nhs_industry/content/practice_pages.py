"""Each practice's own page: what the rules said about it in every year of the matrix, with each year addressable
(#1993 … #2026; #scotland-2005 where a nation's answers differ from England's), every rule then in force with its
clause, its words, its conditions, and links to the rule's entry page and to the text quoted. The matrix's cells link
here (matrix_view.answer_url). Written as a MyST document into the staged book by pages.generate(), beside the
entry pages, so Sphinx checks its links like theirs."""

from __future__ import annotations

import html

from ..model import rule_spans, schema
from ..model.entries import Entry
from ..model.matrix import Cell, Matrix
from . import pages
from .matrix_view import answer_anchor, clause_text, stance_label, verdict

CHAPTER = "../../allowed.md"  # the chapter with the whole matrix, from book/entries/practices/<id>.md
NOT_ALLOWED_BY_DEFAULT = (
    "That does not mean it was allowed: the general law (bribery, the duties of NHS bodies) "
    "always applied, and a rule of the time may be missing from the data."
)


def no_answer(years: list[int], cell: Cell) -> str:
    """What a period without a recorded ruling says, plainly, so that a blank is never read as "allowed"."""
    which = "whose words are recorded " if cell.unrecorded else ""
    return f"No rule {which}in the data speaks to this practice in {years_text(years)}. {NOT_ALLOWED_BY_DEFAULT}"


def years_text(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]} to {years[-1]}"


def period_heading(years: list[int], cell: Cell) -> str:
    """'2016 to 2018: Permitted with conditions', or plainly that the answer is not known."""
    return f"{years_text(years)}: {verdict(cell, short=True)}"


def year_links(years: list[int], nation: str, own: bool) -> str:
    """The period's years, each an anchor of its own (the address a matrix cell links to)."""
    links = " ".join(
        f'<a class="nhs-year-anchor" id="{answer_anchor(nation, y, own)}" href="#{answer_anchor(nation, y, own)}">{y}</a>' for y in years
    )
    return pages.raw_html(f'<p class="nhs-period-years">On 1 July of {links}</p>')


def source_link(source: dict) -> str:
    """The text the quotation is taken from, linked where it has an address."""
    if source["url"].startswith(("https://", "http://")):
        return pages.external_link(source["url"], source["title"])
    return f"*{pages.text(source['title'])}*"


def ruling_line(ruling: dict, matrix: Matrix, sources: dict[str, dict], strictest: bool) -> str:
    """One rule's word on the practice: stance, the rule (its entry page), clause, quotation, conditions, source."""
    rule = pages.link("instruments", ruling["instrument_id"], matrix.titles[ruling["instrument_id"]], "practices")
    clause = (
        f", {pages.text(clause_text(ruling['clause'], matrix.kinds[ruling['instrument_id']]))}"
        if ruling["clause"]
        else " (the rule does not number this passage)"
    )
    mark = " (the strictest in force)" if strictest else ""
    conditions = f" {pages.text(ruling['conditions'])}" if ruling["conditions"] else ""
    source = source_link(sources[ruling["quote_source_id"]])
    quote = f"“{pages.text(ruling['quote'])}”"
    if ruling["quote_basis"] == "described-by":
        said = f"as described by {source}: {quote}.{conditions} (No text of the rule itself is stored.)"
    elif ruling["quote_basis"] == "quoted-in":
        said = f"{quote}.{conditions} Quoted in: {source} (no stored copy of the rule itself was found)."
    else:
        said = f"{quote}.{conditions} Quoted from: {source}."
    return f"**{pages.text(stance_label(ruling['stance']))}**{mark}: {rule}{clause}: {said}"


def unrecorded_line(instrument_id: str, matrix: Matrix) -> str:
    rule = pages.link("instruments", instrument_id, matrix.titles[instrument_id], "practices")
    return (
        f"**Not recorded**: {rule} was in force and speaks to this practice, but what it said about it is not in the "
        "data (no stored copy of its words was found), so this answer may be incomplete."
    )


def period_body(years: list[int], cell: Cell, matrix: Matrix, sources: dict[str, dict]) -> str:
    lines = [ruling_line(r, matrix, sources, k == 0 and len(cell.rulings) > 1) for k, r in enumerate(cell.rulings)]
    lines += [unrecorded_line(i, matrix) for i in cell.unrecorded]
    parts = [pages.bullets(lines)] if lines else []
    if not cell.rulings:
        parts.append(pages.text(no_answer(years, cell)))
    if cell.possible:
        parts.append(
            "May also have applied (its start, end or status is not certain for these dates):\n\n"
            + pages.bullets([ruling_line(r, matrix, sources, False) for r in cell.possible])
        )
    return "\n\n".join(parts)


def nation_answers(matrix: Matrix, practice_id: str, nation: str, own: bool, sources: dict[str, dict], level: str) -> str:
    """A nation's answers, period by period, each period headed by its years and strictest stance."""
    return "\n\n".join(
        f"{level} {pages.text(period_heading(years, cell))}\n\n{year_links(years, nation, own)}\n\n"
        f"{period_body(years, cell, matrix, sources)}"
        for years, cell in matrix.periods(practice_id, nation)
    )


def nation_switch(matrix: Matrix, practice_id: str) -> tuple[str, list[str]]:
    """Which nations have answers of their own, in a sentence and a row of links to them (a switch that needs no
    JavaScript), and the list of them."""
    nations = schema.nations()
    own = matrix.nations_of_their_own(practice_id)
    shared = [label for n, label in nations.items() if n != rule_spans.DEFAULT_NATION and n not in own]
    default = nations[rule_spans.DEFAULT_NATION]
    if not own:
        return "The rules recorded for this practice are the same in all four nations: the answers below hold for each.", own
    same = f" In {' and '.join(shared)} they are the same as in {default}." if shared else ""
    links = " · ".join(f'<a href="#answers-{n}">{html.escape(nations[n])}</a>' for n in [rule_spans.DEFAULT_NATION, *own])
    others = ", ".join(nations[n] for n in own)
    sentence = f"The rules recorded differ between the nations: {default}'s answers come first, then those of {others}.{same}"
    return sentence + "\n\n" + pages.raw_html(
        f'<nav class="nhs-nation-switch" aria-label="Answers by nation">Answers for: {links}</nav>'
    ), own


def practice_page(matrix: Matrix, practice: dict, sources: dict[str, dict]) -> str:
    """A practice's page, as a MyST document: its answer in every year, each year addressable."""
    entry = Entry("practices", practice["practice_id"])
    switch, own = nation_switch(matrix, practice["practice_id"])
    first, last = matrix.years()[0].year, matrix.years()[-1].year
    parts = [
        f"{{#{entry.label}}}\n# {pages.text(practice['label'])}: what was allowed, when",
        pages.text(practice["description"]),
        pages.text(
            f"What the rules in force said about it on 1 July of each year from {first} to {last}, rule by rule, "
            "each with its clause and its words: its own, or where its text is not stored, as a named source quotes or "
            "describes it. Where several rules applied, the strictest decides the colour of the matrix cell, when "
            "every one of them is recorded; all are listed."
        )
        + f" The whole matrix: [What was allowed, when]({CHAPTER}).",
        f"**About the evidence.** {pages.text(practice['notes'])}" if practice["notes"] else "",
        switch,
    ]
    nations = schema.nations()
    if own:
        for nation in [rule_spans.DEFAULT_NATION, *own]:
            parts.append(pages.raw_html(f'<span id="answers-{nation}"></span>'))
            parts.append(f"## {pages.text(nations[nation])}")
            parts.append(nation_answers(matrix, practice["practice_id"], nation, nation != rule_spans.DEFAULT_NATION, sources, "###"))
    else:
        parts.append(nation_answers(matrix, practice["practice_id"], rule_spans.DEFAULT_NATION, False, sources, "##"))
    parts.append(pages.section("Sources", "\n".join(f"1. {pages.source_line(sources[s])}" for s in practice["source_ids"])))
    return "\n\n".join(p for p in parts if p) + "\n"


def generate(sources: dict[str, dict]) -> dict[str, str]:
    """Every practice's page, by its docname (book/entries/practices/<id>)."""
    matrix = Matrix.load()
    return {Entry("practices", p["practice_id"]).docname: practice_page(matrix, p, sources) for p in matrix.practices.to_dict("records")}
