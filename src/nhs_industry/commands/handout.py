"""`./run handout`: prints the handouts as A4 PDFs with the project's own Chromium, after `./run site`: each seminar's
handout (whose page the build writes) into the site's handouts/ folder, and the timeline as a landscape sheet.

Printing needs a browser; building the site does not, so the two are separate steps (CI runs this one before it
publishes the site)."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from .. import paths
from ..content import seminars
from ..site import browser

HANDOUT = paths.BUILD_DIR / "handout" / "timeline-a4.pdf"
# A4 landscape at 96 dpi, so the chart is laid out at the width it will be printed.
A4_LANDSCAPE = {"width": 1123, "height": 794}


def print_timeline(chromium, html_dir: Path, output: Path = HANDOUT) -> Path:
    """The timeline, with its partnerships, as one landscape A4 sheet."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with browser.serve(html_dir) as base:
        page = chromium.new_page(viewport=A4_LANDSCAPE)
        page.goto(f"{base}/book/timeline.html?layers=partnership")
        page.wait_for_selector(".nhs-timeline-plot .cartesianlayer .point")
        page.emulate_media(media="print")
        margin = {"top": "12mm", "bottom": "12mm", "left": "10mm", "right": "10mm"}
        page.pdf(path=str(output), format="A4", landscape=True, print_background=True, margin=margin)
        page.close()
    return output


def without_timestamps(pdf: bytes) -> bytes:
    """Chromium stamps each PDF with the moment it was printed; a fixed stamp of the same length keeps two prints of
    the same page byte-identical (and every offset in the file where it was)."""
    return re.sub(rb"\((D:\d{14})([^)]*)\)", lambda m: b"(D:20000101000000" + m.group(2) + b")", pdf)


def print_seminar_handouts(chromium, staged_html: Path, published_html: Path) -> list[str]:
    """Print each seminar handout whose PDF is missing or older than its page, into the staged site (so later builds
    publish it) and the published one; returns the slugs printed."""
    stale = seminars.stage_handouts(staged_html)
    folder = staged_html / seminars.HANDOUT_FOLDER
    page = chromium.new_page()
    for slug in stale:
        page.goto((folder / f"{slug}.html").as_uri())
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        (folder / f"{slug}.pdf").write_bytes(without_timestamps(pdf))
    page.close()
    seminars.record_printed(staged_html, stale)
    (published_html / seminars.HANDOUT_FOLDER).mkdir(parents=True, exist_ok=True)
    for pdf in folder.glob("*.pdf"):
        shutil.copyfile(pdf, published_html / seminars.HANDOUT_FOLDER / pdf.name)
    return list(stale)


def main() -> int:
    from playwright.sync_api import sync_playwright

    staged = paths.STAGING_DIR / "_build" / "html"
    if not (paths.HTML_DIR / "book" / "timeline.html").exists() or not staged.exists():
        print(f"{paths.HTML_DIR} has no built site; run `./run site` first", file=sys.stderr)
        return 1
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=browser.chromium_path(), args=browser.CHROMIUM_ARGS)
            printed = print_seminar_handouts(chromium, staged, paths.HTML_DIR)
            path = print_timeline(chromium, paths.HTML_DIR)
            chromium.close()
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Seminar handouts printed: {len(printed)} ({', '.join(printed) or 'all up to date'}); timeline handout: {path}")
    return 0
