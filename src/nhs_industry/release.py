"""Cutting a release: check the tree is clean, bump the one version, date the changelog, commit and tag."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from . import citation, dates, paths

VERSION = re.compile(r"^\d+\.\d+\.\d+$")
UNRELEASED = "## Unreleased"


class ReleaseError(Exception):
    """Why a release cannot be made, in words a maintainer can act on."""


def _as_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def check_can_release(new: str, root: Path) -> str:
    """The current version, if `new` may follow it from this tree; raises ReleaseError otherwise."""
    if not VERSION.match(new):
        raise ReleaseError(f"{new!r} is not a version like 0.3.0")
    current = citation.release_version(root)
    if _as_tuple(new) <= _as_tuple(current):
        raise ReleaseError(f"{new} does not come after the current version {current}")
    if citation._git("status", "--porcelain", root=root):
        raise ReleaseError("the working tree has uncommitted changes; commit or stash them first")
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    if UNRELEASED not in changelog:
        raise ReleaseError(f"CHANGELOG.md has no '{UNRELEASED}' section to release")
    return current


def bumped_files(new: str, root: Path, on: str) -> dict[Path, str]:
    """The new text of each file that states the version: pyproject.toml, CITATION.cff and CHANGELOG.md."""
    pyproject = root / "pyproject.toml"
    cff = root / "CITATION.cff"
    changelog = root / "CHANGELOG.md"
    cff_text = re.sub(r'(?m)^version: .*$', f'version: "{new}"', cff.read_text(encoding="utf-8"))
    cff_text = (re.sub(r"(?m)^date-released: .*$", f'date-released: "{on}"', cff_text) if "date-released:" in cff_text
                else cff_text.replace(f'version: "{new}"', f'version: "{new}"\ndate-released: "{on}"'))
    return {
        pyproject: re.sub(r'(?m)^version = ".*"$', f'version = "{new}"', pyproject.read_text(encoding="utf-8"), count=1),
        cff: cff_text,
        changelog: changelog.read_text(encoding="utf-8").replace(UNRELEASED, f"{UNRELEASED}\n\n## {new} ({on})", 1),
    }


def release(new: str, root: Path = paths.ROOT) -> str:
    """Bump to `new`, commit and tag v<new>; returns the tag."""
    check_can_release(new, root)
    for path, text in bumped_files(new, root, dates.today().isoformat()).items():
        path.write_text(text, encoding="utf-8")
    tag = f"v{new}"
    subprocess.run(["git", "commit", "-q", "-am", f"Release {new}"], cwd=root, check=True)
    subprocess.run(["git", "tag", "-a", tag, "-m", f"Release {new}"], cwd=root, check=True)
    citation.site_version.cache_clear()
    return tag
