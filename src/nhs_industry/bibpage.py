"""The bibliography page's entries written as HTML in one piece, not as docutils nodes.

sphinxcontrib-bibtex turns each formatted source into a citation node holding a label and a paragraph of text,
emphasis and link nodes; every later step of Sphinx's then walks them all (about fifteen post-transforms, each a
search of the whole page, and the HTML writer). With ten times the data that was some 80,000 nodes and 3 s of the
build, for a page whose entries no other Sphinx page refers to (the entry pages link to them by anchor, stamp.py).

`BibliographyAsHTML` runs just before sphinxcontrib-bibtex's own transform and writes the same citations, in
the same order, with the same labels and anchors, as the HTML docutils would write for those nodes, into one raw
node. Whatever it does not know how to write exactly as docutils would (another list style, citations cited
on the page itself, a tag or a link the theme would rewrite, more than one anchor) it leaves to
sphinxcontrib-bibtex, which then builds the nodes as before. tests/test_bibformat.py compares the two on
every source.
"""
from __future__ import annotations

import re
from urllib.parse import urlparse

from docutils import nodes
from pybtex.backends import BaseBackend
from sphinx.transforms.post_transforms import SphinxPostTransform

# docutils' HTML writer: the characters it writes as references (_html_base.HTMLTranslator.special_characters).
SPECIAL_CHARACTERS = {ord("&"): "&amp;", ord("<"): "&lt;", ord('"'): "&quot;", ord(">"): "&gt;", ord("@"): "&#64;"}
ATTRIBUTE_WHITESPACE = re.compile("[\n\r\t\v\f]")  # written as spaces inside an attribute (HTMLTranslator.attval)
# pybtex_docutils' tags -> the element docutils writes for the node it makes. "tt" (a literal) is not here: the
# writer wraps each of its words in spans, which is left to the nodes.
TAGS = {"emph": "em", "em": "em", "i": "em", "strong": "strong", "b": "strong", "sup": "sup", "sub": "sub"}
# Hosts whose links the pydata theme rewrites (its ShortenLinkTransform): left to the nodes as well.
REWRITTEN_LINK_HOSTS = {"github.com", "gitlab.com"}


class NotLikeDocutils(Exception):
    """The entry holds something this module does not write exactly as docutils would."""


def encode(text: str) -> str:
    return text.translate(SPECIAL_CHARACTERS)


def attribute(text: str) -> str:
    return encode(ATTRIBUTE_WHITESPACE.sub(" ", text))


class DocutilsHTML(BaseBackend):
    """pybtex rich text -> the HTML docutils writes for the nodes pybtex_docutils makes of it."""

    name = "nhs-docutils-html"
    symbols = {"ndash": "\u2013", "newblock": " ", "nbsp": "\u00a0"}  # pybtex_docutils' symbols, as text

    def format_str(self, str_: str) -> str:
        if "\\url" in str_:  # sphinxcontrib-bibtex turns text after a "\url " into a link (node_text_transform)
            raise NotLikeDocutils(str_)
        return encode(str_)

    def format_tag(self, tag_name: str, text: str) -> str:
        if tag_name == "tt":
            raise NotLikeDocutils(tag_name)
        element = TAGS.get(tag_name)
        return f"<{element}>{text}</{element}>" if element else text  # an unknown tag keeps only its text there too

    def format_href(self, url: str, text: str, external: bool = False) -> str:
        if urlparse(url).netloc in REWRITTEN_LINK_HOSTS or not url:
            raise NotLikeDocutils(url)
        return f'<a class="reference external" href="{attribute(url)}">{text}</a>'

    def render_sequence(self, rendered_list) -> str:
        return "".join(rendered_list)


BACKEND = DocutilsHTML()


def citation_html(node_id: str, label: str, text) -> str:
    """One entry as docutils writes a citation node with its label and paragraph (no back-links)."""
    return (f'<div class="citation" id="{attribute(node_id)}" role="doc-biblioentry">\n'
            f'<span class="label"><span class="fn-bracket">[</span>{encode(label)}<span class="fn-bracket">]</span></span>\n'
            f"<p>{text.render(BACKEND)}</p>\n</div>\n")


def citation_list_html(entries) -> str:
    """entries: (anchor, label, rich text) in page order. docutils wraps a run of citations in one list."""
    if not entries:
        raise NotLikeDocutils("no entries")
    return '<div role="list" class="citation-list">\n' + "".join(citation_html(*entry) for entry in entries) + "</div>\n"


class BibliographyAsHTML(SphinxPostTransform):
    default_priority = 4  # before sphinxcontrib-bibtex's BibliographyTransform (5), which then finds nothing to do
    formats = ("html",)

    def run(self, **kwargs) -> None:
        from sphinxcontrib.bibtex.directives import BibliographyKey
        from sphinxcontrib.bibtex.nodes import bibliography as bibliography_node

        domain = self.env.get_domain("cite")
        for bibnode in list(self.document.findall(bibliography_node)):
            key = BibliographyKey(docname=bibnode["docname"], id_=bibnode["ids"][0])
            try:
                written = self.written(domain, key)
            except NotLikeDocutils:
                continue  # sphinxcontrib-bibtex builds this one's nodes
            container = nodes.container()
            container += nodes.raw("", written, format="html")
            bibnode.replace_self(container)  # the container takes the directive's id, as sphinxcontrib-bibtex's does

    @staticmethod
    def written(domain, key) -> str:
        bibliography = domain.bibliographies[key]
        if bibliography.list_ != "citation":
            raise NotLikeDocutils(bibliography.list_)
        cited_here = {target.key for ref in domain.citation_refs if ref.docname == key.docname for target in ref.targets}
        entries = []
        for citation in (c for c in domain.citations if c.bibliography_key == key):
            node = bibliography.citation_nodes[citation.key]
            if citation.key in cited_here or len(node["ids"]) != 1 or node["classes"]:
                raise NotLikeDocutils(citation.key)  # back-links, extra anchors or classes: docutils' business
            entries.append((node["ids"][0], citation.formatted_entry.label, citation.formatted_entry.text))
        return citation_list_html(entries)
