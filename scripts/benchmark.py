"""Prints one table of how fast the site builds and how light its pages are, on this machine.

Figures only: no test asserts a time. Times are medians of --repeat runs; the growth with more data is the
median ratio of clean builds made in turn, each large one just after one of the real data. Builds run in a
scratch folder on a copy of the data, so the working tree and _build/ are untouched. Page weights are the bytes
a reader's browser transfers, counted as gzip (as GitHub Pages serves them), measured in headless Chromium.

Usage: .venv/bin/python scripts/benchmark.py [--repeat 3] [--scale 10] [--weights-only] [--tiers]

--tiers times the two tiers of tests as a newcomer runs them: a fresh clone of HEAD (its site not yet built), then
`./run test` (the README's command, with the set-up it does on a fresh clone: the virtualenv, the chart
libraries) and `./run test --full`, each timed from start to end.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nhs_industry import paths
from nhs_industry.site import browser

ROWS: list[tuple[str, str, str]] = []  # (measure, figure, budget from issue 13)
PAGE_KINDS = {
    "home": "book/index.html",
    "timeline": "book/timeline.html",
    "chapter with charts": "book/partnerships.html",
    "era chapter": "book/eras/2007-2013.html",
    "entry page": "book/entries/instruments/dh-joint-working-guidance-2008.html",
    "text page": "book/glossary.html",
}
EDITED_ROW = ("instruments.csv", "el-94-94")  # an instrument most chapters read: the costly kind of edit


def report(measure: str, figure: str, budget: str = "") -> None:
    ROWS.append((measure, figure, budget))
    print(f"  {measure}: {figure}", flush=True)


def build(env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "nhs_industry", "build"], capture_output=True, text=True, env={**os.environ, **env}, cwd=paths.ROOT
    )
    if result.returncode:
        raise SystemExit(result.stdout[-2000:] + result.stderr[-2000:])


def seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_seconds(action, repeat: int, before=lambda i: None) -> float:
    times = []
    for i in range(repeat):
        before(i)
        times.append(seconds(action))
    return statistics.median(times)


def clean_build_seconds(env: dict[str, str]) -> float:
    shutil.rmtree(env["NHS_INDUSTRY_BUILD_DIR"], ignore_errors=True)
    return seconds(lambda: build(env))


def edit_row(data_dir: Path, number: int) -> str:
    """Give the benchmark's row a new title; returns it."""
    name, row_id = EDITED_ROW
    path = data_dir / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(row_id + ","))
    fields = lines[index].split(",", 2)
    title = f"Benchmark edit {number}"
    lines[index] = ",".join([fields[0], title, fields[2]])
    path.write_text("".join(lines), encoding="utf-8")
    return title


def build_times(scratch: Path, repeat: int) -> Path:
    data_dir, build_dir = scratch / "data", scratch / "build"
    shutil.copytree(paths.DATA_DIR, data_dir)
    env = {"NHS_INDUSTRY_BUILD_DIR": str(build_dir), "NHS_INDUSTRY_DATA_DIR": str(data_dir)}
    clean = median_seconds(lambda: build(env), repeat, before=lambda i: shutil.rmtree(build_dir, ignore_errors=True))
    report("clean build", f"{clean:.1f} s", "≤ 45 s")
    report("rebuild, nothing changed", f"{median_seconds(lambda: build(env), repeat):.2f} s", "≤ 3 s")
    edit = median_seconds(lambda: build(env), repeat, before=lambda i: edit_row(data_dir, i))
    report("rebuild after editing one row (./run site)", f"{edit:.1f} s")
    report("edit one row → change served by ./run preview", f"{preview_seconds(env, data_dir, repeat):.1f} s", "≤ 10 s")
    return build_dir / "html"


def preview_seconds(env: dict[str, str], data_dir: Path, repeat: int) -> float:
    from nhs_industry.site import preview

    with preview.running(env, data_dir.parent / "preview.log") as base:
        page = f"{base}/book/entries/instruments/{EDITED_ROW[1]}.html"
        times = []
        for number in range(100, 100 + repeat):
            start = time.perf_counter()
            title = edit_row(data_dir, number)
            while title not in preview.page_text(page):
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
            time.sleep(1)
        return statistics.median(times)


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6)) if path.exists() else 0


def stock_bytes(html_dir: Path, path: str, measured: int) -> int:
    """The same page as Jupyter Book's stock chart settings would send it: plotly's notebook renderer puts the
    whole plotly.js (the full bundle the Python package ships) into each page that draws a plotly figure, in
    place of the site's trimmed copy that the browser caches once. (Altair's default renderer would fetch the
    same Vega libraries from a CDN: about the same bytes, from another host.) An estimate from the built page."""
    import plotly

    text = (html_dir / path).read_text(encoding="utf-8")
    vendor = html_dir / "_static" / "vendor"
    total = measured
    if 'class="nhs-plotly"' in text or 'class="nhs-timeline"' in text:
        total += gzip_size(Path(plotly.__file__).parent / "package_data" / "plotly.min.js") - gzip_size(vendor / "plotly-basic.min.js")
    return total


def page_weights(html_dir: Path, repeat: int, label: str = "") -> None:
    """Per kind of page: bytes (gzip) and requests on a first visit and on a visit after the timeline (its chart
    library cached), requests to other hosts, the stock-settings ratio; then time to an interactive timeline."""
    from urllib.parse import unquote, urlparse

    from playwright.sync_api import sync_playwright

    from nhs_industry.site import browser

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

    budgets = {
        "timeline": "≤ 600 KB first visit",
        "entry page": "≤ 150 KB first visit",
        "chapter with charts": "≤ 60 KB after timeline",
        "era chapter": "≤ 60 KB after timeline",
    }
    with browser.serve(html_dir) as base, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=browser.chromium_path(), args=browser.CHROMIUM_ARGS)
        for kind, path in PAGE_KINDS.items() if not label else []:
            context = chromium.new_context()
            first = weigh(visit(context.new_page(), f"{base}/{path}"), base)
            context.close()
            context = chromium.new_context()
            cached = set(visit(context.new_page(), f"{base}/book/timeline.html"))
            second = weigh([u for u in visit(context.new_page(), f"{base}/{path}") if u not in cached], base)
            context.close()
            stock = stock_bytes(html_dir, path, first[0])
            report(
                f"{kind}: first visit / after timeline / off-site requests",
                f"{first[0] / 1024:.0f} KB in {first[1]} requests / {second[0] / 1024:.0f} KB in {second[1]} / {first[2] + second[2]}"
                + (f"; {first[0] / stock:.2f}× the stock-settings page ({stock / 1024:.0f} KB)" if stock != first[0] else ""),
                budgets.get(kind, ""),
            )
        ready = []
        for _ in range(repeat):
            context = chromium.new_context()
            page = context.new_page()
            page.goto(f"{base}/book/timeline.html")
            page.wait_for_function("document.querySelector('.nhs-timeline-plot .scatterlayer .point')")
            ready.append(page.evaluate("performance.now()") / 1000)
            context.close()
        report(
            f"timeline drawn and answering hover{label}",
            f"{statistics.median(ready):.2f} s after navigation",
            "≤ 2 s" if label else "≤ 1 s",
        )
        chromium.close()


def scaled(scratch: Path, times: int, repeat: int) -> None:
    """Clean builds with `times` the data, each beside a clean build of the real data made just before it: the
    growth is the median of those pairs' ratios. On a shared machine whose speed drifts over minutes (a fixed
    loop of Python took anywhere from 0.45 to 0.66 s within one minute on the reference machine), a ratio of
    builds made in different minutes measured the drift as much as the build."""
    from nhs_industry.model import synthetic

    data_dir = synthetic.write(scratch / "scaled-data", times)
    env = {"NHS_INDUSTRY_BUILD_DIR": str(scratch / "scaled"), "NHS_INDUSTRY_DATA_DIR": str(data_dir)}
    shutil.copytree(paths.DATA_DIR, scratch / "pair-data")
    pair_env = {"NHS_INDUSTRY_BUILD_DIR": str(scratch / "pair"), "NHS_INDUSTRY_DATA_DIR": str(scratch / "pair-data")}
    pairs = [(clean_build_seconds(pair_env), clean_build_seconds(env)) for _ in range(repeat)]  # (real, large), in turn
    ratios = ", ".join(f"{large:.1f} s / {real:.1f} s" for real, large in pairs)
    report(
        f"clean build with {times}× the data",
        f"{statistics.median(large for _, large in pairs):.1f} s; "
        f"{statistics.median(large / real for real, large in pairs):.1f}× a clean build of the real data made just before "
        f"it (median of {repeat} pair{'s' if repeat != 1 else ''}: {ratios})",
        "≤ 2× the clean build",
    )
    page_weights(scratch / "scaled" / "html", 3, label=f" with {times}× the data")


def speed_probe() -> str:
    """A fixed loop of pure Python, timed: printed at the start and end so a reader can see how fast the
    machine ran meanwhile (a shared machine's speed drifts)."""
    start = time.perf_counter()
    total = 0
    for number in range(5_000_000):
        total += number
    return f"{(time.perf_counter() - start) * 1000:.0f} ms"


def tier_times() -> None:
    """Both tiers of tests in a fresh clone of HEAD, as a newcomer and CI run them (README, .ci/run)."""
    with tempfile.TemporaryDirectory() as scratch:
        clone = Path(scratch) / "clone"
        subprocess.run(["git", "clone", "-q", "--no-local", str(paths.ROOT), str(clone)], check=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NHS_INDUSTRY_", "VIRTUAL_ENV", "PYTHONPATH"))}
        for label, command in [("fast tier, fresh clone (./run test, set-up included)", ["./run", "test"]),
                               ("full tier (./run test --full)", ["./run", "test", "--full"])]:  # fmt: skip
            started = time.perf_counter()
            result = subprocess.run(command, cwd=clone, env=env, capture_output=True, text=True)
            summary = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
            report(label, f"{time.perf_counter() - started:.0f} s ({summary.strip('= ')})", "≤ 180 s" if "fast" in label else "")


def machine() -> str:
    chromium = subprocess.run([browser.chromium_path(), "--version"], capture_output=True, text=True).stdout.strip()
    return f"{os.cpu_count()} cores, Python {platform.python_version()}, {chromium or 'Chromium'}, {platform.platform()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (the median is reported)")
    parser.add_argument("--scale", type=int, default=10, help="how many times larger the synthetic data package is")
    parser.add_argument("--weights-only", action="store_true", help="only measure the pages of the built _build/html")
    parser.add_argument("--tiers", action="store_true", help="only time both tiers of tests in a fresh clone of HEAD")
    args = parser.parse_args()
    print(f"Benchmark on {machine()}, {time.strftime('%Y-%m-%d')}", flush=True)
    probe_before = speed_probe()
    if args.tiers:
        tier_times()
    elif args.weights_only:
        page_weights(paths.HTML_DIR, args.repeat)
    else:
        with tempfile.TemporaryDirectory() as scratch:
            html_dir = build_times(Path(scratch), args.repeat)
            page_weights(html_dir, args.repeat)
            scaled(Path(scratch), args.scale, args.repeat)
    report("speed probe (a fixed loop of Python) at the start / at the end", f"{probe_before} / {speed_probe()}")
    print("\n| measure | figure | budget |\n|---|---|---|")
    for measure, figure, budget in ROWS:
        print(f"| {measure} | {figure} | {budget} |")


if __name__ == "__main__":
    main()
