"""The small 'In context' timeline on entry pages, drawn as SVG at build time: the master timeline's lanes,
colours and shapes, with a link on every mark, and no chart library to download."""

from __future__ import annotations

import html

import pandas as pd

from ..model import schema
from ..model.entries import Entry

WIDTH, LEFT, RIGHT, LANE, TOP = 760, 170, 16, 30, 26
GAP = 10  # the plot's drawing starts this far left of its frame, so a mark on the frame's edge is drawn whole
SHAPES = {"circle": "circle", "diamond": "diamond", "circle-open": "hollow"}
# The most marks one chart draws. The real data has at most 53 instruments in any eleven-year window; with ten
# times the data a window held about 530: 530 links in a keyboard reader's tab order, and 200 KB of page.
MOST_MARKS = 60


def nearest(
    instruments: list[dict], window: tuple[str, str], keep: str | None = None, most: int = MOST_MARKS
) -> tuple[list[dict], tuple[str, str]]:
    """The instruments a chart of this window draws, and the window it draws them in: all of them if there are
    at most `most`, else the `most` published nearest the window's middle (ties by id, so every build draws the
    same), always with the instrument `keep`, in a window narrowed to the years they span (three at least)."""
    if len(instruments) <= most:
        return instruments, window
    start, end = pd.Timestamp(window[0]), pd.Timestamp(window[1])
    middle = start + (end - start) / 2
    ranked = sorted(instruments, key=lambda r: (abs(r["published_date_mid"] - middle), r["instrument_id"]))
    chosen = ranked[:most]
    if keep and all(r["instrument_id"] != keep for r in chosen):
        chosen = chosen[:-1] + [r for r in ranked if r["instrument_id"] == keep]
    # At least the year before and the year after the middle one: a window of one year would show one year label.
    years = [r["published_date_mid"].year for r in chosen] + [middle.year - 1, middle.year + 1]
    return chosen, (f"{min(years)}-01-01", f"{max(years)}-12-31")


def _mark(shape: str, x: float, y: float, colour: str, ringed: bool) -> str:
    size = 8 if ringed else 6
    ring = ' class="nhs-ringed"' if ringed else ""  # nhs-site.js scrolls a phone's view of the chart to it
    stroke = f'stroke="#111" stroke-width="{3 if ringed else 1}"{ring}'
    if shape == "diamond":
        points = f"{x},{y - size} {x + size},{y} {x},{y + size} {x - size},{y}"
        return f'<polygon points="{points}" fill="{colour}" {stroke}/>'
    fill = "#fff" if shape == "hollow" else colour
    edge = f'stroke="{colour}" stroke-width="{3 if ringed else 2}"{ring}' if shape == "hollow" else stroke
    return f'<circle cx="{x:.1f}" cy="{y}" r="{size}" fill="{fill}" {edge}/>'


class ContextChart:
    """The chart of one window of years: one row per kind in the schema's order (only kinds present), one mark
    per instrument at the middle of its date. Drawn once per window; svg() rings one instrument's mark, so the
    entry pages that share a window (most do) share the drawing.
    instruments: rows as dicts (pandas per-row access cost more than the drawing)."""

    def __init__(
        self,
        instruments: list[dict],
        window: tuple[str, str],
        relative_root: str | None,
        of: int | None = None,
        label: str = "Instruments around this entry",
    ):
        kinds = schema.categories("instruments", "kind")
        symbols = schema.symbols("instruments", "confidence")
        present = [k for k in kinds if any(row["kind"] == k.value for row in instruments)]
        start, end = pd.Timestamp(window[0]), pd.Timestamp(window[1])
        span = (end - start).total_seconds() or 1
        plot = WIDTH - LEFT - RIGHT
        x_of = lambda when: LEFT + (when - start).total_seconds() / span * plot  # noqa: E731
        height = TOP + LANE * len(present) + 24
        parts = [f'<rect x="{LEFT}" y="{TOP - 14}" width="{plot}" height="{LANE * len(present) + 4}" fill="none" stroke="#ccc"/>']
        for year in range(start.year, end.year + 1):
            x = x_of(pd.Timestamp(f"{year}-01-01"))
            if LEFT <= x <= WIDTH - RIGHT and (year % 2 == 0 or end.year - start.year < 8):
                # A year on the frame's edge is labelled inward of it, not cut in half by the drawing's edge.
                anchor = "start" if x < LEFT + 14 else "end" if x > WIDTH - RIGHT - 14 else "middle"
                parts.append(
                    f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP - 14}" y2="{height - 20}" stroke="#eee"/>'
                    f'<text x="{x:.1f}" y="{height - 6}" font-size="11" text-anchor="{anchor}" fill="#444">{year}</text>'
                )
        self.marks: list[tuple[str, str, str]] = []  # (instrument id, its mark, its mark ringed)
        lanes = []  # the row labels, drawn apart from the plot so that they stay in view while it scrolls
        for lane, kind in enumerate(present):
            y = TOP + lane * LANE
            lanes.append(
                f'<text x="{LEFT - GAP - 2}" y="{y + 4}" font-size="11" text-anchor="end" fill="#222">{html.escape(kind.label)}</text>'
            )
            for row in sorted((r for r in instruments if r["kind"] == kind.value), key=lambda r: r["published_date_mid"]):
                x = x_of(row["published_date_mid"])
                shape = SHAPES[symbols[row["confidence"]]]
                title = f"{row['title']} ({row['published_date_label']})"
                if relative_root is None:  # printed: a link would point into the folder it was printed from
                    link, close = f'<g aria-label="{html.escape(title)}"><title>{html.escape(title)}</title>', "</g>"
                else:
                    href = relative_root + Entry("instruments", row["instrument_id"]).url
                    link, close = (
                        f'<a href="{html.escape(href)}" aria-label="{html.escape(title)}"><title>{html.escape(title)}</title>',
                        "</a>",
                    )
                self.marks.append(
                    (
                        row["instrument_id"],
                        f"{link}{_mark(shape, x, y, kind.colour, False)}{close}",
                        f"{link}{_mark(shape, x, y, kind.colour, True)}{close}",
                    )
                )
                parts.append("")  # the mark's place, filled by svg()
        self.parts = parts
        self.ids = {entry_id for entry_id, _, _ in self.marks}
        self.count = len(instruments)
        self.of = of or self.count  # how many the full window held, when only the nearest are drawn
        # Two drawings of one chart at one scale (nhs.css sizes them from --lanes and --plot, their view boxes' widths): the row
        # labels, and the plot, which on a phone scrolls sideways in its own box beside labels that stay in view.
        self.opening = (
            f'<div class="nhs-context" style="--lanes: {LEFT - GAP}; --plot: {WIDTH - LEFT + GAP}" role="group" '
            f'aria-label="{html.escape(label)}">'
            f'<svg class="nhs-context-lanes" viewBox="0 0 {LEFT - GAP} {height}" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(lanes)}</svg>'
            f'<div class="nhs-context-scroll" tabindex="0" role="region" aria-label="{html.escape(label)}, '
            f'by year (scrolls sideways)"><svg class="nhs-context-plot" viewBox="{LEFT - GAP} 0 {WIDTH - LEFT + GAP} {height}" '
            f'xmlns="http://www.w3.org/2000/svg">'
        )
        self.plain = self.fill(None)

    def fill(self, highlight: str | None) -> str:
        marks = iter(ringed if entry_id == highlight else plain for entry_id, plain, ringed in self.marks)
        return self.opening + "".join(part or next(marks) for part in self.parts) + "</svg></div></div>"

    def svg(self, highlight: str | None) -> str:
        """The chart, with the mark of the instrument `highlight` ringed (None: no mark ringed)."""
        return self.fill(highlight) if highlight else self.plain
