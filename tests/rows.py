"""Rows for tests: instrument rows as the in-force model reads them, for tests that make their own rules, and a
contributor's edit of a CSV file."""

from __future__ import annotations

import csv
import io
from pathlib import Path


def rewrite(path: Path, change) -> None:
    """Edit a data file as a contributor would: change(rows) edits the rows (dicts) in place; the header, the column
    order and the line endings stay as they were."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = list(rows[0])
    change(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def rule(instrument_id: str, published: str, **fields) -> dict:
    """A guidance row for England with no end, series, amendments or addressees unless fields say otherwise."""
    row = {
        "instrument_id": instrument_id,
        "kind": "guidance",
        "published_date": published,
        "in_force_date": "",
        "end_date": "",
        "end_reason": "",
        "series_id": "",
        "supersedes_ids": "",
        "amends_ids": "",
        "addressee_ids": "",
        "extent": "england",
        "status_checked_date": "",
    }
    row.update(fields)
    return row
