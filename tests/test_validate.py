"""The validator accepts the real data and rejects each kind of bad input with file, line and column."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from nhs_industry.model import schema, validate


def test_real_data_is_valid():
    problems = validate.problems()
    assert problems == [], "\n".join(map(str, problems))


# ---------------------------------------------------------------- helpers that break a copy of data/


def line_of(data_dir: Path, table: str, row_id: str) -> int:
    """Physical line of the row whose first cell is row_id."""
    for number, line in enumerate((data_dir / f"{table}.csv").read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(f"{row_id},"):
            return number
    raise AssertionError(f"{row_id} not found in {table}.csv")


def first_id(data_dir: Path, table: str, where=lambda row: True) -> str:
    key = schema.table(table, data_dir).primary_key
    with open(data_dir / f"{table}.csv", encoding="utf-8", newline="") as stream:
        return next(row[key] for row in csv.DictReader(stream) if where(row))


def set_cell(data_dir: Path, table: str, row_id: str, column: str, value: str) -> int:
    """Change one cell, keeping every other line as it is; returns the row's line."""
    path = data_dir / f"{table}.csv"
    key = schema.table(table, data_dir).primary_key
    line = line_of(data_dir, table, row_id)  # before the change, which may be to the id itself
    with open(path, encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        header, rows = reader.fieldnames, list(reader)
    for row in rows:
        if row[key] == row_id:
            row[column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return line


def rewrite_columns(data_dir: Path, table: str, change) -> None:
    """Apply change(header, rows) -> (header, rows) to a whole file."""
    path = data_dir / f"{table}.csv"
    with open(path, encoding="utf-8", newline="") as stream:
        records = list(csv.reader(stream))
    header, rows = change(records[0], records[1:])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header] + rows)
    path.write_text(out.getvalue(), encoding="utf-8")


# ---------------------------------------------------------------- one case per kind of bad input
# Each case breaks the copy and returns (file, line, column, words the message must contain).


def bad_date(d):
    row = first_id(d, "instruments")
    return (
        "instruments.csv",
        set_cell(d, "instruments", row, "published_date", "2000-13-01"),
        "published_date",
        "is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
    )


def bad_encoding(d):
    path = d / "sources.csv"
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b",", "\u00e9,".encode("latin-1"), 1)
    path.write_bytes(b"\n".join(lines))
    return "sources.csv", 3, "", "is not UTF-8"


def missing_column(d):
    rewrite_columns(d, "people", lambda h, rows: (h[:-1], [r[:-1] for r in rows]))
    return "people.csv", 1, "notes", "column is missing"


def extra_column(d):
    rewrite_columns(d, "figures", lambda h, rows: (h + ["colour"], [r + ["red"] for r in rows]))
    return "figures.csv", 1, "colour", "not in the schema"


def empty_file(d):
    (d / "organisations.csv").write_text("", encoding="utf-8")
    return "organisations.csv", 1, "", "file is empty"


def duplicate_id(d):
    path = d / "people.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append(lines[1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "people.csv", len(lines), "person_id", "is a duplicate; it is already used on line 2"


def dangling_reference(d):
    row = first_id(d, "instruments")
    return (
        "instruments.csv",
        set_cell(d, "instruments", row, "issuer_ids", "ministry-of-magic"),
        "issuer_ids",
        "'ministry-of-magic' is not an organisation_id",
    )


def dangling_reference_in_list(d):
    row = first_id(d, "quotes")
    return (
        "quotes.csv",
        set_cell(d, "quotes", row, "source_ids", "seed-hsj-package-deals;no-such-source"),
        "source_ids",
        "'no-such-source' is not a source_id",
    )


def unknown_category(d):
    row = first_id(d, "instruments")
    return "instruments.csv", set_cell(d, "instruments", row, "kind", "law"), "kind", "'law' is not an allowed value"


def unknown_item_in_list(d):
    row = first_id(d, "instruments")
    return "instruments.csv", set_cell(d, "instruments", row, "themes", "sponsorship;pizza"), "themes", "'pizza' is not an allowed value"


def future_date(d):
    row = first_id(d, "quotes")
    return "quotes.csv", set_cell(d, "quotes", row, "said_date", "2031-02"), "said_date", "is in the future"


def ended_before_published(d):
    row = first_id(d, "instruments", lambda r: r["published_date"] >= "1990")
    set_cell(d, "instruments", row, "end_reason", "withdrawn")
    return "instruments.csv", set_cell(d, "instruments", row, "end_date", "1980"), "end_date", "ends before it was published"


def end_date_without_reason(d):
    row = first_id(d, "instruments", lambda r: r["published_date"] >= "1990" and not r["end_date"])
    return "instruments.csv", set_cell(d, "instruments", row, "end_date", "2025"), "end_reason", "say why it ended"


def add_series(d, series_id="test-series"):
    with open(d / "series.csv", "a", encoding="utf-8") as stream:
        stream.write(f"{series_id},A test series,Editions for a test.,seed-hsj-package-deals,high,\n")
    return series_id


def rules_of_kind(d, count):
    """Ids of `count` rule-setting instruments with day-precise, distinct publication dates, oldest first."""
    with open(d / "instruments.csv", encoding="utf-8", newline="") as stream:
        rows = [
            r
            for r in csv.DictReader(stream)
            if r["kind"] in ("guidance", "circular", "act")
            and len(r["published_date"]) == 10
            and not r["series_id"]
            and not r["in_force_date"]
        ]
    rows.sort(key=lambda r: r["published_date"])
    chosen, seen = [], set()
    for row in rows:
        if row["published_date"] not in seen:
            chosen.append(row["instrument_id"])
            seen.add(row["published_date"])
    return chosen[:count]


def edition_not_chained(d):
    """Two editions of one series: the later must name the earlier in supersedes_ids."""
    series = add_series(d)
    first, second = rules_of_kind(d, 2)
    set_cell(d, "instruments", first, "series_id", series)
    return (
        "instruments.csv",
        set_cell(d, "instruments", second, "series_id", series),
        "supersedes_ids",
        "does not list it in supersedes_ids",
    )


def edition_skips_its_predecessor(d):
    series = add_series(d)
    first, second, third = rules_of_kind(d, 3)
    for row in (first, second, third):
        set_cell(d, "instruments", row, "series_id", series)
    set_cell(d, "instruments", second, "supersedes_ids", first)
    return (
        "instruments.csv",
        set_cell(d, "instruments", third, "supersedes_ids", f"{first};{second}"),
        "supersedes_ids",
        "came between them",
    )


def editions_in_force_together(d):
    series = add_series(d)
    first, second = sorted(rules_of_kind(d, 2))  # with equal dates, editions are ordered by id
    for row in (first, second):
        set_cell(d, "instruments", row, "series_id", series)
        set_cell(d, "instruments", row, "in_force_date", "2020-01-01")
    return "instruments.csv", set_cell(d, "instruments", second, "supersedes_ids", first), "in_force_date", "would both be in force"


def supersession_leaves_the_old_rule_running(d):
    first, second = rules_of_kind(d, 2)
    set_cell(d, "instruments", second, "supersedes_ids", first)
    set_cell(d, "instruments", first, "end_reason", "withdrawn")
    return "instruments.csv", set_cell(d, "instruments", first, "end_date", "2026"), "end_date", "leaves it in force after"


def anachronistic_term(d):
    row = first_id(d, "partnerships")
    set_cell(d, "partnerships", row, "start_date", "2005")
    return "partnerships.csv", set_cell(d, "partnerships", row, "model", "collaborative-working"), "model", "use the term of its time"


def date_source_not_cited(d):
    row = first_id(d, "instruments")
    return (
        "instruments.csv",
        set_cell(d, "instruments", row, "date_source_id", "seed-gp-pct-private-firms"),
        "date_source_id",
        "is not among this row's source_ids",
    )


def unknown_category_names_the_nearest(d):
    row = first_id(d, "partnerships")
    return "partnerships.csv", set_cell(d, "partnerships", row, "region", "Londn"), "region", "did you mean 'London'?"


def javascript_url(d):
    row = first_id(d, "sources")
    return "sources.csv", set_cell(d, "sources", row, "url", "javascript:alert(1)"), "url", "a web address starting http"


def bare_number_in_guidance(d):
    """A ruling on guidance must say what its number names: the site would otherwise have to guess 'section'."""
    kinds = {r["instrument_id"]: r["kind"] for r in csv.DictReader(open(d / "instruments.csv", encoding="utf-8"))}
    row = first_id(d, "rulings", lambda r: kinds[r["instrument_id"]] == "guidance")
    return "rulings.csv", set_cell(d, "rulings", row, "clause", "3"), "clause", "is a bare number in a 'guidance'"


def made_under_a_later_instrument(d):
    """Guidance cannot be made under an Act passed after it (here the Bribery Act guidance under a 2022 Act)."""
    line = set_cell(d, "instruments", "mojguidance-bribery-2011", "made_under_ids", "health-and-care-act-2022")
    return "instruments.csv", line, "made_under_ids", "after this one"


def partnership_made_under_a_later_rule(d):
    """A partnership begun in 2009 cannot have followed the ABPI Code of 2021."""
    row = first_id(d, "partnerships", lambda r: r["start_date"].startswith("2009"))
    line = set_cell(d, "partnerships", row, "made_under_ids", "abpi-code-2021")
    return "partnerships.csv", line, "made_under_ids", "after this one's start_date"


def made_under_itself(d):
    line = set_cell(d, "instruments", "mojguidance-bribery-2011", "made_under_ids", "mojguidance-bribery-2011")
    return "instruments.csv", line, "made_under_ids", "leads back to itself"


def dissolved_before_founded(d):
    row = first_id(d, "organisations")
    set_cell(d, "organisations", row, "founded_date", "2001-05")
    return (
        "organisations.csv",
        set_cell(d, "organisations", row, "dissolved_date", "2001-04-30"),
        "dissolved_date",
        "dissolved before it was founded",
    )


def malformed_url(d):
    row = first_id(d, "sources")
    return "sources.csv", set_cell(d, "sources", row, "url", "www.example.org/report"), "url", "a web address starting http"


def required_field_empty(d):
    row = first_id(d, "instruments")
    return "instruments.csv", set_cell(d, "instruments", row, "summary", ""), "summary", "is empty; it is required"


def missing_source(d):
    row = first_id(d, "people")
    return "people.csv", set_cell(d, "people", row, "source_ids", ""), "source_ids", "is empty; it is required"


def bad_id(d):
    row = first_id(d, "figures")
    return (
        "figures.csv",
        set_cell(d, "figures", row, "figure_id", "Capio Hospitals"),
        "figure_id",
        "does not match the expected form (an id",
    )


def successor_loop(d):
    first = first_id(d, "organisations")
    second = first_id(d, "organisations", lambda r: r["organisation_id"] != first)
    set_cell(d, "organisations", second, "successor_ids", first)
    return "organisations.csv", set_cell(d, "organisations", first, "successor_ids", second), "successor_ids", "leads back to itself"


def short_row(d):
    path = d / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append("lonely-figure,only two cells")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "figures.csv", len(lines), "", "has 2 cells but the header has"


def quoted_newline_keeps_lines(d):
    """A note with a line break inside quotes must not shift the line numbers of later rows."""
    first = first_id(d, "figures")
    set_cell(d, "figures", first, "notes", "first line\nsecond line")
    second = first_id(d, "figures", lambda r: r["figure_id"] != first)
    line = set_cell(d, "figures", second, "unit", "")
    return "figures.csv", line, "unit", "is empty; it is required"


CASES = [
    bad_date,
    bad_encoding,
    missing_column,
    extra_column,
    empty_file,
    duplicate_id,
    dangling_reference,
    dangling_reference_in_list,
    unknown_category,
    unknown_item_in_list,
    future_date,
    ended_before_published,
    dissolved_before_founded,
    malformed_url,
    required_field_empty,
    missing_source,
    bad_id,
    successor_loop,
    short_row,
    quoted_newline_keeps_lines,
    end_date_without_reason,
    edition_not_chained,
    edition_skips_its_predecessor,
    editions_in_force_together,
    supersession_leaves_the_old_rule_running,
    anachronistic_term,
    date_source_not_cited,
    unknown_category_names_the_nearest,
    javascript_url,
    bare_number_in_guidance,
    made_under_a_later_instrument,
    partnership_made_under_a_later_rule,
    made_under_itself,
]


@pytest.mark.parametrize("break_data", CASES, ids=[case.__name__ for case in CASES])
def test_each_kind_of_bad_input_is_reported_where_it_is(break_data, data_copy, monkeypatch):
    monkeypatch.setenv("NHS_INDUSTRY_TODAY", "2026-01-01")
    file, line, column, words = break_data(data_copy)
    problems = validate.problems(data_copy)
    located = [p for p in problems if p.file.endswith(f"data/{file}") and p.line == line and p.column == column]
    assert located, f"expected {file}:{line}: {column}: ...{words}... among:\n" + "\n".join(map(str, problems))
    assert any(words in p.message for p in located), "\n".join(map(str, located))


def test_command_line_prints_one_line_per_problem_and_no_traceback(data_copy):
    bad_date(data_copy)
    empty_file(data_copy)
    result = subprocess.run(
        [sys.executable, "-m", "nhs_industry", "validate", "--data-dir", str(data_copy)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert any(
        line.endswith("instruments.csv:2: published_date: '2000-13-01' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") for line in lines
    ), lines
    assert any("organisations.csv:1: file is empty" in line for line in lines), lines


def test_command_line_accepts_the_real_data():
    result = subprocess.run([sys.executable, "-m", "nhs_industry", "validate"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_unreadable_datapackage_is_reported_without_traceback(data_copy):
    (data_copy / "datapackage.json").write_text("{not json", encoding="utf-8")
    problems = validate.problems(data_copy)
    assert len(problems) == 1 and "datapackage.json" in problems[0].file and "cannot be read" in problems[0].message


# ---------------------------------------------------------------- one mistake, one message


def only_problems_in(problems, file: str) -> list[str]:
    """The problems reported anywhere but `file`: a mistake in one file must not be reported from others."""
    return [str(p) for p in problems if not p.file.endswith(f"data/{file}")]


def test_a_header_typo_is_one_message_not_a_cascade_from_tables_that_refer_to_it(data_copy):
    rewrite_columns(data_copy, "organisations", lambda h, rows: ([c if c != "name" else "nmae" for c in h], rows))
    problems = validate.problems(data_copy)
    assert only_problems_in(problems, "organisations.csv") == []
    assert [(p.line, p.column) for p in problems] == [(1, "name"), (1, "nmae")], "\n".join(map(str, problems))
    assert "did you mean 'name'?" in problems[1].message


def test_a_bad_byte_is_one_message_not_a_cascade(data_copy):
    bad_encoding(data_copy)  # sources.csv, which nearly every table refers to
    problems = validate.problems(data_copy)
    assert [str(p).split("data/", 1)[1] for p in problems] == ["sources.csv:3: byte b'\\xe9' is not UTF-8; save the file as UTF-8"]


def test_a_row_with_a_wrong_number_of_cells_is_not_reported_again_where_it_is_referred_to(data_copy):
    path = data_copy / "organisations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    issuer = next(line.split(",")[0] for line in lines[1:] if line.startswith("dh"))
    number = next(i for i, line in enumerate(lines) if line.startswith(f"{issuer},"))
    lines[number] += ",stray"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = validate.problems(data_copy)
    assert only_problems_in(problems, "organisations.csv") == []
    assert [(p.line, p.column) for p in problems] == [(number + 1, "")], "\n".join(map(str, problems))


def test_a_duplicated_id_is_reported_first_at_its_own_line_and_rules_wait_for_it(data_copy):
    path = data_copy / "instruments.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    # A contributor copies a row to make a new one and forgets to change its id (only its dates).
    copied = next(line for line in lines[1:] if ",2008" in line)
    lines.append(copied.replace(",2008", ",1999"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = validate.problems(data_copy)
    assert len(problems) == 1, "\n".join(map(str, problems))
    assert problems[0].line == len(lines) and problems[0].column == "instrument_id"
    assert "is a duplicate; it is already used on line" in problems[0].message


def test_references_name_the_id_with_the_right_article(data_copy):
    row = first_id(data_copy, "instruments")
    set_cell(data_copy, "instruments", row, "supersedes_ids", "no-such-instrument")
    set_cell(data_copy, "instruments", row, "source_ids", "no-such-source")
    messages = [p.message for p in validate.problems(data_copy)]
    assert any("'no-such-instrument' is not an instrument_id in instruments.csv" in m for m in messages), messages
    assert any("'no-such-source' is not a source_id in sources.csv" in m for m in messages), messages
