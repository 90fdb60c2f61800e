"""The one place chart renderers, colours and builders live; charts are drawn by the site's own JS, never a CDN."""

from __future__ import annotations

import hashlib
import html
import json

import altair as alt
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from IPython.display import HTML, display
from plotly.io.base_renderers import MimetypeRenderer  # the public module plotly documents for custom renderers

from ..model import schema
from ..model.entries import Entry

PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    # Saving an image is done in the browser; nothing is sent anywhere.
    "toImageButtonOptions": {"format": "png", "scale": 2},
    # plotly.js 4 offers "Share chart...", which uploads the chart to Plotly Cloud: nothing leaves the site.
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "sendChartToCloud", "sendDataToCloud"],
    "showSendToCloud": False,
    "showEditInChartStudio": False,
}


def _stable_id(kind: str, spec: str) -> str:
    """Element ids from the content, so the same chart gives the same HTML on every build."""
    return f"{kind}-{hashlib.sha1(spec.encode('utf-8')).hexdigest()[:12]}"


def script_json(spec: str) -> str:
    """JSON safe to place inside a <script> element."""
    return spec.replace("</", "<\\/")


def chart_html(kind: str, spec: str, label: str = "") -> str:
    """The markup the site's nhs-charts.js turns into a chart: an empty box plus its spec as JSON."""
    element_id = _stable_id(kind, spec)
    # "group", not "img": charts hold controls (zoom, save, filters) that an img role would hide.
    aria = f' role="group" aria-label="{html.escape(label)}"' if label else ""
    return (
        f'<div class="nhs-{kind}" id="{element_id}" data-spec="{element_id}-spec"{aria}></div>\n'
        f'<script type="application/json" id="{element_id}-spec">{script_json(spec)}</script>'
    )


def plotly_spec(fig: go.Figure) -> str:
    spec = json.loads(pio.to_json(fig, validate=False))
    spec["config"] = PLOTLY_CONFIG
    return json.dumps(spec, sort_keys=True, separators=(",", ":"))


class _PlotlyRenderer(MimetypeRenderer):
    """Renders a figure as site markup, so plotly.js is never inlined or fetched from a CDN."""

    def to_mimebundle(self, fig_dict):
        return {"text/html": chart_html("plotly", plotly_spec(go.Figure(fig_dict)))}


def _altair_renderer(spec: dict, **_options) -> dict:
    return {"text/html": chart_html("vega", json.dumps(spec, sort_keys=True, separators=(",", ":")))}


def setup() -> None:
    """Call once at the top of every chapter: routes plotly and altair output through the site's renderers."""
    pio.renderers["nhs"] = _PlotlyRenderer()
    pio.renderers.default = "nhs"
    pio.templates.default = "plotly_white"
    alt.renderers.register("nhs", _altair_renderer)
    alt.renderers.enable("nhs")
    # Charts here are small; embedding the rows in the spec keeps each page self-contained.
    alt.data_transformers.disable_max_rows()


def table_html(frame: pd.DataFrame, caption: str, relative_root: str = "../") -> str:
    """An accessible HTML table of the rows a chart draws; for a table of entries, each title links to its page,
    so keyboard and screen-reader users reach every entry the chart shows."""
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
    # attrs["entries"]: one table for every row, or a list naming each row's table (None: a row with no page)
    entries = frame.attrs.get("entries")
    per_row = entries if isinstance(entries, list) else [entries] * len(frame)

    def cell(column, value, entry_id, table) -> str:
        text = html.escape(str(value))
        if table and column == "Title":
            text = f'<a href="{html.escape(relative_root + Entry(table, entry_id).url)}">{text}</a>'
        return f"<td>{text}</td>"

    body = "".join(
        "<tr>" + "".join(cell(column, value, entry_id, table) for column, value in zip(frame.columns, row)) + "</tr>"
        for entry_id, table, row in zip(frame.index, per_row, frame.itertuples(index=False))
    )
    return (
        f'<table class="nhs-data-table" tabindex="0"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def figure_html(body: str, caption: str, table: pd.DataFrame, relative_root: str = "../") -> str:
    """A chart's markup with its caption and its data as a table (for no-JS and screen readers)."""
    return (
        f'<figure class="nhs-figure">{body}'
        f"<figcaption>{html.escape(caption)}</figcaption>"
        f'<details class="nhs-table"><summary>The data in this chart as a table ({len(table)} rows)</summary>'
        f"{table_html(table, caption, relative_root)}</details></figure>"
    )


def figure(chart, caption: str, alt_text: str, table: pd.DataFrame) -> None:
    """Show a plotly or altair chart with its caption, a text alternative and its data as a table."""
    if isinstance(chart, go.Figure):
        body = chart_html("plotly", plotly_spec(chart), alt_text)
    else:
        body = chart_html("vega", json.dumps(chart.to_dict(), sort_keys=True, separators=(",", ":")), alt_text)
    display(HTML(figure_html(body, caption, table)))


# ---------------------------------------------------------------- builders

PARTNERSHIP_COLOUR = "#7570b3"  # partnerships are not a kind of instrument, so they take a colour outside that palette
LABEL_CHARACTERS = 42  # network labels longer than this end in an ellipsis; the full name is on hover


def display_title(row) -> str:
    """The short title where a row has one, else its title (never a missing value shown as 'nan')."""
    short = row.get("short_title") if hasattr(row, "get") else None
    return short if isinstance(short, str) and short else row["title"]


def short_label(text: str, limit: int = LABEL_CHARACTERS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def date_range(starts: pd.Series, ends: pd.Series) -> list[str] | None:
    """An axis range covering every span from starts to ends, padded by a twentieth (at least six months)."""
    starts, ends = starts.dropna(), ends.dropna()
    if starts.empty:
        return None
    first, last = starts.min(), max(ends.max() if not ends.empty else starts.max(), starts.max())
    pad = max((last - first) / 20, pd.Timedelta(days=182))
    return [(first - pad).date().isoformat(), (last + pad).date().isoformat()]


def not_drawn_html(what: str, reason: str, titles_and_urls: list[tuple[str, str]]) -> str:
    """A note beside a chart naming the rows it cannot draw, and why, so nothing vanishes silently."""
    if not titles_and_urls:
        return ""
    items = "".join(f'<li><a href="{html.escape(url)}">{html.escape(title)}</a></li>' for title, url in titles_and_urls)
    return (
        f'<div class="nhs-not-drawn"><p>{len(titles_and_urls)} {html.escape(what)} not drawn: {html.escape(reason)}.</p>'
        f"<details><summary>List them</summary><ul>{items}</ul></details></div>"
    )


def wrap(text: str, width: int = 70) -> str:
    """Break long hover text into lines; plotly does not wrap hover labels itself."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(html.escape(part) for part in lines)


def organisation_lifespans(organisations: pd.DataFrame, until) -> go.Figure:
    """A bar from founding to dissolution (or today) for each organisation whose founding date is known."""
    known = organisations[organisations["founded_date"] != ""].sort_values(["founded_date_start", "organisation_id"])
    fig = go.Figure()
    end = known["dissolved_date_end"].fillna(pd.Timestamp(until))
    labels = known["short_name"].where(known["short_name"] != "", known["name"])
    for kind, colour in schema.colours("organisations", "kind").items():
        rows = known["kind"] == kind
        if not rows.any():
            continue
        x, y, hover = [], [], []
        for row, finish, label in zip(known[rows].to_dict("records"), end[rows], labels[rows]):
            x += [row["founded_date_start"], finish, None]
            y += [label, label, None]
            span = f"{row['founded_date_label']} – {row['dissolved_date_label'] or 'today'}"
            hover += [f"<b>{html.escape(row['name'])}</b><br>{span}"] * 2 + [None]
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines",
                name=schema.labels("organisations", "kind")[kind],
                line={"color": colour, "width": 8},
                hovertext=hover,
                hoverinfo="text",
            )
        )
    fig.update_layout(
        template="plotly_white",
        height=max(300, 18 * len(known) + 120),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"},
        xaxis={"type": "date", "title": None, "range": date_range(known["founded_date_start"], end)},
        yaxis={"autorange": "reversed", "automargin": True, "title": None, "categoryorder": "array", "categoryarray": list(labels)},
    )
    return fig


def network(organisations: pd.DataFrame, instruments: pd.DataFrame, partnerships: pd.DataFrame) -> go.Figure:
    """Organisations (left) joined to what they issued or partnered in (right, in date order)."""
    # Only the columns read are turned into rows (here and below): whole rows made this chart slow with more data.
    edges = [(i, entry, "instruments") for entry, issuers in zip(instruments["instrument_id"], instruments["issuer_ids"]) for i in issuers]
    edges += [
        (i, entry, "partnerships")
        for entry, nhs, industry in zip(
            partnerships["partnership_id"], partnerships["nhs_partner_ids"], partnerships["industry_partner_ids"]
        )
        for i in nhs + industry
    ]
    linked = sorted({org for org, _, _ in edges})
    org_rows = organisations.set_index("organisation_id").loc[linked].sort_values(["kind", "name"])
    entries = pd.concat(
        [
            instruments.assign(entry_id=instruments["instrument_id"], table="instruments", when=instruments["published_date_start"]),
            partnerships.assign(entry_id=partnerships["partnership_id"], table="partnerships", when=partnerships["start_date_start"]),
        ]
    ).sort_values(["when", "entry_id"])
    entry_rows = entries[[c for c in ("table", "entry_id", "kind", "title", "short_title") if c in entries.columns]].to_dict("records")
    left = {org: index for index, org in enumerate(org_rows.index)}
    right = {(row["table"], row["entry_id"]): index for index, row in enumerate(entry_rows)}
    scale = max(len(left), len(right), 1)
    y_left = {org: -i * scale / max(len(left), 1) for org, i in left.items()}
    y_right = {key: -i * scale / max(len(right), 1) for key, i in right.items()}
    x, y = [], []
    for org, entry, table in edges:
        x += [0, 1, None]
        y += [y_left[org], y_right[(table, entry)], None]
    fig = go.Figure(go.Scatter(x=x, y=y, mode="lines", line={"color": "rgba(80,80,80,0.35)", "width": 1}, hoverinfo="skip", name="link"))
    fig.add_trace(
        go.Scatter(
            x=[0] * len(left),
            y=list(y_left.values()),
            mode="markers+text",
            name="organisations",
            textposition="middle left",
            text=[short_label(short or name) for short, name in zip(org_rows["short_name"], org_rows["name"])],
            marker={"size": 9, "color": org_rows["kind"].map(schema.colours("organisations", "kind")).tolist()},
            hovertext=org_rows["name"].tolist(),
            hoverinfo="text",
            customdata=[[o, Entry("organisations", o).url] for o in left],
        )
    )
    kind_colours = schema.colours("instruments", "kind")
    fig.add_trace(
        go.Scatter(
            x=[1] * len(right),
            y=list(y_right.values()),
            mode="markers+text",
            name="instruments and partnerships",
            textposition="middle right",
            text=[short_label(display_title(row)) for row in entry_rows],
            marker={
                "size": 9,
                "color": [kind_colours[row["kind"]] if row["table"] == "instruments" else PARTNERSHIP_COLOUR for row in entry_rows],
            },
            hovertext=entries["title"].tolist(),
            hoverinfo="text",
            customdata=[[row["entry_id"], Entry(row["table"], row["entry_id"]).url] for row in entry_rows],
        )
    )
    fig.update_layout(
        template="plotly_white",
        height=max(400, 16 * scale + 100),
        showlegend=False,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        # Room for labels of up to LABEL_CHARACTERS on both sides, so none is cut off at the edges.
        xaxis={"visible": False, "range": [-1.6, 2.6], "fixedrange": True},
        yaxis={"visible": False},
    )
    return fig


def partnership_timeline(partnerships: pd.DataFrame, organisation_names, statuses: dict[str, str]) -> go.Figure:
    """One mark per dated partnership, one row per model of working; a click opens its page."""
    dated = partnerships[partnerships["start_date"] != ""]
    fig = go.Figure()
    for model, label in schema.labels("partnerships", "model").items():
        rows = dated[dated["model"] == model]
        if rows.empty:
            continue
        middle = rows["start_date_mid"]
        hover = [
            f"<b>{html.escape(r['title'])}</b><br>{r['start_date_label']} · {html.escape(statuses[r['partnership_id']].lower())}<br>"
            f"{html.escape(organisation_names.joined(r['industry_partner_ids'], r['start_date']))}<br>{wrap(r['summary'])}"
            for r in rows.to_dict("records")
        ]
        fig.add_trace(
            go.Scatter(
                x=middle,
                y=[label] * len(rows),
                mode="markers",
                name=label,
                marker={
                    "size": 13,
                    "color": schema.colours("partnerships", "model")[model],
                    "line": {"width": 1, "color": "#333"},
                    "symbol": rows["confidence"].map(schema.symbols("instruments", "confidence")).tolist(),
                },
                hovertext=hover,
                hoverinfo="text",
                customdata=[[r["partnership_id"], Entry("partnerships", r["partnership_id"]).url] for r in rows.to_dict("records")],
            )
        )
    fig.update_layout(
        template="plotly_white",
        height=160 + 45 * len(fig.data),
        showlegend=False,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        hoverlabel={"align": "left"},
        xaxis={"type": "date", "title": None, "range": date_range(dated["start_date_start"], dated["start_date_end"])},
        yaxis={"automargin": True, "title": None},
    )
    return fig


def counts_by_period_chart(counts: pd.DataFrame) -> alt.Chart:
    """Stacked bars: instruments per period, coloured by kind with the site's kind colours."""
    frame = counts.assign(kind_label=counts["kind"].map(schema.labels("instruments", "kind")))
    kinds = [label for kind, label in schema.labels("instruments", "kind").items() if kind in set(counts["kind"])]
    colours = [schema.colours("instruments", "kind")[kind] for kind in schema.labels("instruments", "kind") if kind in set(counts["kind"])]
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("period:N", title="Period", sort="ascending"),
            y=alt.Y("instruments:Q", title="Instruments"),
            color=alt.Color("kind_label:N", title="Kind", scale=alt.Scale(domain=kinds, range=colours)),
            tooltip=[
                alt.Tooltip("period", title="Period"),
                alt.Tooltip("kind_label", title="Kind"),
                alt.Tooltip("instruments", title="Instruments"),
            ],
        )
        .properties(width="container", height=300)
    )


def themes_heatmap(themes: pd.DataFrame) -> alt.Chart:
    labels = schema.labels("instruments", "themes")
    themes = themes.assign(theme=themes["theme"].map(labels))
    return (
        alt.Chart(themes)
        .mark_rect()
        .encode(
            x=alt.X("period:N", title="Period", sort="ascending"),
            y=alt.Y("theme:N", title=None, sort=[v for v in labels.values() if v in set(themes["theme"])]),
            color=alt.Color("instruments:Q", title="Instruments", scale=alt.Scale(scheme="blues")),
            tooltip=[
                alt.Tooltip("period", title="Period"),
                alt.Tooltip("theme", title="Theme"),
                alt.Tooltip("instruments", title="Instruments"),
            ],
        )
        .properties(width="container", height=alt.Step(18))
    )


def partnerships_by_area_chart(areas: pd.DataFrame) -> alt.Chart:
    areas = areas.assign(
        clinical_areas=areas["clinical_areas"].map(schema.labels("partnerships", "clinical_areas")),
        model=areas["model"].map(schema.labels("partnerships", "model")),
    )
    models = [label for label in schema.labels("partnerships", "model").values() if label in set(areas["model"])]
    colours = [
        schema.colours("partnerships", "model")[value]
        for value, label in schema.labels("partnerships", "model").items()
        if label in set(areas["model"])
    ]
    return (
        alt.Chart(areas)
        .mark_bar()
        .encode(
            y=alt.Y("clinical_areas:N", title=None, sort="-x"),
            x=alt.X("partnerships:Q", title="Partnerships"),
            color=alt.Color("model:N", title="Model", scale=alt.Scale(domain=models, range=colours)),
            tooltip=[
                alt.Tooltip("clinical_areas", title="Clinical area"),
                alt.Tooltip("model", title="Model"),
                alt.Tooltip("partnerships", title="Partnerships"),
            ],
        )
        .properties(width="container", height=alt.Step(22))
    )
