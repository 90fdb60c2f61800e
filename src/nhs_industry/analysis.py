"""Questions asked of the data in more than one place: what was in force when, what changed, counts by period."""
from __future__ import annotations

import datetime as dt

import pandas as pd

# Kinds that set rules someone had to follow. Reports, strategies, consultations and rulings are
# events on the timeline, but nothing is "in force" about them.
RULE_KINDS = ("act", "statutory-instrument", "circular", "guidance", "industry-code", "agreement")


def rules(instruments: pd.DataFrame) -> pd.DataFrame:
    """Instruments that set rules, with the span each was in force (start of its known date, to withdrawal)."""
    frame = instruments[instruments["kind"].isin(RULE_KINDS)].copy()
    has_in_force = frame["in_force_date"] != ""
    frame["in_force_from"] = frame["published_date_start"].where(~has_in_force, frame["in_force_date_start"])
    frame["in_force_from_label"] = frame["published_date_label"].where(~has_in_force, frame["in_force_date_label"])
    frame["in_force_until"] = frame["withdrawn_date_start"]
    return frame


def instruments_in_force(instruments: pd.DataFrame, on: dt.date) -> pd.DataFrame:
    """The rules in force on a date: taken effect on or before it and not yet withdrawn."""
    frame = rules(instruments)
    when = pd.Timestamp(on)
    live = (frame["in_force_from"] <= when) & (frame["in_force_until"].isna() | (frame["in_force_until"] > when))
    return frame[live].sort_values(["kind", "in_force_from", "instrument_id"])


def changes_between(instruments: pd.DataFrame, after: dt.date, until: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rules that took effect, and rules withdrawn, in the interval (after, until]."""
    frame = rules(instruments)
    start, end = pd.Timestamp(after), pd.Timestamp(until)
    began = frame[(frame["in_force_from"] > start) & (frame["in_force_from"] <= end)]
    ended = frame[frame["in_force_until"].notna() & (frame["in_force_until"] > start) & (frame["in_force_until"] <= end)]
    return began.sort_values("in_force_from"), ended.sort_values("in_force_until")


def period_of(year: int, width: int = 5) -> str:
    """The five-year period a year falls in, as a label: 1994 -> '1990–1994'."""
    first = year - year % width
    return f"{first}–{first + width - 1}"


def counts_by_period(instruments: pd.DataFrame, width: int = 5) -> pd.DataFrame:
    """Instruments per period and kind, for the patterns chapter."""
    frame = instruments.assign(period=instruments["published_date_start"].dt.year.map(lambda y: period_of(y, width)))
    return frame.groupby(["period", "kind"]).size().rename("instruments").reset_index()


def themes_by_period(instruments: pd.DataFrame, width: int = 5) -> pd.DataFrame:
    """How many instruments touch each theme in each period (an instrument counts once per theme)."""
    frame = instruments.explode("themes").assign(
        period=lambda f: f["published_date_start"].dt.year.map(lambda y: period_of(y, width)))
    return frame.groupby(["period", "themes"]).size().rename("instruments").reset_index().rename(columns={"themes": "theme"})
