"""When each entry's data row last changed, read from the repository's history in one pass at build time."""

from __future__ import annotations

import csv
import subprocess
from datetime import date
from functools import cache

from .. import git, paths
from . import schema


@cache
def last_changes() -> dict[tuple[str, str], date]:
    """(table, id) -> the day of the newest commit that added or changed that row of data/<table>.csv.

    One `git log -p` over the CSVs, newest commit first: the first commit whose diff adds a line starting with a
    row's id is the row's last change. Empty where there is no usable history (not a git checkout, a shallow
    clone, data read from outside the repository): a page then says nothing rather than something wrong."""
    try:
        data_dir = paths.DATA_DIR.resolve().relative_to(paths.ROOT)
        if git.output("rev-parse", "--is-shallow-repository") != "false":
            return {}
        tables = {f"{data_dir.as_posix()}/{table.path}": name for name, table in schema.tables().items()}
        log = git.output("log", "--format=%x00%as", "--no-renames", "--no-color", "-p", "--unified=0", "--", *tables)
    except (OSError, ValueError, subprocess.SubprocessError):
        return {}
    changes: dict[tuple[str, str], date] = {}
    for commit in log.split("\0")[1:]:
        day_text, _, diff = commit.partition("\n")
        day, table = date.fromisoformat(day_text.strip()), None
        for line in diff.splitlines():
            if line.startswith("+++ "):
                table = tables.get(line[4:].removeprefix("b/"))
            elif table and line.startswith("+") and len(line) > 1:
                # A row's first cell is its id (canonical form: schema order, id first); a continuation line of a
                # quoted cell gives a first cell that is no id, which no page asks about.
                first = next(csv.reader([line[1:]]), [""])
                changes.setdefault((table, first[0] if first else ""), day)
    return changes


def last_changed(table: str, entry_id: str) -> date | None:
    return last_changes().get((table, entry_id))


def last_changed_page(docname: str) -> date | None:
    """The last change of the row an entry page shows (book/entries/<table>/<id>); None for other pages."""
    parts = docname.split("/")
    if len(parts) == 4 and parts[:2] == ["book", "entries"]:
        return last_changed(parts[2], parts[3])
    return None
