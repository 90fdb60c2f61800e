"""The interactive timeline: rows, bands and lanes computed from the data, drawn in the browser by nhs-timeline.js."""

from __future__ import annotations

import html
import json

import pandas as pd

from ..model import data, dates, names, reported, schema
from ..model.entries import Entry
from ..model.names import Names
from . import charts, eras

PARTNERSHIP_LANE = "Partnerships"
QUOTE_LANE = "Voices (quotations)"
# Layers take colours outside the kind palette so they never read as a kind of instrument.
LAYER_COLOURS = {"partnership": "#7570b3", "quote": "#8c510a"}
ERA_GREYS = ["#f2f2f2", "#e4e4e4"]  # commissioning eras alternate; governments take their parties' colours
# A screen this narrow gets the timeline as cards, without the chart library (nhs-timeline.js; the site's extension
# starts the library early on any other: site/sphinx_ext.py).
PHONE = "(max-width: 640px)"


def _iso(value) -> str | None:
    return None if pd.isna(value) else value.date().isoformat()


def _span(row, field: str) -> dict:
    return {
        "start": _iso(row[f"{field}_start"]),
        "end": _iso(row[f"{field}_end"]),
        "mid": _iso(row[f"{field}_mid"]),
        "precision": row[f"{field}_precision"],
        "label": row[f"{field}_label"],
        "recorded": row[field],
    }  # the date as the data records it (YYYY, YYYY-MM or YYYY-MM-DD), for downloads


def instrument_rows(instruments: pd.DataFrame, org_names: Names) -> list[dict]:
    kinds, colours = schema.labels("instruments", "kind"), schema.colours("instruments", "kind")
    confidence = schema.labels("instruments", "confidence")
    rows = []
    for row in instruments.to_dict("records"):
        rows.append(
            {
                "id": row["instrument_id"],
                "layer": "instrument",
                "title": row["title"],
                "short": row["short_title"] or row["title"],
                "milestone": row["milestone"] == "yes",
                "summary": row["summary"],
                "lane": kinds[row["kind"]],
                "kind": row["kind"],
                "kind_label": kinds[row["kind"]],
                "colour": colours[row["kind"]],
                "themes": row["themes"],
                "confidence": row["confidence"],
                "url": Entry("instruments", row["instrument_id"]).url,
                "supersedes": row["supersedes_ids"],
                "source_ids": row["source_ids"],
                **_span(row, "published_date"),
                "hover": "<br>".join(
                    [
                        f"<b>{html.escape(row['title'])}</b>",
                        f"{html.escape(row['published_date_label'])} (known to the {row['published_date_precision']})",
                        f"Issued by: {html.escape(org_names.joined(row['issuer_ids'], row['published_date']))}",
                        f"Kind: {kinds[row['kind']]} · confidence: {confidence[row['confidence']].lower()}",
                    ]
                ),
            }
        )
    return rows


def partnership_rows(partnerships: pd.DataFrame, org_names: Names, source_dates: dict[str, str]) -> list[dict]:
    dissolved = reported.dissolved_dates()
    rows = []
    for row in partnerships[partnerships["start_date"] != ""].to_dict("records"):
        rows.append(
            {
                "id": row["partnership_id"],
                "layer": "partnership",
                "title": row["title"],
                "lane": PARTNERSHIP_LANE,
                "short": row["title"],
                "milestone": False,
                "summary": row["summary"],
                "kind_label": "Partnership",
                "kind": "partnership",
                "colour": LAYER_COLOURS["partnership"],
                "themes": [],
                "confidence": row["confidence"],
                "url": Entry("partnerships", row["partnership_id"]).url,
                "supersedes": [],
                "source_ids": row["source_ids"],
                **_span(row, "start_date"),
                "hover": "<br>".join(
                    [
                        f"<b>{html.escape(row['title'])}</b>",
                        f"Began {html.escape(row['start_date_label'])} (known to the {row['start_date_precision']}) · "
                        f"{html.escape(reported.status_today(row, source_dates, dissolved).lower())}",
                        f"NHS: {html.escape(org_names.joined(row['nhs_partner_ids'], row['start_date']))}",
                        f"Industry: {html.escape(org_names.joined(row['industry_partner_ids'], row['start_date']))}",
                    ]
                ),
            }
        )
    return rows


def quote_rows(quotes: pd.DataFrame, people: pd.DataFrame, org_names: Names) -> list[dict]:
    speakers = people.set_index("person_id")["name"].to_dict()
    rows = []
    for row in quotes[quotes["said_date"] != ""].to_dict("records"):
        organisation = org_names.name(row["organisation_id"], row["said_date"]) if row["organisation_id"] else ""
        speaker = speakers.get(row["person_id"]) or f"A spokesperson for {organisation}"
        rows.append(
            {
                "id": row["quote_id"],
                "layer": "quote",
                "title": f"{speaker}: “{row['text'][:60]}{'…' if len(row['text']) > 60 else ''}”",
                "lane": QUOTE_LANE,
                "short": speaker,
                "milestone": False,
                "summary": f"“{row['text']}” ({row['context']})",
                "kind_label": "Quotation",
                "kind": "quote",
                "colour": LAYER_COLOURS["quote"],
                "themes": [],
                "confidence": row["confidence"],
                "url": None,
                "supersedes": [],
                "source_ids": row["source_ids"],
                **_span(row, "said_date"),
                "hover": "<br>".join(
                    [
                        f"<b>{html.escape(speaker)}</b> ({html.escape(organisation)})",
                        f"{html.escape(row['said_date_label'])} · {schema.label('quotes', 'stance', row['stance']).lower()}",
                    ]
                ),
            }
        )
    return rows


def band_rows(periods: pd.DataFrame, until) -> list[dict]:
    """Government bands in their parties' colours (a coalition split between them), eras in alternating greys."""
    party_colours = schema.colours("periods", "parties")
    bands = []
    for kind, group in periods.sort_values("start_date_start").groupby("kind", sort=False):
        for index, row in enumerate(group.to_dict("records")):
            end = row["end_date_end"] if row["end_date"] else pd.Timestamp(until)
            bands.append(
                {
                    "kind": kind,
                    "label": row["label"],
                    "short": row["short_label"] or row["label"],
                    "start": _iso(row["start_date_start"]),
                    "end": _iso(end),
                    "colour": ERA_GREYS[index % 2],
                    "colours": [party_colours[p] for p in row["parties"]],
                }
            )
    return bands


def lanes() -> dict[str, list[str]]:
    """Lane order (as readers see the lane names) for each way of grouping: by kind or by theme, in the schema's order."""
    themes = schema.labels("instruments", "themes")
    return {
        "kind": list(schema.labels("instruments", "kind").values()) + [PARTNERSHIP_LANE, QUOTE_LANE],
        "theme": list(themes.values()) + [PARTNERSHIP_LANE, QUOTE_LANE],
    }


def axis_range(rows: list[dict], today, window: tuple[str, str] | None = None) -> list[str] | None:
    """The dates the axis shows: from where the data starts (less a sliver, so the first mark is whole) to today.
    In a window (an era) the axis shows the window too, and every row's whole span, but never runs past today."""
    if not rows:
        return None
    first = min(pd.Timestamp(r["start"]) for r in rows)
    last = max(pd.Timestamp(r["end"]) for r in rows)
    end = max(pd.Timestamp(today), last)  # an entry dated after "today" (a pinned test date) is never cut off
    if window:
        first = min(first, pd.Timestamp(window[0])) if window[0] > "0001-01-01" else first
        pad = max((end - first) / 100, pd.Timedelta(days=120))
        end = min(max(last, pd.Timestamp(window[1])) + pad, end)
    pad = max((end - first) / 100, pd.Timedelta(days=120))
    return [(first - pad).date().isoformat(), end.date().isoformat()]


def undated_entries(options_layers: tuple[str, ...]) -> list[dict]:
    """Entries of the shown layers that have no date and so cannot be drawn: listed beside the chart instead."""
    out = []
    if "partnership" in options_layers:
        frame = data.load("partnerships")
        out += [
            {"layer": "partnership", "title": r["title"], "url": Entry("partnerships", r["partnership_id"]).url}
            for r in frame[frame["start_date"] == ""].to_dict("records")
        ]
    if "quote" in options_layers:
        frame = data.load("quotes")
        out += [{"layer": "quote", "title": f"“{r['text'][:80]}”", "url": None} for r in frame[frame["said_date"] == ""].to_dict("records")]
    return out


def _within(frame: pd.DataFrame, field: str, window: tuple[str, str] | None) -> pd.DataFrame:
    """The entries whose middle date (as their rows give it, ISO) falls in the window; undated ones are dropped by
    the row builders anyway. Filtered before the rows are made: an era's chart made every row of the data first."""
    if not window:
        return frame
    middles = [_iso(value) for value in frame[f"{field}_mid"]]
    return frame[[m is not None and window[0] <= m <= window[1] for m in middles]]


def spec(
    window: tuple[str, str] | None = None,
    controls: bool = True,
    layers: tuple[str, ...] = (),
    only: tuple[str, ...] | None = None,
    highlight: str | None = None,
    story: bool = False,
    undated: list[dict] | None = None,
) -> dict:
    """Everything the browser needs to draw the timeline. window limits the rows to a date range; only, to some
    instruments; undated, the entries without a date listed beside the chart (by default every one: the full
    timeline; an era passes only those its sources place in it)."""
    org_names = names.load()
    source_dates = reported.source_dates()
    rows = (
        instrument_rows(_within(data.load("instruments"), "published_date", window), org_names)
        + partnership_rows(_within(data.load("partnerships"), "start_date", window), org_names, source_dates)
        + quote_rows(_within(data.load("quotes"), "said_date", window), data.load("people"), org_names)
    )
    if only is not None:
        rows = [r for r in rows if r["id"] in only]
    return {
        "rows": rows,
        "range": axis_range(rows, dates.today(), window),
        "undated": undated_entries(("partnership", "quote")) if undated is None else undated,
        "symbols": schema.symbols("instruments", "confidence"),
        "bands": band_rows(data.load("periods"), dates.today()),
        "lanes": lanes(),
        "kinds": [
            {"value": k, "label": v, "colour": schema.colours("instruments", "kind")[k]}
            for k, v in schema.labels("instruments", "kind").items()
        ],
        "themes": [{"value": k, "label": v} for k, v in schema.labels("instruments", "themes").items()],
        "window": list(window) if window else None,
        "eras": era_windows(),
        "today": dates.today().isoformat(),
        "controls": controls,
        "highlight": [highlight] if highlight else [],
        "story": story_steps() if story else [],
        "layers": list(layers),
        "config": charts.PLOTLY_CONFIG,
        "phone": PHONE,
        "source_urls": source_urls(rows),
        "licence": data_licence(),
    }


def source_urls(rows: list[dict]) -> dict[str, str]:
    """The web address of each source the rows cite (sources known only on paper have none), for the rows' CSV."""
    cited = {source_id for row in rows for source_id in row["source_ids"]}
    sources = data.load("sources")
    return {
        r["source_id"]: r["url"]
        for r in sources.to_dict("records")
        if r["source_id"] in cited and r["url"].startswith(("http://", "https://"))
    }


def data_licence() -> dict[str, str]:
    """The data's licence as the data package declares it: its title, short name and address."""
    licence = schema.package()["licenses"][0]
    return {"title": licence["title"], "name": licence["name"], "url": licence["path"]}


def era_windows() -> list[dict]:
    """The era chapters' periods, for the timeline's "Jump to": an open start is the data's own, an open end today."""
    first = data.load("instruments")["published_date_start"].min()
    return [{"title": e.title, "from": e.first or first.date().isoformat(), "to": e.last or dates.today().isoformat()} for e in eras.ERAS]


def figure_html(caption: str, alt_text: str, table: pd.DataFrame, relative_root: str = "../", **options) -> str:
    """The interactive timeline with its caption, text alternative and data table, as HTML."""
    payload = json.dumps(spec(**options), sort_keys=True, separators=(",", ":"))
    figure = charts.figure_html(charts.chart_html("timeline", payload, alt_text), caption, table, relative_root)
    # The master timeline (with its controls) takes the page's full width, beside no table of contents.
    return f'<div class="nhs-wide">{figure}</div>' if options.get("controls", True) else figure


def show(caption: str, alt_text: str, table: pd.DataFrame, **options) -> None:
    """Display the interactive timeline with its caption, text alternative and data table."""
    from IPython.display import HTML, display

    display(HTML(figure_html(caption, alt_text, table, **options)))


def story_steps() -> list[dict]:
    """The guided story's steps, in order, each with the span it shows, what it highlights and its sources."""
    steps = data.load("story").sort_values("position")
    sources = data.load("sources").set_index("source_id")
    return [
        {
            "position": int(row["position"]),
            "id": row["step_id"],
            "title": row["title"],
            "text": row["text"],
            "from": _iso(row["from_date_start"]),
            "to": _iso(row["to_date_end"]),
            "ids": row["instrument_ids"],
            "sources": [
                {
                    "title": sources.loc[s, "title"],
                    "publisher": sources.loc[s, "publisher"],
                    "url": sources.loc[s, "url"] if sources.loc[s, "url"].startswith(("http://", "https://")) else "",
                }
                for s in row["source_ids"]
            ],
        }
        for row in steps.to_dict("records")
    ]


def story_html() -> str:
    """The story's steps as plain text, with their sources, for readers without JavaScript and for print."""
    items = []
    for step in story_steps():
        sources = "; ".join(
            (f'<a href="{html.escape(s["url"])}">{html.escape(s["title"])}</a>' if s["url"] else f"<cite>{html.escape(s['title'])}</cite>")
            + f" ({html.escape(s['publisher'])})"
            for s in step["sources"]
        )
        items.append(
            f'<li id="step-{step["position"]}"><strong>{html.escape(step["title"])}</strong> '
            f"({step['from'][:4]}–{step['to'][:4]}). {html.escape(step['text'])} "
            f'<span class="nhs-story-sources">Sources: {sources}.</span></li>'
        )
    return f'<ol class="nhs-story-text">{"".join(items)}</ol>'
