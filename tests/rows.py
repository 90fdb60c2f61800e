"""Rows for tests: instrument rows as the in-force model reads them, for tests that make their own rules, and a
contributor's edit of a CSV file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from nhs_industry.model import rule_spans


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
    }
    row.update(fields)
    return row


def checked(rows: list[dict], on: str, **context) -> rule_spans.Context:
    """A context in which a status check on `on` found every one of `rows` current (plus any other context given)."""
    checks = [{"instrument_id": r["instrument_id"], "checked_date": on, "finding": "current"} for r in rows]
    return rule_spans.Context(context.get("dissolved", {}), context.get("complete_from", {}), rule_spans.latest_checks(checks))
