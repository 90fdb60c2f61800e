"""The data dictionary and download list, generated from datapackage.json so they cannot drift from it."""

from __future__ import annotations

import html

from ..model import schema
from . import downloads


def allowed_values_html(table: str, field: str) -> str:
    """Each allowed code with the label readers see and what it means."""
    items = schema.table(table).field(field).categories
    return (
        "<dl>"
        + "".join(
            f"<dt><code>{html.escape(c.value)}</code>: {html.escape(c.label)}</dt><dd>{html.escape(c.description)}</dd>" for c in items
        )
        + "</dl>"
    )


def _field_row(field: schema.Field) -> str:
    notes = []
    if field.required:
        notes.append("required")
    if field.is_list:
        notes.append(f"several values separated by <code>{html.escape(field.list_separator)}</code>")
    if field.references:
        notes.append(f"refers to <code>{html.escape(field.references)}</code>")
    if field.partial_date:
        notes.append("date: YYYY, YYYY-MM or YYYY-MM-DD")
    allowed = ", ".join(f"<code>{html.escape(c.value)}</code> ({html.escape(c.label)})" for c in field.categories)
    return (
        f"<tr><td><code>{html.escape(field.name)}</code></td><td>{html.escape(field.description)}</td>"
        f"<td>{'; '.join(notes)}</td><td>{allowed}</td></tr>"
    )


def dictionary_html() -> str:
    """One table per CSV file: every column with its description, rules and allowed values."""
    parts = []
    for table in schema.tables().values():
        rows = "".join(_field_row(f) for f in table.fields)
        parts.append(
            f'<h3 id="table-{table.name}">{html.escape(table.title)} (<code>{table.path}</code>)</h3>'
            f"<p>{html.escape(table.description)} Each row is identified by <code>{table.primary_key}</code>.</p>"
            f'<table class="nhs-data-table" tabindex="0"><caption>Columns of {table.path}</caption><thead><tr>'
            f'<th scope="col">Column</th><th scope="col">Meaning</th><th scope="col">Rules</th><th scope="col">Allowed values</th>'
            f"</tr></thead><tbody>{rows}</tbody></table>"
        )
    return "".join(parts)


def downloads_html(relative_root: str) -> str:
    """Links to each file of the data package and to the zip, at their stable addresses under data/."""
    items = [f'<li><a href="{relative_root}data/{downloads.ZIP_NAME}">{downloads.ZIP_NAME}</a>: everything below in one zip</li>']
    titles = {t.path: t.title for t in schema.tables().values()}
    for path in downloads.files():
        label = titles.get(path.name, "")
        items.append(f'<li><a href="{relative_root}data/{path.name}">{path.name}</a>{": " + html.escape(label) if label else ""}</li>')
    return "<ul>" + "".join(items) + "</ul>"
