"""What a chapter read: each chapter re-runs when, and only when, something it read has changed.

The package's readers call note() with the file they read (a table, the seminar plans, the changelog,
the declared version) or GIT for the repository's state (the site's version is made from it). The build
runs each chapter, takes() what it noted, and writes the digest of those inputs into the staged chapter,
so the execution cache (keyed on a chapter's code) misses exactly when one of them changes.
"""
from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from . import paths

GIT = "git"  # the commit, the tags and whether tracked files are modified
TODAY = "today"  # the date (the last era, "in force today", the citation's year)
_read: set[str] = set()


def note(what: Path | str) -> None:
    _read.add(what if what in (GIT, TODAY) else name_of(Path(what)))


# Inputs are recorded by where they sit, not by absolute path: a build from another copy of the data (a test's,
# the benchmark's) must digest that copy's files, not the ones the record was made from.
DATA_PREFIX, ROOT_PREFIX = "data:", "root:"


def name_of(path: Path) -> str:
    path = path.resolve()
    if path.is_relative_to(paths.DATA_DIR.resolve()):
        return DATA_PREFIX + path.relative_to(paths.DATA_DIR.resolve()).as_posix()
    if path.is_relative_to(paths.ROOT):
        return ROOT_PREFIX + path.relative_to(paths.ROOT).as_posix()
    return str(path)


def path_of(name: str) -> Path:
    if name.startswith(DATA_PREFIX):
        return paths.DATA_DIR / name.removeprefix(DATA_PREFIX)
    if name.startswith(ROOT_PREFIX):
        return paths.ROOT / name.removeprefix(ROOT_PREFIX)
    return Path(name)


def take() -> list[str]:
    """What was read since the last take(); forgets it."""
    taken = sorted(_read)
    _read.clear()
    return taken


def everything() -> list[str]:
    """Every input a chapter could read: the digest to use for a chapter that has not run yet."""
    files = [p for p in sorted(paths.DATA_DIR.rglob("*")) if p.is_file()]
    files += [paths.BOOK_DIR / "seminars.yml", paths.ROOT / "CHANGELOG.md", paths.ROOT / "pyproject.toml", paths.ROOT / "_config.yml"]
    return [name_of(p) for p in files] + [GIT, TODAY]


def digest(read: list[str]) -> str:
    """A digest of the current content of each input named: a file's bytes, or the repository's state."""
    total = hashlib.sha256()
    for item in sorted(set(read)):
        total.update(item.encode() + b"\0")
        if item == GIT:
            total.update(git_state().encode())
        elif item == TODAY:
            from . import dates

            total.update(dates.today().isoformat().encode())
        else:
            path = path_of(item)
            total.update(path.read_bytes() if path.is_file() else b"(missing)")
        total.update(b"\0")
    return total.hexdigest()


def git_state() -> str:
    """HEAD, the tags and the modified tracked files: everything the site's version depends on."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=paths.ROOT, capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            return ""
    return git("rev-parse", "HEAD") + git("tag", "--list") + git("status", "--porcelain", "--untracked-files=no")


def reading(what: Path | str):
    """Decorator for a cached reader: notes `what` on every call, not only on the call that reads it."""
    def wrap(function):
        def noted(*args, **kwargs):
            note(what)
            return function(*args, **kwargs)
        noted.__name__, noted.__doc__, noted.__wrapped__ = function.__name__, function.__doc__, function
        noted.cache_clear = getattr(function, "cache_clear", lambda: None)
        return noted
    return wrap


def forget_cached() -> None:
    """Clear every cached reader in the package, so a process that builds more than once (the preview, its
    kernel) reads the files again. Each cache holds something read from the inputs, so all of them go."""
    import sys

    for name, module in list(sys.modules.items()):
        if name == "nhs_industry" or name.startswith("nhs_industry."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
