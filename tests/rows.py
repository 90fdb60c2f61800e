"""Instrument rows as the in-force model reads them, for tests that make their own rules."""

from __future__ import annotations


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
