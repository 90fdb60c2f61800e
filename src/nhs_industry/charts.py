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
from plotly.io._base_renderers import MimetypeRenderer

from .entries import Entry

# Okabe-Ito palette: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999", "#882255"]

# One kind, one colour, across the whole site. Keys are the allowed values of instruments.kind.
KIND_COLOURS = {
    "act": PALETTE[0],
    "statutory-instrument": PALETTE[4],
    "circular": PALETTE[5],
    "guidance": PALETTE[1],
    "industry-code": PALETTE[2],
    "agreement": PALETTE[3],
    "strategy": PALETTE[7],
    "report": PALETTE[8],
    "ruling": PALETTE[9],
    "consultation": PALETTE[6],
}
KIND_LABELS = {
    "act": "Act of Parliament",
    "statutory-instrument": "Statutory instrument",
    "circular": "Circular or executive letter",
    "guidance": "Guidance",
    "industry-code": "Industry code",
    "agreement": "Agreement or scheme",
    "strategy": "Strategy or white paper",
    "report": "Report",
    "ruling": "Ruling",
    "consultation": "Consultation or draft",
}
# Marker shapes add a second cue besides colour.
CONFIDENCE_SYMBOLS = {"high": "circle", "medium": "diamond", "low": "circle-open"}

PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    # Saving an image is done in the browser; nothing is sent anywhere.
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}


def _stable_id(kind: str, spec: str) -> str:
    """Element ids from the content, so the same chart gives the same HTML on every build."""
    return f"{kind}-{hashlib.sha1(spec.encode('utf-8')).hexdigest()[:12]}"


def _script_json(spec: str) -> str:
    """JSON safe to place inside a <script> element."""
    return spec.replace("</", "<\\/")


def chart_html(kind: str, spec: str, label: str = "") -> str:
    """The markup the site's nhs-charts.js turns into a chart: an empty box plus its spec as JSON."""
    element_id = _stable_id(kind, spec)
    aria = f' role="img" aria-label="{html.escape(label)}"' if label else ""
    return (
        f'<div class="nhs-{kind}" id="{element_id}" data-spec="{element_id}-spec"{aria}></div>\n'
        f'<script type="application/json" id="{element_id}-spec">{_script_json(spec)}</script>'
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


def table_html(frame: pd.DataFrame, caption: str) -> str:
    """An accessible HTML table of the rows a chart draws."""
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (f'<table class="nhs-data-table"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def figure_html(body: str, caption: str, table: pd.DataFrame) -> str:
    """A chart's markup with its caption and its data as a table (for no-JS and screen readers)."""
    return (f'<figure class="nhs-figure">{body}'
            f"<figcaption>{html.escape(caption)}</figcaption>"
            f'<details class="nhs-table"><summary>The data in this chart as a table ({len(table)} rows)</summary>'
            f"{table_html(table, caption)}</details></figure>")


def figure(chart, caption: str, alt_text: str, table: pd.DataFrame) -> None:
    """Show a plotly or altair chart with its caption, a text alternative and its data as a table."""
    if isinstance(chart, go.Figure):
        body = chart_html("plotly", plotly_spec(chart), alt_text)
    else:
        body = chart_html("vega", json.dumps(chart.to_dict(), sort_keys=True, separators=(",", ":")), alt_text)
    display(HTML(figure_html(body, caption, table)))


# ---------------------------------------------------------------- builders


def _hover(row) -> str:
    lines = [
        f"<b>{html.escape(row['title'])}</b>",
        f"{html.escape(row['published_date_label'])} (known to the {row['published_date_precision']})",
        f"Issued by: {html.escape(row['issuer_names'])}",
        f"Kind: {KIND_LABELS.get(row['kind'], row['kind'])} · confidence: {row['confidence']}",
        wrap(row["summary"]),
    ]
    return "<br>".join(lines)


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


def instrument_timeline(instruments: pd.DataFrame, organisation_names: dict[str, str],
                        highlight: str | None = None, slider: bool = True) -> go.Figure:
    """One mark per instrument at its publication date, one row (and colour) per kind; a click opens its page."""
    frame = instruments.copy()
    frame["url"] = frame["instrument_id"].map(lambda i: Entry("instruments", i).url)
    frame["issuer_names"] = frame["issuer_ids"].map(lambda ids: ", ".join(organisation_names.get(i, i) for i in ids))
    frame["hover"] = frame.apply(_hover, axis=1)
    # A date known only to a year or month is drawn at the middle of its span.
    frame["x"] = frame["published_date_start"] + (frame["published_date_end"] - frame["published_date_start"]) / 2
    fig = go.Figure()
    for kind, label in KIND_LABELS.items():
        rows = frame[frame["kind"] == kind]
        if rows.empty:
            continue
        fig.add_trace(go.Scatter(
            x=rows["x"], y=[label] * len(rows), mode="markers", name=label,
            marker={"color": KIND_COLOURS[kind], "size": [20 if i == highlight else 13 for i in rows["instrument_id"]],
                    "line": {"width": [3 if i == highlight else 1 for i in rows["instrument_id"]], "color": "#333"},
                    "symbol": [CONFIDENCE_SYMBOLS[c] for c in rows["confidence"]]},
            customdata=rows[["instrument_id", "url"]].values,
            hovertext=rows["hover"], hoverinfo="text",
        ))
    fig.update_layout(
        template="plotly_white", height=220 + 45 * len(fig.data), margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"}, hoverlabel={"align": "left"},
        xaxis={"type": "date", "rangeslider": {"visible": slider, "thickness": 0.12}, "title": None},
        yaxis={"title": None, "automargin": True},
    )
    return fig
