"""Names of their day: what an organisation was called on a date, so that no page names a body before its time.

An organisation's row holds its current (or last) name; organisation_names.csv holds the names it used before, each
until the first day of the next. A renaming known only to a year or a month is taken to fall at the end of that
span, and a thing dated only to a year or a month is named with the name in use at the start of its span: a name
that could not yet have been in use is never shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import data, dates


@dataclass(frozen=True)
class Name:
    name: str
    short_name: str
    used_from: dt.date | None  # first day certainly in use (None: from the organisation's start)
    used_until: dt.date | None  # first day no longer in use (None: still in use, or the last name)
    from_label: str = ""  # the dates as the data knows them: '1988', 'Apr 2005', '8 Jan 2018'
    until_label: str = ""

    def in_use(self, on: dt.date) -> bool:
        return (self.used_from is None or self.used_from <= on) and (self.used_until is None or on < self.used_until)


def _last_possible(text: str) -> dt.date | None:
    """The day a change had certainly happened by: the day itself, or the day after a year's or a month's span."""
    if not text:
        return None
    parsed = dates.parse(text)
    return parsed.start if parsed.precision == "day" else parsed.end + dt.timedelta(days=1)


def _label(text: str) -> str:
    return dates.parse(text).label if text else ""


def as_day(on) -> dt.date | None:
    """The day a name is looked up for: a date, the start of a partial date, or None (undated: the current name)."""
    if on is None or on == "":
        return None
    if isinstance(on, dates.PartialDate):
        return on.start
    if isinstance(on, str):
        return dates.parse(on).start
    if hasattr(on, "date") and callable(on.date):  # a pandas Timestamp
        return None if on != on else on.date()  # NaT is not equal to itself
    return on


class Names:
    """Every organisation's names over time, from rows of organisations and organisation_names (dicts or CSV rows)."""

    def __init__(self, organisations: list, earlier_names: list):
        self._names: dict[str, list[Name]] = {}
        for row in earlier_names:
            used_from = row["used_from_date"]
            self._names.setdefault(row["organisation_id"], []).append(
                Name(
                    row["name"],
                    row["short_name"],
                    dates.parse(used_from).start if used_from else None,
                    _last_possible(row["used_until_date"]),
                    _label(used_from),
                    _label(row["used_until_date"]),
                )
            )
        for row in organisations:
            earlier = sorted(self._names.get(row["organisation_id"], []), key=lambda n: n.used_until)
            current_from = earlier[-1].used_until if earlier else None
            self._names[row["organisation_id"]] = earlier + [
                Name(row["name"], row["short_name"], current_from, None, earlier[-1].until_label if earlier else "")
            ]

    @classmethod
    def load(cls) -> Names:
        return cls(
            data.load("organisations")[["organisation_id", "name", "short_name"]].to_dict("records"),
            data.load("organisation_names")[["organisation_id", "name", "short_name", "used_from_date", "used_until_date"]].to_dict(
                "records"
            ),
        )

    def organisations(self) -> list[str]:
        return list(self._names)

    def all(self, organisation_id: str) -> list[Name]:
        """Every name, earliest first; the last is the current (or last) name."""
        return self._names.get(organisation_id, [])

    def on(self, organisation_id: str, on=None) -> Name | None:
        """The name in use on a date; undated, the current name. Before its first recorded name, the first name."""
        names = self.all(organisation_id)
        if not names:
            return None
        day = as_day(on)
        if day is None:
            return names[-1]
        for name in names:
            if name.in_use(day):
                return name
        return names[0] if day < (names[0].used_until or day) else names[-1]

    def name(self, organisation_id: str, on=None) -> str:
        """The full name in use on a date (the id itself if the organisation is unknown)."""
        found = self.on(organisation_id, on)
        return found.name if found else organisation_id

    def short(self, organisation_id: str, on=None) -> str:
        """The short name in use on a date, or the full name where the name of the day had none."""
        found = self.on(organisation_id, on)
        return (found.short_name or found.name) if found else organisation_id

    def earlier(self, organisation_id: str) -> list[Name]:
        """The names used before the current one, earliest first."""
        return self.all(organisation_id)[:-1]

    def joined(self, ids, on=None, separator: str = ", ") -> str:
        """Several organisations' short names of the day, joined for reading."""
        return separator.join(self.short(i, on) for i in ids)


def load() -> Names:
    """Every organisation's names over time, from the data."""
    return Names.load()
