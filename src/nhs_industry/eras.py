"""The five periods the era chapters tell, and what each contains: instruments, partnerships and voices."""
from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from . import data, dates, names, schema, tables, timeline
from .entries import Entry


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
        f"{html.escape(row['title'])}</a></li>" for row in frame.to_dict("records"))
    return f"<ul>{items}</ul>" if items else f"<p>No {html.escape(schema.table(table).title.lower())} from this period in the data yet.</p>"


def _quotes_html(quotes: pd.DataFrame) -> str:
    return "".join(
        f"<blockquote><p>{html.escape(r['text'])}</p><footer>{html.escape(r['speaker'])}, "
        f"{html.escape(r['organisation'] or '')}, {html.escape(r['said_date_label'] or 'date not known')} "
        f"({html.escape(schema.label('quotes', 'stance', r['stance']).lower())})</footer></blockquote>"
        for r in quotes.to_dict("records"))


def voices_html(era_: Era) -> str:
    """The dated quotations of the era, in date order."""
    from . import teaching

    quotes = teaching.quotes_with_speakers()
    inside = quotes[era_.contains(quotes["said_date_mid"])]
    return _quotes_html(inside) if not inside.empty else "<p>No dated quotations from this period in the data yet.</p>"


def voices_from_source(source_id: str) -> str:
    """The quotations printed in one source, for sources whose date is known only as a window."""
    from . import teaching

    quotes = teaching.quotes_with_speakers()
    return _quotes_html(quotes[quotes["source_ids"].map(lambda ids: source_id in ids)])


def _section(heading: str, anchor: str, body: str) -> str:
    return f'<section id="{anchor}"><h2>{html.escape(heading)}</h2>{body}</section>'


def sections(slug: str) -> str:
    """Everything an era chapter shows below its prose: its timeline, instruments, partnerships and voices."""
    from . import seminars  # seminars reads the eras defined here

    era_ = era(slug)
    instruments, partnerships = instruments_in(era_), partnerships_in(era_)
    figure = timeline.figure_html(
        caption=f"Instruments, partnerships and quotations, {era_.title.lower()}.",
        alt_text=tables.timeline_summary(instruments) if len(instruments) else "No instruments in this period yet.",
        table=tables.instrument_table(instruments, names.load()),
        window=(era_.start, era_.end), controls=False, layers=("partnership", "quote"), relative_root="../../")
    return "".join([
        _section("On the timeline", "on-the-timeline",
                 '<p>Instruments, partnerships and quotations of this period. Click a mark to open its page; '
                 'the <a href="../timeline.html">full timeline</a> has filters.</p>' + figure),
        _section("Instruments of the period", "instruments-of-the-period",
                 entry_list_html("instruments", instruments, "published_date", "../../")),
        _section("Partnerships of the period", "partnerships-of-the-period",
                 entry_list_html("partnerships", partnerships, "start_date", "../../")),
        _section("Voices of the time", "voices-of-the-time", voices_html(era_)),
        seminars.seminar_html(slug, "../../"),
    ])


def show(slug: str) -> None:
    """The one call an era chapter makes."""
    from IPython.display import HTML, display

    display(HTML(sections(slug)))
