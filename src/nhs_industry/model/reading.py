"""What code may read while it runs for a chapter, and the check that it reads nothing else.

A chapter declares in its front matter the tables and project files it reads, for example

    reads: [instruments, organisations, CHANGELOG.md]      # or [data/] for every table

and the build re-runs it when one of them changes. While the chapter runs, the build calls declare() with that
list, and every reader of a table or a project file calls check() first: reading anything undeclared raises
UndeclaredRead, naming the chapter and what to add, so a declaration can never silently fall short. Outside a
chapter (the validator, the entry pages, the tests) nothing is declared and anything may be read.

Every chapter also depends on data/datapackage.json and on today's date, without declaring them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable

ALL_TABLES = "data/"  # every table of the data package
GIT = "git"  # the repository's commits, tags and modified files (the site's version is made from them)
# The files outside data/ that the package reads for a chapter, as a chapter names them.
PROJECT_FILES = ("CHANGELOG.md", "pyproject.toml", "_config.yml", "book/seminars.yml", GIT)


class UndeclaredRead(Exception):
    """A chapter read a table or a file that its front matter does not declare."""


_declared: frozenset[str] | None = None  # None: nothing is declared, so nothing is refused
_reader = ""


def declare(reader: str | None, reads: Iterable[str] = ()) -> None:
    """From now on only `reads` may be read, on behalf of `reader` (a chapter's path); None lifts the limit."""
    global _declared, _reader
    _declared, _reader = (None, "") if reader is None else (frozenset(reads), reader)


def check(what: str, *, table: bool = False) -> None:
    """Refuse to read `what` (a table's name, or one of PROJECT_FILES) if it is not declared."""
    if _declared is None or what in _declared or (table and ALL_TABLES in _declared):
        return
    raise UndeclaredRead(
        f"{_reader} reads {'the table ' if table else ''}{what!r}, which its front matter does not "
        f"declare: add {what!r} to `reads:` at the top of {_reader}"
    )


def reads(what: str) -> Callable:
    """Decorator for a reader whose result is cached: it checks `what` on every call, not only on the first."""

    def wrap(function: Callable) -> Callable:
        def checked(*args, **kwargs):
            check(what)
            return function(*args, **kwargs)

        checked.__name__, checked.__doc__, checked.__wrapped__ = function.__name__, function.__doc__, function
        checked.cache_clear = getattr(function, "cache_clear", lambda: None)
        return checked

    return wrap


def forget_cached() -> None:
    """Clear every cached reader in the package, so a process that builds more than once (the preview, its
    kernel) reads the files again. Each cache holds something read from the files, so all of them go."""
    for name, module in list(sys.modules.items()):
        if name == "nhs_industry" or name.startswith("nhs_industry."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
