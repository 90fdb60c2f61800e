"""When each rule was in force, and where: the one place that decides it, from rows (the validator checks the data
with it before any table is loaded; in_force.py applies it to the loaded tables).

A rule starts on its in-force date (its commencement; without one, its publication date), never before it was made,
and ends on the first of:
- its own end_date (withdrawn, expired, revoked by something not in the data; 'lapsed': only a "no later than");
- the start of an instrument that supersedes it, or of the next edition of its series;
- the end of the instrument it amends (it ends with the last of them);
- the day the last of the bodies it was addressed to was abolished.
Where a series has editions missing (before its complete_from_date), the next recorded edition is only a "no later
than" end: the gap is shown as a gap, never as the older edition running on.

What keeps a rule with no certain end in force is declared per kind (x-in-force-until): legislation stays in force
until an end is recorded; guidance, circulars, codes and agreements only while there is evidence that they still
applied: their own start, or the latest status check that found them current (status_checks.csv), counts for the
schema's x-evidence-years after it; later dates are "status not checked since ...". Dates known only to a year or a
month are spans: while a start or an end could still fall either side of a date, the rule's status on that date is
uncertain, never "in force".

Every rule applies to the nations of its extent; the lists answer for one nation at a time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from . import dates, schema

# The nation a list answers for when the reader has not chosen one: most of the rules here are England's.
DEFAULT_NATION = "england"

# Status of a rule on a date, in the words readers see.
NOT_YET, STARTING, IN_FORCE, ENDING, ENDED, UNCHECKED = "not yet", "starting", "in force", "ending", "ended", "not checked"
UNCERTAIN = (STARTING, ENDING)


@dataclass(frozen=True)
class Span:
    """When and where one rule applied, how precisely each end is known, why it ended, and how long we know it held."""

    instrument_id: str
    start: dates.PartialDate
    end: dates.PartialDate | None  # first day no longer in force; None: no end known
    end_reason: str  # a category of instruments.end_reason, or "" while no end is known
    ended_by: str  # the instrument whose start or end ended it ("" if none)
    lapsed: bool  # the end is only a "no later than" date
    nations: frozenset[str]  # where it applied
    evidence_until: dt.date | None  # last day the evidence shows it still held; None: in force until an end is recorded
    evidence_from: dates.PartialDate | None = None  # the latest status check that found it current
    ended_by_organisations: tuple[str, ...] = ()  # the abolished addressees, when that ended it

    def status(self, on: dt.date) -> str:
        if on < self.start.start:
            return NOT_YET
        if on <= self.start.end and self.start.precision != "day":
            return STARTING
        if self.end is not None and not self.lapsed:
            if on < self.end.start:
                return IN_FORCE
            if on <= self.end.end and self.end.precision != "day":
                return ENDING
            return ENDED
        if self.end is not None and on >= self.end.start:
            return ENDED  # certainly over by the start of its "no later than" date
        if self.evidence_until is None or on <= self.evidence_until:
            return IN_FORCE
        # No evidence for this date: before a "no later than" end it may already have ended; with no end at all,
        # nobody has checked.
        return ENDING if self.end is not None else UNCHECKED

    def applies_in(self, nation: str) -> bool:
        return nation in self.nations

    def certainly_in_force(self, on: dt.date) -> bool:
        return self.status(on) == IN_FORCE

    def possibly_in_force(self, on: dt.date) -> bool:
        return self.status(on) in (IN_FORCE, STARTING, ENDING, UNCHECKED)

    @property
    def end_text(self) -> str:
        """How the end reads to a reader: 'until 1 Jan 2015', 'no longer in force by 2014; exact end not known'."""
        if self.end is None:
            return f"no end recorded; status last checked {self.evidence_from.label}" if self.evidence_from else "no end recorded"
        if self.lapsed:
            return f"no longer in force by {self.end.label}; exact end not known"
        return f"until {self.end.label}" if self.end.precision == "day" else f"until some time in {self.end.label}"

    @property
    def unchecked_text(self) -> str:
        """Why a rule with no known end is not listed as in force after its evidence runs out."""
        if self.evidence_from:
            return f"status not checked since {self.evidence_from.label}"
        return f"status not checked since it took effect ({self.start.label})"


def start_of(row) -> dates.PartialDate | None:
    """When a rule took effect: its in-force date (its commencement), or its publication date when it has none. A
    commencement known only to a year or month never begins before the day it was made ('2008' with publication on
    13 Aug 2008 starts no earlier than 13 Aug 2008)."""
    published = dates.parsed_or_none(row["published_date"])
    commenced = dates.parsed_or_none(row["in_force_date"])
    if not commenced:
        return published
    if published and published.start > commenced.start and published.start <= commenced.end:
        return dataclasses.replace(commenced, start=published.start)
    return commenced


def is_rule(kind: str) -> bool:
    """Whether an instrument of this kind sets a rule that is in force for a time (the schema's x-rule)."""
    return kind in schema.rule_kinds()


def _ids(value) -> list[str]:
    """A list cell, whether loaded (a list) or raw (';'-separated text)."""
    if isinstance(value, list):
        return value
    return [item for item in str(value or "").split(";") if item]


@dataclass(frozen=True)
class Context:
    """What a rule's end can depend on outside its own table: when bodies were abolished, which series are complete."""

    dissolved: dict[str, dates.PartialDate]  # organisation_id -> first day it no longer existed
    complete_from: dict[str, dates.PartialDate]  # series_id -> date from which every edition is recorded
    checked: dict[str, dates.PartialDate] = dataclasses.field(default_factory=dict)  # instrument_id -> latest check found current

    @classmethod
    def from_rows(cls, organisations: list, series: list, status_checks: list = ()) -> Context:
        return cls(
            {r["organisation_id"]: d for r in organisations if (d := dates.parsed_or_none(r["dissolved_date"]))},
            {r["series_id"]: d for r in series if (d := dates.parsed_or_none(r["complete_from_date"]))},
            latest_checks(status_checks),
        )


def latest_checks(status_checks) -> dict[str, dates.PartialDate]:
    """For each rule, the latest date a status check found it current."""
    latest: dict[str, dates.PartialDate] = {}
    for row in status_checks:
        checked = dates.parsed_or_none(row["checked_date"])
        if row["finding"] != "current" or not checked:
            continue
        if row["instrument_id"] not in latest or checked.end > latest[row["instrument_id"]].end:
            latest[row["instrument_id"]] = checked
    return latest


NO_CONTEXT = Context({}, {})


def series_editions(rows: list) -> dict[str, list]:
    """Each series' editions in the order they took effect."""
    series: dict[str, list] = {}
    for row in rows:
        if row["series_id"] and start_of(row):
            series.setdefault(row["series_id"], []).append(row)
    for editions in series.values():
        editions.sort(key=lambda r: (start_of(r).start, start_of(r).end, r["instrument_id"]))
    return series


@dataclass(frozen=True)
class End:
    """One way a rule can end: the date, why, what ended it, and whether the date is only a 'no later than'."""

    date: dates.PartialDate
    reason: str
    by: str = ""
    no_later_than: bool = False
    organisations: tuple[str, ...] = ()


def implied_ends(rows: list, context: Context = NO_CONTEXT) -> dict[str, End]:
    """For each instrument something else in the data ends: the earliest such end (amendments not included: they
    end with what they amend, which needs the spans; see spans())."""
    starts = {row["instrument_id"]: start_of(row) for row in rows}
    ends: dict[str, End] = {}

    def offer(target: str, end: End) -> None:
        if target not in starts:
            return
        if target not in ends or end.date.start < ends[target].date.start:
            ends[target] = end

    series_of = {row["instrument_id"]: row["series_id"] for row in rows}
    for row in rows:
        start = starts[row["instrument_id"]]
        for older in _ids(row["supersedes_ids"]) if start else []:
            # Editions of one series end each other below, where a gap in the series is known about.
            if not (row["series_id"] and series_of.get(older) == row["series_id"]):
                offer(older, End(start, "replaced", row["instrument_id"]))
    for series_id, editions in series_editions(rows).items():
        complete = context.complete_from.get(series_id)
        for earlier, later in zip(editions, editions[1:]):
            gap_possible = complete is not None and start_of(earlier).start < complete.start
            offer(earlier["instrument_id"], End(start_of(later), "replaced", later["instrument_id"], no_later_than=gap_possible))
    for row in rows:
        addressees = _ids(row.get("addressee_ids"))
        if addressees and all(a in context.dissolved for a in addressees):
            last = max((context.dissolved[a] for a in addressees), key=lambda d: d.start)
            offer(row["instrument_id"], End(last, "addressees-abolished", organisations=tuple(addressees)))
    return ends


def _own_end(row) -> End | None:
    own = dates.parsed_or_none(row["end_date"])
    return End(own, row["end_reason"], no_later_than=row["end_reason"] == "lapsed") if own else None


def _earliest(*ends: End | None) -> End | None:
    found = [e for e in ends if e is not None]
    return min(found, key=lambda e: (e.date.start, e.no_later_than)) if found else None


def _nations(row) -> frozenset[str]:
    return frozenset(n for extent in _ids(row.get("extent")) for n in schema.nations_covered(extent))


def _ends(rows: list, context: Context) -> dict[str, tuple[End | None, End | None]]:
    """For each instrument: (the end that applies, the end the rest of the data derives without its own end_date)."""
    implied = implied_ends(rows, context)
    by_id = {row["instrument_id"]: row for row in rows}
    found: dict[str, tuple[End | None, End | None]] = {}

    def end_of(instrument_id: str, seen: frozenset = frozenset()) -> End | None:
        """Its own end, what the data implies, and the end of what it amends (once the last of those has ended)."""
        if instrument_id in found:
            return found[instrument_id][0]
        row = by_id[instrument_id]
        parents = [p for p in _ids(row.get("amends_ids")) if p in by_id and p not in seen]
        parent_end = None
        if parents:
            parent_ends = [end_of(p, seen | {instrument_id}) for p in parents]
            if all(parent_ends):
                last = max(parent_ends, key=lambda e: e.date.start)
                parent_end = End(last.date, "parent-ended", parents[parent_ends.index(last)], last.no_later_than)
        derived = _earliest(implied.get(instrument_id), parent_end)
        found[instrument_id] = (_earliest(_own_end(row), derived), derived)
        return found[instrument_id][0]

    for instrument_id in by_id:
        end_of(instrument_id)
    return found


def derived_ends(rows: list, context: Context = NO_CONTEXT) -> dict[str, End]:
    """The end the data derives for each instrument that has one, leaving its own end_date aside."""
    return {i: derived for i, (_, derived) in _ends(rows, context).items() if derived}


def spans(rows: list, context: Context = NO_CONTEXT) -> dict[str, Span]:
    """The span of every rule-setting instrument, by id. Works on loaded frames' rows and on raw CSV rows alike."""
    ends = _ends(rows, context)
    years = schema.evidence_years("status_checks", "checked_date")
    until_ended = schema.in_force_until_ended()
    result = {}
    for row in rows:
        start = start_of(row)
        if not is_rule(row["kind"]) or not start:
            continue
        end = ends[row["instrument_id"]][0]
        checked = context.checked.get(row["instrument_id"]) if end is None else None
        evidence = checked or start
        result[row["instrument_id"]] = Span(
            row["instrument_id"],
            start,
            end.date if end else None,
            end.reason if end else "",
            end.by if end else "",
            lapsed=bool(end and end.no_later_than),
            nations=_nations(row),
            evidence_until=None if row["kind"] in until_ended else dates.years_after(evidence.end, years),
            evidence_from=checked,
            ended_by_organisations=end.organisations if end else (),
        )
    return result
