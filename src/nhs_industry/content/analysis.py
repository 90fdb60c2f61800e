"""Counts by period for the patterns chapter. (What was in force when lives in in_force.)"""

from __future__ import annotations

import pandas as pd


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
    frame = instruments.explode("themes").assign(period=lambda f: f["published_date_start"].dt.year.map(lambda y: period_of(y, width)))
    return frame.groupby(["period", "themes"]).size().rename("instruments").reset_index().rename(columns={"themes": "theme"})
