"""Checks a table schema cannot express: date order across fields and tables, and loops in chains."""
from __future__ import annotations

from . import dates
from .schema import Table

# (table, earlier field, later field, what the later field means) – the later must not come first.
DATE_ORDER = [
    ("instruments", "published_date", "withdrawn_date", "withdrawn before it was published"),
    ("organisations", "founded_date", "dissolved_date", "dissolved before it was founded"),
    ("partnerships", "start_date", "end_date", "ends before it starts"),
    ("periods", "start_date", "end_date", "ends before it starts"),
]

# (table, list field) whose links must never lead back to the row they start from.
CHAINS = [("organisations", "successor_ids"), ("instruments", "supersedes_ids")]


def _date(text: str):
    """The parsed date, or None if empty or malformed (malformed dates are reported elsewhere)."""
    try:
        return dates.parse(text) if text else None
    except ValueError:
        return None


def check_date_order(dataset, tables: dict[str, Table]) -> None:
    for name, earlier, later, meaning in DATE_ORDER:
        if name not in tables:
            continue
        for row in dataset.rows.get(name, []):
            first, second = _date(row[earlier]), _date(row[later])
            # Compare whole spans: '2008' is not before '2008-02'; only a certain inversion is an error.
            if first and second and second.end < first.start:
                dataset.report(tables[name], row.line, later, f"{row[later]!r} is {meaning} ({earlier} {row[earlier]!r})")


def check_issuers_existed(dataset, tables: dict[str, Table]) -> None:
    """An instrument cannot be issued by an organisation before it was founded or after it was dissolved."""
    if "instruments" not in tables or "organisations" not in tables:
        return
    lifespans = {row["organisation_id"]: (_date(row["founded_date"]), _date(row["dissolved_date"]))
                 for row in dataset.rows.get("organisations", [])}
    for row in dataset.rows.get("instruments", []):
        published = _date(row["published_date"])
        if not published:
            continue
        for issuer in tables["instruments"].field("issuer_ids").split(row["issuer_ids"]):
            founded, dissolved = lifespans.get(issuer, (None, None))
            if founded and published.end < founded.start:
                dataset.report(tables["instruments"], row.line, "published_date",
                               f"{row['published_date']!r} is before its issuer {issuer!r} was founded ({founded.text})")
            if dissolved and published.start > dissolved.end:
                dataset.report(tables["instruments"], row.line, "published_date",
                               f"{row['published_date']!r} is after its issuer {issuer!r} was dissolved ({dissolved.text})")


def check_no_loops(dataset, tables: dict[str, Table]) -> None:
    for name, field_name in CHAINS:
        if name not in tables:
            continue
        table = tables[name]
        links = {row[table.primary_key]: table.field(field_name).split(row[field_name]) for row in dataset.rows.get(name, [])}
        lines = {row[table.primary_key]: row.line for row in dataset.rows.get(name, [])}
        for start in links:
            path = _loop_from(start, links)
            if path:
                dataset.report(table, lines[start], field_name, f"{start!r} leads back to itself: {' -> '.join(path)}")


def _loop_from(start: str, links: dict[str, list[str]]) -> list[str] | None:
    """The path from start back to start through the links, or None if there is no such path."""
    stack = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in links.get(node, []):
            if nxt == start:
                return path + [start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, path + [nxt]))
    return None


def check_all(dataset, tables: dict[str, Table]) -> None:
    check_date_order(dataset, tables)
    check_issuers_existed(dataset, tables)
    check_no_loops(dataset, tables)
