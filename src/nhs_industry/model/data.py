"""Loads one table as a typed pandas DataFrame, after the whole data package has validated."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from .. import paths
from . import dates, schema, validate


@cache
def _dataset(data_dir: Path) -> validate.Dataset:
    return validate.ensure_valid(data_dir)


def _typed(table: schema.Table, rows: list[validate.Row]) -> pd.DataFrame:
    records = []
    for row in rows:
        record = {}
        for field_ in table.fields:
            value = row[field_.name].strip()
            if field_.is_list:
                record[field_.name] = field_.split(value)
            elif field_.type == "number":
                record[field_.name] = float(value) if value else None
            elif field_.type == "integer":
                record[field_.name] = int(value) if value else None
            else:
                record[field_.name] = value
            if field_.partial_date:
                parsed = dates.parse(value) if value else None
                # Each partial date also gets its span and a label that shows its precision.
                record[f"{field_.name}_start"] = pd.Timestamp(parsed.start) if parsed else pd.NaT
                record[f"{field_.name}_end"] = pd.Timestamp(parsed.end) if parsed else pd.NaT
                # Where a date known to a year or month is drawn, and which period it is counted in.
                record[f"{field_.name}_mid"] = (
                    pd.Timestamp(parsed.start) + (pd.Timestamp(parsed.end) - pd.Timestamp(parsed.start)) / 2 if parsed else pd.NaT
                )
                record[f"{field_.name}_precision"] = parsed.precision if parsed else ""
                record[f"{field_.name}_label"] = parsed.label if parsed else ""
        records.append(record)
    columns = [
        name
        for f in table.fields
        for name in ([f.name] + ([f"{f.name}_{part}" for part in ("start", "end", "mid", "precision", "label")] if f.partial_date else []))
    ]
    frame = pd.DataFrame.from_records(records, columns=columns)
    return frame.sort_values(table.primary_key).reset_index(drop=True)


def load(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """One table, validated, with list fields as lists and partial dates expanded; sorted by id."""
    data_dir = data_dir or paths.DATA_DIR
    dataset = _dataset(Path(data_dir))
    table = schema.table(name, Path(data_dir))
    # Typed once per dataset (a chapter loads the same tables many times); each caller gets its own copy.
    if name not in dataset.frames:
        dataset.frames[name] = _typed(table, dataset.rows[name])
    return dataset.frames[name].copy()


def names(name: str, data_dir: Path | None = None) -> dict[str, str]:
    """Id -> display name for a table (short name where there is one)."""
    data_dir = data_dir or paths.DATA_DIR
    frame = load(name, data_dir)
    table = schema.table(name, Path(data_dir))
    label_column = next(c for c in ("short_name", "short_title", "name", "title", "label") if c in frame.columns)
    fallback = "name" if "name" in frame.columns else "title"
    # Three columns zipped, not every column turned into rows: eras and entry pages ask for names often.
    others = frame[fallback] if fallback in frame.columns else [""] * len(frame)
    return {key: (label or other) for key, label, other in zip(frame[table.primary_key], frame[label_column], others)}
