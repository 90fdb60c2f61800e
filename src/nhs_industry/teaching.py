"""Material for the teaching guide: voices set against each other and worked answers to the exercises."""
from __future__ import annotations

import html

import pandas as pd

from . import data, dates, in_force, schema


def quotes_with_speakers() -> pd.DataFrame:
    """Quotations with the speaker's name and organisation, in date order (undated last)."""
    quotes = data.load("quotes")
    people = data.load("people").set_index("person_id")
    organisations = data.names("organisations")
    speaker = quotes["person_id"].map(lambda p: people.loc[p, "name"] if p else "A spokesperson")
    return quotes.assign(speaker=speaker, organisation=quotes["organisation_id"].map(organisations)).sort_values(
        ["said_date_start", "quote_id"], na_position="last")


def voices_html(quotes: pd.DataFrame) -> str:
    """Quotations grouped by stance, each with speaker, organisation and date."""
    labels = schema.labels("quotes", "stance")
    parts = []
    for stance in ("for", "against", "mixed", "neutral"):
        group = quotes[quotes["stance"] == stance]
        if group.empty:
            continue
        items = "".join(
            f"<li><q>{html.escape(r['text'])}</q> — {html.escape(r['speaker'])}, {html.escape(r['organisation'] or '')}"
            f" ({html.escape(r['said_date_label'] or 'date not known')})</li>" for _, r in group.iterrows())
        parts.append(f"<h3>{html.escape(labels[stance])} ({len(group)})</h3><ul>{items}</ul>")
    return "".join(parts)


def confidence_shares() -> pd.DataFrame:
    """Share of rows at each confidence level, per table."""
    rows = []
    for name in schema.tables():
        frame = data.load(name)
        counts = frame["confidence"].value_counts()
        rows.append({"table": name, "rows": len(frame),
                     **{level: round(100 * counts.get(level, 0) / max(len(frame), 1)) for level in ("high", "medium", "low")}})
    return pd.DataFrame(rows).set_index("table").rename(columns={"high": "% high", "medium": "% medium", "low": "% low"})


def replaced_between(instruments: pd.DataFrame, first: str, second: str) -> pd.DataFrame:
    """Rules in force on the first date, and whether each was still in force on the second."""
    before = in_force.instruments_in_force(instruments, dates.parse(first).start)
    still = set(in_force.instruments_in_force(instruments, dates.parse(second).start)["instrument_id"])
    return pd.DataFrame({"instrument": before["title"], "in force from": before["in_force_from_label"],
                         f"still in force on {second}": before["instrument_id"].isin(still).map({True: "yes", False: "no"})})
