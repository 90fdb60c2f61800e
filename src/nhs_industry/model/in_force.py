"""Which rules were in force on a date, in a nation: rule_spans.py's spans applied to the loaded tables, for the
pages, the snapshots, the teaching answers and the tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from . import data, dates, schema
from .rule_spans import DEFAULT_NATION, IN_FORCE, UNCERTAIN, UNCHECKED, Context, spans


def loaded_context() -> Context:
    """What rules' ends depend on outside the instruments table, from the loaded (validated) tables."""
    return Context.from_rows(
        data.load("organisations")[["organisation_id", "dissolved_date"]].to_dict("records"),
        data.load("series")[["series_id", "complete_from_date"]].to_dict("records"),
        data.load("status_checks")[["instrument_id", "checked_date", "finding"]].to_dict("records"),
    )


# The columns spans() reads. Only these are turned into rows: the whole frame's date columns made this the
# in-force chapter's main cost with ten times the data.
SPAN_COLUMNS = [
    "instrument_id",
    "kind",
    "in_force_date",
    "published_date",
    "end_date",
    "end_reason",
    "supersedes_ids",
    "series_id",
    "amends_ids",
    "addressee_ids",
    "extent",
]


def _rows(instruments: pd.DataFrame) -> list:
    return instruments[SPAN_COLUMNS].to_dict("records")


def rules(instruments: pd.DataFrame, context: Context | None = None) -> pd.DataFrame:
    """Rule-setting instruments with their span: start and end (first and last day each could mean), labels, reason."""
    found = spans(_rows(instruments), context or loaded_context())
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


def status_on(instruments: pd.DataFrame, on: dt.date, nation: str = DEFAULT_NATION, context: Context | None = None) -> pd.DataFrame:
    """Every rule that applies in a nation, with its status on a date (not yet, starting, in force, ending, ended,
    not checked)."""
    frame = rules(instruments, context)
    frame = frame[frame["span"].map(lambda s: s.applies_in(nation))].copy()
    frame["status"] = frame["span"].map(lambda s: s.status(on))
    return frame


@dataclass(frozen=True)
class Answer:
    """The rules of one nation on one date, in the three groups readers see."""

    in_force: pd.DataFrame  # certainly in force, with evidence
    uncertain: pd.DataFrame  # a start or end known only to a year or month (or a 'no later than') spans the date
    unchecked: pd.DataFrame  # no end known, but no evidence for this date either


def answer(instruments: pd.DataFrame, on: dt.date, nation: str = DEFAULT_NATION, context: Context | None = None) -> Answer:
    """Which rules applied in a nation on a date, each group by kind then start. One pass over the rules."""
    frame = status_on(instruments, on, nation, context)
    order = ["kind", "in_force_from", "instrument_id"]

    def group(statuses) -> pd.DataFrame:
        return frame[frame["status"].isin(statuses)].sort_values(order)

    return Answer(group([IN_FORCE]), group(UNCERTAIN), group([UNCHECKED]))


def instruments_in_force(
    instruments: pd.DataFrame, on: dt.date, nation: str = DEFAULT_NATION, context: Context | None = None
) -> pd.DataFrame:
    """Rules certainly in force in a nation on a date, by kind then start."""
    return answer(instruments, on, nation, context).in_force


def browser_rows(instruments: pd.DataFrame, context: Context | None = None) -> list[dict]:
    """The spans as the browser's in-force view reads them: first and last possible day of each end, ISO."""

    def iso(value):
        return None if pd.isna(value) else value.date().isoformat()

    return [
        {
            "id": row["instrument_id"],
            "kind": row["kind"],
            "nations": sorted(row["span"].nations),
            "start_first": iso(row["in_force_from"]),
            "start_last": iso(row["in_force_from_last"]),
            "start_day": row["in_force_from_precision"] == "day",
            "start_label": row["in_force_from_label"],
            "end_first": iso(row["in_force_until"]),
            "end_last": iso(row["in_force_until_last"]),
            "end_day": bool(row["span"].end and row["span"].end.precision == "day"),
            "lapsed": bool(row["lapsed"]),
            "evidence_until": row["span"].evidence_until.isoformat() if row["span"].evidence_until else None,
            "end_text": row["end_text"],
            "unchecked_text": row["span"].unchecked_text,
        }
        for row in rules(instruments, context).to_dict("records")
    ]


def report_dates() -> list[dt.date]:
    """The dates the status report answers for: today, and the middle of 2015, 2005 and 1995 (the years a lecturer
    checks the answers at)."""
    return [dates.today(), dt.date(2015, 7, 1), dt.date(2005, 7, 1), dt.date(1995, 7, 1)]


def status_report(instruments: pd.DataFrame, when: list[dt.date] | None = None) -> str:
    """How complete the rules-in-force answers are: for each date and nation, how many rules are in force, uncertain
    and not checked, and each rule not checked with the latest search recorded for it (a to-do list to drive down)."""
    checks = data.load("status_checks")
    unsettled = {r["instrument_id"]: r for r in checks.to_dict("records") if r["finding"] == "unsettled"}
    lines = []
    for on in when or report_dates():
        for nation, label in schema.nations().items():
            found = answer(instruments, on, nation)
            lines.append(
                f"{on.isoformat()} {label}: {len(found.in_force)} in force, {len(found.uncertain)} uncertain, "
                f"{len(found.unchecked)} not checked"
            )
            for row in found.unchecked.to_dict("records"):
                search = unsettled.get(row["instrument_id"])
                note = f"searched {search['checked_date']}" if search else "no search recorded"
                lines.append(f"    not checked: {row['instrument_id']} ({row['span'].unchecked_text}; {note})")
    return "\n".join(lines)
