"""Rebuilding only what an edit touches, without ever showing something stale: each chapter declares what it
reads and may read nothing else, its inputs are digested by place and content, chapters share a kernel without sharing
variables, a failing chapter is named,
a build with nothing changed stops at once, and the preview shows an edited row and, once the edit is undone,
the clean build's files byte for byte."""

from __future__ import annotations

import csv
import hashlib
import shutil
import time

import pytest
from rows import rewrite

from nhs_industry import paths
from nhs_industry.content import citation
from nhs_industry.model import data, dates, reading
from nhs_industry.site import build, execute, inputs, preview


def test_a_chapter_may_read_only_the_tables_and_files_it_declares():
    reading.declare("book/example.md", ["quotes", "CHANGELOG.md"])
    try:
        data.load("quotes")
        citation.release_dates()
        with pytest.raises(reading.UndeclaredRead, match=r"book/example.md reads the table 'series'.*add 'series' to `reads:`"):
            data.load("series")
        with pytest.raises(reading.UndeclaredRead, match=r"'pyproject.toml'"):
            citation.release_version()
        reading.declare("book/example.md", [reading.ALL_TABLES])
        data.load("series")
    finally:
        reading.declare(None)
    data.load("series")  # outside a chapter, anything may be read


def test_a_chapter_must_declare_what_it_reads_in_words_the_build_can_check():
    with pytest.raises(inputs.BadDeclaration, match="book/x.md runs code but does not declare what it reads"):
        inputs.declared("book/x.md", "---\nkernelspec:\n  name: python3\n---\n# X\n")
    with pytest.raises(inputs.BadDeclaration, match="'quotess', which is neither a table"):
        inputs.declared("book/x.md", "---\nreads: [quotes, quotess]\n---\n# X\n")
    assert inputs.declared("book/x.md", "---\nreads: [quotes, git, quotes]\n---\n") == ["git", "quotes"]


def test_the_digest_changes_when_and_only_when_a_declared_input_changes(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, copy)
    real = inputs.digest(["quotes"])
    monkeypatch.setattr(paths, "DATA_DIR", copy)
    assert inputs.digest(["quotes"]) == real, "a copy of the data (a test's, the benchmark's) must digest alike"
    (copy / "series.csv").write_text((copy / "series.csv").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert inputs.digest(["quotes"]) == real, "a table the chapter does not read changed its digest"
    assert inputs.digest([reading.ALL_TABLES]) != inputs.digest(["quotes"])
    (copy / "quotes.csv").write_text((copy / "quotes.csv").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert inputs.digest(["quotes"]) != real
    before = inputs.digest(["quotes"])
    (copy / "datapackage.json").write_text((copy / "datapackage.json").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert inputs.digest(["quotes"]) != before, "every chapter reads the data package's description"


def test_a_chapter_re_runs_on_another_day(monkeypatch):
    monkeypatch.setenv(dates.TODAY_VARIABLE, "2026-01-01")
    first_day = inputs.digest([])
    monkeypatch.setenv(dates.TODAY_VARIABLE, "2026-01-02")
    assert inputs.digest([]) != first_day


def chapter(folder, name: str, cells: list[str], reads: str = "[]") -> execute.Chapter:
    text = f"---\nreads: {reads}\nkernelspec:\n  name: python3\n  display_name: Python 3\n---\n# Chapter\n\n" + "".join(
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
        reads="[series]",
    )
    notebook, _ = execute.run([first, second])
    execute.split([first, second], notebook)

    def printed(one):
        return "".join(o.get("text", "") for c in one.notebook.cells if c.cell_type == "code" for o in c.outputs)

    assert "first says 42" in printed(first) and "second" not in printed(first)
    assert "second sees secret: False" in printed(second)
    assert [c.execution_count for c in second.notebook.cells if c.cell_type == "code"] == [1, 2]


def test_a_chapter_that_reads_what_it_does_not_declare_stops_the_build_naming_both(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "SOURCE_DIR", tmp_path)
    declared = chapter(tmp_path, "declared.md", ["from nhs_industry.model import data\n_ = data.load('quotes')"], reads="[quotes]")
    forgetful = chapter(tmp_path, "forgetful.md", ["from nhs_industry.model import data\n_ = data.load('quotes')"], reads="[series]")
    with pytest.raises(execute.ChapterFailed) as failure:
        execute.run([declared, forgetful])
    assert "book/forgetful.md, code cell 1" in str(failure.value)
    assert "add 'quotes' to `reads:`" in str(failure.value)


def test_a_failing_chapter_is_named_with_its_cell(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "SOURCE_DIR", tmp_path)
    fine = chapter(tmp_path, "fine.md", ["x = 1"])
    broken = chapter(tmp_path, "broken.md", ["y = 2", "y / 0"])
    with pytest.raises(execute.ChapterFailed) as failure:
        execute.run([fine, broken])
    assert "book/broken.md, code cell 2" in str(failure.value)
    assert "ZeroDivisionError" in str(failure.value)


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
