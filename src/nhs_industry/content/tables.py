"""Reader-facing tables and text summaries that stand beside charts (and in for them without JavaScript).

Every category is shown by its label from the data package, never its code."""

from __future__ import annotations

import pandas as pd

from ..model import schema
from ..model.entries import Entry
from ..model.names import Names


def _labels(table: str, field: str, values) -> str:
    """A list cell's values as labels, joined for reading."""
    names = schema.labels(table, field)
    return "; ".join(names[v] for v in values)


def instrument_table(instruments: pd.DataFrame, organisation_names: Names) -> pd.DataFrame:
    """One row per instrument, in date order, with the columns a reader needs."""
    ordered = instruments.sort_values(["published_date_start", "instrument_id"])
    kinds, confidence = schema.labels("instruments", "kind"), schema.labels("instruments", "confidence")
    frame = pd.DataFrame(
        {
            "Date": ordered["published_date_label"],
            "Title": ordered["title"],
            "Kind": ordered["kind"].map(kinds),
            "Issued by": [organisation_names.joined(ids, on, "; ") for ids, on in zip(ordered["issuer_ids"], ordered["published_date"])],
            "Confidence": ordered["confidence"].map(confidence),
        }
    ).set_axis(ordered["instrument_id"].tolist())
    frame.attrs["entries"] = "instruments"  # the index holds instrument ids: the Title cells link to their pages
    return frame


def timeline_summary(instruments: pd.DataFrame) -> str:
    """A one-sentence text alternative for a timeline of instruments."""
    if instruments.empty:
        return "Timeline with no instruments."
    first = instruments.loc[instruments["published_date_start"].idxmin()]
    last = instruments.loc[instruments["published_date_start"].idxmax()]
    return (
        f"Timeline of {len(instruments)} policy instruments from {first['published_date_label']} "
        f"({first['title']}) to {last['published_date_label']} ({last['title']})."
    )


def era_timeline_summary(instruments: pd.DataFrame, partnerships: pd.DataFrame, quotes: pd.DataFrame) -> str:
    """A one-sentence text alternative for an era's timeline, counting every layer it draws."""
    if instruments.empty:
        return f"Timeline with no instruments, {len(partnerships)} partnerships and {len(quotes)} quotations."
    return timeline_summary(instruments).rstrip(".") + f"; with {len(partnerships)} partnerships and {len(quotes)} quotations."


def timeline_table(instruments: pd.DataFrame, partnerships: pd.DataFrame, quotes: pd.DataFrame, organisation_names: Names) -> pd.DataFrame:
    """Every mark an era's timeline draws, one row each, in date order: instruments, partnerships, quotations.
    quotes is quotations with their speakers (teaching.quotes_with_speakers)."""
    kinds, confidence = schema.labels("instruments", "kind"), schema.labels("instruments", "confidence")
    rows = [
        (
            r["published_date_start"],
            0,
            r["instrument_id"],
            "instruments",
            r["published_date_label"],
            r["title"],
            kinds[r["kind"]],
            organisation_names.joined(r["issuer_ids"], r["published_date"], "; "),
            r["confidence"],
        )
        for r in instruments.to_dict("records")
    ]
    rows += [
        (
            r["start_date_start"],
            1,
            r["partnership_id"],
            "partnerships",
            r["start_date_label"],
            r["title"],
            "Partnership",
            organisation_names.joined(r["nhs_partner_ids"] + r["industry_partner_ids"], r["start_date"], "; "),
            r["confidence"],
        )
        for r in partnerships.to_dict("records")
    ]
    rows += [
        (
            r["said_date_start"],
            2,
            r["quote_id"],
            None,
            r["said_date_label"],
            f"“{r['text']}”",
            "Quotation",
            ", ".join(p for p in (r["speaker"], r["organisation"]) if p),
            r["confidence"],
        )
        for r in quotes.to_dict("records")
    ]
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    frame = pd.DataFrame([r[4:] for r in rows], columns=["Date", "Title", "Kind", "Who", "Confidence"], index=[r[2] for r in rows])
    frame["Confidence"] = frame["Confidence"].map(confidence)
    frame.attrs["entries"] = [r[3] for r in rows]  # row by row: the table whose entry page each Title links to
    return frame


def entry_urls(table: str, frame: pd.DataFrame, relative_root: str) -> list[str]:
    """Addresses of the entry pages of a frame's rows, in the frame's own order, relative to the linking page."""
    key = schema.table(table).primary_key
    return [relative_root + Entry(table, entry_id).url for entry_id in frame[key]]


def ordered_partnerships(partnerships: pd.DataFrame) -> pd.DataFrame:
    """Partnerships in the order every table shows them: by start, undated last, then id."""
    return partnerships.sort_values(["start_date_start", "partnership_id"], na_position="last")


def partnership_table(partnerships: pd.DataFrame, organisation_names: Names, statuses: dict[str, str]) -> pd.DataFrame:
    """One row per partnership, in date order, with the columns readers filter on.

    The index holds each row's partnership_id, so links and sort keys come from the same rows."""
    ordered = ordered_partnerships(partnerships)
    models = schema.labels("partnerships", "model")
    return pd.DataFrame(
        {
            "Partnership": ordered["title"],
            "Began": ordered["start_date_label"].where(ordered["start_date"] != "", "not known"),
            "NHS partners": [
                organisation_names.joined(ids, on, "; ") for ids, on in zip(ordered["nhs_partner_ids"], ordered["start_date"])
            ],
            "Companies": [
                organisation_names.joined(ids, on, "; ") or "none named"
                for ids, on in zip(ordered["industry_partner_ids"], ordered["start_date"])
            ],
            "Clinical areas": ordered["clinical_areas"].map(lambda v: _labels("partnerships", "clinical_areas", v)),
            "Region": ordered["region"],
            "Model": ordered["model"].map(models),
            "Status": ordered["partnership_id"].map(statuses),
        }
    ).set_axis(ordered["partnership_id"].tolist())


def row_urls(table: str, frame: pd.DataFrame, relative_root: str) -> list[str]:
    """Entry addresses for a table whose index holds the entries' ids, row for row."""
    return [relative_root + Entry(table, entry_id).url for entry_id in frame.index]


def partnership_sort_keys(partnerships: pd.DataFrame, frame: pd.DataFrame) -> dict[str, list[str]]:
    """Machine-sortable values, row for row with frame, for columns whose text does not sort as it reads (dates)."""
    starts = partnerships.set_index("partnership_id")["start_date_start"]
    # Undated rows sort after every date.
    return {"Began": [starts[i].date().isoformat() if not pd.isna(starts[i]) else "9999" for i in frame.index]}


def organisation_table(organisations: pd.DataFrame) -> pd.DataFrame:
    ordered = organisations.sort_values(["founded_date_start", "organisation_id"], na_position="last")
    kinds = schema.labels("organisations", "kind")
    return pd.DataFrame(
        {
            "Organisation": ordered["name"],
            "Kind": ordered["kind"].map(kinds),
            "Founded": ordered["founded_date_label"].where(ordered["founded_date"] != "", "not known"),
            "Dissolved": ordered["dissolved_date_label"].where(ordered["dissolved_date"] != "", "—"),
        }
    )


def links_table(instruments: pd.DataFrame, partnerships: pd.DataFrame, organisation_names: Names) -> pd.DataFrame:
    """Each organisation–entry link of the network chart as a row, the organisation named as it was then."""
    rows = [
        (organisation_names.short(o, r["published_date"]), "issued", r["title"])
        for r in instruments.to_dict("records")
        for o in r["issuer_ids"]
    ]
    rows += [
        (organisation_names.short(o, r["start_date"]), "partner in", r["title"])
        for r in partnerships.to_dict("records")
        for o in r["nhs_partner_ids"] + r["industry_partner_ids"]
    ]
    return pd.DataFrame(sorted(rows), columns=["Organisation", "Link", "Entry"])


def labelled(frame: pd.DataFrame, table: str, **columns: str) -> pd.DataFrame:
    """A copy of frame whose named columns show labels instead of codes: labelled(f, "instruments", kind="kind")."""
    out = frame.copy()
    for column, field in columns.items():
        out[column] = out[column].map(schema.labels(table, field))
    return out
