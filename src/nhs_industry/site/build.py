"""Builds the site: validate first, build into a staging folder, and replace _build/html only on success."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .. import git, paths
from ..content import pages, practice_pages, seminars
from ..model import dates, validate
from . import execute, sphinx_ext

# Everything the published site is made from. If none of it has changed since the last successful build,
# the site in _build/html is what a build would make, and the build stops there.
SITE_FILES = ["_config.yml", "_toc.yml", "CHANGELOG.md", "CITATION.cff", "pyproject.toml", "requirements.txt", "package-lock.json"]
SITE_FILE = paths.STAGING_DIR / "site.sha256"


def site_fingerprint() -> str:
    """The site's inputs: the package (served files included), the book, the files above, the data (wherever it is
    read from), the repository's state (the version in every footer) and today's date (the last era and "in force
    today" end today)."""
    extra = f"{paths.DATA_DIR}\n{git.state()}\n{dates.today().isoformat()}"
    places = [execute.PACKAGE, paths.BOOK_DIR, *(paths.ROOT / name for name in SITE_FILES), paths.DATA_DIR]
    return hashlib.sha256((execute.fingerprint(places) + extra).encode()).hexdigest()


def up_to_date() -> bool:
    return paths.HTML_DIR.is_dir() and SITE_FILE.exists() and SITE_FILE.read_text() == site_fingerprint()


def staged_text(path: Path, key: str) -> bytes:
    """A book source as staged: a chapter that runs code gets the chapters' key as its last cell (execute.py)."""
    raw = path.read_bytes()
    if path.suffix == ".md" and execute.runs_code(raw):
        return execute.with_digest(raw, key)
    return raw


def stage_book_sources() -> None:
    """Mirror _config.yml, _toc.yml and book/ into the staging source folder, touching only files that changed
    (so Sphinx re-reads only those) and removing files since deleted; generated entries are left alone."""
    wanted, key = set(), execute.chapters_key()
    for name in paths.BOOK_SOURCE_FILES:
        source = paths.ROOT / name
        files = (
            [source]
            if source.is_file()
            else [p for p in source.rglob("*") if p.is_file() and "entries" not in p.relative_to(source).parts[:1]]
        )
        for path in files:
            target = paths.SOURCE_DIR / path.relative_to(paths.ROOT)
            wanted.add(target)
            text = staged_text(path, key)
            if not target.exists() or target.read_bytes() != text:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(text)
    book = paths.SOURCE_DIR / "book"
    for stale in [p for p in book.rglob("*") if p.is_file()] if book.exists() else []:
        if stale not in wanted and paths.GENERATED_DIR not in stale.parents:
            stale.unlink()


def prune_stale_output(html_dir: Path) -> list[Path]:
    """Delete built pages whose source is gone (an entry removed from data/): Sphinx never deletes them,
    and a reader must not find a page for a row that no longer exists."""
    removed = []
    for page in html_dir.rglob("*.html"):
        relative = page.relative_to(html_dir)
        if relative.parts[0] in ("_static", "handouts", "data", "embed") or relative.name in ("genindex.html", "search.html"):
            continue
        if relative.as_posix() == "index.html":
            continue  # Jupyter Book's redirect to the root page
        if not (paths.SOURCE_DIR / relative.with_suffix(".md")).exists():
            page.unlink()
            removed.append(relative)
    for copy in (html_dir / "_sources").rglob("*") if (html_dir / "_sources").exists() else []:
        source = copy.relative_to(html_dir / "_sources")
        source = source.with_suffix("") if source.suffix == ".txt" else source  # some Sphinx versions add .txt
        if copy.is_file() and not (paths.SOURCE_DIR / source).exists():
            copy.unlink()
            removed.append(copy.relative_to(html_dir))
    return removed


def index_for_search(html_dir: Path, output: Path) -> int:
    """Build the offline search index (Pagefind, pinned in package.json) over the articles of the built site,
    into the folder `output` (the same files wherever it is)."""
    pagefind = paths.NODE_MODULES / ".bin" / "pagefind"
    if not pagefind.exists():
        return 1
    shutil.rmtree(output, ignore_errors=True)  # an index of pages since removed must not linger
    # The "#" beside each heading (a.headerlink) is not text.
    arguments = ["--site", str(html_dir), "--root-selector", "article", "--output-path", str(output), "--exclude-selectors", "a.headerlink"]
    return subprocess.call([str(pagefind), *arguments, "--quiet"], cwd=paths.ROOT)


def forget_late_static_files() -> None:
    """Remove the static files written only at the end of a build (myst-nb's CSS, the icons), so a rebuild links
    them exactly as a clean build does (a clean build cannot add their checksums): byte-identical either way."""
    static = paths.STAGING_DIR / "_build" / "html" / "_static"
    for late in [*static.glob("mystnb.*.css"), static / "nhs-icons.css"]:
        late.unlink(missing_ok=True)
    shutil.rmtree(static / "vendor", ignore_errors=True)  # the chart libraries, copied in at the end


def run_jupyter_book() -> int:
    """Jupyter Book's build, in this process: Sphinx and its extensions are imported once, not once per build
    (the preview builds many times), and every chapter is already in the execution cache (execute.py)."""
    from jupyter_book.cli.main import main as jupyter_book

    arguments = ["build", str(paths.SOURCE_DIR), "--path-output", str(paths.STAGING_DIR), "--warningiserror", "--keep-going", "--nitpick"]
    try:
        jupyter_book.main(args=arguments, standalone_mode=False)
    except SystemExit as stopped:
        return int(stopped.code or 0)
    except Exception as error:  # Jupyter Book raises RuntimeError after printing Sphinx's own messages
        print(error, file=sys.stderr)
        return 1
    return 0


INCOMING = "html.incoming"  # beside HTML_DIR: the next site, copied from the staging folder before the swap


def copy_with_search_index(staged: Path) -> Path | None:
    """Copy the built site beside the published one with its search index (built over the copy, so the staged
    site never holds an index of pages since removed). None if the index could not be built."""
    incoming = paths.BUILD_DIR / INCOMING
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.copytree(staged, incoming, ignore=shutil.ignore_patterns("_pagefind"))
    if index_for_search(incoming, incoming / "_pagefind") != 0:
        shutil.rmtree(incoming, ignore_errors=True)
        return None
    return incoming


def publish(incoming: Path) -> None:
    """Swap the freshly built site (copied from the staging folder) into place, so readers never see a half-built one."""
    outgoing = paths.BUILD_DIR / "html.outgoing"
    shutil.rmtree(outgoing, ignore_errors=True)
    if paths.HTML_DIR.exists():
        paths.HTML_DIR.rename(outgoing)
    incoming.rename(paths.HTML_DIR)
    shutil.rmtree(outgoing, ignore_errors=True)


class Clock:
    """Times each step, for the line a contributor reads at the end of a build."""

    def __init__(self):
        self.last, self.steps = time.perf_counter(), []

    def lap(self, label: str) -> None:
        now = time.perf_counter()
        self.steps.append((label, now - self.last))
        self.last = now

    def summary(self) -> str:
        return f"{sum(s for _, s in self.steps):.1f} s (" + ", ".join(f"{label} {s:.1f} s" for label, s in self.steps) + ")"


def build(clean: bool = False, kernel=None) -> int:
    """Validate, build in the staging folder, and publish to _build/html on success. kernel: an
    execute.Kernel to run the chapters in (the preview keeps one); a new one otherwise."""
    clock = Clock()
    if not clean and up_to_date():
        print(f"Nothing has changed since the last build: {paths.HTML_DIR / 'index.html'} is up to date.")
        return 0
    stamp = site_fingerprint()  # taken before building: an edit made during the build is not marked as built
    problems = validate.problems()
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"\nBuild stopped: {len(problems)} problem(s) in {paths.DATA_DIR}. _build/html was left as it was.", file=sys.stderr)
        return 1
    missing = sphinx_ext.missing_vendor_files()
    if missing:
        print(f"Build stopped: chart libraries missing from node_modules/ ({', '.join(missing)}). Run `npm ci`.", file=sys.stderr)
        return 1
    clock.lap("validate")
    if clean:
        shutil.rmtree(paths.STAGING_DIR, ignore_errors=True)
    stage_book_sources()
    forget_late_static_files()
    paths.STAGING_DIR.mkdir(parents=True, exist_ok=True)
    pages.generate(practice_pages.generate)
    try:
        ran = execute.execute_stale_chapters(kernel)
    except execute.ChapterFailed as failure:
        print(f"Build failed: {failure}\n_build/html was left as it was.", file=sys.stderr)
        return 1
    clock.lap(f"generated pages and {len(ran)} chapter(s) run")
    if run_jupyter_book() != 0:
        # Sphinx keeps the pages it read, warnings and all, and warns only about pages it reads again: without its
        # environment the next build reads every page and fails again until the cause is fixed.
        shutil.rmtree(paths.STAGING_DIR / "_build" / ".doctrees", ignore_errors=True)
        print("Build failed; _build/html was left as it was.", file=sys.stderr)
        return 1
    # The handouts' pages are written here; their PDFs are printed by `./run handout`, which needs a browser.
    unprinted = seminars.stage_handouts(paths.STAGING_DIR / "_build" / "html")
    prune_stale_output(paths.STAGING_DIR / "_build" / "html")
    clock.lap("Sphinx")
    incoming = copy_with_search_index(paths.STAGING_DIR / "_build" / "html")
    if incoming is None:
        print("Build failed: the search index could not be built (run `npm ci`); _build/html was left as it was.", file=sys.stderr)
        return 1
    clock.lap("copy and search index")
    publish(incoming)
    SITE_FILE.write_text(stamp)
    clock.lap("publish")
    print(f"Site built: {paths.HTML_DIR / 'index.html'} in {clock.summary()}")
    if unprinted:
        print(f"{len(unprinted)} seminar handout(s) to print as PDF: run `./run handout`.")
    return 0
