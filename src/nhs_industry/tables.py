"""Reader-facing tables and text summaries that stand beside charts (and in for them without JavaScript)."""
from __future__ import annotations

import pandas as pd

from . import schema
from .charts import KIND_LABELS
from .entries import Entry


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


def _names(ids, names: dict[str, str]) -> str:
    return "; ".join(names.get(i, i) for i in ids)


def entry_urls(table: str, frame: pd.DataFrame, relative_root: str) -> list[str]:
    """Addresses of the entry pages of a frame's rows, relative to the page that links to them."""
    key = schema.table(table).primary_key
    return [relative_root + Entry(table, entry_id).url for entry_id in frame[key]]


def partnership_table(partnerships: pd.DataFrame, organisation_names: dict[str, str]) -> pd.DataFrame:
    """One row per partnership, in date order, with the columns readers filter on."""
    ordered = partnerships.sort_values(["start_date_start", "partnership_id"], na_position="last")
    return pd.DataFrame({
        "Partnership": ordered["title"],
        "Began": ordered["start_date_label"],
        "NHS partners": ordered["nhs_partner_ids"].map(lambda ids: _names(ids, organisation_names)),
        "Companies": ordered["industry_partner_ids"].map(lambda ids: _names(ids, organisation_names)),
        "Clinical areas": ordered["clinical_areas"].map(lambda v: "; ".join(v)),
        "Region": ordered["region"],
        "Model": ordered["model"],
        "Status": ordered["status"],
    })


def organisation_table(organisations: pd.DataFrame) -> pd.DataFrame:
    ordered = organisations.sort_values(["founded_date_start", "organisation_id"], na_position="last")
    return pd.DataFrame({
        "Organisation": ordered["name"],
        "Kind": ordered["kind"],
        "Founded": ordered["founded_date_label"],
        "Dissolved": ordered["dissolved_date_label"],
    })


def links_table(instruments: pd.DataFrame, partnerships: pd.DataFrame, organisation_names: dict[str, str]) -> pd.DataFrame:
    """Each organisation–entry link of the network chart as a row."""
    rows = [(organisation_names.get(o, o), "issued", r["title"]) for _, r in instruments.iterrows() for o in r["issuer_ids"]]
    rows += [(organisation_names.get(o, o), "partner in", r["title"]) for _, r in partnerships.iterrows()
             for o in r["nhs_partner_ids"] + r["industry_partner_ids"]]
    return pd.DataFrame(sorted(rows), columns=["Organisation", "Link", "Entry"])
