"""The built site in headless Chromium: charts render, hover works, no errors, nothing leaves localhost."""
from __future__ import annotations

import pytest

from nhs_industry import data

pytestmark = pytest.mark.browser

PAGES = ["/book/index.html", "/book/timeline.html"]


def open_page(page, base_url, path):
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    return page


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_console_errors_and_stays_on_localhost(page, base_url, path):
    open_page(page, base_url, path)
    page.wait_for_timeout(500)
    assert page.log.console_errors == []
    assert page.log.offsite_requests == []
    assert page.log.failed_requests == []


def test_timeline_draws_one_mark_per_instrument(page, base_url):
    open_page(page, base_url, "/book/timeline.html")
    page.wait_for_selector(".nhs-plotly .cartesianlayer .scatterlayer .point")
    marks = page.locator(".nhs-plotly .cartesianlayer .scatterlayer .point").count()
    assert marks == len(data.load("instruments"))


def test_timeline_hover_shows_the_details(page, base_url):
    open_page(page, base_url, "/book/timeline.html")
    point = page.locator(".nhs-plotly .cartesianlayer .scatterlayer .point").first
    point.wait_for()
    point.hover(force=True)  # a real mouse move over the mark
    page.wait_for_selector(".nhs-plotly .hoverlayer .hovertext")
    hover = " ".join(page.locator(".nhs-plotly .hoverlayer .hovertext").all_text_contents())
    shown = [row for _, row in data.load("instruments").iterrows() if row["title"][:30] in hover]
    assert len(shown) == 1, hover
    row = shown[0]
    assert row["published_date_label"] in hover
    assert f"known to the {row['published_date_precision']}" in hover
    assert "Issued by:" in hover and row["summary"].split()[0] in hover


def test_timeline_data_table_works_without_javascript(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/book/timeline.html")
    rows = page.locator("details.nhs-table table tbody tr").count()
    context.close()
    assert rows == len(data.load("instruments"))


def test_chart_libraries_are_served_by_the_site_once_per_page(page, base_url):
    open_page(page, base_url, "/book/timeline.html")
    sources = page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")
    plotly = [s for s in sources if "plotly" in s]
    assert len(plotly) == 1 and plotly[0].startswith("../_static/vendor/")
    open_page(page, base_url, "/book/index.html")
    sources = page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")
    assert not [s for s in sources if "plotly" in s or "vega" in s], "pages without charts load no chart library"
