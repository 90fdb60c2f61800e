"""Shared fixtures: broken copies of the data, the built site, a local server and a browser page."""

from __future__ import annotations

import fcntl
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from nhs_industry import paths
from nhs_industry.site import build

sys.path.insert(0, str(Path(__file__).parent))
import browser  # noqa: E402  (tests/ is not a package; its helper module sits beside this file)

# Hypothesis fails an example that takes over 200 ms by default: a time limit, which no test here asserts (the
# benchmark measures speed). With the tests in two processes beside Chromium, an in-force example walking every
# month since 1950 once went over it.
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")


# The fixtures that make a test slow: the built book (built once per run) and headless Chromium.
SLOW_FIXTURES = {"site", "chromium"}


def pytest_collection_modifyitems(items):
    """Every test that uses the built book or Chromium, directly or through another fixture, is marked `browser`
    here, so `-m "not browser"` builds nothing and no test can forget the mark.

    The order (a stable sort keeps each file's order otherwise) keeps both test processes busy: one test that needs
    the site goes first, so one process builds it while the other runs the fast tests; then the fast tests; then the
    tests that build a second site from changed data (their builds are the longest single steps), so they do not
    end the run; then the other browser tests."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)

    def uses(item, fixture):
        return fixture in getattr(item, "fixturenames", ())

    builds_first = next((item for item in items if uses(item, "site")), None)
    items.sort(
        key=lambda item: (
            0 if item is builds_first else 1 if item.get_closest_marker("browser") is None else 2 if uses(item, "hostile_site") else 3
        )
    )


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/ to break in one way per test."""
    target = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, target)
    return target


@pytest.fixture(scope="session")
def site() -> Path:
    """The real book, built once per test run with the project's own build command. The tests run in two
    processes (pytest-xdist, see pyproject.toml): the first to take the lock builds, the other then finds the
    site up to date (the build's own check) and uses it."""
    paths.BUILD_DIR.mkdir(parents=True, exist_ok=True)
    with open(paths.BUILD_DIR / ".tests-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        assert build.build() == 0, "the book did not build; see the output above"
    return paths.HTML_DIR


@pytest.fixture(scope="session")
def base_url(site):
    with browser.serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=browser.chromium_path(), args=browser.CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(chromium):
    """A fresh page whose console errors and off-site requests are recorded in page.log."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    new_page = context.new_page()
    new_page.log = browser.watch(new_page)
    yield new_page
    context.close()
