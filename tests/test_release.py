"""One version, declared once; a release command that refuses a dirty tree and tags what it bumps."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
import yaml

from nhs_industry import paths
from nhs_industry.commands import release
from nhs_industry.content import citation, downloads
from nhs_industry.model import dates


def git(root, *args):
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def repo(tmp_path):
    """A small git repository holding the files a release touches, plus data/."""
    for name in ("pyproject.toml", "CITATION.cff", "CHANGELOG.md", ".zenodo.json", "_config.yml"):
        shutil.copyfile(paths.ROOT / name, tmp_path / name)
    shutil.copytree(paths.DATA_DIR, tmp_path / "data")
    # Something to release, whatever the real changelog holds (it is empty right after a release).
    changelog = (tmp_path / "CHANGELOG.md").read_text(encoding="utf-8")
    if not citation.unreleased_notes(changelog):
        changelog = changelog.replace(release.UNRELEASED, release.UNRELEASED + "\n\n- A change to release.", 1)
        (tmp_path / "CHANGELOG.md").write_text(changelog, encoding="utf-8")
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
    push = release.release(new, root=repo)
    tag = f"v{new}"
    assert push == f"git push --atomic origin {git(repo, 'branch', '--show-current')} {tag}" and tag in git(repo, "tag").split()
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


def head(repo) -> str:
    return git(repo, "rev-parse", "HEAD")


def refuses_without_changing_anything(repo, version, words):
    before = (head(repo), git(repo, "tag"), git(repo, "status", "--porcelain"))
    with pytest.raises(release.ReleaseError, match=words):
        release.release(version, root=repo)
    assert (head(repo), git(repo, "tag"), git(repo, "status", "--porcelain")) == before
    citation.site_version.cache_clear()


def test_release_refuses_a_tag_that_exists_before_committing_anything(repo):
    """Before: the release was committed, then `git tag` failed with a traceback, leaving an untagged release commit."""
    git(repo, "tag", "-a", "v9.0.0", "-m", "someone else's 9.0.0")
    refuses_without_changing_anything(repo, "9.0.0", "tag v9.0.0 exists already")


def test_release_refuses_an_empty_unreleased_section(repo):
    text = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    start = text.index(release.UNRELEASED) + len(release.UNRELEASED)
    end = text.find("\n## ", start) % (len(text) + 1)  # the next section, or the end of the file
    (repo / "CHANGELOG.md").write_text(text[:start] + "\n" + text[end:], encoding="utf-8")
    git(repo, "commit", "-qam", "empty unreleased")
    refuses_without_changing_anything(repo, "9.0.0", "nothing under '## Unreleased'")


@pytest.mark.parametrize("version", ["v9.0.0", "9.0", "9.0.0-rc1", "09.0.0"])
def test_release_refuses_a_malformed_version(repo, version):
    refuses_without_changing_anything(repo, version, "is not a version like")


def test_release_refuses_a_detached_head(repo):
    git(repo, "checkout", "-q", "--detach")
    refuses_without_changing_anything(repo, "9.0.0", "not on a branch")


def test_a_failed_tag_leaves_no_release_commit(repo, monkeypatch):
    """Should tagging fail after the commit (a hook, a full disk), the commit is taken back."""
    real_run = subprocess.run

    def failing_tag(args, **kwargs):
        if args[:3] == ["git", "tag", "-a"]:
            raise subprocess.CalledProcessError(1, args)
        return real_run(args, **kwargs)

    monkeypatch.setattr(release.subprocess, "run", failing_tag)
    refuses_without_changing_anything(repo, "9.0.0", "could not commit or tag the release, so nothing was changed")


def test_the_command_prints_the_exact_push_command(repo):
    result = subprocess.run([sys.executable, "-m", "nhs_industry", "release", "9.0.0", "--root", str(repo)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    branch = git(repo, "branch", "--show-current")
    assert f"git push --atomic origin {branch} v9.0.0" in result.stdout, result.stdout
    result = subprocess.run([sys.executable, "-m", "nhs_industry", "release", "9.0.0", "--root", str(repo)], capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "Release not made" in result.stderr, result.stderr


def test_a_release_is_listed_from_the_changelog_without_its_tag(repo):
    """A checkout without tags (a shallow clone, a zip of the repository) still lists every dated release."""
    release.release("9.0.0", root=repo)
    git(repo, "tag", "-d", "v9.0.0")
    assert downloads.released_versions(repo)[0] == "9.0.0"
    assert citation.release_dates(repo)["9.0.0"] == dates.today()
    citation.site_version.cache_clear()


def test_the_repository_address_is_written_once_in_config_yml():
    """Every other statement of it is made from _config.yml: CITATION.cff and .zenodo.json agree with it (`python -m
    nhs_industry addresses` rewrites them), and no other tracked file spells it out."""
    from nhs_industry.content import repository

    assert release.with_addresses({}, paths.ROOT) == {
        path: path.read_text(encoding="utf-8") for path in (paths.ROOT / "CITATION.cff", paths.ROOT / ".zenodo.json")
    }, "CITATION.cff or .zenodo.json disagrees with _config.yml's repository url: run `python -m nhs_industry addresses`"
    owner_and_name = repository.url().removeprefix("https://github.com/")
    holders = git(paths.ROOT, "grep", "-l", "-i", "-F", "-e", owner_and_name, "-e", repository.site_url().rstrip("/"), "--", ".").split()
    assert sorted(holders) == [".zenodo.json", "CITATION.cff", "_config.yml"], holders


def test_a_changed_repository_address_reaches_citation_cff_and_zenodo(repo):
    config = (repo / "_config.yml").read_text(encoding="utf-8")
    (repo / "_config.yml").write_text(re.sub(r"url: https://github.com/\S+", "url: https://github.com/Someone/history", config))
    from nhs_industry.content import repository

    repository.url.cache_clear()
    try:
        assert {p.name for p in release.write_addresses(repo)} == {"CITATION.cff", ".zenodo.json"}
        cff = yaml.safe_load((repo / "CITATION.cff").read_text())
        assert (cff["repository-code"], cff["url"]) == ("https://github.com/Someone/history", "https://someone.github.io/history/")
        assert "https://someone.github.io/history/" in (repo / ".zenodo.json").read_text()
    finally:
        repository.url.cache_clear()


def test_release_refuses_a_branch_behind_its_upstream(repo, tmp_path_factory):
    """The push it prints would be refused: better to say so before tagging anything."""
    origin = tmp_path_factory.mktemp("remote") / "origin.git"
    git(repo, "clone", "-q", "--bare", str(repo), str(origin))
    branch = git(repo, "branch", "--show-current")
    git(repo, "remote", "add", "origin", str(origin))
    git(repo, "fetch", "-q", "origin")
    git(repo, "branch", "-q", "--set-upstream-to", f"origin/{branch}")
    git(repo, "commit", "-q", "--allow-empty", "-m", "ahead")
    git(repo, "push", "-q", "origin", branch)
    git(repo, "reset", "-q", "--hard", "HEAD~1")
    refuses_without_changing_anything(repo, "9.0.0", "behind its upstream")


def test_a_release_without_its_tag_gets_a_zip_only_while_nothing_changed_since(repo, tmp_path):
    release.release("9.0.0", root=repo)
    git(repo, "tag", "-d", "v9.0.0")  # as in a checkout without tags
    assert [z.name for z in downloads.publish_releases(tmp_path / "a", root=repo)] == [downloads.zip_name("9.0.0")]
    (repo / "data" / "people.csv").write_text((repo / "data" / "people.csv").read_text() + "\n")
    assert downloads.publish_releases(tmp_path / "b", root=repo) == [] and downloads.release_zips(repo) == set()
    git(repo, "checkout", "--", "data/people.csv")
    text = (repo / "CHANGELOG.md").read_text()
    (repo / "CHANGELOG.md").write_text(text.replace(release.UNRELEASED, release.UNRELEASED + "\n\n- a later change", 1))
    git(repo, "commit", "-qam", "later")
    assert downloads.publish_releases(tmp_path / "c", root=repo) == []
    citation.release_dates.cache_clear()
    citation.site_version.cache_clear()
