"""Writes the entry pages: for each entry, a copy of the shell page Sphinx built in their layout (pages.SHELL_DOC),
with the entry's title, table of contents and article put in place of the shell's.

Every part of the shell that differs between entry pages is listed in Shell.fill; anything of the shell left
over after filling is an error, so a change of theme that moves these parts stops the build instead of
publishing pages with the shell's words in them."""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from . import bibliography, citation, citemeta, data, pages
from .entries import ENTRY_TABLES

TOC_ITEM = '<li class="toc-h2 nav-item toc-entry"><a class="reference internal nav-link" href="#{anchor}">{text}</a></li>'
# The sidebar's link to an entry's index page, and the same link marked as the reader's place in the book (the
# theme's marking of the current page, keeping the link: the index is one click up).
SIDEBAR_ITEM = '<li class="toctree-l1"><a class="reference internal" href="../{table}.html">'
SIDEBAR_PLACE = '<li class="toctree-l1 current active"><a class="current reference internal" href="../{table}.html">'


class ShellChanged(RuntimeError):
    """The shell page does not have the parts Shell.fill replaces (a theme or Sphinx upgrade moved them)."""


class Shell:
    def __init__(self, text: str):
        from docutils.nodes import make_id

        self.toc_item = TOC_ITEM.format(anchor=make_id(pages.SHELL_SECTION), text=pages.SHELL_SECTION)
        self.parts = {
            "title": f"<title>{pages.SHELL_TITLE} ",
            "print title": f"<h1>{pages.SHELL_TITLE}</h1>",
            "page name": f"DOCUMENTATION_OPTIONS.pagename = '{pages.SHELL_DOC}';",
            "contents": self.toc_item,
            **{f"sidebar link to {table}": SIDEBAR_ITEM.format(table=table) for table in ENTRY_TABLES},
        }
        for name, part in self.parts.items():
            if part not in text:
                raise ShellChanged(f"the shell page {pages.SHELL_DOC}.html has no {name} ({part!r}); see stamp.py")
        self.article = re.compile(r'(<article class="bd-article">).*?(</article>)', re.S)
        if len(self.article.findall(text)) != 1:
            raise ShellChanged(f"the shell page {pages.SHELL_DOC}.html does not have exactly one <article>; see stamp.py")
        rest = self.article.sub("", text)
        for part in self.parts.values():
            rest = rest.replace(part, "")
        if pages.SHELL_TITLE in rest or pages.SHELL_SECTION in rest or "_shell" in rest:
            raise ShellChanged(f"the shell page {pages.SHELL_DOC}.html names the shell somewhere fill() does not replace; see stamp.py")
        self.pieces = self._split(text)

    def _split(self, text: str) -> list[str]:
        """The shell cut at every part fill() replaces, and at its article's content: fixed text at even places,
        the parts (or "article") at odd ones. Filling a page then joins them once, not one pass over the page
        per part (3,000 entry pages with ten times the data). Parts inside the shell's article go with it."""
        # One group round the parts, so that split() keeps each part found between the texts around it.
        parts = re.compile("(" + "|".join(re.escape(part) for part in sorted(set(self.parts.values()), key=len, reverse=True)) + ")")
        article = self.article.search(text)
        before, after = parts.split(text[:article.start(1)]), parts.split(text[article.end(2):])
        return before[:-1] + [before[-1] + article.group(1), "article", article.group(2) + after[0]] + after[1:]

    def fill(self, article: pages.Article, numbers: dict[str, str]) -> str:
        title = html.escape(article.title)  # the title as the data has it, shown as text
        table = article.docname.split("/")[2]  # book/entries/<table>/<id>
        replacements = {
            self.parts["title"]: f"<title>{title} ",
            self.parts["print title"]: f"<h1>{title}</h1>",
            self.parts["page name"]: f"DOCUMENTATION_OPTIONS.pagename = '{article.docname}';",
            self.toc_item: "\n".join(TOC_ITEM.format(anchor=anchor, text=heading) for anchor, heading in article.sections),
            SIDEBAR_ITEM.format(table=table): SIDEBAR_PLACE.format(table=table),
            # which takes a title as HTML, as Sphinx gives it
            "article": "\n" + pages.with_numbers(article.html, numbers) + citation.citation_html(title, article.docname) + "\n",
        }
        page = "".join(piece if i % 2 == 0 else replacements.get(piece, piece) for i, piece in enumerate(self.pieces))
        return citemeta.with_meta_tags(page, article.docname, article.title)


def stamp_entry_pages(outdir: Path) -> int:
    """Write every entry page into the built site, remove pages of entries no longer in the data, and remove
    the shell page itself. Returns the number of pages whose content changed."""
    shell_page = outdir / f"{pages.SHELL_DOC}.html"
    shell = Shell(shell_page.read_text(encoding="utf-8"))
    sources = data.load("sources")["source_id"]
    numbers = bibliography.numbers((outdir / bibliography.PAGE).read_text(encoding="utf-8"), sources)
    wanted, changed = set(), 0
    for article in pages.entry_articles():
        target = outdir / f"{article.docname}.html"
        wanted.add(target)
        changed += pages.write_if_changed(target, shell.fill(article, numbers))
    for table in ENTRY_TABLES:
        for stale in set((outdir / "book" / "entries" / table).glob("*.html")) - wanted:
            stale.unlink()
    shutil.rmtree(shell_page.parent)
    return changed
