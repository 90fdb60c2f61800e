"""The data package as readers download it: each file at a stable address, and one zip of everything."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from .. import git, paths
from ..model import data, matrix, schema
from . import citation, matrix_view

RELEASES_FOLDER = "releases"  # data/releases/: the zip of every tagged release, so old citations can be followed


def zip_name(version: str | None = None) -> str:
    """The data zip's name carries the version it is: nhs-industry-data-0.2.0.zip."""
    return f"nhs-industry-data-{version or citation.release_version()}.zip"


ZIP_NAME = zip_name()
# Files that travel with the CSVs so the zip stands alone: schema, documentation, licence, citation.
COMPANIONS = ["datapackage.json", "README.md", "LICENSE.md"]


def files() -> list[Path]:
    """Every file of the data package that exists, CSVs first in the data package's order."""
    csvs = [paths.DATA_DIR / table.path for table in schema.tables(paths.DATA_DIR).values()]
    extras = [paths.DATA_DIR / name for name in COMPANIONS] + [paths.ROOT / "CITATION.cff", paths.ROOT / "CHANGELOG.md"]
    return csvs + [path for path in extras if path.exists()]


def publish(target: Path) -> Path:
    """Copy the data package into target and write the zip there; returns the zip's path."""
    shutil.rmtree(target, ignore_errors=True)  # a file since renamed or removed must not linger on the site
    target.mkdir(parents=True, exist_ok=True)
    archive = target / ZIP_NAME
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in files():
            shutil.copyfile(path, target / path.name)
            # A fixed timestamp keeps the zip identical when the data has not changed.
            info = zipfile.ZipInfo(f"nhs-industry-data/{path.name}", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, path.read_bytes())
    publish_releases(target / RELEASES_FOLDER)
    publish_matrix(target)
    return archive


def publish_matrix(target: Path) -> Path:
    """The practice matrix of every nation, with each cell's rules, as a CSV beside the data files (the "What was
    allowed, when" page links to it)."""
    sources = {r["source_id"]: r for r in data.load("sources").to_dict("records")}
    path = target / matrix_view.CSV_NAME
    path.write_text(matrix_view.matrix_csv(matrix.Matrix.load(), sources), encoding="utf-8")
    return path


def released_versions(root: Path | None = None) -> list[str]:
    """Every release, newest first: those the changelog dates ('## 0.2.0 (2026-12-03)', in the tree itself, so
    a checkout without tags lists them too) and those with a release tag (v0.2.0)."""
    root = root or paths.ROOT
    return sorted(set(citation.release_dates(root)) | set(_tagged_versions(root)), key=citation.version_key, reverse=True)


def _tagged_versions(root: Path | None = None) -> list[str]:
    root = root or paths.ROOT
    try:
        tags = git.output("tag", "--list", "v*", root=root, timeout=10).split()
    except (OSError, subprocess.SubprocessError):
        return []
    return [tag[1:] for tag in tags if re.fullmatch(r"v\d+\.\d+\.\d+", tag)]


RELEASE_FILES = ["data", "CITATION.cff", "CHANGELOG.md"]


def publish_releases(target: Path, root: Path | None = None) -> list[Path]:
    """Write each release's data package, as it was at its tag, to target as a zip. A release whose tag this
    checkout lacks gets a zip only when it is the tree's own release with nothing changed since (its version is
    the declared one and the changelog's 'Unreleased' section is empty); no zip is better than a wrong one."""
    root = root or paths.ROOT
    written = []
    tagged = set(_tagged_versions(root))
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    for version in released_versions(root):
        archive = target / zip_name(version)
        if version in tagged:
            revision = f"v{version}"
        elif version == citation.release_version(root) and not citation.unreleased_notes(changelog) and _unmodified(root):
            revision = "HEAD"
        else:
            continue
        target.mkdir(parents=True, exist_ok=True)
        try:
            subprocess.run(
                ["git", "archive", "--format=zip", f"--prefix=nhs-industry-data-{version}/", "-o", str(archive), revision, *RELEASE_FILES],
                cwd=root,
                check=True,
                timeout=60,
                capture_output=True,
            )
        except (OSError, subprocess.SubprocessError):
            continue  # not a git checkout (an unpacked archive): the page then says where the release's data is
        written.append(archive)
    return written


def _unmodified(root: Path) -> bool:
    """Whether the release's files are as committed (a zip named for a release must hold that release's data)."""
    try:
        status = subprocess.run(
            ["git", "status", "--porcelain", "--", *RELEASE_FILES], cwd=root, capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return not status.strip()


def release_zips(root: Path | None = None) -> set[str]:
    """The versions publish_releases() writes a zip for, without writing them (the releases page links only these)."""
    root = root or paths.ROOT
    tagged = set(_tagged_versions(root))
    unreleased = citation.unreleased_notes((root / "CHANGELOG.md").read_text(encoding="utf-8"))
    return {
        v for v in released_versions(root) if v in tagged or (v == citation.release_version(root) and not unreleased and _unmodified(root))
    }
