"""`python -m nhs_industry diff` lists the rows data/ adds, removes and changes against a commit, exactly."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nhs_industry import paths
from nhs_industry.model import diff

NOTHING = "## Data changes against `HEAD`\n\nNo data changes.\n"


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """data/ copied into a new git repository and committed; returns the copy's data folder."""
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):  # set when pytest runs inside a git hook
        monkeypatch.delenv(name, raising=False)
    repo = tmp_path / "repo"
    shutil.copytree(paths.DATA_DIR, repo / "data")
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "test@example.org")
    git(repo, "config", "user.name", "Test")
    git(repo, "add", "data")
    git(repo, "commit", "-q", "-m", "base")
    return repo / "data"


def read(data_dir: Path, table: str) -> tuple[list[str], list[dict[str, str]]]:
    with open(data_dir / f"{table}.csv", encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        return list(reader.fieldnames), list(reader)


def write(data_dir: Path, table: str, header: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    (data_dir / f"{table}.csv").write_text(out.getvalue(), encoding="utf-8")


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nhs_industry", "diff", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        cwd=data_dir.parent.parent,
    )


def test_nothing_changed(data):
    assert diff.diff("HEAD", data) == []
    assert diff.report("HEAD", data) == NOTHING
    result = cli(data, "HEAD")
    assert (result.returncode, result.stdout, result.stderr) == (0, NOTHING, "")


def test_reordered_rows_are_not_a_change(data):
    header, rows = read(data, "sources")
    write(data, "sources", header, rows[::-1])
    assert diff.report("HEAD", data) == NOTHING


def test_added_removed_and_changed_rows(data):
    header, instruments = read(data, "instruments")
    changed = instruments[0]
    old_title, old_notes = changed["title"], changed["notes"]
    changed["title"], changed["notes"] = "A revised title", "it's revised"
    write(data, "instruments", header, instruments)
    header, people = read(data, "people")
    removed = people.pop(0)["person_id"]
    write(data, "people", header, people)
    header, figures = read(data, "figures")
    write(data, "figures", header, figures + [{**figures[0], "figure_id": "test-added-figure"}])

    tables = diff.diff("HEAD", data)
    assert [(t.name, t.added, t.removed, list(t.changed)) for t in tables] == [
        ("instruments", [], [], [changed["instrument_id"]]),
        ("people", [], [removed], []),
        ("figures", ["test-added-figure"], [], []),
    ]
    assert tables[0].changed[changed["instrument_id"]] == {"title": (old_title, "A revised title"), "notes": (old_notes, "it's revised")}
    expected = f"""## Data changes against `HEAD`

### instruments (`data/instruments.csv`)

0 added, 0 removed, 1 changed.

**Changed**

- `{changed["instrument_id"]}`
  - `title: {old_title!r} -> 'A revised title'`
  - `notes: {old_notes!r} -> "it's revised"`

### people (`data/people.csv`)

0 added, 1 removed, 0 changed.

**Removed**

- `{removed}`

### figures (`data/figures.csv`)

1 added, 0 removed, 0 changed.

**Added**

- `test-added-figure`
"""
    assert diff.report("HEAD", data) == expected
    result = cli(data, "HEAD")
    assert (result.returncode, result.stdout) == (0, expected), result.stderr


def test_columns_added_and_removed(data):
    header, series = read(data, "series")
    header = [name for name in header if name != "notes"] + ["colour"]
    for row in series:
        row["colour"] = ""
    series[0]["colour"] = "red"
    notes_before = {row["series_id"]: row["notes"] for row in series if row["notes"]}
    write(data, "series", header, series)

    [table] = diff.diff("HEAD", data)
    assert (table.columns_added, table.columns_removed) == (["colour"], ["notes"])
    expected_changed = {series[0]["series_id"]: {"colour": ("", "red")}}
    for row_id, note in notes_before.items():
        expected_changed.setdefault(row_id, {})["notes"] = (note, "")
    assert table.changed == dict(sorted(expected_changed.items()))
    text = diff.report("HEAD", data)
    assert "Columns added: `colour`\n\nColumns removed: `notes`\n\n" in text
    assert f"- `{series[0]['series_id']}`\n  - `colour: '' -> 'red'`" in text


def test_table_new_at_working_tree_and_table_dropped_since_base(data):
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    story = next(r for r in package["resources"] if r["name"] == "story")
    package["resources"] = [r for r in package["resources"] if r["name"] != "story"]
    glossary = {
        "name": "glossary",
        "path": "glossary.csv",
        "schema": {"fields": [{"name": "term_id"}, {"name": "definition"}], "primaryKey": ["term_id"]},
    }
    package["resources"].append(glossary)
    (data / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")
    (data / "glossary.csv").write_text("term_id,definition\njoint-working,Shared work\n", encoding="utf-8")
    _, story_rows = read(data, "story")
    (data / "story.csv").unlink()

    tables = diff.diff("HEAD", data)
    assert [(t.name, t.state, t.added, len(t.removed)) for t in tables] == [
        ("glossary", "new", ["joint-working"], 0),
        ("story", "deleted", [], len(story_rows)),
    ]
    assert tables[1].removed == sorted(row[story["schema"]["primaryKey"][0]] for row in story_rows)
    text = diff.report("HEAD", data)
    assert text.startswith(
        "## Data changes against `HEAD`\n\nThe schema, `data/datapackage.json`, changed too; read its diff.\n\n"
        "### glossary (`data/glossary.csv`)\n\nNew file: `data/glossary.csv` does not exist at the base.\n\n"
        "1 added, 0 removed, 0 changed.\n\n**Added**\n\n- `joint-working`\n\n"
        "### story (`data/story.csv`)\n\nDeleted: `data/story.csv` is no longer in the working tree.\n\n"
        f"0 added, {len(story_rows)} removed, 0 changed.\n\n**Removed**\n\n"
    ), text


def test_default_base_is_origin_main_when_it_exists(data):
    repo = data.parent
    assert diff.default_base(data) == "HEAD"
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    header, figures = read(data, "figures")
    write(data, "figures", header, figures[1:])
    git(repo, "commit", "-q", "-am", "drop a figure")
    assert diff.default_base(data) == "origin/main"
    assert cli(data, "HEAD").stdout == NOTHING
    result = cli(data)
    assert result.stdout == (
        "## Data changes against `origin/main`\n\n### figures (`data/figures.csv`)\n\n"
        f"0 added, 1 removed, 0 changed.\n\n**Removed**\n\n- `{figures[0]['figure_id']}`\n"
    )


def test_unknown_revision_is_one_line_and_no_traceback(data):
    result = cli(data, "no-such-branch")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"diff: 'no-such-branch' is not a commit in the repository holding {data}\n"


def test_backticks_in_a_value_keep_the_code_span_closed():
    assert diff.code("plain") == "`plain`"
    assert diff.code("a `b` c") == "``a `b` c``"
    assert diff.code("`x`") == "`` `x` ``"


def test_a_duplicated_id_is_a_duplicate_added_not_a_change(data):
    """A contributor copies a row to start a new one and forgets its id: the reviewer must see a second row with
    that id, not the first row's fields 'changed' to the copy's."""
    header, instruments = read(data, "instruments")
    copy = dict(instruments[0], title="A new instrument copied from the first")
    write(data, "instruments", header, instruments + [copy])
    (table,) = diff.diff("HEAD", data)
    assert (table.added, table.removed, table.changed, table.duplicated) == ([], [], {}, [copy["instrument_id"]])
    text = diff.report("HEAD", data)
    assert "1 added (a duplicate id), 0 removed, 0 changed." in text, text
    assert f"**Added with an id already used**\n\n- `{copy['instrument_id']}` (2 rows have this id)\n" in text, text
