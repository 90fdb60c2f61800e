"""One version, declared once; a release command that refuses a dirty tree and tags what it bumps."""
from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from nhs_industry import citation, downloads, paths, release


def git(root, *args):
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def repo(tmp_path):
    """A small git repository holding the files a release touches, plus data/."""
    for name in ("pyproject.toml", "CITATION.cff", "CHANGELOG.md"):
        shutil.copyfile(paths.ROOT / name, tmp_path / name)
    shutil.copytree(paths.DATA_DIR, tmp_path / "data")
    git(tmp_path, "init", "-q")
    git(tmp_path, "-c", "user.email=t@example.org", "-c", "user.name=T", "add", "-A")
    git(tmp_path, "-c", "user.email=t@example.org", "-c", "user.name=T", "commit", "-qm", "start")
    git(tmp_path, "config", "user.email", "t@example.org")
    git(tmp_path, "config", "user.name", "T")
    return tmp_path


def test_citation_cff_states_the_declared_version():
    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == citation.release_version()
    assert downloads.ZIP_NAME == f"nhs-industry-data-{citation.release_version()}.zip"


def test_release_bumps_dates_and_tags(repo):
    old = citation.release_version(repo)
    new = ".".join([old.split(".")[0], str(int(old.split(".")[1]) + 1), "0"])
    tag = release.release(new, root=repo)
    assert tag == f"v{new}" and tag in git(repo, "tag").split()
    assert citation.release_version(repo) == new
    assert yaml.safe_load((repo / "CITATION.cff").read_text())["version"] == new
    assert f"## {new} (" in (repo / "CHANGELOG.md").read_text()
    citation.site_version.cache_clear()
    assert citation.site_version(repo) == new
    (repo / "CHANGELOG.md").write_text((repo / "CHANGELOG.md").read_text() + "\nlater\n")
    git(repo, "commit", "-qam", "later")
    citation.site_version.cache_clear()
    assert citation.site_version(repo) == f"{new}+ (commit {git(repo, 'rev-parse', '--short=7', 'HEAD')})"
    # The release's data stays downloadable after later commits.
    zips = downloads.publish_releases(repo / "out", root=repo)
    assert [z.name for z in zips] == [downloads.zip_name(new)]
    citation.site_version.cache_clear()


def test_release_refuses_a_dirty_tree_and_a_version_that_goes_back(repo):
    (repo / "data" / "people.csv").write_text("changed\n")
    with pytest.raises(release.ReleaseError, match="uncommitted"):
        release.release("9.0.0", root=repo)
    git(repo, "checkout", "--", "data/people.csv")
    with pytest.raises(release.ReleaseError, match="does not come after"):
        release.release("0.0.1", root=repo)
