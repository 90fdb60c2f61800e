"""Seminar plans (book/seminars.yml) as page sections and as printable A4 handouts, from one source."""
from __future__ import annotations

import hashlib
import html
import json
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from . import citation, data, eras, inputs, paths, schema, teaching
from .entries import Entry

PLANS_FILE = paths.BOOK_DIR / "seminars.yml"
HANDOUT_FOLDER = "handouts"  # under the site root: handouts/<slug>.pdf
WHOLE_HISTORY = "whole-history"


@inputs.reading(PLANS_FILE)
@cache
def plans() -> dict:
    return yaml.safe_load(PLANS_FILE.read_text(encoding="utf-8"))


def plan(slug: str) -> dict:
    return plans()[slug]


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
    return (f"{link}. {html.escape(source['publisher'])}, {html.escape(source['published_date_label'] or 'date not known')} "
            f"({evidence}).")


def primary_sources_html(slug: str, relative_root: str | None) -> str:
    """The plan's primary sources: each instrument's summary and its source. relative_root None (print): no links
    to the site's pages, which a printed PDF would otherwise point at the builder's own disk."""
    instruments = data.load("instruments").set_index("instrument_id")
    sources = data.load("sources").set_index("source_id", drop=False)
    parts = []
    for instrument_id in plan(slug)["primary_sources"]:
        row = instruments.loc[instrument_id]
        cited = sources.loc[row["source_ids"]].sort_values("evidence", key=lambda s: s != "primary")
        title = html.escape(row["title"])
        if relative_root is not None:
            title = f'<a href="{relative_root}{Entry("instruments", instrument_id).url}">{title}</a>'
        parts.append(f'<div class="nhs-primary"><h4>{title} ({html.escape(row["published_date_label"])})</h4>'
                     f'<p>{html.escape(row["summary"])}</p><p class="nhs-cite-line">Source: '
                     f'{_source_line(cited.iloc[0], relative_root)}</p></div>')
    return "".join(parts)


def timings_html(slug: str) -> str:
    rows = "".join(f"<tr><td>{minutes} min</td><td>{html.escape(activity)}</td></tr>" for minutes, activity in plan(slug)["timings"])
    total = sum(minutes for minutes, _ in plan(slug)["timings"])
    return (f'<table class="nhs-data-table" tabindex="0"><caption>Timings ({total} minutes)</caption>'
            f'<thead><tr><th scope="col">Time</th><th scope="col">Activity</th></tr></thead><tbody>{rows}</tbody></table>')


def questions_html(slug: str, answers: bool = True) -> str:
    items = []
    for q in plan(slug)["questions"]:
        answer = (f"<details><summary>What good answers contain</summary><p>{html.escape(q['good_answer'])}</p></details>"
                  if answers else "")
        items.append(f"<li><p>{html.escape(q['question'])}</p>{answer}</li>")
    return f'<ol class="nhs-questions">{"".join(items)}</ol>'


def seminar_html(slug: str, relative_root: str) -> str:
    """The seminar plan as a page section: objectives, timings, primary sources, voices, questions, reading."""
    p = plan(slug)
    objectives = "".join(f"<li>{html.escape(o)}</li>" for o in p["objectives"])
    voice_rows = voices(slug)
    voices_part = ("".join(teaching.voice_html(v) for v in voice_rows.to_dict("records"))
                   or "<p>No dated quotations from this period in the data yet.</p>")
    reading = "".join(f"<li>{_source_line(s, relative_root)}</li>" for s in reading_list(slug).to_dict("records"))
    pdf = f"{relative_root}{HANDOUT_FOLDER}/{slug}.pdf"
    return (f'<section class="nhs-seminar" id="seminar-plan"><h2>Seminar plan (one hour)</h2>'
            f'<p><a class="nhs-handout-link" href="{pdf}">Download the printable A4 handout (PDF)</a>: timeline, key instruments, '
            f'primary sources, voices and questions, black-and-white safe.</p>'
            f"<h3>Objectives</h3><ul>{objectives}</ul><h3>Timings</h3>{timings_html(slug)}"
            f"<h3>Two primary sources</h3>{primary_sources_html(slug, relative_root)}"
            f"<h3>Voices, with their context</h3>{voices_part}"
            f"<h3>Questions</h3>{questions_html(slug)}"
            f"<h3>Reading list</h3><p>Primary documents first.</p><ol>{reading}</ol></section>")


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
        rows.append(f'<circle cx="96" cy="{y - 4}" r="5" fill="#000"/>'
                    f'<text x="86" y="{y}" text-anchor="end" font-size="11">{html.escape(row["published_date_label"])}</text>'
                    f'<text x="108" y="{y}" font-size="11" class="nhs-handout-label">{html.escape(row["short_title"] or row["title"])} '
                    f'<tspan fill="#444">({html.escape(kinds[row["kind"]].lower())})</tspan></text>')
    return (f'<svg class="nhs-handout-timeline" role="img" aria-label="Timeline of {len(instruments)} key instruments" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
            f'<line x1="96" y1="4" x2="96" y2="{height - 4}" stroke="#000" stroke-width="1.5"/>{"".join(rows)}</svg>')


def handout_html(slug: str) -> str:
    """A standalone A4 page: the era's title, labelled timeline, key instruments, primary sources, voices, questions."""
    p = plan(slug)
    key = key_instruments(slug)
    kinds = schema.labels("instruments", "kind")
    table = "".join(f"<tr><td>{html.escape(r['published_date_label'])}</td><td>{html.escape(r['title'])}</td>"
                    f"<td>{html.escape(kinds[r['kind']])}</td></tr>" for r in key.to_dict("records"))
    voice_rows = voices(slug).head(6)
    return f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{html.escape(p['title'])}: seminar handout</title>
<style>
@page {{ size: A4; margin: 14mm 14mm 16mm 14mm; }}
body {{ font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #000; }}
h1 {{ font-size: 17pt; margin: 0 0 4pt; }} h2 {{ font-size: 12.5pt; margin: 12pt 0 4pt; border-bottom: 1px solid #000; }}
table {{ border-collapse: collapse; width: 100%; font-size: 9.5pt; }} td, th {{ border-bottom: 1px solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top; }}
blockquote {{ margin: 4pt 0 8pt 10pt; }} blockquote p {{ margin: 0; font-style: italic; }} footer {{ font-size: 9pt; }}
.nhs-questions li {{ margin-bottom: 6pt; }} .small {{ font-size: 8.5pt; color: #333; }}
</style></head><body>
<h1>{html.escape(p['title'])}</h1>
<p class="small">Seminar handout from {html.escape(citation.SITE_TITLE)}, version {html.escape(citation.site_version())}.
Every fact is cited on the site.</p>
<h2>Timeline of key instruments</h2>{timeline_svg(key)}
<h2>Key instruments</h2><table><thead><tr><th>Date</th><th>Instrument</th><th>Kind</th></tr></thead><tbody>{table}</tbody></table>
<h2>Primary sources</h2>{primary_sources_html(slug, None)}
<h2>Voices</h2>{"".join(teaching.voice_html(v) for v in voice_rows.to_dict("records")) or "<p>No dated quotations from this period in the data yet.</p>"}
<h2>Questions for discussion</h2>{questions_html(slug, answers=False)}
</body></html>"""


def without_timestamps(pdf: bytes) -> bytes:
    """Chromium stamps each PDF with the moment it was printed; a fixed stamp of the same length keeps two
    builds of the same commit byte-identical (and every offset in the file where it was)."""
    import re

    return re.sub(rb"\((D:\d{14})([^)]*)\)", lambda m: b"(D:20000101000000" + m.group(2) + b")", pdf)


def printed_record(html_dir) -> Path:
    """Which HTML each PDF was printed from: beside the site folder, never published."""
    return html_dir.parent / "handouts-printed.json"


def stage_handouts(html_dir) -> dict[str, str]:
    """Write every handout's HTML; return {slug: digest of its HTML} for each whose PDF must be (re)printed."""
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
    return stale


def record_printed(html_dir, printed: dict[str, str]) -> None:
    record = printed_record(html_dir)
    before = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
    record.write_text(json.dumps(before | printed, indent=1, sort_keys=True), encoding="utf-8")


def print_pdfs(folder, slugs: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    from . import browser

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=browser.chromium_path(), args=browser.CHROMIUM_ARGS)
        page = chromium.new_page()
        for slug in slugs:
            page.goto((folder / f"{slug}.html").as_uri())
            pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
            (folder / f"{slug}.pdf").write_bytes(without_timestamps(pdf))
        chromium.close()


if __name__ == "__main__":  # python -m nhs_industry.seminars FOLDER SLUG...: print these handouts (the build calls this)
    import sys

    print_pdfs(Path(sys.argv[1]), sys.argv[2:])
