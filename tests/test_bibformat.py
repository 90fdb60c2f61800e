"""The bibliography parsed and formatted ahead of Sphinx is reused only for the very text and entries prepared."""
from __future__ import annotations

from pathlib import Path

import pytest

from nhs_industry import bibformat

BIB = """@misc{a-source,
  title = {{A Title}},
  author = {{Some Body}},
  publisher = {A Publisher},
  year = {2001},
  note = {report}
}
"""


def formatted(entry):
    from pybtex.plugin import find_plugin

    return find_plugin("pybtex.style.formatting", bibformat.STYLE)().format_entry("1", entry).text


def test_sphinx_gets_the_prepared_parse_and_formatting_only_for_the_same_text(tmp_path):
    from sphinxcontrib.bibtex import bibfile

    bib = tmp_path / "references.bib"
    bib.write_text(BIB, encoding="utf-8")
    bibformat.prepare(bib)
    parsed = bibfile.parse_bibdata([bib], bibformat.ENCODING)
    entry = parsed.data.entries["a-source"]
    assert parsed.data is bibformat._prepared.data and list(parsed.bibfiles[bib].keys) == ["a-source"]
    assert formatted(entry) is bibformat._prepared.formatted["a-source"][2]  # reused, not formatted again
    assert formatted(entry).render_as("text") == "Some Body. A Title. 2001. report."

    bib.write_text(BIB.replace("A Title", "Another Title"), encoding="utf-8")  # edited after it was prepared
    reparsed = bibfile.parse_bibdata([bib], bibformat.ENCODING)
    assert reparsed.data is not bibformat._prepared.data
    assert formatted(reparsed.data.entries["a-source"]).render_as("text") == "Some Body. Another Title. 2001. report."
    assert bibfile.parse_bibdata([bib], "latin-1").data is not bibformat._prepared.data


def test_an_entry_equal_to_a_prepared_one_gets_its_formatting_and_an_edited_one_does_not(tmp_path):
    """A rebuild whose sources did not change: Sphinx keeps its own (pickled) copy of the entries from the last
    build, equal to those prepared but not the same objects; an edited copy is formatted afresh."""
    import pickle

    bib = tmp_path / "references.bib"
    bib.write_text(BIB, encoding="utf-8")
    bibformat.prepare(bib)
    prepared = bibformat._prepared.data.entries["a-source"]
    kept = pickle.loads(pickle.dumps(prepared))
    assert kept is not prepared and kept == prepared
    assert formatted(kept) is bibformat._prepared.formatted["a-source"][2]  # reused, not formatted again
    edited = pickle.loads(pickle.dumps(prepared))
    edited.fields["title"] = "{Another Title}"
    assert formatted(edited) is not bibformat._prepared.formatted["a-source"][2]
    assert formatted(edited).render_as("text") == "Some Body. Another Title. 2001. report."


def test_a_source_pybtex_cannot_format_is_left_to_sphinx(tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text(BIB + "@article{no-journal,\n  title = {T},\n  author = {{A}},\n  year = {2002}\n}\n", encoding="utf-8")
    bibformat.prepare(bib)
    assert set(bibformat._prepared.formatted) == {"a-source"}
    assert Path(bibformat._prepared.file) == bib.resolve()


# Sources that put each character docutils escapes, a non-breaking space, a second author and a link with a query
# into the text; the last one links to a host the theme rewrites, which bibpage leaves to the nodes.
TRICKY_SOURCES = [
    {"source_id": "tricky-1", "kind": "report", "title": 'A & B <c> "quoted" at me@example.org ~ 50% #1',
     "author": "Ann O'Neil; Bob Smith", "publisher": "R&D <Unit>", "published_date": "2001-02",
     "url": "https://example.org/a?b=1&c=\"2\"", "seed_file": ""},
    {"source_id": "tricky-2", "kind": "news-article", "title": "Ünïcode — dashes – and {braces}",
     "author": "", "publisher": "The Paper", "published_date": "", "url": "", "seed_file": "seed article.md"},
    {"source_id": "tricky-3", "kind": "web-page", "title": "Code", "author": "Someone", "publisher": "GitHub",
     "published_date": "2020-01-02", "url": "https://github.com/owner/repo", "seed_file": ""},
]


FAST_CONF = """
from nhs_industry import bibpage

def setup(app):
    real = bibpage.BibliographyAsHTML.written

    def noted(domain, key):  # records that the fast path wrote the list (it may leave it to the nodes)
        written = real(domain, key)
        with open("written.txt", "a", encoding="utf-8") as log:
            log.write("written\\n")
        return written

    bibpage.BibliographyAsHTML.written = staticmethod(noted)
    app.add_post_transform(bibpage.BibliographyAsHTML)
"""


def sphinx_bibliography(folder: Path, bibtex: str, fast: bool) -> tuple[str, bool]:
    """Build a one-page Sphinx project listing every entry of `bibtex` as the site's bibliography page does;
    with fast=True, through bibpage's transform. Returns the HTML of the list and whether bibpage wrote it.
    Sphinx runs in a process of its own: a second Sphinx in the test process would register docutils' node
    classes again, and the site's build (warnings as errors) in that process would then fail."""
    import re
    import subprocess
    import sys

    from nhs_industry import bibliography

    source = folder / "source"
    source.mkdir(parents=True)
    (source / "references.bib").write_text(bibtex, encoding="utf-8")
    (source / "index.rst").write_text("Sources\n=======\n\n.. bibliography::\n   :all:\n", encoding="utf-8")
    (source / "conf.py").write_text(
        (FAST_CONF if fast else "") + "extensions = ['sphinxcontrib.bibtex']\n"
        f"bibtex_bibfiles = ['references.bib']\nbibtex_default_style = 'plain'\nbibtex_reference_style = 'label'\n"
        f"bibtex_cite_id = {bibliography.ANCHOR_TEMPLATE!r}\n", encoding="utf-8")
    built = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-E", "-b", "html", str(source), str(folder / "html")],
                           cwd=folder, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-3000:]
    page = (folder / "html" / "index.html").read_text(encoding="utf-8")
    return re.search(r'<div class="docutils container".*?</div>\n</div>\n', page, re.S).group(0), (folder / "written.txt").exists()


def test_the_bibliography_page_is_written_as_docutils_writes_it_for_every_source(tmp_path):
    """bibpage writes each source's entry exactly as docutils writes sphinxcontrib-bibtex's nodes for it: compared
    on the whole of sources.csv and on sources with every character the writer escapes. A bibliography holding
    a link the theme rewrites is left whole to the nodes."""
    import pandas as pd

    from nhs_industry import bibliography, data

    tricky = pd.DataFrame(TRICKY_SOURCES)
    plain = pd.concat([data.load("sources"), tricky[tricky["publisher"] != "GitHub"]], ignore_index=True).fillna("")
    for name, chosen, fast_path in [("plain", plain, True), ("rewritten", tricky, False)]:
        bibtex = bibliography.bibtex(chosen)
        stock, _ = sphinx_bibliography(tmp_path / name / "stock", bibtex, fast=False)
        fast, written = sphinx_bibliography(tmp_path / name / "fast", bibtex, fast=True)
        assert stock.count('role="doc-biblioentry"') == len(chosen)
        assert fast == stock, name
        assert written == fast_path, name


def test_bibpage_leaves_to_the_nodes_what_it_cannot_write_as_docutils_does():
    from pybtex.richtext import HRef, Tag, Text

    from nhs_industry import bibpage

    assert bibpage.citation_html("source-a", "1", Text("A & B @ ", Tag("em", "<J>"), ".")) == (
        '<div class="citation" id="source-a" role="doc-biblioentry">\n<span class="label"><span class="fn-bracket">[</span>'
        '1<span class="fn-bracket">]</span></span>\n<p>A &amp; B &#64; <em>&lt;J&gt;</em>.</p>\n</div>\n')
    for text in [Text(Tag("tt", "code")), Text(HRef("https://github.com/a/b", "https://github.com/a/b")), Text("\\url x")]:
        with pytest.raises(bibpage.NotLikeDocutils):
            bibpage.citation_html("source-a", "1", text)


def test_each_template_built_once_formats_every_source_as_a_template_built_for_it(tmp_path):
    """The entry types whose template is built once (bibformat.TEMPLATES_THE_SAME_FOR_EVERY_ENTRY) give every
    source, and sources with and without each optional field, the text a template built for that source gives."""
    import pandas as pd
    from pybtex.database.input.bibtex import Parser
    from pybtex.plugin import find_plugin
    from pybtex.style.formatting import unsrt

    from nhs_industry import bibliography, data

    bibformat.patch_pybtex()
    sources = pd.concat([data.load("sources"), pd.DataFrame(TRICKY_SOURCES)], ignore_index=True).fillna("")
    entries = Parser(bibformat.ENCODING).parse_string(bibliography.bibtex(sources)).entries
    assert {e.type for e in entries.values()} == set(bibformat.TEMPLATES_THE_SAME_FOR_EVERY_ENTRY)
    style = find_plugin("pybtex.style.formatting", bibformat.STYLE)()
    for entry in entries.values():
        once = getattr(style, f"get_{entry.type}_template")(entry)
        fresh = getattr(unsrt.Style, f"get_{entry.type}_template").built_by(style, entry)
        context = {"entry": entry, "style": style, "bib_data": None}
        assert once.format_data(context).render_as("html") == fresh.format_data(context).render_as("html"), entry.key
