"""Rebuilding only what an edit touches, without ever showing something stale: every chapter's execution is keyed on
one digest of everything a chapter may read (the data, the package's code, the pinned dependencies, the project files
the chapters quote, the repository's state, today), chapters share a kernel without sharing variables, a failing
chapter is named, myst-nb never executes a chapter itself, a build with nothing changed stops at once, and the
preview shows an edited row and, once the edit is undone, the clean build's files byte for byte."""

from __future__ import annotations

import csv
import hashlib
import shutil
import time

import nbformat
import pytest
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from rows import rewrite

from nhs_industry import paths
from nhs_industry.model import dates
from nhs_industry.site import build, execute, preview


def touched(path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")


def test_the_chapters_key_follows_the_data_the_code_and_the_pins_but_not_the_served_files(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, copy)
    real = execute.chapters_key()
    monkeypatch.setattr(paths, "DATA_DIR", copy)
    assert execute.chapters_key() == real, "a copy of the data (a test's, the benchmark's) must digest alike"
    touched(copy / "series.csv")
    assert execute.chapters_key() != real, "a table changed, and the chapters' key did not"
    package, project = tmp_path / "nhs_industry", tmp_path / "project"
    shutil.copytree(execute.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    project.mkdir()
    for name in execute.PROJECT_INPUTS:
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(paths.ROOT / name, project / name)
    monkeypatch.setattr(execute, "PACKAGE", package)
    monkeypatch.setattr(paths, "ROOT", project)
    before = execute.chapters_key()
    touched(package / "site" / "static" / "nhs.css")
    assert execute.chapters_key() == before, "a style sheet the site serves as it is re-ran the chapters"
    for changed in [package / "content" / "charts.py", project / "requirements.txt", project / "package-lock.json"]:
        touched(changed)
        assert execute.chapters_key() != before, f"{changed.name} changed, and the chapters' key did not"
        before = execute.chapters_key()


def test_chapters_re_run_on_another_day(monkeypatch):
    monkeypatch.setenv(dates.TODAY_VARIABLE, "2026-01-01")
    first_day = execute.chapters_key()
    monkeypatch.setenv(dates.TODAY_VARIABLE, "2026-01-02")
    assert execute.chapters_key() != first_day


def chapter(folder, name: str, cells: list[str]) -> execute.Chapter:
    text = "---\nkernelspec:\n  name: python3\n  display_name: Python 3\n---\n# Chapter\n\n" + "".join(
        f"```{{code-cell}} python\n{cell}\n```\n\nText.\n\n" for cell in cells
    )
    path = folder / "book" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return execute.Chapter(path, execute.read_notebook(path))


def test_chapters_share_a_kernel_but_not_variables_and_keep_their_own_outputs(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "SOURCE_DIR", tmp_path)
    first = chapter(tmp_path, "first.md", ["secret = 41", "print('first says', secret + 1)"])
    second = chapter(
        tmp_path,
        "second.md",
        ["print('second sees secret:', 'secret' in dir())", "from nhs_industry.model import data\n_ = data.load('series')"],
    )
    notebook, _ = execute.run([first, second])
    execute.split([first, second], notebook)

    def printed(one):
        return "".join(o.get("text", "") for c in one.notebook.cells if c.cell_type == "code" for o in c.outputs)

    assert "first says 42" in printed(first) and "second" not in printed(first)
    assert "second sees secret: False" in printed(second)
    assert [c.execution_count for c in second.notebook.cells if c.cell_type == "code"] == [1, 2]


def test_a_failing_chapter_is_named_with_its_cell(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "SOURCE_DIR", tmp_path)
    fine = chapter(tmp_path, "fine.md", ["x = 1"])
    broken = chapter(tmp_path, "broken.md", ["y = 2", "y / 0"])
    with pytest.raises(execute.ChapterFailed) as failure:
        execute.run([fine, broken])
    assert "book/broken.md, code cell 2" in str(failure.value)
    assert "ZeroDivisionError" in str(failure.value)


def test_myst_nb_never_executes_a_chapter_itself(site, tmp_path):
    """Every record in the built site's execution cache was made by the build's own kernel (execute.py marks its
    records): had myst-nb found a chapter missing from the cache (an upgrade that changes its cache keys, say), it
    would have run the chapter itself, in a kernel of its own, and added a record without the mark."""
    cache_dir = paths.STAGING_DIR / "_build" / ".jupyter_cache"
    assert len(get_cache(str(cache_dir)).list_cache_records()) >= len(execute.staged_chapters())
    assert execute.records_not_made_here(cache_dir) == []
    # The check can fail: a record as myst-nb makes one, in a copy of the cache.
    copy = tmp_path / "cache"
    shutil.copytree(cache_dir, copy)
    notebook = execute.read_notebook(execute.staged_chapters()[0])
    notebook.cells.append(nbformat.v4.new_code_cell("1 + 1"))  # another notebook, so a record of its own (a new cell id)
    get_cache(str(copy)).cache_notebook_bundle(CacheBundleIn(notebook, "x.md", data={"execution_seconds": 1.0}), check_validity=False)
    assert execute.records_not_made_here(copy) == ["x.md"]


def test_a_data_edit_changes_what_the_build_compares_with_the_last_build(site, tmp_path, monkeypatch):
    assert build.up_to_date(), "right after a build, the build should find nothing to do"
    copy = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, copy)
    monkeypatch.setattr(paths, "DATA_DIR", copy)
    before = build.site_fingerprint()
    text = (copy / "quotes.csv").read_text(encoding="utf-8")
    (copy / "quotes.csv").write_text(text.replace(",high,", ",medium,", 1), encoding="utf-8")
    assert build.site_fingerprint() != before


def set_title(csv_path, row_id: str, title: str) -> str:
    """Give one partnership a new title, as a contributor would; returns the file's text before the edit."""
    before = csv_path.read_text(encoding="utf-8")
    rewrite(csv_path, lambda rows: [row.update(title=title) for row in rows if row["partnership_id"] == row_id])
    return before


def site_digests(folder) -> dict[str, str]:
    """Every published file (pages, data, handouts, search index) by its SHA-256."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def wait_for(condition, log, what: str) -> None:
    deadline = time.monotonic() + 300  # generous for a loaded machine: this checks correctness; speed is benchmarked
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert condition(), f"{what}:\n" + log.read_text()[-3000:]


@pytest.mark.full
def test_an_edit_shows_in_the_preview_and_undoing_it_gives_back_the_clean_build_byte_for_byte(own_build, tmp_path):
    """`./run preview` from nothing on a copy of the data: its first build is a clean one. A contributor edits a
    partnership's title; the preview rebuilds what the edit touches and serves the new title on the entry's page and
    in the index. Undoing the edit rebuilds again, and every published file is then byte-identical to the clean
    build's: nothing stale is left from the edit, and a rebuild writes what a clean build writes."""
    copy = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, copy)
    env = {"NHS_INDUSTRY_DATA_DIR": str(copy), "NHS_INDUSTRY_BUILD_DIR": str(own_build)}
    log, html = tmp_path / "preview.log", own_build / "html"
    with preview.running(env, log) as base:
        clean = site_digests(html)
        first_id = sorted(r["partnership_id"] for r in csv.DictReader(open(copy / "partnerships.csv", encoding="utf-8")))[0]
        page, index = f"{base}/book/entries/partnerships/{first_id}.html", f"{base}/book/entries/partnerships.html"
        edited = "Edited in the preview"
        original = set_title(copy / "partnerships.csv", first_id, edited)
        wait_for(lambda: edited in preview.page_text(page), log, "the preview never served the edited title")
        assert "websocket-reload" in preview.page_text(page), "the preview's page does not reload itself after a rebuild"
        assert edited in preview.page_text(index), "the index still shows the old title"
        assert clean != site_digests(html)

        rebuilds = log.read_text().count("Rebuilt in")
        (copy / "partnerships.csv").write_text(original, encoding="utf-8")
        wait_for(
            lambda: log.read_text().count("Rebuilt in") > rebuilds and edited not in preview.page_text(page),
            log,
            "the preview did not rebuild after the edit was undone",
        )
    undone = site_digests(html)
    assert sorted(undone) == sorted(clean), "files added or lost by the edit and its undoing"
    assert [name for name in clean if clean[name] != undone[name]] == [], "files that differ from the clean build"
