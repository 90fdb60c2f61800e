"""Builds the site: validate first, build into a staging folder, and replace _build/html only on success."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import execute, paths, sphinx_ext, validate

# A change to the shared code (which also renders every page) discards the execution cache and the Sphinx
# environment, so every page is rebuilt. Data and other inputs are tracked per chapter (see execute.py).
CODE = [paths.ROOT / "src" / "nhs_industry"]
FINGERPRINT_FILE = paths.STAGING_DIR / "code.sha256"


def fingerprint(places) -> str:
    """A digest of the files in each folder (and of each file) given."""
    digest = hashlib.sha256()
    for place in places:
        for path in sorted(place.rglob("*")) if place.is_dir() else [place]:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.name.encode() if place == path else path.relative_to(place).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def inputs_fingerprint() -> str:
    return fingerprint(CODE)


def staged_text(path: Path, reads: dict[str, list[str]]) -> bytes:
    """A book source as staged: a chapter that runs code gets the digest of what it read as its last cell."""
    raw = path.read_bytes()
    if path.suffix == ".md" and execute.runs_code(raw):
        return execute.with_digest(raw, path.relative_to(paths.ROOT).as_posix(), reads)
    return raw


def discard_stale_cache() -> None:
    """Drop the execution cache and the Sphinx environment if the shared code changed since the last build."""
    current = inputs_fingerprint()
    if FINGERPRINT_FILE.exists() and FINGERPRINT_FILE.read_text() == current:
        return
    shutil.rmtree(paths.STAGING_DIR / "_build" / ".jupyter_cache", ignore_errors=True)
    shutil.rmtree(paths.STAGING_DIR / "_build" / "jupyter_execute", ignore_errors=True)
    # The Sphinx environment must go too, or unchanged pages are not re-executed.
    shutil.rmtree(paths.STAGING_DIR / "_build" / ".doctrees", ignore_errors=True)
    FINGERPRINT_FILE.unlink(missing_ok=True)


def stage_book_sources() -> None:
    """Mirror _config.yml, _toc.yml and book/ into the staging source folder, touching only files that changed
    (so Sphinx re-reads only those) and removing files since deleted; generated entries are left alone."""
    wanted = set()
    reads = execute.recorded_reads()
    for name in paths.BOOK_SOURCE_FILES:
        source = paths.ROOT / name
        files = [source] if source.is_file() else [p for p in source.rglob("*") if p.is_file() and "entries" not in p.relative_to(source).parts[:1]]
        for path in files:
            target = paths.SOURCE_DIR / path.relative_to(paths.ROOT)
            wanted.add(target)
            text = staged_text(path, reads)
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


def index_for_search(html_dir: Path) -> int:
    """Build the offline search index (Pagefind, pinned in package.json) over the articles of the built site."""
    pagefind = paths.NODE_MODULES / ".bin" / "pagefind"
    if not pagefind.exists():
        return 1
    shutil.rmtree(html_dir / "_pagefind", ignore_errors=True)  # an index of pages since removed must not linger
    return subprocess.call([str(pagefind), "--site", str(html_dir), "--root-selector", "article", "--output-subdir", "_pagefind",
                            "--exclude-selectors", "a.headerlink",  # the "#" beside each heading is not text
                            "--quiet"], cwd=paths.ROOT)


def forget_late_static_files() -> None:
    """Remove the static files written only at the end of a build (myst-nb's CSS, the icons), so a rebuild links
    them exactly as a clean build does (a clean build cannot add their checksums): byte-identical either way."""
    static = paths.STAGING_DIR / "_build" / "html" / "_static"
    for late in [*static.glob("mystnb.*.css"), static / "nhs-icons.css"]:
        late.unlink(missing_ok=True)
    shutil.rmtree(static / "vendor", ignore_errors=True)  # the chart libraries, copied in at the end
    # Sphinx's own search index is not built (the site search is Pagefind): an old one must not linger.
    (static.parent / "searchindex.js").unlink(missing_ok=True)


def run_jupyter_book() -> int:
    command = [
        str(Path(sys.executable).parent / "jupyter-book"), "build", str(paths.SOURCE_DIR),
        "--path-output", str(paths.STAGING_DIR),
        "--warningiserror", "--keep-going", "--nitpick",
    ]
    # The kernel's debugger warns about frozen modules on stderr; that is noise, not a build problem.
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    return subprocess.call(command, cwd=paths.SOURCE_DIR, env=env)


def publish(staged: Path) -> None:
    """Swap the freshly built site into place, so readers never see a half-built one."""
    incoming = paths.BUILD_DIR / "html.incoming"
    outgoing = paths.BUILD_DIR / "html.outgoing"
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.rmtree(outgoing, ignore_errors=True)
    shutil.copytree(staged, incoming)
    if paths.HTML_DIR.exists():
        paths.HTML_DIR.rename(outgoing)
    incoming.rename(paths.HTML_DIR)
    shutil.rmtree(outgoing, ignore_errors=True)


def build(clean: bool = False) -> int:
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
    if clean:
        shutil.rmtree(paths.STAGING_DIR, ignore_errors=True)
    from . import pages

    stage_book_sources()
    forget_late_static_files()
    pages.generate()
    discard_stale_cache()
    paths.STAGING_DIR.mkdir(parents=True, exist_ok=True)
    try:
        execute.execute_stale_chapters()
    except execute.ChapterFailed as failure:
        print(f"Build failed: {failure}\n_build/html was left as it was.", file=sys.stderr)
        return 1
    if run_jupyter_book() != 0:
        print("Build failed; _build/html was left as it was.", file=sys.stderr)
        return 1
    prune_stale_output(paths.STAGING_DIR / "_build" / "html")
    # Printed in a process of their own: Playwright's sync API cannot start inside a caller that already
    # drives a browser (the test suite), and a missing Chromium must fail the build, not the caller.
    printed = subprocess.run([sys.executable, "-m", "nhs_industry.seminars", str(paths.STAGING_DIR / "_build" / "html")],
                             capture_output=True, text=True)
    if printed.returncode != 0:
        print(f"Build failed: the handouts could not be printed ({printed.stderr.strip()[-500:]}); _build/html was left as it was.",
              file=sys.stderr)
        return 1
    if index_for_search(paths.STAGING_DIR / "_build" / "html") != 0:
        print("Build failed: the search index could not be built (run `npm ci`); _build/html was left as it was.", file=sys.stderr)
        return 1
    FINGERPRINT_FILE.write_text(inputs_fingerprint())
    publish(paths.STAGING_DIR / "_build" / "html")
    print(f"Site built: {paths.HTML_DIR / 'index.html'}")
    return 0
