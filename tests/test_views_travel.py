"""Views that travel: the timeline's "Embed this view" (nhs-travel.js), the chart-only page it frames (embed.py),
the rows' CSV download and the exported images, checked in the real built site in Chromium."""

from __future__ import annotations

import base64
import csv
import io
import re
import urllib.parse

import browser
import pytest
from playwright.sync_api import expect

from nhs_industry.content import citation
from nhs_industry.model import data

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


# Measured in the browser on the exported SVG itself: the title's box, the top of whatever is drawn below it
# (the plot area and the strips above it), the key's lines and the image's width.
MEASURE_EXPORT = """(svg) => {
  document.body.innerHTML = svg;
  const root = document.querySelector('svg');
  const title = root.querySelector('.gtitle').getBBox();
  const below = [...root.querySelectorAll('.bglayer rect, .shapelayer path, .layer-below .shapelayer path')]
    .map(e => e.getBoundingClientRect().top - root.getBoundingClientRect().top);
  const key = [...root.querySelectorAll('.annotation')].filter(a => a.getAttribute('data-index') !== null)
    .map(a => a.querySelector('.annotation-text-g')).filter(Boolean).map(g => g.getBoundingClientRect());
  return { titleBottom: title.y + title.height, drawnTop: Math.min(...below), width: root.getBoundingClientRect().width,
           keyRight: Math.max(...key.map(r => r.right - root.getBoundingClientRect().left)), text: root.textContent };
}"""


def test_an_exported_image_has_its_title_clear_of_the_chart_and_its_whole_key(page, base_url):
    open_timeline(page, base_url, "lanes=theme")  # the tallest view: one lane per theme
    svg = exported_svg(page)
    blank = page.context.new_page()
    measured = blank.evaluate(MEASURE_EXPORT, svg)
    blank.close()
    assert measured["titleBottom"] <= measured["drawnTop"], measured
    assert measured["keyRight"] <= measured["width"], "the key runs off the image"
    key = [part for item in page.locator(".nhs-timeline-legend li").all_inner_texts() for part in item.split(" · ")]
    flat = " ".join(measured["text"].split())
    missing = [part for part in key if " ".join(part.split()) not in flat]
    assert missing == [], "every item of the key is in the image"
