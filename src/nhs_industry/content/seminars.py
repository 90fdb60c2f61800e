"""Seminar plans (book/seminars.yml) as page sections and as printable A4 handouts, from one source."""

from __future__ import annotations

import hashlib
import html
import json
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from .. import paths
from ..model import data, schema
from ..model.entries import Entry
from . import citation, context_svg, eras, teaching

PLANS_FILE = paths.BOOK_DIR / "seminars.yml"
HANDOUT_FOLDER = "handouts"  # under the site root: handouts/<slug>.pdf
WHOLE_HISTORY = "whole-history"


@cache
def plans() -> dict:
    return yaml.safe_load(PLANS_FILE.read_text(encoding="utf-8"))


def plan(slug: str) -> dict:
    return plans()[slug]


# A plan's "primary source" is the document itself: the Act or SI, the guidance or circular, the code.
DOCUMENT_KINDS = ("legislation", "industry-code", "government-guidance")  # in the order a document is preferred
# Where the document is not stored, the nearest official record: what the issuing body, a regulator or Parliament
# published about it (an announcement, a written answer, a reply), never a later news report or feature.
LATER_ACCOUNT_KINDS = ("news-article", "journal-article")
STANCES = ("for", "against", "mixed", "neutral")


def _primary_entries(slug: str) -> list[dict]:
    """The plan's primary sources as mappings: {instrument, not_stored?, record?}; a bare id is an instrument."""
    return [entry if isinstance(entry, dict) else {"instrument": entry} for entry in plan(slug)["primary_sources"]]


def primary_source_ids(slug: str) -> list[str]:
    return [entry["instrument"] for entry in _primary_entries(slug)]


def primary_document(slug: str, instrument_id: str) -> dict:
    """The stored copy of the document itself, or what the plan says instead: {source, not_stored, record}
    (source and record are source rows as dicts, or None)."""
    entry = next(e for e in _primary_entries(slug) if e["instrument"] == instrument_id)
    sources = data.load("sources").set_index("source_id", drop=False)
    cited = data.load("instruments").set_index("instrument_id").loc[instrument_id, "source_ids"]
    documents = [sources.loc[s] for s in cited if sources.loc[s, "kind"] in DOCUMENT_KINDS]
    documents.sort(key=lambda row: DOCUMENT_KINDS.index(row["kind"]))
    record = entry.get("record")
    return {
        "source": dict(documents[0]) if documents else None,
        "not_stored": entry.get("not_stored", ""),
        "record": dict(sources.loc[record]) if record else None,
    }


def plan_voices(slug: str) -> pd.DataFrame:
    """The quotations the plan sets against each other (book/seminars.yml 'voices'), in date order, undated last."""
    chosen = plan(slug).get("voices", [])
    frame = teaching.voices_with_context(include_undated=True)
    frame = frame[frame["quote_id"].isin(chosen)]
    return frame.sort_values(["said_date_mid", "quote_id"], na_position="last")


HONORIFICS = ("Dr ", "Mr ", "Mrs ", "Ms ", "Professor ", "Sir ", "Lord ")


def mention_name(voice) -> str:
    """How a narrative names a voice: the speaker without honorifics, or the organisation for a spokesperson."""
    if voice["speaker"].startswith("A spokesperson"):
        return voice["organisation"]
    name = voice["speaker"]
    while name.startswith(HONORIFICS):
        name = name.split(" ", 1)[1]
    return name


def reading(slug: str) -> pd.DataFrame:
    """The ranked reading list: up to five essential sources chosen in the plan, each with why, then up to ten
    further ones, the sources most cited by the era's entries (primary documents first), each with what it is
    the source for."""
    sources = data.load("sources").set_index("source_id", drop=False)
    rows = [{"tier": "essential", "source_id": e["source"], "why": e["why"]} for e in plan(slug).get("essential_reading", [])][:5]
    taken = {r["source_id"] for r in rows}
    cited_for: dict[str, list[str]] = {}
    for table, field in (("instruments", "published_date_mid"), ("partnerships", "start_date_mid"), ("quotes", "said_date_mid")):
        frame = data.load(table)
        for row in frame[_in_era(slug, frame[field])].to_dict("records"):
            label = (row.get("short_title") or row.get("title")) if table != "quotes" else "a quotation"
            for source_id in row["source_ids"]:
                cited_for.setdefault(source_id, []).append(label)
    ranked = sorted(
        (s for s in cited_for if s not in taken), key=lambda s: (sources.loc[s, "evidence"] != "primary", -len(cited_for[s]), s)
    )
    for source_id in ranked[:10]:
        labels = cited_for[source_id]
        named = sorted({x for x in labels if x != "a quotation"})
        quotes = labels.count("a quotation")
        parts = [", ".join(named[:3]) + (f" and {len(named) - 3} more" if len(named) > 3 else "")] if named else []
        parts += [f"{quotes} quotation{'s' if quotes != 1 else ''}"] if quotes else []
        kind = schema.label("sources", "evidence", sources.loc[source_id, "evidence"]).lower()
        rows.append({"tier": "further", "source_id": source_id, "why": f"A {kind} this site cites for {' and '.join(parts)}."})
    return pd.DataFrame(rows, columns=["tier", "source_id", "why"])


def _in_era(slug: str, column: pd.Series) -> pd.Series:
    if slug == WHOLE_HISTORY:
        return pd.Series(True, index=column.index)
    return eras.era(slug).contains(column)


def key_instruments(slug: str) -> pd.DataFrame:
    """The era's key milestones (all its instruments if none is marked), in date order."""
    instruments = data.load("instruments")
    inside = instruments[_in_era(slug, instruments["published_date_mid"])]
    marked = inside[inside["milestone"] == "yes"]
    return (marked if len(marked) else inside).sort_values(["published_date_start", "instrument_id"])


def voices(slug: str) -> pd.DataFrame:
    frame = teaching.voices_with_context()
    return frame[_in_era(slug, frame["said_date_mid"])]


def reading_list(slug: str) -> pd.DataFrame:
    """Sources cited by the era's instruments, partnerships and quotations: primary documents first, then by date."""
    cited: set[str] = set()
    for table, field in (("instruments", "published_date_mid"), ("partnerships", "start_date_mid"), ("quotes", "said_date_mid")):
        frame = data.load(table)
        cited |= {s for ids in frame[_in_era(slug, frame[field])]["source_ids"] for s in ids}
    sources = data.load("sources")
    chosen = sources[sources["source_id"].isin(cited)].copy()
    chosen["rank"] = (chosen["evidence"] != "primary").astype(int)
    return chosen.sort_values(["rank", "published_date_start", "source_id"], na_position="last")


def _source_line(source, relative_root: str) -> str:
    title = html.escape(source["title"])
    link = f'<a href="{html.escape(source["url"])}">{title}</a>' if source["url"].startswith(("http://", "https://")) else title
    evidence = schema.label("sources", "evidence", source["evidence"]).lower()
    return f"{link}. {html.escape(source['publisher'])}, {html.escape(source['published_date_label'] or 'date not known')} ({evidence})."


def _address(source) -> str:
    """A source's address as printed text, for a handout read on paper."""
    url = source["url"]
    return f' <span class="nhs-address">{html.escape(url)}</span>' if url.startswith(("http://", "https://")) else ""


def primary_sources_html(slug: str, relative_root: str | None) -> str:
    """The plan's primary sources: each instrument's summary and the document itself, or, where it is not stored,
    what the plan says and the nearest official record. relative_root None (print): no links to the site's pages,
    which a printed PDF would otherwise point at the builder's own disk; addresses are printed instead."""
    instruments = data.load("instruments").set_index("instrument_id")
    parts = []
    for instrument_id in primary_source_ids(slug):
        row = instruments.loc[instrument_id]
        document = primary_document(slug, instrument_id)
        title = html.escape(row["title"])
        if relative_root is not None:
            title = f'<a href="{relative_root}{Entry("instruments", instrument_id).url}">{title}</a>'
        printed = relative_root is None
        if document["source"] is not None:
            where = (
                f'<p class="nhs-cite-line">The document: {_source_line(document["source"], relative_root)}'
                f"{_address(document['source']) if printed else ''}</p>"
            )
        else:
            record = document["record"]
            where = f'<p class="nhs-cite-line">{html.escape(document["not_stored"])}'
            if record is not None:
                where += f" Nearest official record: {_source_line(record, relative_root)}{_address(record) if printed else ''}"
            where += "</p>"
        parts.append(
            f'<div class="nhs-primary"><h4>{title} ({html.escape(row["published_date_label"])})</h4>'
            f"<p>{html.escape(row['summary'])}</p>{where}</div>"
        )
    return "".join(parts)


def reading_html(slug: str, relative_root: str | None) -> str:
    sources = data.load("sources").set_index("source_id", drop=False)
    frame = reading(slug)
    parts = []
    for tier, heading in (("essential", "Essential"), ("further", "Further")):
        rows = frame[frame["tier"] == tier]
        if rows.empty:
            continue
        items = "".join(
            f"<li>{_source_line(sources.loc[r['source_id']], relative_root)}"
            f"{_address(sources.loc[r['source_id']]) if relative_root is None else ''} "
            f'<span class="nhs-why">{html.escape(r["why"])}</span></li>'
            for r in rows.to_dict("records")
        )
        parts.append(f"<h4>{heading}</h4><ol>{items}</ol>")
    return "".join(parts)


def voices_part(slug: str) -> str:
    voices = plan_voices(slug)
    note = plan(slug).get("voices_note", "")
    shown = "".join(teaching.voice_html(v, stance=True) for v in voices.to_dict("records"))
    return (f'<p class="nhs-voices-note">{html.escape(note)}</p>' if note else "") + (shown or "<p>No quotations chosen for this plan.</p>")


def timings_html(slug: str) -> str:
    rows = "".join(f"<tr><td>{minutes} min</td><td>{html.escape(activity)}</td></tr>" for minutes, activity in plan(slug)["timings"])
    total = sum(minutes for minutes, _ in plan(slug)["timings"])
    return (
        f'<table class="nhs-data-table" tabindex="0"><caption>Timings ({total} minutes)</caption>'
        f'<thead><tr><th scope="col">Time</th><th scope="col">Activity</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def questions_html(slug: str, answers: bool = True) -> str:
    items = []
    for q in plan(slug)["questions"]:
        answer = f"<details><summary>What good answers contain</summary><p>{html.escape(q['good_answer'])}</p></details>" if answers else ""
        items.append(f"<li><p>{html.escape(q['question'])}</p>{answer}</li>")
    return f'<ol class="nhs-questions">{"".join(items)}</ol>'


def seminar_html(slug: str, relative_root: str) -> str:
    """The seminar plan as a page section: objectives, timings, primary sources, voices, questions, reading."""
    p = plan(slug)
    objectives = "".join(f"<li>{html.escape(o)}</li>" for o in p["objectives"])
    pdf = f"{relative_root}{HANDOUT_FOLDER}/{slug}.pdf"
    return (
        f'<section class="nhs-seminar" id="seminar-plan"><h2>Seminar plan (one hour)</h2>'
        f'<p><a class="nhs-handout-link" href="{pdf}">Download the printable A4 handout (PDF)</a>: timeline, key instruments, '
        f"primary sources, voices and questions, black-and-white safe.</p>"
        f"<h3>Objectives</h3><ul>{objectives}</ul><h3>Timings</h3>{timings_html(slug)}"
        f"<h3>Two primary sources</h3>{primary_sources_html(slug, relative_root)}"
        f"<h3>Voices for the debate, with their context</h3>{voices_part(slug)}"
        f"<h3>Questions</h3>{questions_html(slug)}"
        f"<h3>Reading list</h3><p>Ranked: the essential reading first, then further reading.</p>"
        f"{reading_html(slug, relative_root)}</section>"
    )


def show(slug: str, relative_root: str = "../../") -> None:
    from IPython.display import HTML, display

    display(HTML(seminar_html(slug, relative_root)))


# ---------------------------------------------------------------- the printed handout


def timeline_svg(instruments: pd.DataFrame, width: int = 700) -> str:
    """A vertical, labelled timeline for print: one line per key instrument, so no label can overlap another.
    Black and white: the kind is written out, and confidence is given in words, not colour."""
    line = 22
    height = line * len(instruments) + 20
    kinds = schema.labels("instruments", "kind")
    rows = []
    for i, row in enumerate(instruments.to_dict("records")):
        y = 16 + i * line
        rows.append(
            f'<circle cx="96" cy="{y - 4}" r="5" fill="#000"/>'
            f'<text x="86" y="{y}" text-anchor="end" font-size="11">{html.escape(row["published_date_label"])}</text>'
            f'<text x="108" y="{y}" font-size="11" class="nhs-handout-label">{html.escape(row["short_title"] or row["title"])} '
            f'<tspan fill="#444">({html.escape(kinds[row["kind"]].lower())})</tspan></text>'
        )
    return (
        f'<svg class="nhs-handout-timeline" role="img" aria-label="Timeline of {len(instruments)} key instruments" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
        f'<line x1="96" y1="4" x2="96" y2="{height - 4}" stroke="#000" stroke-width="1.5"/>{"".join(rows)}</svg>'
    )


def era_chart_html(slug: str) -> str:
    """The era's chart for print: the instruments of the era's chapter, in the site timeline's kind rows, colours
    and shapes, over the years they span, drawn as SVG at build time so the printed handout needs no script.
    The whole-history handout has no era, and no chart of one."""
    if slug == WHOLE_HISTORY:
        return ""
    era_ = eras.era(slug)
    records = eras.contents(slug).instruments.to_dict("records")
    if not records:
        return ""
    first = min(r["published_date_mid"] for r in records)
    # The first era has no start of its own; its chart starts with the year of its first instrument.
    window = (max(era_.start, f"{first.year}-01-01"), era_.end)
    chosen, drawn = context_svg.nearest(records, window)
    chart = context_svg.ContextChart(chosen, drawn, None, label=f"Instruments, {era_.title.lower()}").svg(None)
    shown = "all " + str(len(records)) if len(chosen) == len(records) else f"{len(chosen)} of the {len(records)}"
    return (
        f'<figure class="nhs-handout-chart">{chart}<figcaption class="small">The period\'s chart: {shown} instruments '
        f"of the period by date and kind; a filled mark is well or fairly well sourced, a hollow one less sure. "
        f"The chart in the chapter also shows partnerships and quotations.</figcaption></figure>"
    )


def handout_html(slug: str) -> str:
    """A standalone A4 page: the era's title, labelled timeline, key instruments, primary sources, voices, questions."""
    p = plan(slug)
    key = key_instruments(slug)
    kinds = schema.labels("instruments", "kind")
    table = "".join(
        f"<tr><td>{html.escape(r['published_date_label'])}</td><td>{html.escape(r['title'])}</td>"
        f"<td>{html.escape(kinds[r['kind']])}</td></tr>"
        for r in key.to_dict("records")
    )
    return f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(p["title"])}: seminar handout</title>
<style>
@page {{ size: A4; margin: 14mm 14mm 16mm 14mm; }}
body {{ font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #000; }}
h1 {{ font-size: 17pt; margin: 0 0 4pt; }} h2 {{ font-size: 12.5pt; margin: 12pt 0 4pt; border-bottom: 1px solid #000; }}
table {{ border-collapse: collapse; width: 100%; font-size: 9.5pt; }}
td, th {{ border-bottom: 1px solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top; }}
blockquote {{ margin: 4pt 0 8pt 10pt; }} blockquote p {{ margin: 0; font-style: italic; }} footer {{ font-size: 9pt; }}
.nhs-questions li {{ margin-bottom: 6pt; }} .small {{ font-size: 8.5pt; color: #333; }}
.nhs-address {{ font-size: 8.5pt; overflow-wrap: anywhere; }} .nhs-why {{ display: block; font-size: 9pt; }}
.nhs-handout-timeline {{ max-width: 100%; height: auto; }}
/* The era's chart (context_svg): its row labels and plot side by side at one scale, as on the site (nhs.css). */
.nhs-handout-chart {{ margin: 0; break-inside: avoid; }} .nhs-context {{ display: flex; align-items: flex-start; }}
.nhs-context-lanes {{ flex: 0 0 calc(100% * var(--lanes) / (var(--lanes) + var(--plot))); }}
.nhs-context-scroll {{ flex: 1 1 0; min-width: 0; }} .nhs-context-plot {{ display: block; width: 100%; }}
/* On a screen (a phone opening the handout's HTML): readable text, no sideways scrolling. */
@media screen {{ body {{ font-size: 16px; max-width: 46rem; margin: 0 auto; padding: 0 12px; line-height: 1.45; overflow-wrap: anywhere; }}
  table {{ font-size: 14px; }} .small, .nhs-address, footer {{ font-size: 13px; }} }}
</style></head><body>
<h1>{html.escape(p["title"])}</h1>
<p class="small">Seminar handout from {html.escape(citation.SITE_TITLE)}, version {html.escape(citation.site_version())}.
Every fact is cited on the site.</p>
<h2>Timeline of key instruments</h2>{timeline_svg(key)}
{era_chart_html(slug)}
<h2>Key instruments</h2><table><thead><tr><th>Date</th><th>Instrument</th><th>Kind</th></tr></thead><tbody>{table}</tbody></table>
<h2>Primary sources</h2>{primary_sources_html(slug, None)}
<h2>Voices for the debate</h2>{voices_part(slug)}
<h2>Questions for discussion</h2>{questions_html(slug, answers=False)}
<h2>Reading list</h2>{reading_html(slug, None)}
</body></html>"""


def printed_record(html_dir) -> Path:
    """Which HTML each PDF was printed from: beside the site folder, never published."""
    return html_dir.parent / "handouts-printed.json"


def stage_handouts(html_dir) -> dict[str, str]:
    """Write every handout's HTML; return {slug: digest of its HTML} for each whose PDF must be (re)printed. A PDF
    printed from an older HTML is removed, so a build never publishes a handout that disagrees with its page."""
    folder = html_dir / HANDOUT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    record = printed_record(html_dir)
    printed_from = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
    stale = {}
    for slug in plans():
        text = handout_html(slug)
        (folder / f"{slug}.html").write_text(text, encoding="utf-8")
        digest = hashlib.sha256(text.encode()).hexdigest()
        if printed_from.get(slug) != digest or not (folder / f"{slug}.pdf").exists():
            stale[slug] = digest
            (folder / f"{slug}.pdf").unlink(missing_ok=True)
    return stale


def record_printed(html_dir, printed: dict[str, str]) -> None:
    record = printed_record(html_dir)
    before = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
    record.write_text(json.dumps(before | printed, indent=1, sort_keys=True), encoding="utf-8")
