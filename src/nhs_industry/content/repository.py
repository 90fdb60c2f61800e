"""Where the project lives: its repository address, read from the one place it is written (_config.yml), and the
addresses made from it (issues, the published site, a page's public address)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from .. import paths


@cache
def url(root: Path | None = None) -> str:
    """https://github.com/<owner>/<name>, as _config.yml's repository: url: says."""
    root = root or paths.ROOT
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"].rstrip("/")


def issues_url(root: Path | None = None) -> str:
    root = root or paths.ROOT
    return f"{url(root)}/issues"


def site_url(root: Path | None = None) -> str:
    """Where GitHub Pages publishes the repository's site: https://<owner>.github.io/<name>/ (a repository named
    <owner>.github.io is published at the root)."""
    root = root or paths.ROOT
    match = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+)", url(root))
    if not match:
        raise ValueError(f"_config.yml's repository url {url(root)!r} is not a GitHub repository address")
    owner, name = match.groups()
    host = f"{owner.lower()}.github.io"
    return f"https://{host}/" if name.lower() == host else f"https://{host}/{name}/"


def page_url(docname: str, root: Path | None = None) -> str:
    """A page's public address: book/entries/instruments/el-94-94 -> <site>/book/entries/instruments/el-94-94.html."""
    root = root or paths.ROOT
    return f"{site_url(root)}{docname}.html"
