"""Prints the seminar handouts (their HTML written by seminars.py) to A4 PDFs with the project's Chromium.

The build runs this in a process of its own while Sphinx builds the pages: Playwright's sync API cannot start
inside a caller that already drives a browser (the test suite), and a missing Chromium must fail the build."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from . import browser


def without_timestamps(pdf: bytes) -> bytes:
    """Chromium stamps each PDF with the moment it was printed; a fixed stamp of the same length keeps two
    builds of the same commit byte-identical (and every offset in the file where it was)."""
    return re.sub(rb"\((D:\d{14})([^)]*)\)", lambda m: b"(D:20000101000000" + m.group(2) + b")", pdf)


def print_pdfs(folder, slugs: list[str]) -> None:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=browser.chromium_path(), args=browser.CHROMIUM_ARGS)
        page = chromium.new_page()
        for slug in slugs:
            page.goto((folder / f"{slug}.html").as_uri())
            pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
            (folder / f"{slug}.pdf").write_bytes(without_timestamps(pdf))
        chromium.close()


if __name__ == "__main__":  # python -m nhs_industry.site.handouts FOLDER SLUG...: print these handouts (the build calls this)
    print_pdfs(Path(sys.argv[1]), sys.argv[2:])
