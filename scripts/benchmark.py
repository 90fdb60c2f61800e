"""Prints how long the main steps take on this machine. Figures only: no test asserts a time.

Usage: .venv/bin/python scripts/benchmark.py [--no-build]
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nhs_industry import data, pages, paths, schema, validate


def timed(label: str, action, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<48} {best:8.3f} s")
    return best


def build(env: dict[str, str]) -> None:
    result = subprocess.run([sys.executable, "-m", "nhs_industry", "build"], capture_output=True, text=True,
                            env={**os.environ, **env}, cwd=paths.ROOT)
    if result.returncode:
        raise SystemExit(result.stderr[-2000:])


PAGE_KINDS = {
    "home": "book/index.html",
    "timeline": "book/timeline.html",
    "chapter with charts": "book/partnerships.html",
    "era chapter": "book/eras/2007-2013.html",
    "entry page": "book/entries/instruments/dh-joint-working-guidance-2008.html",
    "text page": "book/glossary.html",
}


def gzip_size(path: Path) -> int:
    import gzip

    return len(gzip.compress(path.read_bytes(), compresslevel=6)) if path.exists() else 0


def page_weights(html_dir: Path) -> None:
    """Bytes a reader's browser transfers (as gzip, as GitHub Pages serves them) and requests, per kind of page:
    on a first visit, and on a visit after the timeline (its libraries cached); time to an interactive timeline."""
    from urllib.parse import unquote, urlparse

    from playwright.sync_api import sync_playwright

    from nhs_industry import browser

    def visit(page, url):
        seen = []
        page.on("request", lambda r: seen.append(r.url))
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return seen

    def weigh(urls, base):
        files = [html_dir / unquote(urlparse(u).path).lstrip("/") for u in urls if u.startswith(base)]
        offsite = [u for u in urls if not u.startswith(base) and not u.startswith(("data:", "blob:"))]
        return sum(gzip_size(f) for f in files), len(urls), len(offsite)

    with browser.serve(html_dir) as base, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=browser.chromium_path(), args=browser.CHROMIUM_ARGS)
        print(f"{'page (gzip bytes, requests, off-site)':<40} {'first visit':>16} {'after timeline':>16}")
        for kind, path in PAGE_KINDS.items():
            context = chromium.new_context()
            first = weigh(visit(context.new_page(), f"{base}/{path}"), base)
            context.close()
            context = chromium.new_context()
            cached = set(visit(context.new_page(), f"{base}/book/timeline.html"))
            again = [u for u in visit(context.new_page(), f"{base}/{path}") if u not in cached]
            second = weigh(again, base)
            context.close()
            print(f"{kind:<40} {first[0] / 1024:8.0f} KB {first[1]:3d} {first[2]}  {second[0] / 1024:8.0f} KB {second[1]:3d}")
        context = chromium.new_context()
        page = context.new_page()
        page.goto(f"{base}/book/timeline.html")
        page.wait_for_function("document.querySelector('.nhs-timeline-plot .scatterlayer .point')")
        ready = page.evaluate("performance.now()")
        print(f"{'timeline drawn and answering hover after':<48} {ready / 1000:8.3f} s")
        context.close()
        chromium.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-build", action="store_true", help="skip the (slow) full builds")
    parser.add_argument("--weights-only", action="store_true", help="only measure page weights of the built site")
    parser.add_argument("--scale", type=int, default=10, help="how many times larger the synthetic data package is")
    args = parser.parse_args()
    if args.weights_only:
        page_weights(paths.HTML_DIR)
        return
    rows = sum(len(data.load(name)) for name in schema.tables())
    print(f"data: {rows} rows in {len(schema.tables())} tables; {os.cpu_count()} cores")
    timed("validate every table (best of 5)", validate.problems, repeat=5)
    timed("load every table (cold)", lambda: [data._dataset.cache_clear(), [data.load(n) for n in schema.tables()]])
    timed("generate entry pages", pages.generate)
    if args.no_build:
        return
    with tempfile.TemporaryDirectory() as scratch:
        env = {"NHS_INDUSTRY_BUILD_DIR": str(Path(scratch) / "build")}
        timed("full build from scratch", lambda: build(env))
        timed("rebuild with nothing changed", lambda: build(env))
        copy = Path(scratch) / "data"
        shutil.copytree(paths.DATA_DIR, copy)
        text = (copy / "instruments.csv").read_text(encoding="utf-8")
        (copy / "instruments.csv").write_text(text.replace(",medium,", ",low,", 1), encoding="utf-8")
        timed("rebuild after editing one CSV row", lambda: build({**env, "NHS_INDUSTRY_DATA_DIR": str(copy)}))
        page_weights(Path(scratch) / "build" / "html")
        from nhs_industry import synthetic

        scaled = synthetic.write(Path(scratch) / "scaled-data", args.scale)
        scaled_env = {"NHS_INDUSTRY_BUILD_DIR": str(Path(scratch) / "scaled"), "NHS_INDUSTRY_DATA_DIR": str(scaled)}
        timed(f"full build with {args.scale}x the data", lambda: build(scaled_env))
        page_weights(Path(scratch) / "scaled" / "html")


if __name__ == "__main__":
    main()
