"""The practice matrix as readers see it (model/matrix.py decides every cell): a plain table that needs no
JavaScript, its key, each practice's year-by-year answers with the rules and clauses, and where the line moved."""

from __future__ import annotations

import csv
import html
import io

from ..model import dates, rule_spans, schema
from ..model.entries import Entry
from ..model.matrix import INCOMPLETE, Cell, Matrix
from . import citation, repository

INCOMPLETE_LABEL = "Incomplete"
INCOMPLETE_MEANING = (
    "a rule then in force speaks to the practice, but its words are not recorded or whether it applied is "
    "not certain for the date, so no stance is shown"
)
NO_RULE_MEANING = "no rule in force in the data speaks to it (which does not mean anything went)"


def stance_label(stance: str) -> str:
    if stance == INCOMPLETE:
        return INCOMPLETE_LABEL
    return schema.label("rulings", "stance", stance) if stance else "No rule recorded"


def clause_text(clause: str, kind: str) -> str:
    """A bare number with what it numbers in that kind of rule (x-numbered-as in the schema); any other clause as written."""
    unit = schema.numbered_as().get(kind)
    return f"{unit} {clause}" if unit and clause[:1].isdigit() else clause


def verdict(cell: Cell, short: bool = False) -> str:
    """A cell's answer in a few words: the strictest stance when the answer is whole, or plainly that it is
    incomplete or that no rule is recorded (never read as "allowed"). short: for a heading, whose body says why."""
    if cell.shade == INCOMPLETE:
        said = f"; the rules recorded say: {stance_label(cell.stance).lower()}" if cell.stance else ""
        return INCOMPLETE_LABEL if short else f"{INCOMPLETE_LABEL}: {INCOMPLETE_MEANING}{said}"
    return stance_label(cell.shade)


def cell_answer(matrix: Matrix, practice_label: str, cell: Cell) -> str:
    """What a cell says in a sentence or two: its verdict, what each rule recorded says, and the rules in force whose
    words are not recorded or whose status on the date is uncertain, by name."""
    said = "; ".join(f"{matrix.titles[r['instrument_id']]}: {stance_label(r['stance']).lower()}" for r in cell.rulings)
    parts = [f"{practice_label}, {cell.on.year}: {verdict(cell)}" + (f" ({said})" if said else "")]
    if cell.unrecorded:
        parts.append("in force, words not recorded: " + ", ".join(matrix.titles[i] for i in cell.unrecorded))
    if cell.possible:
        parts.append(
            "may also have applied: "
            + ", ".join(f"{matrix.titles[r['instrument_id']]} ({stance_label(r['stance']).lower()})" for r in cell.possible)
        )
    return "; ".join(parts) + "."


def answer_anchor(nation: str, year: int, own: bool) -> str:
    """The id of a year's answer on a practice page: the year itself ('2005') for the default nation and for a nation
    whose answers are the same; 'scotland-2005' for a nation with answers of its own."""
    return f"{nation}-{year}" if own and nation != rule_spans.DEFAULT_NATION else str(year)


def practice_url(practice_id: str, relative_root: str) -> str:
    return f"{relative_root}{Entry('practices', practice_id).url}"


def answer_url(practice_id: str, year: int, nation: str, own: bool, relative_root: str) -> str:
    """Where a cell's own answer is: its practice's page, at the year (in the nation, where it has answers of its
    own: matrix.nations_of_their_own)."""
    return f"{practice_url(practice_id, relative_root)}#{answer_anchor(nation, year, own)}"


def matrix_html(matrix: Matrix, nation: str, relative_root: str) -> str:
    """The matrix as a plain table (it needs no JavaScript): a row per practice, a column per year, each cell shaded
    by its answer (a stance colour only when the answer is whole) and linking to its own answer, with the rules and
    clauses, on the practice's page. The key sits above the grid; the answer of the cell under the pointer or the
    keyboard's focus is written out below it (nhs-matrix.js). relative_root: from the page to the site's root."""
    years = matrix.years()
    colours = schema.colours("rulings", "stance")
    head = "".join(f'<th scope="col"><span>{on.year}</span></th>' for on in years)
    rows = []
    for practice in matrix.practices.to_dict("records"):
        cells, own = [], nation in matrix.nations_of_their_own(practice["practice_id"])
        for on in years:
            cell = matrix.cell(practice["practice_id"], on, nation)
            tip = cell_answer(matrix, practice["label"], cell)
            style = f' style="background-color:{colours[cell.shade]}"' if cell.shade in colours else ""
            cells.append(
                f'<td class="nhs-stance nhs-stance-{cell.shade or "none"}"{style}>'
                f'<a href="{answer_url(practice["practice_id"], on.year, nation, own, relative_root)}" title="{html.escape(tip)}">'
                f'<span class="nhs-visually-hidden">{html.escape(tip)}</span></a></td>'
            )
        rows.append(
            f'<tr><th scope="row"><a href="{practice_url(practice["practice_id"], relative_root)}">'
            f"{html.escape(practice['label'])}</a></th>"
            f"{''.join(cells)}</tr>"
        )
    # The sheet holds the title, the date the data was read, the key and the table, so that they print together on
    # one A4 landscape page (nhs.css) as a handout that stands on its own. The caption is short: on a phone it
    # scrolls sideways with the table.
    title = f"What was allowed, when: {html.escape(schema.nations()[nation])}"
    read = (
        f"What the rules in force said about each practice on 1 July of each year from {years[0].year} to "
        f"{years[-1].year}, as recorded on {dates.today().strftime('%-d %B %Y')}."
    )
    return (
        f'<div class="nhs-matrix-sheet"><p class="nhs-matrix-title"><strong>{title}</strong>. {read}</p>{key_html()}'
        f'<div class="nhs-matrix-wrap" tabindex="0"><table class="nhs-matrix">'
        f'<caption class="nhs-visually-hidden">{title}</caption><thead><tr><th scope="col">Practice</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        '<p class="nhs-matrix-answer" aria-live="polite">Point at a cell, or move to it with the Tab key, to read its answer '
        "here; click or tap it for the rules, clauses and words on the practice's page.</p></div>"
    )


def key_html() -> str:
    """The key, above the grid where it is read: one short item per shade, each stance's meaning in its title (the
    incomplete and empty shades say theirs, as they are the ones a reader could misread)."""
    items = "".join(
        f'<li title="{html.escape(c.description)}">'
        f'<span class="nhs-key-swatch" style="background:{c.colour}"></span>{html.escape(c.label)}</li>'
        for c in schema.categories("rulings", "stance")
    )
    return (
        f'<ul class="nhs-matrix-key">{items}'
        f'<li><span class="nhs-key-swatch nhs-stance-{INCOMPLETE}"></span>{INCOMPLETE_LABEL}: a rule in force speaks to it, '
        "but its words are unrecorded or whether it applied is uncertain</li>"
        f'<li><span class="nhs-key-swatch nhs-stance-none"></span>No rule recorded (not: anything went)</li></ul>'
    )


def summary_answer(matrix: Matrix, cell: Cell) -> str:
    """A cell's answer in a line: its verdict, the rules recorded with their clauses, and any rule then in force whose
    words on the practice are not recorded or whose status on the date is uncertain."""
    said = "; ".join(
        f"{matrix.titles[r['instrument_id']]}"
        + (f", {clause_text(r['clause'], matrix.kinds[r['instrument_id']])}" if r["clause"] else "")
        + (f": {stance_label(r['stance']).lower()}" if cell.shade == INCOMPLETE else "")
        for r in cell.rulings
    )
    missing = ", ".join(matrix.titles[i] for i in cell.unrecorded)
    uncertain = ", ".join(matrix.titles[r["instrument_id"]] for r in cell.possible)
    answer = verdict(cell, short=True) + (f" ({said})" if said else "")
    if missing:
        answer += f"; in force, its words on this not recorded: {missing}"
    if uncertain:
        answer += f"; may also have applied: {uncertain}"
    return answer


def summary_html(matrix: Matrix, nation: str, relative_root: str) -> str:
    """Each practice's page, with what the rules said in the matrix's last year: the short version a lecturer scans
    before opening one practice's years."""
    last = matrix.years()[-1]
    rows = []
    for practice in matrix.practices.to_dict("records"):
        cell = matrix.cell(practice["practice_id"], last, nation)
        answer = html.escape(summary_answer(matrix, cell))
        others = [schema.nations()[n] for n in matrix.nations_of_their_own(practice["practice_id"])]
        # Two columns, so the table fits a phone; where other nations' answers differ, the practice's cell says so.
        differs = f"<br><small>Answers differ in {html.escape(', '.join(others))}</small>" if others else ""
        rows.append(
            f'<tr><th scope="row"><a href="{practice_url(practice["practice_id"], relative_root)}">{html.escape(practice["label"])}</a>'
            f"{differs}</th><td>{answer}</td></tr>"
        )
    return (
        f'<div class="pst-scrollable-table-container"><table class="table nhs-practice-summary"><thead><tr>'
        f'<th scope="col">Practice: its page, year by year</th>'
        f'<th scope="col">What the rules in {html.escape(schema.nations()[nation])} said on 1 July {last.year}</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def change_reason(matrix: Matrix, change: dict) -> str:
    """Why a cell's shade changed from the year before: the rules that began or ended, and those whose word or status
    changed, each named with what it is now."""

    def named(ids: list[str], what: str) -> str:
        return f"{what} " + ", ".join(f"{matrix.titles[i]} ({change['speaking'].get(i, 'ended')})" for i in ids) if ids else ""

    parts = [
        named(change["began"], "began:"),
        ("ended: " + ", ".join(matrix.titles[i] for i in change["ended"])) if change["ended"] else "",
        named(change["changed"], "changed:"),
    ]
    return "; ".join(p for p in parts if p)


def changes_html(matrix: Matrix, nation: str, relative_root: str) -> str:
    """Where the line moved, as a list a reader can scan: each year a practice's answer changed (a stance, incomplete,
    or no rule recorded), from what to what, and the rules behind it. Incomplete years are listed, not skipped."""
    items = []
    for change in sorted(matrix.changes(nation), key=lambda c: (c["on"], c["practice"])):
        practice_id, year = change["practice_id"], change["on"].year
        own = nation in matrix.nations_of_their_own(practice_id)
        items.append(
            f'<li><a href="{answer_url(practice_id, year, nation, own, relative_root)}">{year}</a>: '
            f"{html.escape(change['practice'])}, {html.escape(stance_label(change['from']).lower())} → "
            f"<strong>{html.escape(stance_label(change['to']).lower())}</strong> ({html.escape(change_reason(matrix, change))})</li>"
        )
    return f"<ul>{''.join(items)}</ul>" if items else "<p>No change recorded yet.</p>"


CSV_NAME = "what-was-allowed-when.csv"  # published with the data files (sphinx_ext._publish_data)
CSV_COLUMNS = ["nation", "year", "practice_id", "practice", "answer", "instrument_id", "rule", "rule_status", "stance",
               "clause", "conditions", "quote", "quote_basis", "quote_source_url"]  # fmt: skip


def matrix_csv(matrix: Matrix, sources: dict[str, dict]) -> str:
    """Every cell of every nation's grid as rows, one per rule that speaks to the practice (or one saying no rule is
    recorded), with the page's citation as '# ' lines above the header, as the timeline's rows download has."""
    out = io.StringIO()
    page = repository.page_url("book/allowed")
    for line in [
        f"What was allowed, when: {citation.SITE_TITLE}, version {citation.site_version()}",
        f"Cite as: {citation.plain('What was allowed, when')} {page}",
        f"Read on {dates.today().isoformat()}; 1 July of each year; one row per rule that speaks to the practice",
        "Licence: CC-BY-4.0 https://creativecommons.org/licenses/by/4.0/",
    ]:
        out.write(f"# {line}\n")
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    by_instrument = {r["instrument_id"]: r for r in matrix.rulings}
    for nation, nation_label in schema.nations().items():
        for practice in matrix.practices.to_dict("records"):
            for on in matrix.years():
                cell = matrix.cell(practice["practice_id"], on, nation)
                base = {"nation": nation_label, "year": on.year, "practice_id": practice["practice_id"], "practice": practice["label"],
                        "answer": verdict(cell, short=True)}  # fmt: skip
                ruled = [(r, "recorded") for r in cell.rulings] + [(r, "uncertain on this date") for r in cell.possible]
                ruled += [(by_instrument.get(i, {"instrument_id": i}), "in force, words not recorded") for i in cell.unrecorded]
                if not ruled:
                    writer.writerow(base)
                for ruling, status in ruled:
                    source = sources.get(ruling.get("quote_source_id", ""), {})
                    writer.writerow(
                        base
                        | {
                            "instrument_id": ruling["instrument_id"],
                            "rule": matrix.titles[ruling["instrument_id"]],
                            "rule_status": status,
                            "stance": ruling.get("stance", "") if status != "in force, words not recorded" else "",
                            "clause": ruling.get("clause", ""),
                            "conditions": ruling.get("conditions", ""),
                            "quote": ruling.get("quote", ""),
                            "quote_basis": ruling.get("quote_basis", ""),
                            "quote_source_url": source.get("url", ""),
                        }
                    )
    return out.getvalue()
