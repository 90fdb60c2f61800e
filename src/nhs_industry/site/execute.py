"""Runs the chapters' code before Sphinx reads them: all the chapters that need it, in one Python kernel.

myst-nb would start a kernel for each chapter, and each kernel spends about 3 s starting and importing
pandas, altair and this package before the chapter's own code runs. Here the chapters that the execution
cache does not already hold run one after another in a single kernel (its namespace cleared and its
working directory set between chapters, as a fresh kernel would have them), and their outputs go into
the same cache myst-nb reads, so Sphinx finds every chapter already executed.

myst-nb's cache is keyed on a chapter's code alone. The build adds to each staged chapter, as its last hidden cell,
one digest of everything a chapter's output may depend on (chapters_key): the data, the package, the pinned
dependencies, the project files the chapters quote, the repository's state and today's date. Any change to one of
them re-runs every chapter (about 6 s in the shared kernel); nothing is ever served from a stale cache.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from myst_nb.core.read import read_myst_markdown_notebook
from myst_parser.config.main import MdParserConfig
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from .. import git, paths
from ..model import dates

CACHE_DIR = paths.STAGING_DIR / "_build" / ".jupyter_cache"  # where Jupyter Book's myst-nb looks (--path-output)
TIMEOUT = 300  # seconds per cell, as execute.timeout in _config.yml
DIGEST_CELL = (
    "\n```{code-cell} python\n:tags: [remove-cell]\n"
    "# Written by the build: the digest of everything the chapters read, so they re-run when any of it changes.\n"
    '_inputs = "%s"\n```\n'
)
PACKAGE = paths.ROOT / "src" / "nhs_industry"
# Files the package serves as they are (scripts, styles, the search page): Sphinx copies them on every build, and
# no chapter's output depends on them, so editing one re-runs nothing and keeps the Sphinx environment.
SERVED_AS_IS = ("static", "extra")
# The project files the chapters quote: the changelog and the version (releases, citations), the site's address,
# the seminar plans; and the pinned dependencies, whose upgrade changes what a chapter draws.
PROJECT_INPUTS = ["requirements.txt", "package-lock.json", "CHANGELOG.md", "pyproject.toml", "_config.yml", "book/seminars.yml"]
CODE_MARK = b"```{code-cell}"
MADE_BY = "nhs_industry"  # the mark on the cache records this module makes: myst-nb's own records lack it


class ChapterFailed(Exception):
    """A chapter's code raised: the message names the chapter and the cell."""


@dataclass
class Chapter:
    path: Path  # the staged copy
    notebook: nbformat.NotebookNode


def runs_code(raw: bytes) -> bool:
    return CODE_MARK in raw


def fingerprint(places) -> str:
    """A digest of the files in each folder (and of each file) given, by name and content."""
    digest = hashlib.sha256()
    for place in places:
        for path in sorted(place.rglob("*")) if place.is_dir() else [place]:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.name.encode() if place == path else path.relative_to(place).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def package_code() -> list[Path]:
    """The package's code and templates: every file but those it serves as they are."""
    served = [PACKAGE / "site" / folder for folder in SERVED_AS_IS]
    return sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts and not any(s in p.parents for s in served))


def chapters_key() -> str:
    """One digest of everything a chapter's output may depend on besides its own text (the module docstring)."""
    total = hashlib.sha256(f"{dates.today().isoformat()}\n{git.state()}".encode())
    total.update(fingerprint([paths.DATA_DIR]).encode())  # by place inside the folder: a copy of the data digests alike
    total.update(fingerprint([*package_code(), *(paths.ROOT / name for name in PROJECT_INPUTS)]).encode())
    return total.hexdigest()


def with_digest(raw: bytes, key: str) -> bytes:
    """A chapter as staged: its text and the chapters' key as a hidden last cell (myst-nb's cache keys on the code)."""
    return raw + (DIGEST_CELL % key).encode()


def chapter_key(path: Path) -> str:
    return path.relative_to(paths.SOURCE_DIR).as_posix()


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """The chapter as myst-nb reads it, so the cache keys match."""
    return read_myst_markdown_notebook(path.read_text(encoding="utf-8"), config=MdParserConfig(), add_source_map=True, path=str(path))


def staged_chapters() -> list[Path]:
    book = paths.SOURCE_DIR / "book"
    return sorted(p for p in book.rglob("*.md") if paths.GENERATED_DIR not in p.parents and runs_code(p.read_bytes()))


def not_in_cache(chapters: list[Path]) -> list[Chapter]:
    cache = get_cache(str(CACHE_DIR))
    missing = []
    for path in chapters:
        notebook = read_notebook(path)
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            missing.append(Chapter(path, notebook))
    return missing


# Run before and after each chapter in the shared kernel. BEFORE empties the namespace as a fresh kernel would
# have it (modules stay imported, which is the point). Not %reset: it runs the garbage collector twice,
# 0.2 s a chapter.
SETUP = "from nhs_industry.model import caches as _c; _c.forget_cached(); del _c"  # a kernel kept from a last build
BEFORE = (
    "_ip = get_ipython()\n"
    "[_ip.user_ns.pop(_n) for _n in [n for n in _ip.user_ns if n not in _ip.user_ns_hidden and n != '_ip']]\n"
    "del _ip\n"
    "import os as _os; _os.chdir(%r); del _os"
)


def _code_cell(source: str, role: str, chapter: int) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source, metadata={"nhs": {"role": role, "chapter": chapter}})


def combined(chapters: list[Chapter]) -> nbformat.NotebookNode:
    """One notebook holding every chapter's code cells, each chapter after its BEFORE cell."""
    cells = [_code_cell(SETUP, "setup", -1)]
    for number, chapter in enumerate(chapters):
        cells.append(_code_cell(BEFORE % str(chapter.path.parent), "before", number))
        for index, cell in enumerate(chapter.notebook.cells):
            if cell.cell_type == "code":
                copy = nbformat.v4.new_code_cell(cell.source, metadata={"nhs": {"role": "cell", "chapter": number, "index": index}})
                cells.append(copy)
    return nbformat.v4.new_notebook(
        cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    )


def _failure(chapters: list[Chapter], notebook: nbformat.NotebookNode, error: CellExecutionError) -> ChapterFailed:
    for cell in notebook.cells:
        if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            where = cell.metadata["nhs"]
            if where["chapter"] < 0:
                return ChapterFailed(f"the kernel could not be prepared for the chapters:\n{error}")
            chapter = chapter_key(chapters[where["chapter"]].path)
            code_cells = [i for i, c in enumerate(chapters[where["chapter"]].notebook.cells) if c.cell_type == "code"]
            number = code_cells.index(where["index"]) + 1 if "index" in where else "set-up"
            return ChapterFailed(f"{chapter}, code cell {number}, raised an error:\n{error}")
    return ChapterFailed(f"a chapter's code raised an error:\n{error}")


class Kernel:
    """A Python kernel kept across builds (the preview keeps one, so imports are paid once, not per edit).
    Its package code must match the files: a change to the package needs a new kernel."""

    def __init__(self):
        from jupyter_client import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.manager = AsyncKernelManager(kernel_name="python3")
        run_sync(self.manager.start_kernel)(cwd=str(paths.ROOT))

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        run_sync(self.manager.shutdown_kernel)(now=True)


def run(chapters: list[Chapter], kernel: Kernel | None = None) -> tuple[nbformat.NotebookNode, float]:
    """Execute the chapters in the kernel given, or in a new one stopped afterwards."""
    notebook = combined(chapters)
    client = NotebookClient(
        notebook,
        timeout=TIMEOUT,
        allow_errors=False,
        kernel_name="python3",
        km=kernel.manager if kernel else None,
        resources={"metadata": {"path": str(paths.SOURCE_DIR)}},
    )
    started = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as error:
        raise _failure(chapters, notebook, error) from None
    return notebook, time.perf_counter() - started


def split(chapters: list[Chapter], notebook: nbformat.NotebookNode) -> None:
    """Copy each chapter's outputs back into its own notebook, numbered as a fresh kernel would number them."""
    counters = {number: 0 for number in range(len(chapters))}
    for cell in notebook.cells:
        where = cell.metadata["nhs"]
        if where["role"] == "cell":
            counters[where["chapter"]] += 1
            target = chapters[where["chapter"]].notebook.cells[where["index"]]
            target.outputs = cell.outputs
            target.execution_count = counters[where["chapter"]]
            for output in target.outputs:
                if "execution_count" in output:
                    output.execution_count = counters[where["chapter"]]


def execute_stale_chapters(kernel: Kernel | None = None) -> list[str]:
    """Run every staged chapter the cache does not hold and cache its outputs. Returns the chapters run.
    Raises ChapterFailed naming the chapter and cell."""
    stale = not_in_cache(staged_chapters())
    if not stale:
        return []
    notebook, seconds = run(stale, kernel)
    split(stale, notebook)
    cache = get_cache(str(CACHE_DIR))
    for chapter in stale:
        cache.cache_notebook_bundle(
            CacheBundleIn(chapter.notebook, str(chapter.path), data={"execution_seconds": seconds / len(stale), MADE_BY: True}),
            check_validity=False,
            overwrite=True,
        )
    return [chapter_key(c.path) for c in stale]


def records_not_made_here(cache_dir: Path = CACHE_DIR) -> list[str]:
    """The chapters (their paths) whose cache record myst-nb made itself, having run them in a kernel of its own."""
    return sorted(record.uri for record in get_cache(str(cache_dir)).list_cache_records() if not (record.data or {}).get(MADE_BY))
