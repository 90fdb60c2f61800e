"""A chapter's inputs: what its front matter declares it reads (see model/reading.py), digested by content so
that the execution cache misses exactly when one of them changes, and only then.

The staged chapter carries the digest as its last, hidden cell; the execution cache is keyed on a chapter's
code, so an edit to a declared table (or to the declaration) re-runs the chapter, and an edit to a table it does
not read leaves it alone. Every chapter also depends on data/datapackage.json and on today's date.
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import yaml

from .. import paths
from ..model import dates, reading, schema

FRONT_MATTER = "---\n"


class BadDeclaration(Exception):
    """A chapter's `reads:` is missing or names something that is neither a table nor a project file."""


def front_matter(text: str) -> dict:
    if not text.startswith(FRONT_MATTER):
        return {}
    end = text.find("\n" + FRONT_MATTER, len(FRONT_MATTER) - 1)
    return (yaml.safe_load(text[len(FRONT_MATTER) : end + 1]) or {}) if end > 0 else {}


def declared(chapter: str, text: str) -> list[str]:
    """What the chapter (its path, for messages; its text) declares it reads, each name checked."""
    reads = front_matter(text).get("reads")
    if not isinstance(reads, list) or not all(isinstance(r, str) for r in reads):
        raise BadDeclaration(
            f"{chapter} runs code but does not declare what it reads: add a list such as "
            f"`reads: [instruments, organisations]` (or `reads: [{reading.ALL_TABLES}]`) to its front matter"
        )
    tables = schema.tables(paths.DATA_DIR)
    known = set(tables) | {reading.ALL_TABLES, *reading.PROJECT_FILES}
    unknown = [r for r in reads if r not in known]
    if unknown:
        raise BadDeclaration(
            f"{chapter} declares `reads:` {', '.join(map(repr, unknown))}, which "
            f"{'is' if len(unknown) == 1 else 'are'} neither a table of data/ ({', '.join(sorted(tables))}) "
            f"nor one of {', '.join(reading.PROJECT_FILES)}"
        )
    return sorted(set(reads))


def files(reads: list[str]) -> list[Path]:
    """The files behind the declared reads (the repository's state is digested apart), with the data package's
    own description, which every chapter reads."""
    tables = schema.tables(paths.DATA_DIR)
    found = {paths.DATA_DIR / "datapackage.json"}
    for name in reads:
        if name == reading.ALL_TABLES:
            found |= {p for p in paths.DATA_DIR.rglob("*") if p.is_file()}
        elif name in tables:
            found.add(paths.DATA_DIR / tables[name].path)
        elif name != reading.GIT:
            found.add(paths.ROOT / name)
    return sorted(found)


def digest(reads: list[str]) -> str:
    """A digest of the current content of each input declared, of the repository's state if it is declared,
    and of today's date."""
    total = hashlib.sha256(dates.today().isoformat().encode())
    for path in files(reads):
        where = path.relative_to(paths.DATA_DIR) if path.is_relative_to(paths.DATA_DIR) else path.relative_to(paths.ROOT)
        total.update(b"\0" + where.as_posix().encode() + b"\0")  # by place, so a copy of the data digests alike
        total.update(path.read_bytes() if path.is_file() else b"(missing)")
    if reading.GIT in reads:
        total.update(b"\0git\0" + git_state().encode())
    return total.hexdigest()


def git_state() -> str:
    """HEAD, the tags and the modified tracked files: everything the site's version depends on."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=paths.ROOT, capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            return ""

    return git("rev-parse", "HEAD") + git("tag", "--list") + git("status", "--porcelain", "--untracked-files=no")
