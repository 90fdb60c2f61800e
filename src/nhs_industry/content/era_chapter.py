"""What an era chapter shows below its prose: its timeline, instruments, partnerships, voices and seminar pack."""

from __future__ import annotations

import html

import pandas as pd

from ..model import names
from . import seminars, tables, timeline
from .eras import Contents, contents, entry_list_html, era, undated_entries, undated_for_timeline, voices_html


def _section(heading: str, anchor: str, body: str) -> str:
    return f'<section id="{anchor}"><h2>{html.escape(heading)}</h2>{body}</section>'


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def counts_html(held: Contents, unplaced: int) -> str:
    """The era's counts in one sentence, from the same frames the chart and its table are drawn from."""
    drawn = len(held.instruments) + len(held.partnerships) + len(held.quotes)
    undated = len(held.undated)
    text = (
        f"This period holds {_plural(len(held.instruments), 'instrument', 'instruments')}, "
        f"{_plural(len(held.partnerships), 'dated partnership', 'dated partnerships')} and "
        f"{_plural(len(held.quotes), 'dated quotation', 'dated quotations')}: {drawn} marks on the chart, and "
        f"{drawn} rows in the table beneath it."
    )
    if undated:
        text += (
            f" {_plural(undated, 'entry has', 'entries have')} no date of {'its' if undated == 1 else 'their'} own "
            f"but {'is' if undated == 1 else 'are'} placed here by the date of the first source to report "
            f"{'it' if undated == 1 else 'them'}; {'it is' if undated == 1 else 'they are'} listed below the chart."
        )
    if unplaced:
        text += (
            f" {_plural(unplaced, 'other entry has', 'other entries have')} no date that places "
            f'{"it" if unplaced == 1 else "them"} in any period; the <a href="../timeline.html">full timeline</a> '
            f"lists {'it' if unplaced == 1 else 'them'} once."
        )
    return f'<p class="nhs-era-counts">{text}</p>'


def _undated_items(frame: pd.DataFrame, relative_root: str) -> str:
    return "".join(
        f"<li>Not dated; first reported {html.escape(r['reported_label'])}: "
        f'<a href="{relative_root}{r["url"]}">{html.escape(r["title"])}</a></li>'
        for r in frame.to_dict("records")
    )


def sections(slug: str) -> str:
    """Everything an era chapter shows below its prose: its timeline, instruments, partnerships and voices."""
    era_ = era(slug)
    held = contents(slug)
    every_undated = undated_entries()
    org_names = names.load()
    figure = timeline.figure_html(
        caption=f"Instruments, partnerships and quotations, {era_.title.lower()}.",
        alt_text=tables.era_timeline_summary(held.instruments, held.partnerships, held.quotes),
        table=tables.timeline_table(held.instruments, held.partnerships, held.quotes, org_names),
        window=(era_.start, era_.end),
        controls=False,
        layers=("partnership", "quote"),
        relative_root="../../",
        undated=undated_for_timeline(held.undated),
    )
    partnership_list = entry_list_html("partnerships", held.partnerships, "start_date", "../../")
    own_undated = held.undated[held.undated["layer"] == "partnership"]
    if len(own_undated):
        items = _undated_items(own_undated, "../../")
        partnership_list = (
            partnership_list.replace("</ul>", items + "</ul>") if partnership_list.startswith("<ul>") else f"<ul>{items}</ul>"
        )
    return "".join(
        [
            _section(
                "On the timeline",
                "on-the-timeline",
                "<p>Instruments, partnerships and quotations of this period. Click a mark to open its page; "
                'the <a href="../timeline.html">full timeline</a> has filters.</p>'
                + counts_html(held, int((every_undated["era"] == "").sum()))
                + figure,
            ),
            _section(
                "Instruments of the period",
                "instruments-of-the-period",
                entry_list_html("instruments", held.instruments, "published_date", "../../"),
            ),
            _section("Partnerships of the period", "partnerships-of-the-period", partnership_list),
            _section("Voices of the time", "voices-of-the-time", voices_html(held.quotes, held.undated)),
            seminars.seminar_html(slug, "../../"),
        ]
    )


def show(slug: str) -> None:
    """The one call an era chapter makes."""
    from IPython.display import HTML, display  # only where a chapter runs

    display(HTML(sections(slug)))
