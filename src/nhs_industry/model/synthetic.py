"""A synthetic data package N times larger than the real one, for scale tests and the benchmark only.

Each copy of a row gets an id suffix; references inside a copy point at the same copy, so the package
validates. Copies leave series and supersession chains alone (those stay the real ones), so editions
are never doubled. Nothing here is a fact: it is never published."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from .. import paths
from . import schema

COPIED = ("sources", "organisations", "instruments", "partnerships", "people", "quotes")
CLEARED_IN_COPIES = {"instruments": ("series_id", "supersedes_ids", "end_date", "end_reason", "milestone")}


def _copy_id(value: str, n: int) -> str:
    return f"{value}-x{n}"


def _copy_row(table: schema.Table, row: dict, n: int) -> dict:
    out = dict(row)
    out[table.primary_key] = _copy_id(row[table.primary_key], n)
    for field in table.fields:
        target = field.references
        if target in COPIED and row[field.name]:
            out[field.name] = (field.list_separator or ";").join(_copy_id(i, n) for i in field.split(row[field.name]))
    for name in CLEARED_IN_COPIES.get(table.name, ()):
        out[name] = ""
    if table.name == "quotes" and row["person_id"]:
        out["person_id"] = _copy_id(row["person_id"], n)
    if table.name == "quotes":
        out["organisation_id"] = _copy_id(row["organisation_id"], n)
    return out


def write(target: Path, times: int = 10, source: Path | None = None) -> Path:
    """Write a data package `times` times the size of `source` into target."""
    source = source or paths.DATA_DIR
    shutil.copytree(source, target, dirs_exist_ok=True)
    for name in COPIED:
        table = schema.table(name, source)
        text = (source / table.path).read_text(encoding="utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=table.field_names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        for n in range(1, times):
            writer.writerows(_copy_row(table, row, n) for row in rows)
        (target / table.path).write_text(out.getvalue(), encoding="utf-8")
    return target
