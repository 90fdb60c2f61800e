"""What was allowed, when: for each practice and date, what the rules then in force said, and which rule said it.

A ruling (rulings.csv) records what one instrument said about one practice. It applies exactly while its
instrument is certainly in force (in_force, the one place that decides that), in the nations the instrument applies
to: a ruling on a rule that has ended never colours a later cell. Where several apply, the cell's stance is the
strictest (the schema's x-strictness). A cell is complete only when every rule that speaks to the practice on the
date has its word recorded and either certainly applies or could not change the answer: a rule in force whose
words are not stored (a 'not-recorded' ruling, or an edition of a series that speaks to the practice elsewhere), or
a rule that may or may not apply on the date (a start or end known only to a year or month, a status not checked)
and says something stricter than the rules certainly in force, leaves the cell incomplete, and an incomplete cell
shows no stance colour: missing data is never shown as a change in the rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from . import data, dates, in_force, rule_spans, schema

FIRST_YEAR = 1993  # the matrix starts with the first rules of NHS business conduct in the data
NOT_RECORDED = "not-recorded"  # a ruling's quote_basis when the rule speaks to the practice in words not stored
INCOMPLETE = "incomplete"  # a cell's shade when a rule that speaks to the practice is unrecorded or uncertain


@dataclass(frozen=True)
class Cell:
    """One practice in one nation on one date."""

    practice_id: str
    on: dt.date
    nation: str
    rulings: tuple[dict, ...]  # rulings of rules certainly in force, strictest first
    possible: tuple[dict, ...]  # rulings of rules that may or may not apply on the date
    unrecorded: tuple[str, ...] = ()  # rules in force that speak to the practice in words not recorded (see _unrecorded)

    @property
    def complete(self) -> bool:
        """False when a rule in force speaks to the practice but what it said is not recorded: the answer may be
        missing that rule's word."""
        return not self.unrecorded

    @property
    def answer(self) -> tuple:
        """What the cell says, without its date: two cells with the same answer say the same thing."""
        return (tuple(r["ruling_id"] for r in self.rulings), tuple(r["ruling_id"] for r in self.possible), self.unrecorded)

    @property
    def stance(self) -> str:
        """The strictest recorded stance of the rules certainly in force, or '' when none has a recorded word."""
        return self.rulings[0]["stance"] if self.rulings else ""

    @property
    def whole(self) -> bool:
        """The answer is settled: every rule in force that speaks to the practice has its word recorded, and no rule
        that only may have applied on the date (a start or end known to a year or month, a status not checked) says
        something stricter than the rules certainly in force, so whether it applied cannot change the answer."""
        if not self.complete or (self.possible and not self.rulings):
            return False
        order = strictness()
        return all(order[r["stance"]] <= order[self.stance] for r in self.possible)

    @property
    def shade(self) -> str:
        """What the cell is coloured by: its stance when the answer is whole; INCOMPLETE when a rule that speaks to
        the practice is unrecorded or uncertain on the date; '' when no rule in the data speaks to it."""
        if not self.whole:
            return INCOMPLETE
        return self.stance

    @property
    def speaking(self) -> dict[str, str]:
        """Every rule that speaks to the practice on the date: instrument_id -> 'recorded', 'uncertain' or
        'not recorded'."""
        found = {r["instrument_id"]: "recorded" for r in self.rulings}
        found.update({r["instrument_id"]: "uncertain" for r in self.possible})
        found.update({i: "not recorded" for i in self.unrecorded})
        return found


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
    kinds: dict[str, str] = field(default_factory=dict)  # instrument_id -> kind (an industry code, regulations …)

    @classmethod
    def load(cls) -> Matrix:
        instruments = data.load("instruments")
        rules = in_force.rules(instruments)
        practices = data.load("practices").sort_values(["position", "practice_id"])
        titles = dict(zip(instruments["instrument_id"], instruments["title"]))
        series = {i: s for i, s in zip(instruments["instrument_id"], instruments["series_id"]) if s}
        return cls(
            practices,
            data.load("rulings").to_dict("records"),
            dict(zip(rules["instrument_id"], rules["span"])),
            titles,
            series,
            dict(zip(instruments["instrument_id"], instruments["kind"])),
        )

    def cell(self, practice_id: str, on: dt.date, nation: str = rule_spans.DEFAULT_NATION) -> Cell:
        order = strictness()
        certain, possible, unknown = [], [], []
        for ruling in self.rulings:
            span = self.spans.get(ruling["instrument_id"])
            if ruling["practice_id"] != practice_id or span is None or not span.applies_in(nation):
                continue
            if ruling["quote_basis"] == NOT_RECORDED:
                if span.certainly_in_force(on):
                    unknown.append(ruling["instrument_id"])
            elif span.certainly_in_force(on):
                certain.append(ruling)
            elif span.possibly_in_force(on):
                possible.append(ruling)
        certain.sort(key=lambda r: (-order[r["stance"]], r["instrument_id"]))
        unrecorded = tuple(sorted(set(unknown) | set(self._editions_unrecorded(practice_id, on, nation))))
        return Cell(practice_id, on, nation, tuple(certain), tuple(possible), unrecorded)

    def _editions_unrecorded(self, practice_id: str, on: dt.date, nation: str) -> list[str]:
        """Editions in force with no ruling on the practice that come after an edition of their series that speaks to
        it: a later edition is taken to speak to what an earlier one did (its words may simply not be stored); an
        edition before the first that speaks to it is not (the Code spoke of collaborative working only from 2021)."""
        ruled = {r["instrument_id"] for r in self.rulings if r["practice_id"] == practice_id}
        first: dict[str, dt.date] = {}
        for i in ruled:
            if i in self.series and i in self.spans:
                first[self.series[i]] = min(first.get(self.series[i], dt.date.max), self.spans[i].start.start)
        return [
            i
            for i, s in self.series.items()
            if s in first
            and i not in ruled
            and i in self.spans
            and self.spans[i].start.start > first[s]
            and self.spans[i].applies_in(nation)
            and self.spans[i].certainly_in_force(on)
        ]

    def years(self, last: dt.date | None = None) -> list[dt.date]:
        """The dates the matrix shows: 1 July of each year from FIRST_YEAR (mid-year, away from January starts)."""
        last = last or dates.today()
        return [dt.date(year, 7, 1) for year in range(FIRST_YEAR, last.year + (1 if last >= dt.date(last.year, 7, 1) else 0))]

    def periods(self, practice_id: str, nation: str = rule_spans.DEFAULT_NATION) -> list[tuple[list[int], Cell]]:
        """The matrix's years for a practice, run together where the answer stays the same: (years, the cell of the
        first of them). A practice page shows one answer per period, with every year of it addressable."""
        out: list[tuple[list[int], Cell]] = []
        for on in self.years():
            cell = self.cell(practice_id, on, nation)
            if out and out[-1][1].answer == cell.answer:
                out[-1][0].append(on.year)
            else:
                out.append(([on.year], cell))
        return out

    def nations_of_their_own(self, practice_id: str) -> list[str]:
        """The nations (besides the default) whose answers for a practice differ from the default nation's in some
        year: only these get answers of their own on the practice page; the others share the default's."""
        default = [(tuple(years), cell.answer) for years, cell in self.periods(practice_id)]
        return [
            n
            for n in schema.nations()
            if n != rule_spans.DEFAULT_NATION and [(tuple(years), cell.answer) for years, cell in self.periods(practice_id, n)] != default
        ]

    def changes(self, nation: str = rule_spans.DEFAULT_NATION) -> list[dict]:
        """Where the line moved: each year a practice's cell is shaded differently from the year before (a stance,
        incomplete, or no rule recorded), with what changed in the rules behind it: rules that began or ended,
        rules whose word or status changed. Incomplete years are listed, never skipped."""
        out = []
        for practice in self.practices.to_dict("records"):
            before = None
            for on in self.years():
                cell = self.cell(practice["practice_id"], on, nation)
                if before is not None and cell.shade != before.shade:
                    was, now = before.speaking, cell.speaking
                    out.append(
                        {
                            "practice": practice["label"],
                            "practice_id": practice["practice_id"],
                            "on": on,
                            "from": before.shade,
                            "to": cell.shade,
                            "began": sorted(set(now) - set(was)),
                            "ended": sorted(set(was) - set(now)),
                            "changed": sorted(i for i in set(now) & set(was) if now[i] != was[i]),
                            "speaking": now,
                        }
                    )
                before = cell
        return out
