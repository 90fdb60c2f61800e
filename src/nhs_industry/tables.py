"""Reader-facing tables and text summaries that stand beside charts (and in for them without JavaScript)."""
from __future__ import annotations

import pandas as pd

from .charts import KIND_LABELS


def instrument_table(instruments: pd.DataFrame, organisation_names: dict[str, str]) -> pd.DataFrame:
    """One row per instrument, in date order, with the columns a reader needs."""
    ordered = instruments.sort_values(["published_date_start", "instrument_id"])
    return pd.DataFrame({
        "Date": ordered["published_date_label"],
        "Title": ordered["title"],
        "Kind": ordered["kind"].map(KIND_LABELS),
        "Issued by": ordered["issuer_ids"].map(lambda ids: ", ".join(organisation_names.get(i, i) for i in ids)),
        "Confidence": ordered["confidence"],
    })


def timeline_summary(instruments: pd.DataFrame) -> str:
    """A one-sentence text alternative for a timeline of instruments."""
    if instruments.empty:
        return "Timeline with no instruments."
    first = instruments.loc[instruments["published_date_start"].idxmin()]
    last = instruments.loc[instruments["published_date_start"].idxmax()]
    return (f"Timeline of {len(instruments)} policy instruments from {first['published_date_label']} "
            f"({first['title']}) to {last['published_date_label']} ({last['title']}).")
