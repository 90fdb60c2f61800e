"""How to cite each page and entry: APA and BibTeX with the site's version, the page's own address and the access date."""
from __future__ import annotations

import html
import re
import subprocess
from functools import cache

from . import paths

SITE_TITLE = "NHS and industry: a history of the rules"
AUTHOR = "The NHS–industry history contributors"
# Filled in by nhs-site.js in the reader's browser: the page's real address and the day they read it.
URL_SLOT = "{url}"
ACCESSED_SLOT = "{accessed}"


@cache
def site_version() -> str:
    """The release tag or commit the site was built from ('unversioned' outside a git checkout)."""
    try:
        described = subprocess.run(["git", "describe", "--tags", "--always", "--dirty"], cwd=paths.ROOT,
                                   capture_output=True, text=True, check=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unversioned"
    return described or "unversioned"


@cache
def build_year() -> int:
    from . import dates

    return dates.today().year


def plain(title: str) -> str:
    """Page titles arrive as HTML; citations need plain text."""
    return html.unescape(re.sub(r"<[^>]+>", "", title)).strip()


def apa(title: str) -> str:
    return (f"{AUTHOR}. ({build_year()}). {title}. In {SITE_TITLE} (version {site_version()}). "
            f"Retrieved {ACCESSED_SLOT}, from {URL_SLOT}")


def bibtex_key(docname: str) -> str:
    return "nhs-industry-" + re.sub(r"[^a-z0-9]+", "-", docname.lower()).strip("-")


def bibtex(title: str, docname: str) -> str:
    return "\n".join([
        f"@misc{{{bibtex_key(docname)},",
        f"  author = {{{{{AUTHOR}}}}},",
        f"  title = {{{{{title}}}}},",
        f"  howpublished = {{{SITE_TITLE}}},",
        f"  year = {{{build_year()}}},",
        f"  note = {{Version {site_version()}. Accessed {ACCESSED_SLOT}}},",
        f"  url = {{{URL_SLOT}}}",
        "}",
    ])


def _citation_block(kind: str, body: str) -> str:
    return (f'<div class="nhs-cite-block"><p class="nhs-cite-label">{kind}</p>'
            f'<pre class="nhs-cite-text" data-cite="{kind}">{html.escape(body)}</pre>'
            f'<button type="button" class="nhs-copy" data-copies="{kind}">Copy {kind} citation</button></div>')


def citation_html(title: str, docname: str) -> str:
    """The 'Cite this page' box placed at the foot of every page."""
    text = plain(title)
    return (f'<aside class="nhs-cite" aria-label="Cite this page" data-docname="{html.escape(docname)}">'
            f"<h2>Cite this page</h2>"
            f"<p>Version {html.escape(site_version())}. The address below is this page's own; it does not change while the entry's id does not.</p>"
            f"{_citation_block('APA', apa(text))}{_citation_block('BibTeX', bibtex(text, docname))}</aside>")
