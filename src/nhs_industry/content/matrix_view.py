"""The practice matrix as readers see it (model/matrix.py decides every cell): a plain table that needs no
JavaScript, its key, each practice's year-by-year answers with the rules and clauses, and where the line moved."""
from __future__ import annotations

import html

from ..model import schema
from ..model.entries import Entry
from ..model.matrix import Matrix


def stance_label(stance: str) -> str:
    return schema.label("rulings", "stance", stance) if stance else "No rule recorded"


def anchor(practice_id: str, year: int) -> str:
    return f"{practice_id}-{year}"


def matrix_html(matrix: Matrix, nation: str, relative_root: str = "") -> str:
    """The matrix as a plain table (it needs no JavaScript): a row per practice, a column per year, each cell
    coloured by the strictest stance and linking to the year's answer with its rules and clauses."""
    years = matrix.years()
    colours = schema.colours("rulings", "stance")
    head = "".join(f'<th scope="col"><span>{on.year}</span></th>' for on in years)
    rows = []
    for practice in matrix.practices.to_dict("records"):
        cells = []
        for on in years:
            cell = matrix.cell(practice["practice_id"], on, nation)
            titles = "; ".join(f"{matrix.titles[r['instrument_id']]}: {stance_label(r['stance']).lower()}" for r in cell.rulings)
            tip = f"{practice['label']}, {on.year}: {stance_label(cell.stance)}" + (f" ({titles})" if titles else "")
            if not cell.complete:
                tip += "; not recorded: " + ", ".join(matrix.titles[i] for i in cell.unrecorded) + " (its text is not stored)"
            style = f' style="background-color:{colours[cell.stance]}"' if cell.stance else ""
            cells.append(f'<td class="nhs-stance nhs-stance-{cell.stance or "none"}{"" if cell.complete else " nhs-incomplete"}"{style}>'
                         f'<a href="{relative_root}#{anchor(practice["practice_id"], on.year)}" title="{html.escape(tip)}">'
                         f'<span class="nhs-visually-hidden">{html.escape(tip)}</span></a></td>')
        rows.append(f'<tr><th scope="row"><a href="{relative_root}#{practice["practice_id"]}">{html.escape(practice["label"])}</a></th>'
                    f'{"".join(cells)}</tr>')
    nation_label = schema.nations()[nation]
    return (f'<div class="nhs-matrix-wrap" tabindex="0"><table class="nhs-matrix"><caption>What the rules in force in '
            f'{html.escape(nation_label)} said about each practice on 1 July of each year</caption>'
            f'<thead><tr><th scope="col">Practice</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
            + key_html())


def key_html() -> str:
    items = "".join(f'<li><span class="nhs-key-swatch" style="background:{c.colour}"></span>{html.escape(c.label)}: '
                    f'{html.escape(c.description)}</li>' for c in schema.categories("rulings", "stance"))
    return (f'<ul class="nhs-matrix-key">{items}<li><span class="nhs-key-swatch nhs-stance-none"></span>'
            "No rule recorded: no rule in force in the data speaks to it.</li>"
            '<li><span class="nhs-key-swatch nhs-incomplete"></span>Dot: an edition then in force has no ruling recorded '
            "(its text is not stored), so the answer may be incomplete.</li></ul>")


def ruling_html(ruling: dict, relative_root: str, titles: dict[str, str]) -> str:
    """One rule's word on a practice: stance, rule (linked), clause, the quotation, and the conditions."""
    clause = f", {html.escape(ruling['clause'])}" if ruling["clause"] else ""
    return (f'<li><strong>{html.escape(stance_label(ruling["stance"]))}</strong> by '
            f'<a href="{relative_root}{Entry("instruments", ruling["instrument_id"]).url}">{html.escape(titles[ruling["instrument_id"]])}</a>'
            f'{clause}: “{html.escape(ruling["quote"])}”. {html.escape(ruling["conditions"])}</li>')


def practice_html(matrix: Matrix, practice: dict, nation: str, relative_root: str) -> str:
    """A practice's own section: each year's answer, with the rules and clauses (each year addressable)."""
    rows = []
    for on in matrix.years():
        cell = matrix.cell(practice["practice_id"], on, nation)
        said = "".join(ruling_html(r, relative_root, matrix.titles) for r in cell.rulings) or "<li>No rule in force in the data speaks to it.</li>"
        maybe = "".join(ruling_html(r, relative_root, matrix.titles) for r in cell.possible)
        if not cell.complete:
            said += "".join(f'<li>Not recorded: <a href="{relative_root}{Entry("instruments", i).url}">{html.escape(matrix.titles[i])}</a> '
                            "was in force, but its words on this are not stored, so the answer may be incomplete.</li>"
                            for i in cell.unrecorded)
        maybe = f'<p class="nhs-matrix-maybe">May also have applied (its start, end or status is not certain for this date):</p><ul>{maybe}</ul>' if maybe else ""
        rows.append(f'<tr id="{anchor(practice["practice_id"], on.year)}"><th scope="row">{on.year}</th>'
                    f'<td>{html.escape(stance_label(cell.stance))}</td><td><ul>{said}</ul>{maybe}</td></tr>')
    return (f'<section id="{practice["practice_id"]}"><h3>{html.escape(practice["label"])}</h3><p>{html.escape(practice["description"])}</p>'
            f'<div class="pst-scrollable-table-container"><table class="table nhs-practice-years"><thead><tr><th scope="col">1 July</th>'
            f'<th scope="col">Strictest rule</th><th scope="col">What the rules said</th></tr></thead><tbody>{"".join(rows)}</tbody>'
            f"</table></div></section>")


def changes_html(matrix: Matrix, nation: str, relative_root: str) -> str:
    """Where the line moved, as a list a reader can scan: year, practice, from and to, and the rule behind it."""
    items = []
    for change in sorted(matrix.changes(nation), key=lambda c: (c["on"], c["practice"])):
        rules = ", ".join(f'<a href="{relative_root}{Entry("instruments", i).url}">{html.escape(matrix.titles[i])}</a>'
                          for i in change["by"])
        items.append(f'<li><a href="#{anchor(change["practice_id"], change["on"].year)}">{change["on"].year}</a>: '
                     f'{html.escape(change["practice"])}, {html.escape(stance_label(change["from"]).lower())} → '
                     f'<strong>{html.escape(stance_label(change["to"]).lower())}</strong> ({rules})</li>')
    return f"<ul>{''.join(items)}</ul>" if items else "<p>No change recorded yet.</p>"
