"""Cutting a release: check everything first, then bump the one version, date the changelog, commit and tag.

Nothing is changed until every check has passed, and a commit that could not be tagged is taken back, so a
failed release leaves the repository as it was."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from .. import git, paths
from ..content import citation, repository
from ..model import dates

VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
UNRELEASED = "## Unreleased"
REMOTE = "origin"


class ReleaseError(Exception):
    """Why a release cannot be made, in words a maintainer can act on."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return git.run(*args, root=root)


def check_can_release(new: str, root: Path) -> tuple[str, str]:
    """(current version, branch) if `new` may be released from this tree; raises ReleaseError otherwise."""
    if not VERSION.match(new):
        raise ReleaseError(f"{new!r} is not a version like 0.3.0 (three numbers, no 'v', no leading zeros)")
    current = citation.release_version(root)
    if citation.version_key(new) <= citation.version_key(current):
        raise ReleaseError(f"{new} does not come after the current version {current}")
    if _git(root, "rev-parse", "--verify", "--quiet", f"refs/tags/v{new}").returncode == 0:
        raise ReleaseError(f"the tag v{new} exists already; choose the next version, or delete the tag if it was made by mistake")
    branch = _git(root, "branch", "--show-current").stdout.strip()
    if not branch:
        raise ReleaseError("HEAD is not on a branch (detached); check out the branch to release, such as main")
    behind = _git(root, "rev-list", "--count", f"{branch}..{branch}@{{upstream}}")
    if behind.returncode == 0 and int(behind.stdout.strip() or 0):
        raise ReleaseError(
            f"{branch} is {behind.stdout.strip()} commit(s) behind its upstream (as last fetched); pull first, or the push would be refused"
        )
    if _git(root, "status", "--porcelain").stdout.strip():
        raise ReleaseError("the working tree has uncommitted changes; commit or stash them first")
    notes = citation.unreleased_notes((root / "CHANGELOG.md").read_text(encoding="utf-8"))
    if notes is None:
        raise ReleaseError(f"CHANGELOG.md has no '{UNRELEASED}' section to release")
    if not notes:
        raise ReleaseError(f"CHANGELOG.md has nothing under '{UNRELEASED}': say what this release changes first")
    return current, branch


def bumped_files(new: str, root: Path, on: str) -> dict[Path, str]:
    """The new text of each file that states the version or its date: pyproject.toml, CITATION.cff, .zenodo.json
    and CHANGELOG.md (a new, empty 'Unreleased' section above the dated release)."""
    pyproject = root / "pyproject.toml"
    cff = root / "CITATION.cff"
    changelog = root / "CHANGELOG.md"
    cff_text = re.sub(r"(?m)^version: .*$", f'version: "{new}"', cff.read_text(encoding="utf-8"))
    cff_text = (
        re.sub(r"(?m)^date-released: .*$", f'date-released: "{on}"', cff_text)
        if "date-released:" in cff_text
        else cff_text.replace(f'version: "{new}"', f'version: "{new}"\ndate-released: "{on}"')
    )
    files = {
        pyproject: re.sub(r'(?m)^version = ".*"$', f'version = "{new}"', pyproject.read_text(encoding="utf-8"), count=1),
        cff: cff_text,
        changelog: changelog.read_text(encoding="utf-8").replace(UNRELEASED, f"{UNRELEASED}\n\n## {new} ({on})", 1),
    }
    zenodo = root / ".zenodo.json"
    if zenodo.exists():
        record = json.loads(zenodo.read_text(encoding="utf-8"))
        record.update(version=new, publication_date=on)
        files[zenodo] = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    return files


def with_addresses(files: dict[Path, str], root: Path) -> dict[Path, str]:
    """CITATION.cff's and .zenodo.json's addresses made from _config.yml's repository address (repository.py), the one
    place it is written: the repository itself and the site GitHub Pages publishes from it."""
    code, site = repository.url(root), repository.site_url(root)
    result = dict(files)
    cff = root / "CITATION.cff"
    text = result.get(cff) or cff.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^repository-code: .*$", f'repository-code: "{code}"', text)
    result[cff] = re.sub(r"(?m)^url: .*$", f'url: "{site}"', text)
    zenodo = root / ".zenodo.json"
    if zenodo.exists():
        record = json.loads(result.get(zenodo) or zenodo.read_text(encoding="utf-8"))
        relations = {"isDocumentedBy": site, "isSupplementTo": code}
        for related in record.get("related_identifiers", []):
            related["identifier"] = relations.get(related.get("relation"), related["identifier"])
        result[zenodo] = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    return result


def write_addresses(root: Path | None = None) -> list[Path]:
    """Rewrite CITATION.cff's and .zenodo.json's addresses from _config.yml; returns the files that changed."""
    root = root or paths.ROOT
    changed = []
    for path, text in with_addresses({}, root).items():
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def push_command(branch: str, tag: str) -> str:
    """Pushes the release commit and its tag together: both arrive, or neither does."""
    return f"git push --atomic {REMOTE} {branch} {tag}"


def release(new: str, root: Path | None = None) -> str:
    """Bump to `new`, commit and tag v<new>; returns the command that publishes it."""
    root = root or paths.ROOT
    _, branch = check_can_release(new, root)
    tag = f"v{new}"
    before = _git(root, "rev-parse", "HEAD").stdout.strip()
    files = with_addresses(bumped_files(new, root, dates.today().isoformat()), root)
    try:
        for path, text in files.items():
            path.write_text(text, encoding="utf-8")
        subprocess.run(
            ["git", "commit", "-q", "-m", f"Release {new}", "--", *map(str, files)], cwd=root, check=True, capture_output=True, text=True
        )
        subprocess.run(["git", "tag", "-a", tag, "-m", f"Release {new}"], cwd=root, check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as error:
        # The tree was clean before: going back to the commit we started from loses nothing of anyone's.
        _git(root, "reset", "-q", "--hard", before)
        detail = getattr(error, "stderr", "") or str(error)
        raise ReleaseError(f"could not commit or tag the release, so nothing was changed: {detail.strip()}") from error
    finally:
        citation.site_version.cache_clear()
        citation.release_dates.cache_clear()
        citation.site_date.cache_clear()
    return push_command(branch, tag)
