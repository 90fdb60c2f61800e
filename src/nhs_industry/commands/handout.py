"""Prints the timeline page as an A4 landscape PDF handout with the project's own Chromium."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import paths
from ..site import browser

HANDOUT = paths.BUILD_DIR / "handout" / "timeline-a4.pdf"
# A4 landscape at 96 dpi, so the chart is laid out at the width it will be printed.
A4_LANDSCAPE = {"width": 1123, "height": 794}


def print_timeline(chromium, base_url: str, output: Path) -> None:
    page = chromium.new_page(viewport=A4_LANDSCAPE)
    page.goto(f"{base_url}/book/timeline.html?layers=partnership")
    page.wait_for_selector(".nhs-timeline-plot .cartesianlayer .point")
    page.emulate_media(media="print")
    page.pdf(
        path=str(output),
        format="A4",
        landscape=True,
        print_background=True,
        margin={"top": "12mm", "bottom": "12mm", "left": "10mm", "right": "10mm"},
    )
    page.close()


def make_handout(html_dir: Path = paths.HTML_DIR, output: Path = HANDOUT, chromium=None) -> Path:
    """Write the PDF; pass a launched Playwright browser to reuse it, or one is started here."""
    from playwright.sync_api import sync_playwright

    if not (html_dir / "book" / "timeline.html").exists():
        raise FileNotFoundError(f"{html_dir} has no built timeline; run `./run site` first")
    output.parent.mkdir(parents=True, exist_ok=True)
    with browser.serve(html_dir) as base:
        if chromium is not None:
            print_timeline(chromium, base, output)
            return output
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=browser.chromium_path(), args=browser.CHROMIUM_ARGS)
            print_timeline(launched, base, output)
            launched.close()
    return output


def main() -> int:
    try:
        path = make_handout()
    except (FileNotFoundError, RuntimeError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Handout written: {path}")
    return 0
