"""Writes each CSV in one canonical form (schema column order, sorted by id, UTF-8, LF) so edits diff as one line."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from .. import paths
from . import schema


def canonical_text(table: schema.Table, data_dir: Path) -> str:
    """The file's content in canonical form. Assumes the file has the schema's columns."""
    text = current_text(data_dir / table.path)
    rows = [row for row in csv.DictReader(io.StringIO(text, newline="")) if any((v or "").strip() for v in row.values())]
    rows.sort(key=lambda row: row[table.primary_key])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=table.field_names, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    for row in rows:
        # A line break inside a quoted cell is LF too (Excel writes CRLF there as well).
        writer.writerow({name: (row.get(name) or "").strip().replace("\r\n", "\n") for name in table.field_names})
    return out.getvalue()


def current_text(path: Path) -> str:
    """A file's text exactly as it is on disk: read_text() would turn Excel's CRLF line endings into LF and hide them."""
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return stream.read()


def write_atomically(path: Path, text: str) -> None:
    """Replace a file in one step, so an interrupted write never leaves half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
        stream.write(text)
    os.replace(temporary, path)


def files_not_canonical(data_dir: Path | None = None) -> list[str]:
    """Paths of the CSV files that differ from their canonical form."""
    data_dir = data_dir or paths.DATA_DIR
    return [
        table.path
        for table in schema.tables(data_dir).values()
        if (data_dir / table.path).read_bytes().decode("utf-8", errors="replace") != canonical_text(table, data_dir)
    ]


def format_all(data_dir: Path | None = None) -> list[str]:
    """Rewrite every CSV in canonical form; returns the paths that changed."""
    data_dir = data_dir or paths.DATA_DIR
    changed = files_not_canonical(data_dir)
    for name in changed:
        table = next(t for t in schema.tables(data_dir).values() if t.path == name)
        write_atomically(data_dir / name, canonical_text(table, data_dir))
    return changed
