"""The timeline page in headless Chromium: hover details, a table without JavaScript, libraries served locally."""
from __future__ import annotations

import pytest

import browser
from nhs_industry import data

pytestmark = pytest.mark.browser

def open_page(page, base_url, path):
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    return page


def test_timeline_hover_shows_the_details(page, base_url):
    open_page(page, base_url, "/book/timeline.html")
    point = browser.mark_in_view(page, ".nhs-timeline-plot .cartesianlayer .scatterlayer .point")
    point.hover(force=True)  # a real mouse move over the mark
    page.wait_for_selector(".nhs-timeline-plot .hoverlayer .hovertext")
    hover = " ".join(page.locator(".nhs-timeline-plot .hoverlayer .hovertext").all_text_contents())
    shown = [row for _, row in data.load("instruments").iterrows() if row["title"] in hover]
    assert shown, hover
    row = max(shown, key=lambda r: len(r["title"]))  # one title can contain another ("... 2014")
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
