"""What the working tree's data/ changes against a git revision, row by row, as Markdown for reviewers."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .. import git as git_command
from .. import paths
from . import schema


class GitError(Exception):
    """Raised when git cannot answer, e.g. the revision does not exist."""


@dataclass
class TableDiff:
    """What changed in one table: row ids added and removed, and (old, new) per field of each changed row."""

    name: str
    path: str
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    # Ids held by more rows now than at the base (a copied row whose id was not changed), with how many rows now.
    duplicated: list[str] = field(default_factory=list)
    duplicate_counts: dict[str, int] = field(default_factory=dict)
    state: str = ""  # "new" when the file is missing at the base, "deleted" when missing now

    def __bool__(self) -> bool:
        return bool(
            self.columns_added or self.columns_removed or self.added or self.removed or self.changed or self.duplicated or self.state
        )


# ---------------------------------------------------------------- reading both sides


def git(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """Run git inside data_dir, so paths like REV:./file resolve against this folder."""
    try:
        return git_command.run(*args, root=data_dir)
    except FileNotFoundError as error:
        raise GitError("git is not installed") from error


def revision_exists(data_dir: Path, revision: str) -> bool:
    """Whether revision names a commit in the repository holding data_dir."""
    return git(data_dir, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode == 0


def default_base(data_dir: Path | None = None) -> str:
    """origin/main where it exists (CI, clones), otherwise HEAD."""
    data_dir = data_dir or paths.DATA_DIR
    return "origin/main" if revision_exists(data_dir, "origin/main") else "HEAD"


def base_text(data_dir: Path, revision: str, name: str) -> str | None:
    """A file of data/ as it was at revision, or None if it did not exist there."""
    result = git(data_dir, "show", f"{revision}:./{name}")
    return result.stdout if result.returncode == 0 else None


def working_text(data_dir: Path, name: str) -> str | None:
    """A file of data/ as it is in the working tree, or None if it is missing."""
    path = data_dir / name
    return path.read_text(encoding="utf-8-sig") if path.exists() else None


def parse(text: str | None) -> tuple[list[str], list[dict[str, str]]]:
    """Header and non-blank rows of a CSV text; no file reads as no columns and no rows."""
    records = list(csv.reader(io.StringIO(text or "", newline="")))
    if not records:
        return [], []
    header, body = records[0], records[1:]
    rows = [dict(zip(header, cells + [""] * (len(header) - len(cells)))) for cells in body if any(c.strip() for c in cells)]
    return header, rows


def key_column(header: list[str], key: str) -> str:
    """The primary key's column (the first column if the file lacks it)."""
    return key if key in header or not header else header[0]


def keyed(header: list[str], rows: list[dict[str, str]], key: str) -> dict[str, dict[str, str]]:
    """Rows by their primary key; of rows sharing an id, the first (a later one is a duplicate, see compare)."""
    column = key_column(header, key)
    first: dict[str, dict[str, str]] = {}
    for row in rows:
        first.setdefault(row.get(column, ""), row)
    return first


def id_counts(header: list[str], rows: list[dict[str, str]], key: str) -> Counter:
    column = key_column(header, key)
    return Counter(row.get(column, "") for row in rows)


# ---------------------------------------------------------------- comparing


def compare(name: str, path: str, key: str, old: str | None, new: str | None) -> TableDiff:
    """Compare one table's CSV text at the base (old) and now (new)."""
    result = TableDiff(name, path, state="new" if old is None and new is not None else "deleted" if new is None and old is not None else "")
    old_header, old_rows = parse(old)
    new_header, new_rows = parse(new)
    if old is not None and new is not None:
        result.columns_added = [c for c in new_header if c not in old_header]
        result.columns_removed = [c for c in old_header if c not in new_header]
    before, after = keyed(old_header, old_rows, key), keyed(new_header, new_rows, key)
    old_counts, new_counts = id_counts(old_header, old_rows, key), id_counts(new_header, new_rows, key)
    result.duplicated = sorted(row_id for row_id, count in new_counts.items() if count > 1 and count > old_counts.get(row_id, 0))
    result.duplicate_counts = {row_id: new_counts[row_id] for row_id in result.duplicated}
    result.added = sorted(after.keys() - before.keys())
    result.removed = sorted(before.keys() - after.keys())
    columns = new_header + [c for c in old_header if c not in new_header]
    for row_id in sorted(before.keys() & after.keys()):
        fields = {c: (before[row_id].get(c, ""), after[row_id].get(c, "")) for c in columns}
        changed = {c: pair for c, pair in fields.items() if pair[0] != pair[1]}
        if changed:
            result.changed[row_id] = changed
    return result


def base_tables(data_dir: Path, revision: str) -> dict[str, tuple[str, str]]:
    """Name -> (path, primary key) of every table the base's datapackage.json lists."""
    text = base_text(data_dir, revision, "datapackage.json")
    try:
        resources = json.loads(text)["resources"] if text else []
        return {r["name"]: (r["path"], r["schema"]["primaryKey"][0]) for r in resources}
    except (json.JSONDecodeError, KeyError, IndexError, TypeError):
        return {}


def diff(revision: str | None = None, data_dir: Path | None = None) -> list[TableDiff]:
    """Every table that differs from revision, current tables in datapackage order, then tables since dropped."""
    data_dir = data_dir or paths.DATA_DIR
    data_dir = Path(data_dir)
    revision = revision or default_base(data_dir)
    if not revision_exists(data_dir, revision):
        raise GitError(f"{revision!r} is not a commit in the repository holding {data_dir}")
    current = {t.name: (t.path, t.primary_key) for t in schema.tables(data_dir).values()}
    dropped = {n: v for n, v in base_tables(data_dir, revision).items() if n not in current}
    results = [
        compare(name, path, key, base_text(data_dir, revision, path), working_text(data_dir, path))
        for name, (path, key) in {**current, **dropped}.items()
    ]
    return [r for r in results if r]


def schema_changed(revision: str, data_dir: Path | None = None) -> bool:
    """Whether data/datapackage.json differs from its version at revision."""
    data_dir = data_dir or paths.DATA_DIR
    return base_text(Path(data_dir), revision, "datapackage.json") != working_text(Path(data_dir), "datapackage.json")


# ---------------------------------------------------------------- Markdown


def code(text: str) -> str:
    """Text as a Markdown code span, fenced with more backticks than it contains."""
    fence = "`" * (1 + max((len(run) for run in re.findall("`+", text)), default=0))
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def counts(table: TableDiff) -> str:
    """One line: how many rows were added, removed and changed."""
    duplicates = len(table.duplicated)
    added = (
        f"{len(table.added) + duplicates} added ({'a duplicate id' if duplicates == 1 else f'{duplicates} duplicate ids'})"
        if duplicates
        else f"{len(table.added)} added"
    )
    return f"{added}, {len(table.removed)} removed, {len(table.changed)} changed."


def table_markdown(table: TableDiff) -> list[str]:
    """The Markdown section for one changed table."""
    lines = [f"### {table.name} ({code('data/' + table.path)})", ""]
    if table.state == "new":
        lines += [f"New file: {code('data/' + table.path)} does not exist at the base.", ""]
    if table.state == "deleted":
        lines += [f"Deleted: {code('data/' + table.path)} is no longer in the working tree.", ""]
    if table.columns_added:
        lines += ["Columns added: " + ", ".join(map(code, table.columns_added)), ""]
    if table.columns_removed:
        lines += ["Columns removed: " + ", ".join(map(code, table.columns_removed)), ""]
    lines += [counts(table), ""]
    for heading, ids in (("Added", table.added), ("Removed", table.removed)):
        if ids:
            lines += [f"**{heading}**", ""] + [f"- {code(row_id)}" for row_id in ids] + [""]
    if table.duplicated:
        lines += ["**Added with an id already used**", ""]
        lines += [f"- {code(row_id)} ({table.duplicate_counts[row_id]} rows have this id)" for row_id in table.duplicated] + [""]
    if table.changed:
        lines += ["**Changed**", ""]
        for row_id, fields in table.changed.items():
            lines.append(f"- {code(row_id)}")
            lines += [f"  - {code(f'{name}: {old!r} -> {new!r}')}" for name, (old, new) in fields.items()]
        lines.append("")
    return lines


def markdown(tables: list[TableDiff], revision: str, schema_note: bool = False) -> str:
    """The whole report: a heading, then one section per changed table, or 'No data changes'."""
    lines = [f"## Data changes against {code(revision)}", ""]
    if schema_note:
        lines += [f"The schema, {code('data/datapackage.json')}, changed too; read its diff.", ""]
    if not tables:
        lines += ["No data changes.", ""]
    for table in tables:
        lines += table_markdown(table)
    return "\n".join(lines).rstrip("\n") + "\n"


def report(revision: str | None = None, data_dir: Path | None = None) -> str:
    """The Markdown report of data/ against revision (default: origin/main if it exists, else HEAD)."""
    data_dir = data_dir or paths.DATA_DIR
    revision = revision or default_base(Path(data_dir))
    return markdown(diff(revision, data_dir), revision, schema_changed(revision, data_dir))
