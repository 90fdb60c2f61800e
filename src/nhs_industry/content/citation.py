"""How to cite each page and entry: APA and BibTeX with the site's version, the page's own address and the access date.

The year cited is the year of what is cited: the release's (or, for an unreleased build, its commit's), and for an
entry the year its row last changed; never the year the reader happened to read it."""

from __future__ import annotations

import html
import re
import subprocess
import tomllib
from datetime import date
from functools import cache
from pathlib import Path

from .. import git, paths
from ..model import dates, history

SITE_TITLE = "NHS and industry: a history of the rules"
AUTHOR = "The NHS–industry history contributors"
# Filled in by nhs-site.js in the reader's browser: the page's real address and the day they read it.
URL_SLOT = "{url}"
ACCESSED_SLOT = "{accessed}"


def release_version(root: Path | None = None) -> str:
    """The one declared version: [project] version in pyproject.toml. CITATION.cff, the footer, every
    citation and the data zip's name all come from it."""
    root = root or paths.ROOT
    with open(root / "pyproject.toml", "rb") as stream:
        return tomllib.load(stream)["project"]["version"]


@cache
def site_version(root: Path | None = None) -> str:
    """'0.3.0' for a clean checkout of the tag v0.3.0; '0.3.0+ (commit abc1234)' for anything built since."""
    root = root or paths.ROOT
    version = release_version(root)
    try:
        commit = git.output("rev-parse", "--short=7", "HEAD", root=root, timeout=10)
        tags = git.output("tag", "--points-at", "HEAD", root=root, timeout=10).split()
        dirty = bool(git.output("status", "--porcelain", "--untracked-files=no", root=root, timeout=10))
    except (OSError, subprocess.SubprocessError):
        return version  # not a git checkout (an unpacked release): the declared version is all there is
    if f"v{version}" in tags and not dirty:
        return version
    return f"{version}+ (commit {commit})"


def version_key(version: str) -> tuple[int, ...]:
    """'0.10.0' -> (0, 10, 0): versions in the order they were released."""
    return tuple(int(part) for part in version.split("."))


def unreleased_notes(changelog: str) -> str | None:
    """What is written under '## Unreleased' (up to the next '## ' heading), or None if there is no such section."""
    match = re.search(r"(?m)^## Unreleased[ \t]*\n(.*?)(?=^## |\Z)", changelog, re.S)
    return match.group(1).strip() if match else None


RELEASE_HEADING = re.compile(r"(?m)^## (\d+\.\d+\.\d+) \((\d{4}-\d{2}-\d{2})\)[ \t]*$")


@cache
def release_dates(root: Path | None = None) -> dict[str, date]:
    """Each release the changelog dates ('## 0.2.0 (2026-12-03)'), newest first. The tree's own record of its
    releases: a checkout without tags (a shallow clone, a downloaded archive) still knows them."""
    root = root or paths.ROOT
    text = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    return {version: date.fromisoformat(day) for version, day in RELEASE_HEADING.findall(text)}


@cache
def site_date(root: Path | None = None) -> date:
    """The day the site's content is from: its release's date when this is a release, else its commit's."""
    root = root or paths.ROOT
    released = release_dates(root)
    if site_version(root) in released:
        return released[site_version(root)]
    try:
        return date.fromisoformat(git.output("log", "-1", "--format=%as", root=root, timeout=10))
    except (OSError, ValueError, subprocess.SubprocessError):
        # Not a git checkout: the declared version's release date, if it has one; today only as a last resort.
        return released.get(release_version(root)) or dates.today()


def page_date(docname: str) -> date:
    """An entry's page is from the day its row last changed; every other page from the site's day."""
    return history.last_changed_page(docname) or site_date()


def plain(title: str) -> str:
    """Page titles arrive as HTML; citations need plain text."""
    return html.unescape(re.sub(r"<[^>]+>", "", title)).strip()


def apa(title: str, year: int | None = None) -> str:
    return (
        f"{AUTHOR}. ({year or site_date().year}). {title}. In {SITE_TITLE} (version {site_version()}). "
        f"Retrieved {ACCESSED_SLOT}, from {URL_SLOT}"
    )


def bibtex_key(docname: str) -> str:
    return "nhs-industry-" + re.sub(r"[^a-z0-9]+", "-", docname.lower()).strip("-")


def bibtex(title: str, docname: str, year: int | None = None) -> str:
    return "\n".join(
        [
            f"@misc{{{bibtex_key(docname)},",
            f"  author = {{{{{AUTHOR}}}}},",
            f"  title = {{{{{title}}}}},",
            f"  howpublished = {{{SITE_TITLE}}},",
            f"  year = {{{year or site_date().year}}},",
            f"  note = {{Version {site_version()}. Accessed {ACCESSED_SLOT}}},",
            f"  url = {{{URL_SLOT}}}",
            "}",
        ]
    )


def _citation_block(kind: str, body: str) -> str:
    return (
        f'<div class="nhs-cite-block"><p class="nhs-cite-label">{kind}</p>'
        f'<pre class="nhs-cite-text" data-cite="{kind}">{html.escape(body)}</pre>'
        f'<button type="button" class="nhs-copy" data-copies="{kind}">Copy {kind} citation</button></div>'
    )


def citation_html(title: str, docname: str) -> str:
    """The 'Cite this page' box placed at the foot of every page."""
    text = plain(title)
    year = page_date(docname).year
    # data-pagefind-ignore: the box is the same on every page, and its templates ({accessed}, {url}) are filled in
    # the browser; in the search index it would match every page and show the braces in result snippets.
    return (
        f'<aside class="nhs-cite" aria-label="Cite this page" data-docname="{html.escape(docname)}" data-pagefind-ignore="all">'
        f"<h2>Cite this page</h2>"
        f"<p>Version {html.escape(site_version())}. The address below is this page's own; "
        "it does not change while the entry's id does not.</p>"
        f"{last_changed_html(docname)}"
        f"{_citation_block('APA', apa(text, year))}{_citation_block('BibTeX', bibtex(text, docname, year))}</aside>"
    )


def last_changed_html(docname: str) -> str:
    """'This entry last changed on 3 December 2026': an entry page's row, from the data's history (history.py)."""
    changed = history.last_changed_page(docname)
    if changed is None:
        return ""
    return (
        f'<p class="nhs-last-changed">This entry last changed on <time datetime="{changed.isoformat()}">'
        f"{changed.day} {changed:%B %Y}</time>; the changelog says what changed in each release.</p>"
    )
