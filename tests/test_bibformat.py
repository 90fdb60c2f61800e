"""The bibliography parsed and formatted ahead of Sphinx is reused only for the very text and entries prepared."""
from __future__ import annotations

from pathlib import Path

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


def test_a_source_pybtex_cannot_format_is_left_to_sphinx(tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text(BIB + "@article{no-journal,\n  title = {T},\n  author = {{A}},\n  year = {2002}\n}\n", encoding="utf-8")
    bibformat.prepare(bib)
    assert set(bibformat._prepared.formatted) == {"a-source"}
    assert Path(bibformat._prepared.file) == bib.resolve()
