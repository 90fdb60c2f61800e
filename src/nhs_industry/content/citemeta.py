"""Citation metadata in each page's <head>, as reference managers read it: Highwire Press tags (citation_*, read
by Zotero and Google Scholar) and Dublin Core (DC.*), with the page's public address and the day it is from."""

from __future__ import annotations

import html

from . import citation, repository


def meta_tags(title: str, docname: str) -> str:
    """The <meta> tags for one page: title as plain text, the page's date (citation.page_date), its address."""
    text = citation.plain(title)
    on = citation.page_date(docname)
    url = repository.page_url(docname)
    tags = [
        ("citation_title", text),
        ("citation_author", citation.AUTHOR),
        ("citation_date", on.strftime("%Y/%m/%d")),  # Google Scholar's form; Zotero reads it too
        ("citation_public_url", url),
        ("citation_publisher", citation.AUTHOR),
        ("citation_language", "en"),
        ("DC.title", text),
        ("DC.creator", citation.AUTHOR),
        ("DC.date", on.isoformat()),
        ("DC.identifier", url),
        ("DC.publisher", citation.SITE_TITLE),
        ("DC.type", "Text"),
        ("DC.format", "text/html"),
        ("DC.language", "en-GB"),
        ("DC.rights", "Text and data: CC BY 4.0"),
        ("DC.relation", f"{citation.SITE_TITLE}, version {citation.site_version()}"),
        ("og:site_name", citation.SITE_TITLE),
    ]
    metas = "".join(
        f'\n<meta {"property" if name.startswith("og:") else "name"}="{name}" content="{html.escape(value)}">' for name, value in tags
    )
    # No <link rel="schema.DC" href=...>: Zotero knows the DC prefix without it, and the site names no other host.
    return metas
