"""Rebuilding only what an edit touches, without ever showing something stale: each chapter declares what it
reads and may read nothing else, its inputs are digested by place and content, chapters share a kernel without sharing
variables, a failing chapter is named,
a build with nothing changed stops at once, and the preview shows an edited row."""

from __future__ import annotations

import csv
import io
import shutil
import time

import pytest

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


@pytest.mark.browser
def test_the_preview_shows_an_edited_row_and_reloads_nothing_stale(site, tmp_path):
    """./run preview on a copy of the data and of the build: edit a partnership's title, see it served."""
    copy, build_dir = tmp_path / "data", tmp_path / "build"
    shutil.copytree(paths.DATA_DIR, copy)
    shutil.copytree(paths.STAGING_DIR, build_dir / "staging", ignore=shutil.ignore_patterns("source"))
    env = {"NHS_INDUSTRY_DATA_DIR": str(copy), "NHS_INDUSTRY_BUILD_DIR": str(build_dir)}
    log = tmp_path / "preview.log"
    with preview.running(env, log) as base:
        rows = list(csv.DictReader(io.StringIO((copy / "partnerships.csv").read_text(encoding="utf-8"))))
        first_id = sorted(r["partnership_id"] for r in rows)[0]
        edited = "Edited in the preview"
        for r in rows:
            r["title"] = edited if r["partnership_id"] == first_id else r["title"]
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        (copy / "partnerships.csv").write_text(out.getvalue(), encoding="utf-8")
        page = f"{base}/book/entries/partnerships/{first_id}.html"
        deadline = time.monotonic() + 240  # a generous limit for a slow machine: this checks correctness, not speed
        while edited not in preview.page_text(page) and time.monotonic() < deadline:
            time.sleep(0.5)
        served = preview.page_text(page)
        assert edited in served, "the preview never served the edited title:\n" + log.read_text()[-3000:]
        assert "websocket-reload" in served, "the preview's page does not reload itself after a rebuild"
        assert edited in preview.page_text(f"{base}/book/entries/partnerships.html"), "the index still shows the old title"
