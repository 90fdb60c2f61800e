"""Every chapter in Chromium: charts draw one mark per row, widgets respond, and pages are usable by everyone."""

from __future__ import annotations

import re

import browser
import pandas as pd
import pytest

from nhs_industry.content import analysis, downloads
from nhs_industry.model import data, entries, schema

pytestmark = pytest.mark.browser

CHAPTERS = ["index", "timeline", "in-force", "organisations", "partnerships", "patterns", "data"]
MARKS = ".cartesianlayer .scatterlayer .point"


def visit(page, base_url, path):
    browser.open_settled(page, base_url + path)
    return page


SLIDER_ROOM = """(() => {
    const box = (e) => e.getBoundingClientRect();
    const svg = box(document.querySelector('.nhs-timeline-plot .main-svg'));
    const slider = box(document.querySelector('.nhs-timeline-plot .rangeslider-bg'));
    const dates = [...document.querySelectorAll('.nhs-timeline-plot .xaxislayer-above .xtick text')].map(box);
    return {datesBottom: Math.max(...dates.map(b => b.bottom)), sliderTop: slider.top, sliderBottom: slider.bottom,
            sliderHeight: slider.height, svgBottom: svg.bottom};
})()"""


@pytest.mark.full
def test_timeline_range_slider_sits_below_the_dates_inside_the_chart(page, base_url):
    """The timeline gives its range slider room itself (nhs-timeline.js, sliderLayout) rather than let Plotly redraw
    the chart to make it: at each chart height (ten rows, sixteen, one) the slider is below the date
    labels, whole, and inside the chart."""
    for view in ["", "?lanes=theme", "?kinds=act"]:
        visit(page, base_url, "/book/timeline.html" + view)
        page.wait_for_selector(f".nhs-timeline-plot {MARKS}")
        room = page.evaluate(SLIDER_ROOM)
        assert room["datesBottom"] <= room["sliderTop"], (view, room)
        assert room["sliderHeight"] >= 10 and room["sliderBottom"] <= room["svgBottom"], (view, room)


# Above the plot area: a band's label must lie within the plot area's width (inside the chart, over its band); the
# strip's own name ("Government", "Commissioning", annotation name "strip") sits in the left margin beside its strip,
# where the lane names are (the "glance" design), so it must lie inside the drawn figure and left of the plot area.
STRIP_LABELS_OUTSIDE = """(() => {
    const gd = document.querySelector('.nhs-timeline-plot');
    const plot = gd.querySelector('.nsewdrag').getBoundingClientRect(), figure = gd.querySelector('.main-svg').getBoundingClientRect();
    const named = (g) => ((gd.layout.annotations || [])[Number(g.getAttribute('data-index'))] || {}).name;
    return [...gd.querySelectorAll('.annotation')]
        .filter(g => g.style.display !== 'none' && g.querySelector('.annotation-text-g'))
        .map(g => [g.textContent, g.querySelector('.annotation-text-g').getBoundingClientRect(), named(g)])
        .filter(([, r]) => r.width && r.bottom <= plot.top)
        .filter(([, r, name]) => name === 'strip' ? (r.left < figure.left - 1 || r.right > plot.left + 1)
                                                  : (r.left < plot.left - 1 || r.right > plot.right + 1))
        .map(([text]) => text);
})()"""

STRIPS_SHOWN = """(() => {
    const gd = document.querySelector('.nhs-timeline-plot');
    return {range: gd.layout.xaxis.range.map(x => String(x).slice(0, 10)),
            names: (gd.layout.annotations || []).filter(a => a.name === 'strip').map(a => a.text),
            keyed: [...document.querySelectorAll('.nhs-strip-key li')].map(li => li.getAttribute('data-band'))};
})()"""


@pytest.mark.full
@pytest.mark.parametrize("era", ["to-2000", "2000-2007", "2007-2013", "2013-2019", "2019-today"])
def test_era_timeline_labels_its_strips_only_inside_the_chart(page, base_url, era):
    """A government or commissioning band cut off by the era's window is labelled only if its label fits the
    part inside the chart ("Clinical commissioning" once ran past the 2007-2013 chart's edge); each strip is named in
    the margin beside it, inside the figure; every band on the era's axis is in the key under the chart."""
    visit(page, base_url, f"/book/eras/{era}.html")
    page.wait_for_selector(f".nhs-timeline-plot {MARKS}")
    assert page.evaluate(STRIP_LABELS_OUTSIDE) == []
    shown = page.evaluate(STRIPS_SHOWN)
    assert sorted(shown["names"]) == ["Commissioning", "Government"]
    start, end = shown["range"]
    periods = data.load("periods")
    on_axis = periods[
        (periods["start_date_start"] < pd.Timestamp(end))
        & (periods["end_date_end"].isna() | (periods["end_date_end"] > pd.Timestamp(start)))
    ]
    assert len(on_axis) and sorted(set(on_axis["label"]) - set(shown["keyed"])) == []


@pytest.mark.full
def test_timeline_draws_each_instrument_once_and_its_layers_and_filters_change_the_marks_and_the_address(page, base_url):
    instruments, partnerships = data.load("instruments"), data.load("partnerships")
    quotes = data.load("quotes")
    visit(page, base_url, "/book/timeline.html")
    assert page.locator(f".nhs-timeline-plot {MARKS}").count() == len(instruments)
    page.get_by_role("checkbox", name="partnerships").check()
    page.get_by_role("checkbox", name="quotations").check()
    expected = len(instruments) + (partnerships["start_date"] != "").sum() + (quotes["said_date"] != "").sum()
    page.wait_for_function(f"document.querySelectorAll('.nhs-timeline-plot {MARKS}').length === {expected}")
    assert "layers=partnership%2Cquote" in page.url or "layers=partnership,quote" in page.url
    page.get_by_role("checkbox", name="partnerships").uncheck()
    page.get_by_role("checkbox", name="quotations").uncheck()
    page.get_by_role("checkbox", name="low-confidence entries (hollow marks)").uncheck()
    shown = (instruments["confidence"] != "low").sum()
    page.wait_for_function(f"document.querySelectorAll('.nhs-timeline-plot {MARKS}').length === {shown}")
    # That the address gives the view back: test_site_truth.py, test_every_timeline_state_round_trips_through_the_address.


@pytest.mark.full
def test_clicking_a_timeline_mark_opens_that_entry(page, base_url):
    visit(page, base_url, "/book/timeline.html")
    mark = browser.mark_in_view(page, f".nhs-timeline-plot {MARKS}")
    mark.click(force=True)
    page.wait_for_url(re.compile(r"/book/entries/instruments/[a-z0-9-]+\.html$"))
    entry_id = page.url.rsplit("/", 1)[1].removesuffix(".html")
    title = data.load("instruments").set_index("instrument_id").loc[entry_id, "title"]
    assert page.get_by_role("heading", level=1).inner_text().strip().startswith(title[:40])


@pytest.mark.full
def test_patterns_draw_their_altair_charts(page, base_url):
    visit(page, base_url, "/book/patterns.html")
    page.wait_for_selector(".nhs-vega svg.marks")
    assert page.locator(".nhs-vega svg.marks").count() == 3
    bars = page.locator(".nhs-vega").first.locator("path[aria-roledescription='bar']")
    counts = analysis.counts_by_period(data.load("instruments"))
    assert bars.count() == len(counts)


@pytest.mark.parametrize("table", entries.ENTRY_TABLES)
def test_every_entry_has_a_page_that_links_back(site, table):
    frame = data.load(table)
    key = schema.table(table).primary_key
    for entry_id in frame[key]:
        page_path = site / entries.Entry(table, entry_id).url
        assert page_path.exists(), page_path
        assert f'href="../{table}.html"' in page_path.read_text(encoding="utf-8"), f"{page_path} has no link back to its index"
    index = (site / "book" / "entries" / f"{table}.html").read_text(encoding="utf-8")
    assert all(f'href="{table}/{entry_id}.html"' in index for entry_id in frame[key])


def test_no_built_page_loads_anything_from_another_host(site):
    offending = []
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', text):
            offending.append(f"{path.relative_to(site)}: {match.group(0)}")
    assert offending == []


@pytest.mark.full
@pytest.mark.clone_smoke  # the workflow clone's full-tier run: one test, so the tier is shown to run there
def test_data_downloads_are_served(page, base_url):
    visit(page, base_url, "/book/data.html")
    links = page.locator("a[href*='data/']")
    # One link per file of the data package, plus the zip of them all.
    assert links.count() == len(downloads.files()) + 1
    for href in links.evaluate_all("els => els.map(e => e.href)"):
        assert page.request.get(href).ok, href


def on_a_phone(chromium, base_url, path: str, script: str):
    """What a script measures on a page opened on a 375 px phone."""
    context = chromium.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    browser.open_settled(page, f"{base_url}/{path}")
    measured = page.evaluate(script)
    context.close()
    return measured


@pytest.mark.full
@pytest.mark.parametrize("table", entries.ENTRY_TABLES)
def test_entry_indexes_fit_a_phone_without_sideways_scrolling(chromium, base_url, table):
    """The table of an index scrolls inside its box if it is too wide: the page does not show it, the box does."""
    box = on_a_phone(
        chromium,
        base_url,
        f"book/entries/{table}.html",
        "(() => { const c = document.querySelector('.pst-scrollable-table-container'); return [c.scrollWidth, c.clientWidth]; })()",
    )
    assert box[0] <= box[1], f"the {table} index is {box[0] - box[1]} px too wide for a phone"


CONTEXT_CHART = """(() => {
    const box = document.querySelector('.nhs-context-scroll'), inBox = box.getBoundingClientRect();
    const ringed = document.querySelector('.nhs-context .nhs-ringed').getBoundingClientRect();
    const lanes = document.querySelector('.nhs-context-lanes').getBoundingClientRect();
    const labels = [...document.querySelectorAll('.nhs-context-lanes text')].map(t => t.getBoundingClientRect());
    const years = [...document.querySelectorAll('.nhs-context-plot text')].map(t => t.getBoundingClientRect());
    const row = labels.map(l => Math.abs((l.top + l.bottom) / 2 - (ringed.top + ringed.bottom) / 2));
    return {smallest: Math.min(...[...document.querySelectorAll('.nhs-context text')].map(t => t.getBoundingClientRect().height)),
            scrolls: box.scrollWidth > box.clientWidth, focusable: box.tabIndex === 0,
            pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            ringedInView: ringed.left >= inBox.left && ringed.right <= inBox.right,
            labelsInView: labels.every(l => l.left >= Math.max(lanes.left, 0) - 0.5 && l.right <= inBox.left + 1),
            yearsWhole: years.every(y => y.left >= inBox.left - 1 && y.width > 0),
            nearestRow: Math.min(...row)};
})()"""


@pytest.mark.full
def test_an_entry_page_s_context_chart_is_readable_on_a_phone(chromium, base_url):
    """On a 375 px phone its smallest label is at least 9 px tall; the plot scrolls in its own box, which the keyboard
    can reach and which opens on the entry's own mark, beside row labels that stay in view and line up with the
    marks; the page itself does not scroll sideways."""
    first = sorted(data.load("instruments")["instrument_id"])[0]
    chart = on_a_phone(chromium, base_url, f"book/entries/instruments/{first}.html", CONTEXT_CHART)
    assert chart["smallest"] >= 9, f"the smallest label of the context chart is {chart['smallest']:.1f} px tall on a phone"
    assert chart["scrolls"] and chart["focusable"] and chart["pageOverflow"] <= 1
    assert chart["ringedInView"], "the chart opens on the entry's own mark"
    assert chart["labelsInView"] and chart["nearestRow"] < 3, chart


@pytest.mark.full
def test_an_entry_page_s_context_chart_fits_a_wide_screen_with_its_rows_lined_up(page, base_url):
    # Published in an odd year: its chart starts on an even year, which is labelled, on the plot's very edge.
    instruments = data.load("instruments").sort_values("instrument_id")
    entry = next(
        r["instrument_id"] for r in instruments.to_dict("records") if r["published_date"] and int(r["published_date"][:4]) % 2 == 1
    )
    visit(page, base_url, f"/book/entries/instruments/{entry}.html")
    chart = page.evaluate(CONTEXT_CHART)
    assert not chart["scrolls"] and chart["labelsInView"] and chart["nearestRow"] < 3, chart
    assert chart["yearsWhole"], "a year label on the plot's left edge is cut off"


@pytest.mark.full
def test_timeline_filters_work_from_the_keyboard(page, base_url):
    visit(page, base_url, "/book/timeline.html")
    page.wait_for_selector(f".nhs-timeline {MARKS}")
    page.locator("input[name=lanes][value=theme]").focus()
    page.keyboard.press("Space")
    page.wait_for_function("location.search.includes('lanes=theme')")
