"""The releases page: every release (dated in the changelog, or tagged) with its data zip, its citation and its changelog entry."""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

from .. import paths
from . import citation, downloads


def changelog_sections() -> list[tuple[str, str]]:
    """(heading, body) for each '## ' section of CHANGELOG.md, newest first."""
    text = (paths.ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    parts = re.split(r"(?m)^## ", text)[1:]
    return [(part.split("\n", 1)[0].strip(), part.split("\n", 1)[1] if "\n" in part else "") for part in parts]


def release_citation(version: str) -> str:
    released = citation.release_dates().get(version)
    year = f" ({released.year})." if released else ""
    return (
        f"{citation.AUTHOR}.{year} {citation.SITE_TITLE} (version {version}) [Data set and website]. Data: {downloads.zip_name(version)}."
    )


def releases_html(relative_root: str) -> str:
    released = downloads.released_versions()
    current = citation.site_version()
    parts = [
        f"<p>This copy of the site was built from version <strong>{html.escape(current)}</strong>. "
        f'The data as it is now: <a href="{relative_root}data/{downloads.ZIP_NAME}">{downloads.ZIP_NAME}</a>.</p>'
    ]
    if not released:
        parts.append("<p>No version has been released yet: cite the version and commit shown in the footer.</p>")
    items = []
    dated, zipped = citation.release_dates(), downloads.release_zips()
    for version in released:
        zip_link = f"{relative_root}data/{downloads.RELEASES_FOLDER}/{downloads.zip_name(version)}"
        day = f" ({dated[version].isoformat()})" if version in dated else ""
        download = (
            f'<a href="{zip_link}">{downloads.zip_name(version)}</a>'
            if version in zipped
            else f"its data is in the repository at the tag v{html.escape(version)} (this copy of the site was built without it)"
        )
        items.append(
            f'<li id="v{html.escape(version)}"><strong>{html.escape(version)}</strong>{day}: '
            f"{download}. Cite as: <q>{html.escape(release_citation(version))}</q></li>"
        )
    if items:
        parts.append(f"<ul>{''.join(items)}</ul>")
    # Raw HTML in the changelog is shown as text, never run.
    markdown = MarkdownIt("commonmark", {"html": False})
    log = "".join(
        f"<h3>{html.escape(heading)}</h3>{markdown.render(body.strip().replace('### ', '#### '))}"
        for heading, body in changelog_sections()
        if body.strip()
    )  # an empty Unreleased section is left out
    parts.append(f"<h2>Changelog</h2>{log}")
    return "".join(parts)
