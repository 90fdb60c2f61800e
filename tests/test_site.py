"""The timeline page in headless Chromium: hover details, libraries served locally. (Its table without JavaScript
is read from the HTML as served: test_site_truth.test_the_fallback_table_links_every_entry_the_timeline_shows.)"""

from __future__ import annotations

import browser
import pytest

from nhs_industry.model import data, names

pytestmark = [pytest.mark.browser, pytest.mark.full]


def open_page(page, base_url, path):
    browser.open_settled(page, base_url + path)
    return page


def test_timeline_hover_shows_the_details_of_the_mark_under_the_mouse(page, base_url):
    open_page(page, base_url, "/book/timeline.html")
    point = browser.mark_in_view(page, ".nhs-timeline-plot .cartesianlayer .scatterlayer .point")
    point.hover(force=True)  # a real mouse move over the mark
    page.wait_for_selector(".nhs-timeline-plot .hoverlayer .hovertext")
    hover = " ".join(" ".join(page.locator(".nhs-timeline-plot .hoverlayer .hovertext").all_text_contents()).split())
    # Which entry plotly says is under the mouse; its own title, date, issuers and summary must all be shown.
    entry_id = page.evaluate("document.querySelector('.nhs-timeline-plot')._hoverdata[0].customdata[0]")
    row = data.load("instruments").set_index("instrument_id").loc[entry_id]
    organisation_names = names.load()
    assert row["title"] in hover, (entry_id, hover)
    assert row["published_date_label"] in hover and f"known to the {row['published_date_precision']}" in hover
    assert all(organisation_names.short(i, row["published_date"]) in hover for i in row["issuer_ids"]), hover
    assert " ".join(row["summary"].split()[:6]) in hover, hover


def test_chart_libraries_are_served_by_the_site_once_per_page(page, base_url):
    open_page(page, base_url, "/book/timeline.html")
    sources = page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")
    plotly = [s for s in sources if "plotly" in s]
    assert len(plotly) == 1 and plotly[0].startswith("../_static/vendor/")
    open_page(page, base_url, "/book/glossary.html")
    sources = page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")
    assert not [s for s in sources if "plotly" in s or "vega" in s], "pages without charts load no chart library"
