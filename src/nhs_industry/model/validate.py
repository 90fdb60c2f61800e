"""Checks every CSV against the data package and reports each problem as file:line: column: value: expected."""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from . import dates, rules, schema
from .schema import Field, Table


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located precisely enough to fix without reading any code."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        column = f" {self.column}:" if self.column else ""
        return f"{self.file}:{self.line}:{column} {self.message}"


@dataclass
class Row:
    """One data row with the physical line it starts on in its CSV file."""

    line: int
    values: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.values.get(name, "")

    def get(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)


@dataclass
class Dataset:
    """Every table's rows as read from disk, with the problems found so far."""

    data_dir: Path
    rows: dict[str, list[Row]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Typed tables made from these rows (data.load), kept with the rows they came from.
    frames: dict = field(default_factory=dict, repr=False)
    # One mistake, one message: a table that could not be read (a header typo, a bad byte) is not looked up by
    # the tables that refer to it, and the ids of rows that could not be read still count as existing.
    unread: set[str] = field(default_factory=set)
    unread_row_ids: dict[str, set[str]] = field(default_factory=dict)
    # The checks across rows (rules.py) assume every table was read and its ids are unique; until then they wait.
    rules_waiting: bool = False

    def file_label(self, table: Table) -> str:
        """How a file is named in messages: relative to the repository where possible."""
        path = self.data_dir / table.path
        try:
            return path.relative_to(paths.ROOT).as_posix()
        except ValueError:
            return path.as_posix()

    def report(self, table: Table, line: int, column: str, message: str) -> None:
        self.problems.append(Problem(self.file_label(table), line, column, message))


class DataError(Exception):
    """Raised when the data does not validate; its message lists every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# ---------------------------------------------------------------- reading


def _decode(dataset: Dataset, table: Table, raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        dataset.report(table, line, "", f"byte {raw[error.start : error.start + 1]!r} is not UTF-8; save the file as UTF-8")
        return None


def _records(text: str):
    """Yield (first physical line, cells) for each CSV record, so quoted newlines keep lines right."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    next_line = 1
    for cells in reader:
        yield next_line, cells
        next_line = reader.line_num + 1


def _check_header(dataset: Dataset, table: Table, header: list[str]) -> bool:
    expected = table.field_names
    missing = [name for name in expected if name not in header]
    extra = [name for name in header if name not in expected]
    for name in missing:
        dataset.report(table, 1, name, f"column is missing; the header must be: {','.join(expected)}")
    for name in extra:
        hint = _nearest(name, expected)
        dataset.report(table, 1, name, f"column is not in the schema{hint}; allowed columns: {','.join(expected)}")
    duplicated = {name for name in header if header.count(name) > 1}
    for name in sorted(duplicated):
        dataset.report(table, 1, name, "column appears more than once in the header")
    return not (missing or extra or duplicated)


def read_table(dataset: Dataset, table: Table) -> list[Row]:
    """Read one CSV into rows, reporting anything that stops it being read as the schema says."""
    before = len(dataset.problems)
    rows = _read_rows(dataset, table)
    if not rows and len(dataset.problems) > before:
        dataset.unread.add(table.name)
    return rows


def _read_rows(dataset: Dataset, table: Table) -> list[Row]:
    path = dataset.data_dir / table.path
    if not path.exists():
        dataset.report(table, 1, "", "file is missing; the data package lists it")
        return []
    text = _decode(dataset, table, path.read_bytes())
    if text is None:
        return []
    if not text.strip():
        dataset.report(table, 1, "", f"file is empty; it needs at least the header: {','.join(table.field_names)}")
        return []
    rows: list[Row] = []
    try:
        records = list(_records(text))
    except csv.Error as error:
        dataset.report(table, 1, "", f"is not valid CSV: {error}")
        return []
    (_, header), body = records[0], records[1:]
    if not _check_header(dataset, table, header):
        return []
    for line, cells in body:
        if not any(cell.strip() for cell in cells):
            continue  # a blank line is harmless; the formatter removes it
        if len(cells) != len(header):
            dataset.report(table, line, "", f"has {len(cells)} cells but the header has {len(header)} columns")
            key_column = header.index(table.primary_key)
            if key_column < len(cells):
                dataset.unread_row_ids.setdefault(table.name, set()).add(cells[key_column])
            continue
        rows.append(Row(line, dict(zip(header, cells))))
    return rows


# ---------------------------------------------------------------- single cells


def _nearest(value: str, allowed) -> str:
    close = difflib.get_close_matches(value, list(allowed), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_item(field_: Field, item: str) -> str | None:
    """What is wrong with one value of a cell, or None."""
    if item != item.strip():
        return f"{item!r} has spaces at its start or end"
    if field_.enum and item not in field_.enum:
        return f"{item!r} is not an allowed value{_nearest(item, field_.enum)}; allowed: {', '.join(field_.enum)}"
    if field_.partial_date:
        try:
            value = dates.parse(item)
        except ValueError as error:
            return str(error)
        if value.start > dates.today():
            return f"{item!r} is in the future (today is {dates.today().isoformat()})"
        return None
    if field_.type == "number":
        try:
            float(item)
        except ValueError:
            return f"{item!r} is not a number"
    if field_.type == "integer" and not re.fullmatch(r"-?[0-9]+", item):
        return f"{item!r} is not a whole number"
    if field_.pattern and not re.fullmatch(field_.pattern, item):
        return f"{item!r} does not match the expected form {_describe_pattern(field_)}"
    return None


def _describe_pattern(field_: Field) -> str:
    if field_.name.endswith("_id") and not field_.references:
        return "(an id: lowercase letters and digits joined by single hyphens, e.g. 'abpi-code-2021')"
    if field_.name == "url":
        return "(a web address starting http:// or https://)"
    return f"/{field_.pattern}/"


def check_cells(dataset: Dataset, table: Table, rows: list[Row]) -> None:
    for row in rows:
        for field_ in table.fields:
            value = row[field_.name]
            if not value.strip():
                if field_.required:
                    dataset.report(table, row.line, field_.name, f"is empty; it is required ({field_.description})")
                continue
            items = field_.split(value)
            if field_.is_list and "" in items:
                dataset.report(
                    table, row.line, field_.name, f"{value!r} has an empty item; separate values with a single {field_.list_separator!r}"
                )
            for item in filter(None, items):
                message = _check_item(field_, item)
                if message:
                    dataset.report(table, row.line, field_.name, message)


def check_unique(dataset: Dataset, table: Table, rows: list[Row]) -> bool:
    """Report every repeated value of a unique column at the line that repeats it; whether all were unique."""
    unique = True
    for field_ in table.fields:
        if not (field_.unique or field_.name == table.primary_key):
            continue
        first_line: dict[str, int] = {}
        for row in rows:
            value = row[field_.name]
            if value in first_line:
                dataset.report(table, row.line, field_.name, f"{value!r} is a duplicate; it is already used on line {first_line[value]}")
                unique = False
            elif value:
                first_line[value] = row.line
    return unique


def with_article(noun: str) -> str:
    """'an instrument_id', 'a source_id'."""
    return f"{'an' if noun[:1].lower() in 'aeio' else 'a'} {noun}"


def check_references(dataset: Dataset, tables: dict[str, Table]) -> None:
    """Every id that points at another row (including each item of a list) must exist."""
    keys = {
        name: {row[t.primary_key] for row in dataset.rows.get(name, [])} | dataset.unread_row_ids.get(name, set())
        for name, t in tables.items()
    }
    for name, table in tables.items():
        for field_ in table.fields:
            if not field_.references:
                continue
            target = tables[field_.references]
            if target.name in dataset.unread:
                continue  # its own problems are reported; "not found" here would repeat them once per reference
            for row in dataset.rows.get(name, []):
                for item in field_.split(row[field_.name]):
                    if item and item not in keys[target.name]:
                        hint = _nearest(item, keys[target.name])
                        dataset.report(
                            table, row.line, field_.name, f"{item!r} is not {with_article(target.primary_key)} in {target.path}{hint}"
                        )


# ---------------------------------------------------------------- whole run


def load_dataset(data_dir: Path | None = None) -> Dataset:
    """Read and check every table; the returned dataset lists every problem found."""
    data_dir = data_dir or paths.DATA_DIR
    dataset = Dataset(Path(data_dir))
    try:
        tables = schema.tables(dataset.data_dir)
    except (OSError, json.JSONDecodeError, KeyError) as error:
        dataset.problems.append(Problem(str(Path(data_dir) / "datapackage.json"), 1, "", f"cannot be read: {error}"))
        return dataset
    all_unique = True
    for table in tables.values():
        rows = read_table(dataset, table)
        check_cells(dataset, table, rows)
        all_unique = check_unique(dataset, table, rows) and all_unique
        dataset.rows[table.name] = rows
    check_references(dataset, tables)
    dataset.rules_waiting = bool(dataset.unread) or not all_unique
    if not dataset.rules_waiting:
        rules.check_all(dataset, tables)
    dataset.problems.sort()
    return dataset


def problems(data_dir: Path | None = None) -> list[Problem]:
    """Every problem in the data, sorted by file and line."""
    data_dir = data_dir or paths.DATA_DIR
    return load_dataset(data_dir).problems


def ensure_valid(data_dir: Path | None = None) -> Dataset:
    """The checked dataset; raises DataError listing every problem if there are any."""
    data_dir = data_dir or paths.DATA_DIR
    dataset = load_dataset(data_dir)
    if dataset.problems:
        raise DataError(dataset.problems)
    return dataset
