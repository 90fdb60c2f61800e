"""The small 'In context' timeline on entry pages, drawn as SVG at build time: the master timeline's lanes,
colours and shapes, with a link on every mark, and no chart library to download."""
from __future__ import annotations

import html

import pandas as pd

from . import schema
from .entries import Entry

WIDTH, LEFT, RIGHT, LANE, TOP = 760, 170, 16, 30, 26
SHAPES = {"circle": "circle", "diamond": "diamond", "circle-open": "hollow"}


def _mark(shape: str, x: float, y: float, colour: str, ringed: bool) -> str:
    size = 8 if ringed else 6
    stroke = f'stroke="#111" stroke-width="{3 if ringed else 1}"'
    if shape == "diamond":
        points = f"{x},{y - size} {x + size},{y} {x},{y + size} {x - size},{y}"
        return f'<polygon points="{points}" fill="{colour}" {stroke}/>'
    fill = "#fff" if shape == "hollow" else colour
    edge = f'stroke="{colour}" stroke-width="{3 if ringed else 2}"' if shape == "hollow" else stroke
    return f'<circle cx="{x:.1f}" cy="{y}" r="{size}" fill="{fill}" {edge}/>'


def context_svg(instruments: list[dict], window: tuple[str, str], highlight: str | None, relative_root: str) -> str:
    """One row per kind in the schema's order (only kinds present), one mark per instrument at the middle of its date.
    instruments: rows as dicts (each page draws a few dozen; pandas per-row access cost more than the drawing)."""
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
            parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP - 14}" y2="{height - 20}" stroke="#eee"/>'
                         f'<text x="{x:.1f}" y="{height - 6}" font-size="11" text-anchor="middle" fill="#444">{year}</text>')
    for lane, kind in enumerate(present):
        y = TOP + lane * LANE
        parts.append(f'<text x="{LEFT - 8}" y="{y + 4}" font-size="12" text-anchor="end" fill="#222">{html.escape(kind.label)}</text>')
        for row in sorted((r for r in instruments if r["kind"] == kind.value), key=lambda r: r["published_date_mid"]):
            x = x_of(row["published_date_mid"])
            shape = SHAPES[symbols[row["confidence"]]]
            ringed = row["instrument_id"] == highlight
            title = f"{row['title']} ({row['published_date_label']})"
            href = relative_root + Entry("instruments", row["instrument_id"]).url
            parts.append(f'<a href="{html.escape(href)}" aria-label="{html.escape(title)}"><title>{html.escape(title)}</title>'
                         f"{_mark(shape, x, y, kind.colour, ringed)}</a>")
    return (f'<svg class="nhs-context" role="group" aria-label="Instruments around this entry" viewBox="0 0 {WIDTH} {height}" '
            f'width="100%" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>')
