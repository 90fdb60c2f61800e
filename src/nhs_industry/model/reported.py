"""What a partnership's status reads as on a date: 'active' only while a recent source says so; a planned term that has
run out, or the abolition of every one of its NHS partners, is said in so many words."""

from __future__ import annotations

import datetime as dt

from . import data, dates, schema


def newest_source_date(source_ids: list[str], source_dates: dict[str, str]) -> dates.PartialDate | None:
    """The latest publication date among a row's sources (undated sources count for nothing)."""
    found = [dates.parse(source_dates[s]) for s in source_ids if source_dates.get(s)]
    return max(found, key=lambda d: d.end) if found else None


def partners_gone(nhs_partner_ids: list[str], dissolved: dict[str, dates.PartialDate]) -> dates.PartialDate | None:
    """The day the last of a partnership's NHS partners was abolished, once every one of them has been; else None."""
    if not nhs_partner_ids or not all(p in dissolved for p in nhs_partner_ids):
        return None
    return max((dissolved[p] for p in nhs_partner_ids), key=lambda d: d.start)


def partnership_status(
    status: str,
    newest: dates.PartialDate | None,
    on: dt.date,
    end: dates.PartialDate | None = None,
    gone: dates.PartialDate | None = None,
) -> str:
    """The status as readers see it on a date: once every NHS partner has been abolished (gone), it has ended by then
    at the latest; an agreed partnership whose recorded (planned) end has passed says its term ended; an 'active'
    partnership whose newest source is older than the schema's x-evidence-years is 'last reported active in <year>',
    never 'active'."""
    label = schema.label("partnerships", "status", status)
    if status in ("completed", "abandoned"):
        return label
    term_over = end is not None and on > end.end
    if gone and on >= gone.start and not (term_over and end.end < gone.start):
        if status == "proposed":
            return f"{label}; its NHS partners were abolished by {gone.label}"
        return f"Ended by {gone.label} at the latest: its NHS partners were abolished"
    if term_over:
        return f"{label}; its planned term ended {'on' if end.precision == 'day' else 'in'} {end.label}"
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


def dissolved_dates() -> dict[str, dates.PartialDate]:
    """organisation_id -> the first day it no longer existed, for the organisations that were abolished."""
    organisations = data.load("organisations")
    return {o: dates.parse(d) for o, d in zip(organisations["organisation_id"], organisations["dissolved_date"]) if d}


def status_today(row, dated: dict[str, str], dissolved: dict[str, dates.PartialDate]) -> str:
    """A partnership row's status as readers see it today."""
    end = dates.parse(row["end_date"]) if row["end_date"] else None
    gone = partners_gone(row["nhs_partner_ids"], dissolved)
    return partnership_status(row["status"], newest_source_date(row["source_ids"], dated), dates.today(), end, gone)


def statuses(partnerships) -> dict[str, str]:
    """partnership_id -> the status readers see today, for a frame of partnerships."""
    dated, dissolved = source_dates(), dissolved_dates()
    columns = ["partnership_id", "status", "source_ids", "end_date", "nhs_partner_ids"]
    return {row["partnership_id"]: status_today(row, dated, dissolved) for row in partnerships[columns].to_dict("records")}


def earliest_source_date(source_ids: list[str], source_dates: dict[str, str]) -> str:
    """The earliest publication date among a row's sources, as written ('' when none is dated): an undated
    partnership names its partners as they were named then, not by today's names."""
    found = [source_dates[s] for s in source_ids if source_dates.get(s)]
    return min(found, key=lambda d: dates.parse(d).start) if found else ""
