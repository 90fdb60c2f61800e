"""When each rule was in force: the one place that decides it, for the pages, the snapshots, the teaching answers and the tests.

A rule starts on its in-force date (or, without one, its publication date) and ends on the first of:
its own end_date; the start of an instrument that supersedes it; the start of the next edition of its
series. Dates known only to a year or a month are spans, not days: while a start or an end could still
fall either side of a date, the rule's status on that date is uncertain, never "in force".
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from . import dates

# Kinds that set rules someone had to follow. Reports, strategies, consultations and rulings are
# events on the timeline, but nothing is "in force" about them.
RULE_KINDS = ("act", "statutory-instrument", "circular", "guidance", "industry-code", "agreement")

# Status of a rule on a date, in the words readers see.
NOT_YET, STARTING, IN_FORCE, ENDING, ENDED = "not yet", "starting", "in force", "ending", "ended"
UNCERTAIN = (STARTING, ENDING)


@dataclass(frozen=True)
class Span:
    """When one rule applied, with how precisely each end is known and why it ended."""

    instrument_id: str
    start: dates.PartialDate
    end: dates.PartialDate | None  # first day no longer in force; None: still in force
    end_reason: str  # a category of instruments.end_reason, or "" while in force
    ended_by: str  # the instrument whose start ended it ("" if none)
    lapsed: bool  # the end is only a "no later than" date

    def status(self, on: dt.date) -> str:
        if on < self.start.start:
            return NOT_YET
        if on <= self.start.end and self.start.precision != "day":
            return STARTING
        if self.end is None:
            return IN_FORCE
        if self.lapsed:
            # Certainly over by the start of its "by" date; before that, it may already have lapsed.
            return ENDED if on >= self.end.start else ENDING
        if on < self.end.start:
            return IN_FORCE
        if on <= self.end.end and self.end.precision != "day":
            return ENDING
        return ENDED

    def certainly_in_force(self, on: dt.date) -> bool:
        return self.status(on) == IN_FORCE

    def possibly_in_force(self, on: dt.date) -> bool:
        return self.status(on) in (IN_FORCE, STARTING, ENDING)

    @property
    def end_text(self) -> str:
        """How the end reads to a reader: 'until 1 Jan 2015', 'no longer in force by 2014; exact end not known'."""
        if self.end is None:
            return "still in force"
        if self.lapsed:
            return f"no longer in force by {self.end.label}; exact end not known"
        return f"until {self.end.label}" if self.end.precision == "day" else f"until some time in {self.end.label}"


def _parse(text: str) -> dates.PartialDate | None:
    try:
        return dates.parse(text) if text else None
    except ValueError:
        return None


def start_of(row) -> dates.PartialDate | None:
    """When a rule took effect: its in-force date, or its publication date when it has none."""
    return _parse(row["in_force_date"]) or _parse(row["published_date"])


def _ids(value) -> list[str]:
    """A list cell, whether loaded (a list) or raw (';'-separated text)."""
    if isinstance(value, list):
        return value
    return [item for item in str(value or "").split(";") if item]


def implied_ends(rows: list) -> dict[str, tuple[dates.PartialDate, str, str]]:
    """For each instrument something else ends: (the earliest such start, reason, the instrument that ended it)."""
    starts = {row["instrument_id"]: start_of(row) for row in rows}
    ends: dict[str, tuple[dates.PartialDate, str, str]] = {}

    def offer(target: str, by: str, reason: str) -> None:
        start = starts.get(by)
        if start is None or target not in starts:
            return
        if target not in ends or start.start < ends[target][0].start:
            ends[target] = (start, reason, by)

    for row in rows:
        for older in _ids(row["supersedes_ids"]):
            offer(older, row["instrument_id"], "replaced")
    for editions in series_editions(rows).values():
        for earlier, later in zip(editions, editions[1:]):
            offer(earlier["instrument_id"], later["instrument_id"], "replaced")
    return ends


def series_editions(rows: list) -> dict[str, list]:
    """Each series' editions in the order they took effect."""
    series: dict[str, list] = {}
    for row in rows:
        if row["series_id"] and start_of(row):
            series.setdefault(row["series_id"], []).append(row)
    for editions in series.values():
        editions.sort(key=lambda r: (start_of(r).start, start_of(r).end, r["instrument_id"]))
    return series


def spans(rows: list) -> dict[str, Span]:
    """The span of every rule-setting instrument, by id. Works on loaded frames' rows and on raw CSV rows alike."""
    implied = implied_ends(rows)
    result = {}
    for row in rows:
        if row["kind"] not in RULE_KINDS or not start_of(row):
            continue
        own_end, reason = _parse(row["end_date"]), row["end_reason"]
        end, ended_by = own_end, ""
        if row["instrument_id"] in implied:
            other, other_reason, by = implied[row["instrument_id"]]
            if own_end is None or other.start < own_end.start:
                end, reason, ended_by = other, other_reason, by
        result[row["instrument_id"]] = Span(row["instrument_id"], start_of(row), end, reason if end else "",
                                            ended_by, lapsed=(end is own_end and reason == "lapsed"))
    return result


# The columns spans() reads. Only these are turned into rows: the whole frame's date columns made this the
# in-force chapter's main cost with ten times the data.
SPAN_COLUMNS = ["instrument_id", "kind", "in_force_date", "published_date", "end_date", "end_reason", "supersedes_ids", "series_id"]


def _rows(instruments: pd.DataFrame) -> list:
    return instruments[SPAN_COLUMNS].to_dict("records")


def rules(instruments: pd.DataFrame) -> pd.DataFrame:
    """Rule-setting instruments with their span: start and end (first and last day each could mean), labels, reason."""
    found = spans(_rows(instruments))
    frame = instruments[instruments["instrument_id"].isin(found)].copy()
    span = frame["instrument_id"].map(found)
    frame["span"] = span
    frame["in_force_from"] = span.map(lambda s: pd.Timestamp(s.start.start))
    frame["in_force_from_last"] = span.map(lambda s: pd.Timestamp(s.start.end))
    frame["in_force_from_label"] = span.map(lambda s: s.start.label)
    frame["in_force_from_precision"] = span.map(lambda s: s.start.precision)
    frame["in_force_until"] = span.map(lambda s: pd.Timestamp(s.end.start) if s.end else pd.NaT)
    frame["in_force_until_last"] = span.map(lambda s: pd.Timestamp(s.end.end) if s.end else pd.NaT)
    frame["in_force_until_label"] = span.map(lambda s: s.end.label if s.end else "")
    frame["end_text"] = span.map(lambda s: s.end_text)
    frame["end_reason_shown"] = span.map(lambda s: s.end_reason)
    frame["ended_by"] = span.map(lambda s: s.ended_by)
    frame["lapsed"] = span.map(lambda s: s.lapsed)
    return frame


def status_on(instruments: pd.DataFrame, on: dt.date) -> pd.DataFrame:
    """Every rule with its status on a date (not yet, starting, in force, ending, ended)."""
    frame = rules(instruments)
    frame["status"] = frame["span"].map(lambda s: s.status(on))
    return frame


def in_force_and_uncertain(instruments: pd.DataFrame, on: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rules certainly in force on a date, and those that may or may not have applied then (starting or ending
    some time in a span that contains it); each by kind then start. One pass over the rules for both."""
    frame = status_on(instruments, on)
    order = ["kind", "in_force_from", "instrument_id"]
    return frame[frame["status"] == IN_FORCE].sort_values(order), frame[frame["status"].isin(UNCERTAIN)].sort_values(order)


def instruments_in_force(instruments: pd.DataFrame, on: dt.date) -> pd.DataFrame:
    """Rules certainly in force on a date, by kind then start."""
    return in_force_and_uncertain(instruments, on)[0]


def browser_rows(instruments: pd.DataFrame) -> list[dict]:
    """The spans as the browser's in-force view reads them: first and last possible day of each end, ISO."""
    def iso(value):
        return None if pd.isna(value) else value.date().isoformat()

    return [{
        "id": row["instrument_id"], "kind": row["kind"],
        "start_first": iso(row["in_force_from"]), "start_last": iso(row["in_force_from_last"]),
        "start_day": row["in_force_from_precision"] == "day", "start_label": row["in_force_from_label"],
        "end_first": iso(row["in_force_until"]), "end_last": iso(row["in_force_until_last"]),
        "end_day": bool(row["span"].end and row["span"].end.precision == "day"), "lapsed": bool(row["lapsed"]),
        "end_text": row["end_text"],
    } for row in rules(instruments).to_dict("records")]
