"""Widgets that are tables first: the rules-in-force date picker and searchable, sortable tables."""

from __future__ import annotations

import datetime as dt
import html
import json

import pandas as pd

from ..model import in_force, rule_spans, schema
from ..model.entries import Entry
from . import charts


def in_force_rows(instruments: pd.DataFrame) -> list[dict]:
    """The spans the browser view reads, with each rule's title and page."""
    titles = instruments.set_index("instrument_id")["title"]
    return [{**row, "title": titles[row["id"]], "url": Entry("instruments", row["id"]).url} for row in in_force.browser_rows(instruments)]


RULE_ITEM_COLUMNS = ["instrument_id", "title", "in_force_from_label", "end_text", "status", "span"]  # what an item and describe() read


def _rule_items(frame: pd.DataFrame, relative_root: str, describe) -> str:
    return "".join(
        f'<li><a href="{relative_root}{Entry("instruments", r["instrument_id"]).url}">{html.escape(r["title"])}</a> '
        f"({html.escape(describe(r))})</li>"
        for r in frame[RULE_ITEM_COLUMNS].to_dict("records")
    )


def nation_label(nation: str) -> str:
    return schema.nations()[nation]


def snapshot_html(instruments: pd.DataFrame, on: dt.date, relative_root: str, nation: str = rule_spans.DEFAULT_NATION) -> str:
    """The rules in force in one nation on one date, grouped by kind, then the uncertain ones, then those whose
    status nobody has checked for that date (what readers without JavaScript see)."""
    answer = in_force.answer(instruments, on, nation)
    live, unsure = answer.in_force, answer.uncertain
    parts = [f"<h3>In force in {nation_label(nation)} on {on.strftime('%-d %B %Y')}: {len(live)} rules</h3>"]
    for kind, label in schema.labels("instruments", "kind").items():
        group = live[live["kind"] == kind]
        if not group.empty:
            parts.append(
                f"<h4>{html.escape(label)}</h4><ul>"
                + _rule_items(group, relative_root, lambda r: f"from {r['in_force_from_label']}; {r['end_text']}")
                + "</ul>"
            )
    if not unsure.empty:
        parts.append(
            f"<p>Uncertain on this date ({len(unsure)}): the start or end is known only to the year or month.</p><ul>"
            + _rule_items(
                unsure,
                relative_root,
                lambda r: (
                    f"coming into force some time in {r['in_force_from_label']}" if r["status"] == rule_spans.STARTING else r["end_text"]
                ),
            )
            + "</ul>"
        )
    if not answer.unchecked.empty:
        parts.append(
            f"<p>Status not checked for this date ({len(answer.unchecked)}): no end is recorded, but no source "
            "from the last few years confirms they still applied.</p><ul>"
            + _rule_items(answer.unchecked, relative_root, lambda r: r["span"].unchecked_text)
            + "</ul>"
        )
    return "".join(parts)


def nations_payload() -> list[dict]:
    return [{"value": value, "label": label} for value, label in schema.nations().items()]


def in_force_widget(instruments: pd.DataFrame, initial: dt.date, first_year: int, last: dt.date, relative_root: str) -> str:
    kinds = [{"value": c.value, "label": c.label} for c in schema.categories("instruments", "kind")]
    payload = json.dumps(
        {
            "rows": in_force_rows(instruments),
            "kinds": kinds,
            "initial": initial.isoformat(),
            "nations": nations_payload(),
            "nation": rule_spans.DEFAULT_NATION,
            "first_year": first_year,
            "last": last.isoformat(),
            "root": relative_root,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    spec_id = "in-force-spec"
    return (
        f'<div class="nhs-in-force" data-spec="{spec_id}">'
        f"<noscript>JavaScript is off: the lists below show the rules in force on a few fixed dates.</noscript></div>"
        f'<script type="application/json" id="{spec_id}">{charts.script_json(payload)}</script>'
    )


def table_explorer(
    frame: pd.DataFrame,
    caption: str,
    filters: list[str],
    link_column: str | None = None,
    urls: list[str] | None = None,
    sort_keys: dict[str, list[str]] | None = None,
) -> str:
    """A plain HTML table that nhs-explorers.js makes searchable, sortable and filterable by the named columns.

    urls and sort_keys are lists in the frame's own row order: link_column's cells link to urls, and a
    column in sort_keys sorts by those values (ISO dates) rather than by its text. Filter columns carry
    their values whole, so a filter matches a value exactly, never a part of one."""
    if urls is not None and len(urls) != len(frame):
        raise ValueError(f"{len(urls)} links for {len(frame)} rows")
    head = "".join(f'<th scope="col" data-filter="{"1" if c in filters else ""}">{html.escape(c)}</th>' for c in frame.columns)
    body = []
    for position, row in enumerate(frame.to_dict("records")):
        cells = []
        for column in frame.columns:
            value = str(row[column])
            text = html.escape(value)
            if column == link_column and urls:
                text = f'<a href="{html.escape(urls[position])}">{text}</a>'
            attributes = ""
            if sort_keys and column in sort_keys:
                attributes += f' data-sort="{html.escape(sort_keys[column][position])}"'
            if column in filters:
                attributes += f' data-values="{html.escape(json.dumps(value.split("; ")))}"'
            cells.append(f"<td{attributes}>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<div class="nhs-table-explorer"><table class="nhs-data-table" tabindex="0"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )
