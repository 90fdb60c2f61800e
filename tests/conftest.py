"""Shared fixtures: broken copies of the data, the built site, a local server and a browser page."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from nhs_industry import paths
from nhs_industry.model import dates
from nhs_industry.site import build

sys.path.insert(0, str(Path(__file__).parent))
import browser  # noqa: E402  (tests/ is not a package; its helper module sits beside this file)

# Hypothesis fails an example that takes over 200 ms by default: a time limit, which no test here asserts (the
# benchmark measures speed). With the tests in two processes beside Chromium, an in-force example walking every
# month since 1950 once went over it.
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")


def pytest_addoption(parser):
    parser.addoption(
        "--full",
        action="store_true",
        help="run the full tier (tests marked `full`: axe at both widths, the every-month sweeps, the builds of their own, "
        "print and present, search ranking, every browser interaction) instead of the fast tier",
    )


def pytest_configure(config):
    """One date for the whole run (the build's own switch, dates.TODAY_VARIABLE): a run that crosses midnight would
    otherwise build pages on one day and check them against the next (the axis ends at today; a rebuild after
    midnight differs from the build before it). Set here, it reaches the test processes and every build they run."""
    os.environ.setdefault(dates.TODAY_VARIABLE, dt.date.today().isoformat())


# The fixtures that make a test slow: the built book (built once per run), a build of the test's own, and headless
# Chromium.
SLOW_FIXTURES = {"site", "own_build", "chromium", "handouts"}
# The fixtures that build a site other than the shared one: a copy of the data, a hostile copy, a clean clone.
BUILDS_OF_THEIR_OWN = {"own_build", "hostile_site", "workflow_clone"}


def pytest_collection_modifyitems(config, items):
    """Two tiers: `./run test` runs the fast tier (every test not marked `full`: the data, unit and property tests,
    one real build with the whole-site static checks, and a Chromium smoke test of every chapter); `./run test
    --full` runs the tests marked `full`. `.ci/run` runs both, the fast one first.

    Every test that uses the built book or Chromium, directly or through another fixture, is marked `browser`
    here, so `-m "not browser"` builds nothing and no test can forget the mark.

    The order (a stable sort keeps each file's order otherwise) keeps both test processes busy: one test that needs
    the site goes first, so one process builds it; then the tests that build a site of their own (from changed data,
    or in a clean clone: the longest single steps), so that they start at once on the other process and do not end
    the run; then the fast tests; then the other browser tests."""
    full = config.getoption("--full")
    chosen = [item for item in items if (item.get_closest_marker("full") is not None) == full]
    config.hook.pytest_deselected(items=[item for item in items if item not in chosen])
    items[:] = chosen
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)

    def uses(item, fixture):
        return fixture in getattr(item, "fixturenames", ())

    def builds_its_own(item):
        return any(uses(item, fixture) for fixture in BUILDS_OF_THEIR_OWN)

    builds_first = next((item for item in items if uses(item, "site")), None)
    items.sort(
        key=lambda item: (
            (0 if item is builds_first else 1 if builds_its_own(item) else 2 if item.get_closest_marker("browser") is None else 3),
            # the longest of them first, so that the process that does not build the shared site starts it
            not uses(item, "workflow_clone"),
        )
    )


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/ to break in one way per test."""
    target = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, target)
    return target


@pytest.fixture
def own_build(tmp_path) -> Path:
    """An empty build folder for a test that builds changed data (set NHS_INDUSTRY_BUILD_DIR to it): its first build
    is a clean one. A copy of another build's folder would not save the time: Sphinx's environment belongs to the
    folder it was made in, so a copy re-reads every page."""
    target = tmp_path / "build"
    target.mkdir()
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
def handouts(site) -> Path:
    """The built book with its seminar handouts printed as PDFs by the project's own command (`./run handout`, a
    step of its own: building the site needs no browser). In a process of its own: Playwright's sync API cannot
    start inside a test that already drives a browser."""
    with open(paths.BUILD_DIR / ".tests-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        printed = subprocess.run([sys.executable, "-m", "nhs_industry", "handout"], capture_output=True, text=True)
        assert printed.returncode == 0, printed.stdout + printed.stderr
    return site


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
