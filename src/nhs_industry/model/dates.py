"""Dates known to a year, a month or a day: parsing, the span they cover, and how to print them."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from dataclasses import dataclass

PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
EXPECTED = "a date (YYYY, YYYY-MM or YYYY-MM-DD)"
TODAY_VARIABLE = "NHS_INDUSTRY_TODAY"


@dataclass(frozen=True)
class PartialDate:
    """A date with its precision: 'year', 'month' or 'day'."""

    text: str
    precision: str
    start: dt.date  # first day the date could mean
    end: dt.date  # last day the date could mean

    @property
    def label(self) -> str:
        """Human form that shows the precision: '1994', 'Nov 2000', '18 Nov 2024'."""
        if self.precision == "year":
            return self.text
        if self.precision == "month":
            return self.start.strftime("%b %Y")
        return f"{self.start.day} {self.start.strftime('%b %Y')}"


def parse(text: str) -> PartialDate:
    """Parse '2000', '2000-11' or '2000-11-13'; raise ValueError for anything else."""
    match = PATTERN.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not {EXPECTED}")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if month is None:
            return PartialDate(text, "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return PartialDate(text, "month", dt.date(year, month, 1), dt.date(year, month, last))
        day_date = dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not {EXPECTED}") from None
    return PartialDate(text, "day", day_date, day_date)


def parsed_or_none(text: str) -> PartialDate | None:
    """A cell's date, or None when it is empty or malformed (the validator reports malformed dates; checks that run
    beside it skip them rather than report them twice)."""
    try:
        return parse(text) if text else None
    except ValueError:
        return None


def years_after(day: dt.date, years: int) -> dt.date:
    """The same day some years later (28 February for 29 February in a year that has none)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def today() -> dt.date:
    """Today, or the date in $NHS_INDUSTRY_TODAY so that checks against today are reproducible."""
    override = os.environ.get(TODAY_VARIABLE)
    return dt.date.fromisoformat(override) if override else dt.date.today()
