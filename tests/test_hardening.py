"""A site its data cannot break: hostile text in every kind of text column is shown as text and never runs,
and building never writes into the working tree. (An edited row showing after a rebuild, and a rebuild writing
what a clean build writes: tests/test_incremental.py, through the preview.)"""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest
from rows import rewrite

from nhs_industry import paths
from nhs_industry.model import schema
from nhs_industry.site import execute

pytestmark = [pytest.mark.browser, pytest.mark.full]

MARK = "__pwned"
# Each tries a different way out of the text: a script, an event handler, an attribute break, a
# javascript: link in markdown, MyST roles and directives, and template braces.
HOSTILE = {
    "script": f"<script>window.{MARK}=1</script>Hostile script",
    "img": f'<img src=x onerror="window.{MARK}=1">Hostile image',
    "attribute": f'Hostile quote" onmouseover="window.{MARK}=1" x="',
    "link": f"[Hostile link](javascript:window.{MARK}=1)",
    "myst": "{eval-rst}`.. raw:: html` {raw}`<b>x</b>` ```{warning} hostile directive",
    "jinja": "{{ 7*7 }} {% if true %}hostile jinja{% endif %}",
}


def poison(data_dir) -> dict[str, str]:
    """Put hostile text into the text columns of one row of each entry table. Returns the ids to check."""

    def instruments(rows):
        rows[0]["title"] = HOSTILE["img"] + " " + HOSTILE["attribute"]
        rows[0]["short_title"] = HOSTILE["script"]
        rows[0]["summary"] = HOSTILE["myst"] + " " + HOSTILE["link"]
        rows[0]["notes"] = HOSTILE["jinja"]
        rows[0]["milestone"] = "yes"

    def organisations(rows):
        rows[0]["name"] = HOSTILE["script"]
        rows[0]["notes"] = HOSTILE["img"]

    def partnerships(rows):
        rows[0]["title"] = HOSTILE["attribute"] + HOSTILE["script"]
        rows[0]["summary"] = HOSTILE["jinja"] + HOSTILE["myst"]

    def sources(rows):
        rows[0]["title"] = HOSTILE["img"]
        rows[0]["publisher"] = HOSTILE["script"]

    def quotes(rows):
        rows[0]["text"] = HOSTILE["script"]
        rows[0]["context"] = HOSTILE["img"]

    for name, change in [
        ("instruments", instruments),
        ("organisations", organisations),
        ("partnerships", partnerships),
        ("sources", sources),
        ("quotes", quotes),
    ]:
        rewrite(data_dir / f"{name}.csv", change)
    first = {
        name: sorted(r[schema.table(name).primary_key] for r in csv.DictReader(open(data_dir / f"{name}.csv", encoding="utf-8")))
        for name in ("instruments", "organisations", "partnerships")
    }
    return first


# Built once for the whole run, whichever test process asks first: the other finds it up to date (the build's own
# check, which reads the files' contents) and uses it. pytest-xdist's xdist_group cannot keep these tests in one
# process under pytest 9 (it renames test ids, which pytest 9 no longer allows), so a lock does it. The folder is
# kept from run to run (a rebuild of the changed pages here; a clean build in a fresh clone, as on CI).
@pytest.fixture(scope="session")
def hostile_site():
    """The real book built from a poisoned copy of data/, into a folder of its own."""
    import fcntl
    import shutil

    root = paths.BUILD_DIR / "tests-hostile"
    root.mkdir(parents=True, exist_ok=True)
    data_dir, build_dir = root / "data", root / "build"
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        fresh = root / "data-fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(paths.DATA_DIR, fresh)
        poison(fresh)
        # Replaced only if it differs: the other process may be building from it or reading it right now.
        if not data_dir.is_dir() or execute.fingerprint([data_dir]) != execute.fingerprint([fresh]):
            shutil.rmtree(data_dir, ignore_errors=True)
            fresh.rename(data_dir)
        shutil.rmtree(fresh, ignore_errors=True)
        before = {p: p.stat().st_mtime_ns for p in (paths.ROOT / "book").rglob("*")}
        result = subprocess.run(
            [sys.executable, "-m", "nhs_industry", "build"],
            capture_output=True,
            text=True,
            cwd=paths.ROOT,
            env={**os.environ, "NHS_INDUSTRY_DATA_DIR": str(data_dir), "NHS_INDUSTRY_BUILD_DIR": str(build_dir)},
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        after = {p: p.stat().st_mtime_ns for p in (paths.ROOT / "book").rglob("*")}
        assert after == before, "a build wrote into the working tree's book/"
    return build_dir / "html", data_dir


def pages_to_check(html_dir, data_dir) -> list[str]:
    first = {
        name: sorted(r[schema.table(name).primary_key] for r in csv.DictReader(open(data_dir / f"{name}.csv", encoding="utf-8")))[0]
        for name in ("instruments", "organisations", "partnerships")
    }
    pages = [f"book/entries/{table}/{entry_id}.html" for table, entry_id in first.items()]
    return pages + [
        "book/timeline.html",
        "book/partnerships.html",
        "book/organisations.html",
        "book/bibliography.html",
        "book/teaching.html",
        "book/entries/instruments.html",
        "index.html",
        "book/eras/to-2000.html",
    ]


def test_hostile_text_is_shown_as_text_and_never_runs(hostile_site, chromium):
    import browser

    html_dir, data_dir = hostile_site
    failures = []
    with browser.serve(html_dir) as base:
        for path in pages_to_check(html_dir, data_dir):
            page = chromium.new_page()
            dialogs: list[str] = []

            def on_dialog(dialog, seen=dialogs):
                seen.append(dialog.message)
                dialog.dismiss()

            page.on("dialog", on_dialog)
            browser.open_settled(page, f"{base}/{path}")
            page.mouse.move(300, 300)
            page.hover("body")
            # Hover over every mark and open every details element, where hover text and tables live.
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            ran = page.evaluate(f"window.{MARK} === 1")
            injected = page.evaluate("""() => [...document.querySelectorAll(
                'img[src="x"], [onerror], [onmouseover], a[href^="javascript:"]')]
                                              .map(e => e.outerHTML.slice(0, 80))""")
            print_header = page.evaluate("(document.querySelector('#jb-print-docs-body h1') || {}).innerHTML || ''")
            if dialogs or ran or injected or "<script" in print_header:
                failures.append((path, dialogs, ran, injected, print_header[:80]))
            page.close()
    assert failures == []


def test_hostile_text_check_can_fail(chromium, tmp_path):
    """The same probe on a page that does run injected markup reports it."""
    import browser

    (tmp_path / "bad.html").write_text(f'<body><img src=x onerror="window.{MARK}=1"></body>', encoding="utf-8")
    with browser.serve(tmp_path) as base:
        page = chromium.new_page()
        browser.open_settled(page, f"{base}/bad.html")
        assert page.evaluate(f"window.{MARK} === 1")
        page.close()
