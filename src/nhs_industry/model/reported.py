"""What a partnership's status reads as on a date: 'active' only while a recent source says so."""

from __future__ import annotations

import datetime as dt

from . import data, dates, schema


def newest_source_date(source_ids: list[str], source_dates: dict[str, str]) -> dates.PartialDate | None:
    """The latest publication date among a row's sources (undated sources count for nothing)."""
    found = [dates.parse(source_dates[s]) for s in source_ids if source_dates.get(s)]
    return max(found, key=lambda d: d.end) if found else None


def partnership_status(status: str, newest: dates.PartialDate | None, on: dt.date) -> str:
    """The status as readers see it on a date: an 'active' partnership whose newest source is older than the
    schema's x-evidence-years is 'last reported active in <year>', never 'active'."""
    label = schema.label("partnerships", "status", status)
    if status != "active":
        return label
    years = schema.evidence_years("partnerships", "status")
    if newest is None:
        return "Reported active; no dated source"
    if on <= dates.years_after(newest.end, years):
        return label
    return f"Last reported active in {newest.end.year}"


def source_dates() -> dict[str, str]:
    """Each source's publication date as written (YYYY, YYYY-MM or YYYY-MM-DD; empty when not known)."""
    sources = data.load("sources")
    return dict(zip(sources["source_id"], sources["published_date"]))


def status_today(row, dated: dict[str, str]) -> str:
    """A partnership row's status as readers see it today."""
    return partnership_status(row["status"], newest_source_date(row["source_ids"], dated), dates.today())


def statuses(partnerships) -> dict[str, str]:
    """partnership_id -> the status readers see today, for a frame of partnerships."""
    dated = source_dates()
    return {
        row["partnership_id"]: status_today(row, dated)
        for row in partnerships[["partnership_id", "status", "source_ids"]].to_dict("records")
    }
