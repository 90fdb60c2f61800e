"""The timeline at a glance (issue 25), measured in the real browser: no mark covers another and no label covers a
mark at 1280 px in any view the controls offer; both strips are named band by band and the government strip spans
the whole axis, which runs from the first entry to today; the "replaced" lines can be hidden; a filter change keeps
the zoom; a phone can jump to an era or a decade, honours from/to, and fetches the chart library only when asked."""

from __future__ import annotations

import itertools

import browser
import pandas as pd
import pytest

from nhs_industry.content import eras
from nhs_industry.model import data, dates

pytestmark = [pytest.mark.browser, pytest.mark.full]

PLOT = ".nhs-timeline-plot"

# Every mark drawn inside the plot area (the range slider's copies are not in .cartesianlayer), and every label shown.
GEOMETRY = """() => {
  const area = document.querySelector('.nhs-timeline-plot .nsewdrag').getBoundingClientRect();
  const marks = [...document.querySelectorAll('.nhs-timeline-plot .cartesianlayer .scatterlayer .point')]
    .map(m => m.getBoundingClientRect()).filter(r => r.width > 0)
    .filter(r => r.left >= area.left - 1 && r.right <= area.right + 1)
    .map(r => ({x: r.left + r.width / 2, y: r.top + r.height / 2, r: Math.max(r.width, r.height) / 2,
                l: r.left, t: r.top, rr: r.right, b: r.bottom}));
  const labels = [...document.querySelectorAll('.nhs-timeline-plot .annotation')]
    .filter(g => g.style.display !== 'none' && g.querySelector('.annotation-text-g'))
    .map(g => { const r = g.querySelector('.annotation-text-g').getBoundingClientRect();
                return {text: g.textContent, l: r.left, rr: r.right, t: r.top, b: r.bottom}; })
    .filter(b => b.rr > b.l);
  return {marks, labels};
}"""


def overlapping_marks(marks):
    """Pairs of marks whose bounding circles intersect."""
    return [
        (a, b) for a, b in itertools.combinations(marks, 2) if ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5 < a["r"] + b["r"]
    ]


def labels_over_marks(labels, marks):
    return [
        (label["text"], (round(m["x"]), round(m["y"])))
        for label in labels
        for m in marks
        if not (label["rr"] <= m["l"] or m["rr"] <= label["l"] or label["b"] <= m["t"] or m["b"] <= label["t"])
    ]


def views():
    """Every combination the controls offer that changes which marks are drawn, as addresses."""
    for lanes, partnerships, quotes, low in itertools.product(("kind", "theme"), (False, True), (False, True), (True, False)):
        layers = ",".join(name for name, on in (("partnership", partnerships), ("quote", quotes)) if on) or "none"
        yield f"lanes={lanes}&layers={layers}" + ("" if low else "&low=0")


def open_wide(chromium, base_url, address):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.log = browser.watch(page)
    browser.open_settled(page, f"{base_url}{address}")
    return context, page


def test_no_mark_covers_another_and_no_label_covers_a_mark_at_1280_px_in_every_view(chromium, base_url):
    addresses = [f"/book/timeline.html?{query}" for query in views()]
    addresses += [
        "/book/timeline.html?from=2000-01-01&to=2010-12-31&layers=partnership,quote",  # a zoomed view
        "/book/eras/2000-2007.html",
        "/book/eras/2019-today.html",
        "/book/index.html",
    ]
    problems = {}
    # One page for all the views: each is a fresh load of its address (nothing is kept between loads but the
    # browser's cache of the chart library, which is what a reader moving between views has too).
    context, page = open_wide(chromium, base_url, addresses[0])
    for address in addresses:
        browser.open_settled(page, f"{base_url}{address}")
        shown = page.evaluate(GEOMETRY)
        assert len(shown["marks"]) > 0, address
        found = overlapping_marks(shown["marks"]), labels_over_marks(shown["labels"], shown["marks"])
        if found[0] or found[1]:
            problems[address] = (len(found[0]), found[1][:3])
    context.close()
    assert problems == {}, problems


# The whole chart (both strips, every row, the date axis and the range slider) below the site's header: its box.
CHART_ON_SCREEN = """() => {
  const header = document.querySelector('.bd-header').getBoundingClientRect().bottom;
  const chart = document.querySelector('.nhs-timeline-plot .main-svg').getBoundingClientRect();
  return {header: header, height: chart.height, room: window.innerHeight - header};
}"""


def test_the_whole_chart_fits_a_1280_by_800_screen_below_the_header(chromium, base_url):
    """At a glance: a lecturer scrolls the chart to the top of the screen and sees every row, both strips, the axis
    and the slider at once (issue 25); before this, the stacked rows made it about 1,220 px tall."""
    context, page = open_wide(chromium, base_url, "/book/timeline.html")
    shown = page.evaluate(CHART_ON_SCREEN)
    context.close()
    assert shown["height"] <= shown["room"], shown


AXIS_AND_STRIPS = """() => {
  const gd = document.querySelector('.nhs-timeline-plot');
  // The commissioning strip is the lower one: all its bands share the lowest bottom edge.
  const bands = gd.layout.shapes.filter(s => s.yref === 'paper' && s.y0 > 1);
  const lowest = Math.min(...bands.map(s => s.y0));
  const strips = bands.map(s => ({x0: s.x0, x1: s.x1, top: s.y0 > lowest + 1e-9}));
  const names = [...gd.querySelectorAll('.annotation')].filter(g => g.style.display !== 'none').map(g => g.textContent);
  const keyed = [...document.querySelectorAll('.nhs-strip-key li')].map(li => li.getAttribute('data-band'));
  return {range: gd.layout.xaxis.range.map(x => String(x).slice(0, 10)), strips, names, keyed};
}"""


def covers(spans, start, end):
    """Whether the spans (ISO start and end pairs) leave no gap between start and end."""
    reached = start
    for low, high in sorted(spans):
        if low > reached:
            return False
        reached = max(reached, high)
    return reached >= end


@pytest.mark.parametrize("address", ["/book/timeline.html", "/book/eras/to-2000.html", "/book/eras/2019-today.html"])
def test_axis_runs_from_the_first_entry_to_today_and_every_band_is_labelled_or_keyed(chromium, base_url, address):
    context, page = open_wide(chromium, base_url, address)
    shown = page.evaluate(AXIS_AND_STRIPS)
    context.close()
    start, end = shown["range"]
    today = dates.today().isoformat()
    if address == "/book/timeline.html":
        first = min(data.load("instruments")["published_date_start"]).date().isoformat()
        assert end == today, "the axis ends at today"
        assert start <= first and int(first[:4]) - int(start[:4]) <= 1, "the axis starts where the data starts"
    else:
        assert end <= today
    government = [(s["x0"][:10], s["x1"][:10]) for s in shown["strips"] if s["top"]]
    assert covers(government, start, end), ("the government strip covers the whole axis", start, end, sorted(government))
    periods = data.load("periods")
    on_axis = periods[
        (periods["start_date_start"] < pd.Timestamp(end))
        & (periods["end_date_end"].isna() | (periods["end_date_end"] > pd.Timestamp(start)))
    ]
    unnamed = [
        label
        for label, short in zip(on_axis["label"], on_axis["short_label"])
        if label not in shown["keyed"] and (short or label) not in shown["names"]
    ]
    assert unnamed == []
    assert "Government" in shown["names"] and "Commissioning" in shown["names"], "each strip is named"


SUPERSESSION_LINES = "() => document.querySelector('.nhs-timeline-plot').data.filter(t => t.name === 'supersedes' && t.x.length).length"


def test_replaced_lines_are_a_layer_the_reader_can_turn_off(page, base_url):
    browser.open_settled(page, f"{base_url}/book/timeline.html")
    assert page.evaluate(SUPERSESSION_LINES) == 1
    page.get_by_role("checkbox", name="lines to what each replaced (dotted)").uncheck()
    page.wait_for_function("location.search.includes('replaced=0')")
    page.wait_for_function(SUPERSESSION_LINES.replace("() =>", "() => 0 ===", 1))
    # Shared by its address: test_site_truth.py, test_every_timeline_state_round_trips_through_the_address.


def instruments_in(start: str, end: str) -> int:
    middles = data.load("instruments")["published_date_mid"].dt.date.astype(str)
    return int(((middles >= start) & (middles <= end)).sum())


def test_a_phone_jumps_to_an_era_honours_from_to_and_fetches_the_chart_library_only_when_asked(chromium, base_url):
    context = chromium.new_context(viewport={"width": 375, "height": 812}, is_mobile=True)
    page = context.new_page()
    page.log = browser.watch(page)
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    browser.open_settled(page, f"{base_url}/book/timeline.html?from=2000-01-01&to=2009-12-31")
    assert page.locator(".nhs-card").count() == instruments_in("2000-01-01", "2009-12-31")
    years = page.locator(".nhs-card-year h3").all_inner_texts()
    assert years and all("2000" <= year <= "2009" for year in years), years
    era = eras.era("2013-2019")
    page.get_by_label("Jump to").select_option(label=era.title)
    page.wait_for_function(f"location.search.includes('from={era.first}') && location.search.includes('to={era.last}')")
    assert page.locator(".nhs-card").count() == instruments_in(era.first, era.last)
    page.get_by_label("Jump to").select_option(label="1990s")
    page.wait_for_function("location.search.includes('from=1990-01-01')")
    assert page.locator(".nhs-card").count() == instruments_in("1990-01-01", "1999-12-31")
    browser.wait_until_quiet(page)
    assert [url for url in asked if "plotly" in url] == [], "no chart library before the reader asks for the chart"
    page.get_by_role("button", name="Show the chart instead").click()
    page.locator(f"{PLOT} .cartesianlayer .scatterlayer .point").first.wait_for()
    plotly = [url for url in asked if "plotly" in url]
    sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert len(plotly) == 1 and "/_static/vendor/plotly-basic.min.js" in plotly[0]
    assert page.log.offsite_requests == [] and page.log.console_errors == []
    assert sideways <= 1
