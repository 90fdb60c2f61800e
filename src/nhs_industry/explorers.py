"""Widgets that are tables first: the rules-in-force date picker and searchable, sortable tables."""
from __future__ import annotations

import datetime as dt
import html
import json

import pandas as pd

from . import analysis, charts
from .entries import Entry


def _iso(value) -> str | None:
    return None if pd.isna(value) else value.date().isoformat()


def in_force_rows(instruments: pd.DataFrame) -> list[dict]:
    frame = analysis.rules(instruments)
    return [{
        "id": row["instrument_id"], "title": row["title"], "kind": charts.KIND_LABELS[row["kind"]],
        "colour": charts.KIND_COLOURS[row["kind"]], "from": _iso(row["in_force_from"]),
        "from_label": row["in_force_from_label"], "until": _iso(row["in_force_until"]),
        "until_label": row["withdrawn_date_label"], "url": Entry("instruments", row["instrument_id"]).url,
    } for _, row in frame.iterrows()]


def snapshot_html(instruments: pd.DataFrame, on: dt.date, relative_root: str) -> str:
    """The rules in force on one date as a list grouped by kind (what readers without JavaScript see)."""
    live = analysis.instruments_in_force(instruments, on)
    parts = [f"<h3>In force on {on.strftime('%-d %B %Y')}: {len(live)} instruments</h3>"]
    for kind, group in live.groupby("kind", sort=False):
        items = "".join(f'<li><a href="{relative_root}{Entry("instruments", r["instrument_id"]).url}">{html.escape(r["title"])}</a> '
                        f"(from {html.escape(r['in_force_from_label'])})</li>" for _, r in group.iterrows())
        parts.append(f"<h4>{charts.KIND_LABELS[kind]}</h4><ul>{items}</ul>")
    return "".join(parts)


def in_force_widget(instruments: pd.DataFrame, initial: dt.date, first_year: int, last: dt.date, relative_root: str) -> str:
    payload = json.dumps({"rows": in_force_rows(instruments), "initial": initial.isoformat(), "first_year": first_year,
                          "last": last.isoformat(), "root": relative_root}, sort_keys=True, separators=(",", ":"))
    spec_id = "in-force-spec"
    return (f'<div class="nhs-in-force" data-spec="{spec_id}">'
            f'<noscript>JavaScript is off: the lists below show the rules in force on a few fixed dates.</noscript></div>'
            f'<script type="application/json" id="{spec_id}">{charts.script_json(payload)}</script>')


def table_explorer(frame: pd.DataFrame, caption: str, filters: list[str],
                   link_column: str | None = None, urls: list[str] | None = None) -> str:
    """A plain HTML table that nhs-explorers.js makes searchable, sortable and filterable by the named columns.

    If link_column is given, each cell of that column links to the matching address in urls."""
    head = "".join(f'<th scope="col" data-filter="{"1" if c in filters else ""}">{html.escape(c)}</th>' for c in frame.columns)
    body = []
    for position, (_, row) in enumerate(frame.iterrows()):
        cells = []
        for column in frame.columns:
            text = html.escape(str(row[column]))
            if column == link_column and urls:
                text = f'<a href="{html.escape(urls[position])}">{text}</a>'
            cells.append(f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="nhs-table-explorer"><table class="nhs-data-table"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")
