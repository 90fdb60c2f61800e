"""The five periods the era chapters tell, and what each contains: instruments, partnerships and voices."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from ..model import data, dates, schema
from ..model.entries import Entry
from . import teaching


@dataclass(frozen=True)
class Era:
    slug: str
    title: str
    first: str | None  # ISO dates, inclusive; None: open (the first era has no start, the last runs to today)
    last: str | None

    @property
    def start(self) -> str:
        return self.first or "0001-01-01"

    @property
    def end(self) -> str:
        return self.last or dates.today().isoformat()

    def contains(self, column: pd.Series) -> pd.Series:
        """Rows whose date (a Timestamp column: the middle of each date's span, where it is drawn) falls in the era."""
        return (column >= pd.Timestamp(self.start)) & (column <= pd.Timestamp(self.end))

    def holds(self, when: pd.Timestamp) -> bool:
        """contains() for one date (an entry page's), without building a column for it."""
        return pd.Timestamp(self.start) <= when <= pd.Timestamp(self.end)


# Chapter boundaries follow turning points in the rules: the 2000 sponsorship guidance, the 2008
# joint working guidance (prepared in 2007), the 2013 reorganisation, and the 2019-21 code changes.
ERAS = [
    Era("to-2000", "Before 2000", None, "1999-12-31"),
    Era("2000-2007", "2000 to 2007", "2000-01-01", "2007-06-30"),
    Era("2007-2013", "2007 to 2013", "2007-07-01", "2013-03-31"),
    Era("2013-2019", "2013 to 2019", "2013-04-01", "2018-12-31"),
    Era("2019-today", "2019 to today", "2019-01-01", None),
]


def era(slug: str) -> Era:
    return next(e for e in ERAS if e.slug == slug)


def era_of_span(start: pd.Timestamp, end: pd.Timestamp) -> Era | None:
    """The era that holds a whole span of dates, or None where the span crosses a boundary (or is missing)."""
    if pd.isna(start) or pd.isna(end):
        return None
    return next((e for e in ERAS if e.holds(start) and e.holds(end)), None)


UNDATED_COLUMNS = ["layer", "entry_id", "title", "url", "source_ids", "era", "placed_by", "reported_label"]


def undated_entries() -> pd.DataFrame:
    """Partnerships and quotations with no date of their own, each with the era its sources place it in.

    An undated entry existed (or had been said) by the date of the earliest dated source that reports it. It is
    placed in an era only when that source's whole date (a year, a month or a day) lies inside the era; where the
    date crosses a boundary, or no source that reports it is dated, the entry is placed in no era and is listed
    once, beside the full timeline, never in every era."""
    sources = data.load("sources").set_index("source_id")
    rows = []
    for layer, table, key, date_field in (
        ("partnership", "partnerships", "partnership_id", "start_date"),
        ("quote", "quotes", "quote_id", "said_date"),
    ):
        frame = data.load(table)
        for row in frame[frame[date_field] == ""].to_dict("records"):
            dated = sorted((sources.loc[s, "published_date_start"], s) for s in row["source_ids"] if sources.loc[s, "published_date"])
            placed_by = dated[0][1] if dated else ""
            era_ = (
                era_of_span(sources.loc[placed_by, "published_date_start"], sources.loc[placed_by, "published_date_end"])
                if placed_by
                else None
            )
            title = row["title"] if layer == "partnership" else f"“{row['text'][:80]}”"
            rows.append(
                {
                    "layer": layer,
                    "entry_id": row[key],
                    "title": title,
                    "url": Entry(table, row[key]).url if layer == "partnership" else None,
                    "source_ids": row["source_ids"],
                    "era": era_.slug if era_ else "",
                    "placed_by": placed_by if era_ else "",
                    "reported_label": sources.loc[placed_by, "published_date_label"] if placed_by else "",
                }
            )
    return pd.DataFrame(rows, columns=UNDATED_COLUMNS)


def undated_for_timeline(frame: pd.DataFrame) -> list[dict]:
    """Undated entries as the timeline lists them beside the chart, each saying when it was first reported."""
    return [
        {
            "layer": r["layer"],
            "title": r["title"],
            "url": r["url"],
            "note": f"first reported {r['reported_label']}" if r["reported_label"] else "no dated source",
        }
        for r in frame.to_dict("records")
    ]


@dataclass(frozen=True)
class Contents:
    """What an era holds: dated instruments, partnerships and quotations, and the undated entries placed in it."""

    instruments: pd.DataFrame
    partnerships: pd.DataFrame
    quotes: pd.DataFrame
    undated: pd.DataFrame


def contents(slug: str) -> Contents:
    era_ = era(slug)
    quotes = teaching.quotes_with_speakers()
    undated = undated_entries()
    return Contents(
        instruments_in(era_), partnerships_in(era_), quotes[era_.contains(quotes["said_date_mid"])], undated[undated["era"] == slug]
    )


def instruments_in(era_: Era) -> pd.DataFrame:
    frame = data.load("instruments")
    return frame[era_.contains(frame["published_date_mid"])].sort_values(["published_date_start", "instrument_id"])


def partnerships_in(era_: Era) -> pd.DataFrame:
    frame = data.load("partnerships")
    return frame[era_.contains(frame["start_date_mid"])].sort_values(["start_date_start", "partnership_id"])


def entry_list_html(table: str, frame: pd.DataFrame, date_field: str, relative_root: str) -> str:
    key = schema.table(table).primary_key
    items = "".join(
        f'<li>{html.escape(row[f"{date_field}_label"])}: <a href="{relative_root}{Entry(table, row[key]).url}">'
        f"{html.escape(row['title'])}</a></li>"
        for row in frame.to_dict("records")
    )
    return f"<ul>{items}</ul>" if items else f"<p>No {html.escape(schema.table(table).title.lower())} from this period in the data yet.</p>"


def _quotes_html(quotes: pd.DataFrame) -> str:
    return "".join(
        f"<blockquote><p>{html.escape(r['text'])}</p><footer>{html.escape(r['speaker'])}, "
        f"{html.escape(r['organisation'] or '')}, {html.escape(r['said_date_label'] or 'date not known')} "
        f"({html.escape(schema.label('quotes', 'stance', r['stance']).lower())})</footer></blockquote>"
        for r in quotes.to_dict("records")
    )


def voices_html(inside: pd.DataFrame, undated: pd.DataFrame) -> str:
    """The dated quotations of the era, in date order, then the undated ones its sources place in it."""
    quotes = teaching.quotes_with_speakers().set_index("quote_id", drop=False)
    placed = quotes.loc[list(undated[undated["layer"] == "quote"]["entry_id"])]
    shown = _quotes_html(inside) + _quotes_html(placed)
    return shown or "<p>No quotations from this period in the data yet.</p>"
