"""Views that travel: the timeline's "Embed this view" (nhs-travel.js), the chart-only page it frames (embed.py),
the rows' CSV download and the exported images, checked in the real built site in Chromium."""

from __future__ import annotations

import base64
import csv
import io
import re
import struct
import urllib.parse
from pathlib import Path

import browser
import pytest
from playwright.sync_api import expect

from nhs_industry.content import citation
from nhs_industry.model import data, schema

pytestmark = pytest.mark.full

# A view a lecturer might make: two kinds of instrument, the 2000s only.
VIEW = "kinds=act,guidance&from=2000-01-01&to=2010-12-31"


def instruments_in_view() -> set[str]:
    frame = data.load("instruments")
    return set(frame[frame["kind"].isin(["act", "guidance"])]["instrument_id"])


def open_timeline(page, base_url, query: str = VIEW):
    browser.open_settled(page, f"{base_url}/book/timeline.html?{query}")
    page.wait_for_selector(".nhs-timeline-plot .scatterlayer .point")


def embed_code(page) -> str:
    page.get_by_role("button", name="Embed this view").click()
    dialog = page.get_by_role("dialog", name="Embed this view")
    expect(dialog).to_be_visible()
    return dialog.get_by_label("Embed code").input_value()


def iframe_attributes(code: str) -> dict[str, str]:
    assert code.startswith("<iframe ") and code.endswith("></iframe>"), code
    return {name: value.replace("&amp;", "&") for name, value in re.findall(r'(\w+)="([^"]*)"', code)}


def test_embed_this_view_gives_the_iframe_of_the_view_and_copies_it_with_a_spoken_status(chromium, base_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page = context.new_page()
    page.log = browser.watch(page)
    open_timeline(page, base_url)
    code = embed_code(page)
    src = urllib.parse.urlsplit(iframe_attributes(code)["src"])
    assert src.path == "/embed/timeline.html"
    assert urllib.parse.parse_qs(src.query) == {"kinds": ["act,guidance"], "from": ["2000-01-01"], "to": ["2010-12-31"]}
    assert int(iframe_attributes(code)["height"]) > page.locator(".nhs-timeline-plot").bounding_box()["height"]
    dialog = page.get_by_role("dialog", name="Embed this view")
    dialog.get_by_role("button", name="Copy the code").click()
    expect(dialog.get_by_role("status")).to_have_text("Copied the embed code.")
    assert page.evaluate("navigator.clipboard.readText()") == code
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Embed this view")).to_be_focused()  # back where the reader was
    assert page.log.console_errors == [] and page.log.offsite_requests == []
    context.close()


def test_without_the_clipboard_the_code_is_selected_and_the_status_says_how_to_copy_it(chromium, base_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    # A page served without https offers no navigator.clipboard: the same here, on a local address.
    context.add_init_script("Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });")
    page = context.new_page()
    open_timeline(page, base_url)
    code = embed_code(page)
    dialog = page.get_by_role("dialog", name="Embed this view")
    dialog.get_by_role("button", name="Copy the code").click()
    expect(dialog.get_by_role("status")).not_to_be_empty()
    assert (
        page.evaluate(
            "document.getSelection().toString() || (() => { const t = document.activeElement;"
            " return t.value.slice(t.selectionStart, t.selectionEnd); })()"
        )
        == code
    )
    context.close()


def frame_host(page, code: str, width: int):
    """A course page (on another address than the site) holding the code the reader copied."""
    page.set_content(f'<!DOCTYPE html><html><body style="margin:0"><div style="width:{width}px">{code}</div></body></html>')
    frame = page.locator("iframe").element_handle().content_frame()
    frame.wait_for_selector(".nhs-timeline-plot .scatterlayer .point, .nhs-card")
    return frame


@pytest.mark.parametrize("width", [375, 700, 1000, 1280])
def test_the_framed_view_draws_the_chosen_rows_with_its_key_and_source_inside_the_suggested_size(chromium, base_url, width):
    context = chromium.new_context(viewport={"width": max(width, 1280), "height": 1000})
    page = context.new_page()
    open_timeline(page, base_url)
    code = embed_code(page)
    frame = frame_host(page, code, width)
    if width <= 640:  # a phone-sized frame shows the cards (each with its colour and kind), scrolling inside the frame
        ids = {
            href.rsplit("/", 1)[1].removesuffix(".html")
            for href in frame.locator(".nhs-card a.nhs-card-open").evaluate_all("links => links.map(a => a.href)")
        }
        shown = [".nhs-embed-source"]
    else:
        frame.wait_for_selector(".nhs-timeline-plot .scatterlayer .point")
        ids = set(
            frame.evaluate(
                "[...document.querySelectorAll('.nhs-timeline-plot')].flatMap(p => p.data"
                ".filter(t => t.customdata).flatMap(t => t.customdata.map(c => c[0])))"
            )
        )
        assert frame.evaluate("document.querySelector('.nhs-timeline-plot').layout.xaxis.range") == ["2000-01-01", "2010-12-31"]
        shown = [".nhs-timeline-legend", ".nhs-embed-source"]
    assert ids == instruments_in_view()  # the filters travelled (and the zoom, above)
    inside = frame.evaluate(
        "(selectors) => selectors.map(s => document.querySelector(s).getBoundingClientRect().bottom <= window.innerHeight)", shown
    )
    assert all(inside), f"{shown} inside a {width} px wide frame of the suggested height: {inside}"
    context.close()


def test_links_in_the_framed_view_open_the_site_outside_the_frame(chromium, base_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    open_timeline(page, base_url)
    frame = frame_host(page, embed_code(page), 1000)
    targets = frame.evaluate(
        """[...document.querySelectorAll('a[href]')].map(a =>
            [a.target || (document.querySelector('base[target]') || {}).target || '', a.rel])"""
    )
    assert targets and all(t == "_top" or (t == "_blank" and "noopener" in rel) for t, rel in targets), targets
    frame.get_by_role("link", name=citation.SITE_TITLE).click()
    page.wait_for_url(f"{base_url}/book/timeline.html?*")  # the whole window, not the frame
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)["kinds"] == ["act,guidance"]  # the same view
    # A mark: it opens its entry's page in the whole window too.
    page.set_content(f'<iframe src="{base_url}/embed/timeline.html?{VIEW}" width="1000" height="900"></iframe>')
    frame = page.locator("iframe").element_handle().content_frame()
    mark = browser.mark_in_view(frame, ".nhs-timeline-plot .scatterlayer .point")
    mark.click(force=True)  # as the timeline's own tests do: Plotly's drag layer lies over the marks
    page.wait_for_url(re.compile(r"/book/entries/instruments/[a-z0-9-]+\.html$"))
    context.close()


def test_the_rows_csv_has_a_header_iso_dates_as_recorded_and_each_row_s_source_addresses(page, base_url):
    open_timeline(page, base_url)
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Download the rows shown (CSV)").click()
    text = open(waiting.value.path(), encoding="utf-8").read()
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert text.startswith("# ") and len(comments) >= 4
    header = "\n".join(comments)
    assert "Timeline" in header and "CC BY 4.0".replace(" ", "-") in header and "creativecommons.org/licenses/by/4.0/" in header
    assert f"version {citation.site_version()}" in header and f"{base_url}/book/timeline.html?" in header
    rows = list(csv.DictReader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#")))))
    instruments = data.load("instruments").set_index("instrument_id")
    sources = data.load("sources").set_index("source_id")["url"].to_dict()
    assert {r["id"] for r in rows} == instruments_in_view()
    for row in rows:
        recorded = instruments.loc[row["id"], "published_date"]
        assert row["date"] == recorded and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", row["date"]), row
        expected = [sources[s] for s in instruments.loc[row["id"], "source_ids"] if sources[s].startswith("http")]
        assert row["source_urls"].split() == expected, row["id"]


def exported_svg(page) -> str:
    url = page.evaluate("window.NHS.exportImage(document.querySelector('.nhs-timeline-plot'), 'svg')")
    return urllib.parse.unquote(url.split(",", 1)[1]) if ";base64" not in url else base64.b64decode(url.split(",", 1)[1]).decode()


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header (its IHDR chunk comes first)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


# Measured in the browser on the exported SVG itself: the title's text and box, the top of whatever is drawn below
# it (the plot area and the strips above it), the key's text and lines, and the image's width.
MEASURE_EXPORT = """(svg) => {
  document.body.innerHTML = svg;
  const root = document.querySelector('svg'), top = root.getBoundingClientRect().top;
  const title = root.querySelector('.gtitle'), box = title.getBoundingClientRect();
  const below = [...root.querySelectorAll('.bglayer rect, .shapelayer path, .layer-below .shapelayer path')]
    .map(e => e.getBoundingClientRect().top - top);
  const key = [...root.querySelectorAll('.annotation')].filter(a => a.getAttribute('data-index') !== null)
    .map(a => a.querySelector('.annotation-text-g')).filter(Boolean);
  const exportKey = key.filter(g => g.textContent.includes('well sourced'));
  return { title: title.textContent, titleTop: box.top - top, titleBottom: box.bottom - top, drawnTop: Math.min(...below),
           width: root.getBoundingClientRect().width,
           keyRight: Math.max(...key.map(g => g.getBoundingClientRect().right - root.getBoundingClientRect().left)),
           key: exportKey.map(g => g.textContent).join(' '), text: root.textContent };
}"""


def test_a_saved_image_is_sharp_and_carries_its_views_title_its_key_and_its_source(page, base_url):
    """The chart's own save buttons (PNG and SVG, and no upload to Plotly's cloud) give an image a lecturer can
    project: a PNG drawn at twice its size; a title naming the view (its kinds and years) with room above it and
    clear of the chart; the key of what it shows, whole, inside the image; the source line with the address."""
    open_timeline(page, base_url, VIEW + "&lanes=theme")  # the tallest view: one lane per theme
    buttons = page.locator(".nhs-timeline-plot .modebar-btn").evaluate_all("els => els.map(e => e.getAttribute('data-title'))")
    assert "Download plot as a PNG" in buttons and "Download plot as SVG" in buttons
    assert not [b for b in buttons if "Share" in b or "Cloud" in b or "Chart Studio" in b], buttons

    drawn = page.evaluate(
        "(() => { const f = NHS.exportFigure(document.querySelector('.nhs-timeline-plot')); return [f.width, f.height]; })()"
    )
    page.locator(".nhs-timeline-plot").hover()
    with page.expect_download() as waiting:
        page.locator('.nhs-timeline-plot .modebar-btn[data-title="Download plot as a PNG"]').click()
    width, height = png_size(Path(waiting.value.path()).read_bytes())
    assert width >= 2 * drawn[0] and height >= 2 * drawn[1], ((width, height), drawn)

    svg = exported_svg(page)
    blank = page.context.new_page()
    measured = blank.evaluate(MEASURE_EXPORT, svg)
    blank.close()
    title = " ".join(measured["title"].split())
    for words in ("Act of Parliament", "Guidance", "2000 to 2010"):
        assert words in title, (words, title)
    assert measured["titleTop"] >= 8, f"the title's first line is {measured['titleTop']:.1f} px from the image's top edge"
    assert measured["titleBottom"] <= measured["drawnTop"], measured
    assert measured["keyRight"] <= measured["width"], "the key runs off the image"
    key = [part for item in page.locator(".nhs-timeline-legend li").all_inner_texts() for part in item.split(" · ")]
    flat = " ".join(measured["text"].split())
    missing = [part for part in key if " ".join(part.split()) not in flat]
    assert missing == [], "every item of the key is in the image"
    not_shown = [k.label for k in schema.categories("instruments", "kind") if k.value not in ("act", "guidance")]
    assert [label for label in not_shown if label in measured["key"]] == [], f"the key lists kinds not shown: {measured['key']}"
    assert f"Source: {citation.SITE_TITLE}" in flat and "/book/timeline.html" in flat


def test_the_embedded_views_key_lists_only_the_kinds_it_shows(page, base_url):
    chosen = ["act", "circular", "industry-code"]
    browser.open_settled(page, f"{base_url}/embed/timeline.html?kinds={','.join(chosen)}")
    key = " ".join(page.locator(".nhs-timeline-legend").first.inner_text().split())
    kinds = {k.value: k.label for k in schema.categories("instruments", "kind")}
    assert [kinds[k] for k in chosen if kinds[k] not in key] == [], key
    assert [label for value, label in kinds.items() if value not in chosen and label in key] == [], key
