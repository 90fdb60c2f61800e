"""The practice matrix as readers see it (model/matrix.py decides every cell): a plain table that needs no
JavaScript, its key, each practice's year-by-year answers with the rules and clauses, and where the line moved."""

from __future__ import annotations

import html

from ..model import dates, rule_spans, schema
from ..model.entries import Entry
from ..model.matrix import Cell, Matrix


def stance_label(stance: str) -> str:
    return schema.label("rulings", "stance", stance) if stance else "No rule recorded"


def clause_text(clause: str, kind: str) -> str:
    """A bare number with what it numbers in that kind of rule (x-numbered-as in the schema); any other clause as written."""
    unit = schema.numbered_as().get(kind)
    return f"{unit} {clause}" if unit and clause[:1].isdigit() else clause


def verdict(cell: Cell, short: bool = False) -> str:
    """A cell's answer in a few words: the strictest stance, or plainly that it is not known or not recorded (never
    read as "allowed"). short: for a heading, whose body says why."""
    if not cell.rulings:
        return ("Not known" if short else "Not known: a rule then in force is not recorded") if cell.unrecorded else "No rule recorded"
    return stance_label(cell.stance) + (
        "" if cell.complete else " (may be incomplete)" if short else " (may be incomplete: a rule then in force is not recorded)"
    )


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
    """The matrix as a plain table (it needs no JavaScript): a row per practice, a column per year, each cell
    coloured by the strictest stance and linking to its own answer, with the rules and clauses, on the practice's
    page. relative_root: from the page the table is on to the site's root."""
    years = matrix.years()
    colours = schema.colours("rulings", "stance")
    head = "".join(f'<th scope="col"><span>{on.year}</span></th>' for on in years)
    rows = []
    for practice in matrix.practices.to_dict("records"):
        cells, own = [], nation in matrix.nations_of_their_own(practice["practice_id"])
        for on in years:
            cell = matrix.cell(practice["practice_id"], on, nation)
            titles = "; ".join(f"{matrix.titles[r['instrument_id']]}: {stance_label(r['stance']).lower()}" for r in cell.rulings)
            tip = f"{practice['label']}, {on.year}: {verdict(cell)}" + (f" ({titles})" if titles else "")
            if not cell.complete:
                tip += "; not recorded: " + ", ".join(matrix.titles[i] for i in cell.unrecorded)
            style = f' style="background-color:{colours[cell.stance]}"' if cell.stance else ""
            cells.append(
                f'<td class="nhs-stance nhs-stance-{cell.stance or "none"}{"" if cell.complete else " nhs-incomplete"}"{style}>'
                f'<a href="{answer_url(practice["practice_id"], on.year, nation, own, relative_root)}" title="{html.escape(tip)}">'
                f'<span class="nhs-visually-hidden">{html.escape(tip)}</span></a></td>'
            )
        rows.append(
            f'<tr><th scope="row"><a href="{practice_url(practice["practice_id"], relative_root)}">'
            f"{html.escape(practice['label'])}</a></th>"
            f"{''.join(cells)}</tr>"
        )
    # The sheet holds the table and its key, so that they print together on one A4 landscape page (nhs.css), and
    # the caption carries the title and the date the data was read, for a handout that stands on its own.
    caption = (
        f"<strong>What was allowed, when: {html.escape(schema.nations()[nation])}</strong>. What the rules in force "
        f"said about each practice on 1 July of each year from {years[0].year} to {years[-1].year}, as recorded on "
        f"{dates.today().strftime('%-d %B %Y')}."
    )
    return (
        f'<div class="nhs-matrix-sheet"><div class="nhs-matrix-wrap" tabindex="0"><table class="nhs-matrix">'
        f'<caption>{caption}</caption><thead><tr><th scope="col">Practice</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>{key_html()}</div>"
    )


def key_html() -> str:
    items = "".join(
        f'<li><span class="nhs-key-swatch" style="background:{c.colour}"></span>{html.escape(c.label)}: {html.escape(c.description)}</li>'
        for c in schema.categories("rulings", "stance")
    )
    return (
        f'<ul class="nhs-matrix-key">{items}<li><span class="nhs-key-swatch nhs-stance-none"></span>'
        "No rule recorded: no rule in force in the data speaks to it.</li>"
        '<li><span class="nhs-key-swatch nhs-incomplete"></span>Dot: an edition then in force has no ruling recorded '
        "(its text is not stored), so the answer may be incomplete.</li></ul>"
    )


def summary_answer(matrix: Matrix, cell: Cell) -> str:
    """A cell's answer in a line: the strictest stance and the rules with their clauses, and any rule then in force
    whose words on the practice are not recorded."""
    said = "; ".join(
        matrix.titles[r["instrument_id"]] + (f", {clause_text(r['clause'], matrix.kinds[r['instrument_id']])}" if r["clause"] else "")
        for r in cell.rulings
    )
    missing = ", ".join(matrix.titles[i] for i in cell.unrecorded)
    if not cell.rulings:
        return f"Not known: {missing} was in force, but its words on this are not recorded" if missing else "No rule recorded"
    return f"{stance_label(cell.stance)} ({said})" + (f"; also in force, its words on this not recorded: {missing}" if missing else "")


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


def changes_html(matrix: Matrix, nation: str, relative_root: str) -> str:
    """Where the line moved, as a list a reader can scan: year, practice, from and to, and the rule behind it."""
    items = []
    for change in sorted(matrix.changes(nation), key=lambda c: (c["on"], c["practice"])):
        rules = ", ".join(
            f'<a href="{relative_root}{Entry("instruments", i).url}">{html.escape(matrix.titles[i])}</a>' for i in change["by"]
        )
        practice_id, year = change["practice_id"], change["on"].year
        own = nation in matrix.nations_of_their_own(practice_id)
        items.append(
            f'<li><a href="{answer_url(practice_id, year, nation, own, relative_root)}">{year}</a>: '
            f"{html.escape(change['practice'])}, {html.escape(stance_label(change['from']).lower())} → "
            f"<strong>{html.escape(stance_label(change['to']).lower())}</strong> ({rules})</li>"
        )
    return f"<ul>{''.join(items)}</ul>" if items else "<p>No change recorded yet.</p>"
