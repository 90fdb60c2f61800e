"""Watching what a page does in the browser tests: console errors and requests that leave localhost."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

from nhs_industry.site.browser import CHROMIUM_ARGS, QuietHandler, chromium_path, serve  # noqa: F401  (re-exported for the fixtures)

# Messages that are not the site's fault: the theme's first-visit notice and the missing favicon.
HARMLESS_CONSOLE = ("Got invalid theme mode", "favicon.ico")


@dataclass
class PageLog:
    """What a page did that a test cares about: console errors and requests that left localhost."""

    console_errors: list[str] = field(default_factory=list)
    offsite_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)


def watch(page) -> PageLog:
    """Record console errors, block and record any request to another host."""
    log = PageLog()

    def on_console(message):
        if message.type == "error" and not any(h in message.text for h in HARMLESS_CONSOLE):
            log.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def on_request(route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            log.offsite_requests.append(route.request.url)
            route.abort()

    def on_failed(request):
        if not request.url.endswith("favicon.ico"):
            log.failed_requests.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda error: log.console_errors.append(f"uncaught: {error}"))
    page.on("requestfailed", on_failed)
    page.route("**/*", on_request)
    return log


FIRST_MARK_IN_VIEW = """(selector) => {
    // The timeline opens on the busy years; marks outside the range are drawn off the plot area.
    const marks = [...document.querySelectorAll(selector)];
    const area = document.querySelector('.nhs-timeline-plot .nsewdrag').getBoundingClientRect();
    return marks.findIndex(m => { const r = m.getBoundingClientRect();
        return r.left >= area.left && r.right <= area.right && r.top >= area.top && r.bottom <= area.bottom; });
}"""


def mark_in_view(page, selector: str):
    """A locator for the first timeline mark drawn inside the visible plot area."""
    page.locator(selector).first.wait_for(state="attached")
    index = page.evaluate(FIRST_MARK_IN_VIEW, selector)
    assert index >= 0, "no timeline mark is inside the plot area"
    return page.locator(selector).nth(index)


# Every chart on the site announces that it is drawn with an `nhs-chart-ready` event (nhs-charts.js,
# nhs-timeline.js); a page is counted as settled once each of its chart elements has sent one.
COUNT_DRAWN_CHARTS = "window.__nhsChartsDrawn = 0;document.addEventListener('nhs-chart-ready', () => { window.__nhsChartsDrawn += 1; });"
CHARTS_DRAWN = """() => document.readyState === 'complete' &&
    window.__nhsChartsDrawn >= document.querySelectorAll('.nhs-plotly, .nhs-vega, .nhs-timeline').length"""
QUIET_SECONDS = 0.1


def track(page) -> None:
    """Count the page's requests in flight and its drawn charts, from its next navigation on."""
    if hasattr(page, "in_flight"):
        return
    page.in_flight, page.last_request = set(), [time.monotonic()]

    def started(request):
        page.in_flight.add(request)
        page.last_request[0] = time.monotonic()

    def ended(request):
        page.in_flight.discard(request)
        page.last_request[0] = time.monotonic()

    page.on("request", started)
    page.on("requestfinished", ended)
    page.on("requestfailed", ended)
    page.add_init_script(COUNT_DRAWN_CHARTS)


def open_settled(page, url: str) -> None:
    """Open url and wait until the page is loaded, every chart on it is drawn and no request has been in flight for
    a tenth of a second. Playwright's "networkidle" waits for the same quiet but for a fixed half-second on every
    page load, and it does not know when a chart is drawn."""
    track(page)
    page.goto(url, wait_until="load")
    page.wait_for_function(CHARTS_DRAWN)
    wait_until_quiet(page)


def wait_until_quiet(page, ignoring: str | None = None) -> None:
    """Wait until no request has been in flight for a tenth of a second (after track(page)); a request whose address
    ends with `ignoring` (one a test holds back on purpose) does not count."""
    deadline = time.monotonic() + 30
    while [r for r in page.in_flight if not (ignoring and r.url.endswith(ignoring))] or time.monotonic() - page.last_request[
        0
    ] < QUIET_SECONDS:
        assert time.monotonic() < deadline, f"{page.url}: requests still in flight after 30 s: {[r.url for r in page.in_flight]}"
        page.wait_for_timeout(25)  # lets Playwright deliver the page's request events
