"""What was allowed, when: for each practice and date, what the rules then in force said, and which rule said it.

A ruling (rulings.csv) records what one instrument said about one practice. It applies exactly while its
instrument is certainly in force (in_force, the one place that decides that), in the nations the instrument applies
to: a ruling on a rule that has ended never colours a later cell. Where several apply, the cell shows the strictest
stance (the schema's x-strictness) and lists the others. Rulings whose rule may or may not apply on the date (a
start or end known only to a year or month, or a status not checked) are listed apart, never as the answer.
"""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

import pandas as pd

from . import data, dates, in_force, rule_spans, schema
from .entries import Entry

FIRST_YEAR = 1993  # the matrix starts with the first rules of NHS business conduct in the data


@dataclass(frozen=True)
class Cell:
    """One practice in one nation on one date."""

    practice_id: str
    on: dt.date
    nation: str
    rulings: tuple[dict, ...]  # rulings of rules certainly in force, strictest first
    possible: tuple[dict, ...]  # rulings of rules that may or may not apply on the date
    unrecorded: tuple[str, ...] = ()  # editions in force whose series rules on the practice elsewhere, but not here

    @property
    def complete(self) -> bool:
        """False when an edition in force has no ruling recorded though its series speaks to the practice: the
        answer may be missing that edition's word (its text was not stored)."""
        return not self.unrecorded

    @property
    def stance(self) -> str:
        """The strictest stance in force, or '' when no rule in force speaks to the practice."""
        return self.rulings[0]["stance"] if self.rulings else ""


def strictness() -> dict[str, int]:
    return {c.value: c.strictness for c in schema.categories("rulings", "stance")}


@dataclass(frozen=True)
class Matrix:
    """The rulings with the spans of their rules: everything needed to answer any cell."""

    practices: pd.DataFrame
    rulings: list[dict]
    spans: dict[str, rule_spans.Span]
    titles: dict[str, str]  # instrument_id -> the title readers see
    series: dict[str, str]  # instrument_id -> series_id, for editions

    @classmethod
    def load(cls) -> Matrix:
        instruments = data.load("instruments")
        rules = in_force.rules(instruments)
        practices = data.load("practices").sort_values(["position", "practice_id"])
        titles = dict(zip(instruments["instrument_id"], instruments["title"]))
        series = {i: s for i, s in zip(instruments["instrument_id"], instruments["series_id"]) if s}
        return cls(practices, data.load("rulings").to_dict("records"), dict(zip(rules["instrument_id"], rules["span"])),
                   titles, series)

    def cell(self, practice_id: str, on: dt.date, nation: str = rule_spans.DEFAULT_NATION) -> Cell:
        order = strictness()
        certain, possible = [], []
        for ruling in self.rulings:
            span = self.spans.get(ruling["instrument_id"])
            if ruling["practice_id"] != practice_id or span is None or not span.applies_in(nation):
                continue
            if span.certainly_in_force(on):
                certain.append(ruling)
            elif span.possibly_in_force(on):
                possible.append(ruling)
        certain.sort(key=lambda r: (-order[r["stance"]], r["instrument_id"]))
        return Cell(practice_id, on, nation, tuple(certain), tuple(possible), self._unrecorded(practice_id, on, nation))

    def _unrecorded(self, practice_id: str, on: dt.date, nation: str) -> tuple[str, ...]:
        ruled = {r["instrument_id"] for r in self.rulings if r["practice_id"] == practice_id}
        series = {self.series[i] for i in ruled if i in self.series}
        return tuple(sorted(i for i, s in self.series.items() if s in series and i not in ruled and i in self.spans
                            and self.spans[i].applies_in(nation) and self.spans[i].certainly_in_force(on)))

    def years(self, last: dt.date | None = None) -> list[dt.date]:
        """The dates the matrix shows: 1 July of each year from FIRST_YEAR (mid-year, away from January starts)."""
        last = last or dates.today()
        return [dt.date(year, 7, 1) for year in range(FIRST_YEAR, last.year + (1 if last >= dt.date(last.year, 7, 1) else 0))]

    def changes(self, nation: str = rule_spans.DEFAULT_NATION) -> list[dict]:
        """Where the line moved: each year a practice's strictest stance differs from the last complete answer
        before it (a year with an edition's word missing is skipped, not read as a change)."""
        out = []
        for practice in self.practices.to_dict("records"):
            before = None
            for on in self.years():
                cell = self.cell(practice["practice_id"], on, nation)
                if not cell.complete:
                    continue
                if before is not None and cell.stance != before.stance:
                    out.append({"practice": practice["label"], "practice_id": practice["practice_id"], "on": on,
                                "from": before.stance, "to": cell.stance,
                                "by": [r["instrument_id"] for r in cell.rulings] or [r["instrument_id"] for r in before.rulings]})
                before = cell
        return out


# ---------------------------------------------------------------- rendering


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
