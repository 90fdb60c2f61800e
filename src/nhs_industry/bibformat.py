"""The bibliography's BibTeX, parsed and formatted once per build, and ahead of Sphinx.

sphinxcontrib-bibtex parses the BibTeX file that bibliography.py writes and formats every source with pybtex, inside
Sphinx, after the chapters have run. With ten times the data that was about 5 s on the build's critical path, though
it depends only on the BibTeX text. build.py calls prepare() while the chapters run (the build's main process is
otherwise waiting for them); inside Sphinx, the parse and each formatting return what prepare() made, but only for
the very text prepared and for entries equal to those parsed from it (type, fields and people: all a formatting
reads). A rebuild whose sources did not change keeps Sphinx's own copy of the entries from the last build, equal
but not the same objects; anything else is parsed and formatted as before.
"""
from __future__ import annotations

import codecs
import functools
from dataclasses import dataclass
from pathlib import Path

STYLE = "plain"  # bibtex_default_style in _config.yml (a formatting is reused only by a style of the same class)
ENCODING = "utf-8-sig"  # sphinxcontrib-bibtex's bibtex_encoding (its default; a parse is reused only for the same)


@dataclass
class Prepared:
    file: Path
    text: str  # the BibTeX text parsed
    data: object  # pybtex BibliographyData parsed from it
    formatted: dict[str, tuple[object, type, object]]  # key -> (the entry, the style's class, the formatted text)


_prepared: Prepared | None = None


def patch_pybtex() -> None:
    """Make pybtex do each piece of work once (each patch is a pure function of its arguments):
    - it looks its style plugins up in the installed packages' metadata on every citation it resolves (about
      11 ms each): the answer never changes within a build, so it is asked once;
    - it decodes every field from LaTeX each time, though the same publisher, note and month recur on hundreds of
      sources: each distinct text is decoded once;
    - it builds the template of each entry type anew for every source (see _build_each_template_once);
    - sphinxcontrib-bibtex formats each source twice, for the bibliography and for the hover text of its {cite}
      links, with the same style: the second call returns the first's result, or what prepare() made."""
    import latexcodec  # noqa: F401  (registers the "ulatex" codec)
    import pybtex.plugin
    from pybtex.markup import LaTeXParser
    from pybtex.richtext import Text
    from pybtex.style.formatting import BaseStyle

    if getattr(BaseStyle.format_entry, "formats_once", False):
        return
    pybtex.plugin._load_entry_point = functools.lru_cache(maxsize=None)(pybtex.plugin._load_entry_point)
    decoded = functools.lru_cache(maxsize=None)(lambda latex: codecs.decode(latex, "ulatex"))
    Text.from_latex = classmethod(lambda cls, latex: LaTeXParser(decoded(latex)).parse())
    format_entry = BaseStyle.format_entry

    def format_entry_once(self, label, entry, bib_data=None):
        from pybtex.style import FormattedEntry

        ready = _prepared.formatted.get(entry.key) if _prepared and bib_data is None else None
        if ready and ready[1] is type(self) and (ready[0] is entry or ready[0] == entry):
            return FormattedEntry(entry.key, ready[2], label)  # the text does not depend on the label
        last = self.__dict__.get("_last_formatted")
        if last is not None and last[0] == label and last[1] is entry and last[2] is bib_data:
            return last[3]
        formatted = format_entry(self, label, entry, bib_data=bib_data)
        self._last_formatted = (label, entry, bib_data, formatted)
        return formatted

    format_entry_once.formats_once = True
    BaseStyle.format_entry = format_entry_once
    _build_each_template_once()
    _reuse_the_prepared_parse()


# Entry types whose template in pybtex's unsrt style (which "plain" extends) is the same whatever the entry: their
# get_<type>_template methods pass the entry on only to helpers that ignore it. These are the types
# bibliography.py writes. (Not so "book" and others, whose templates ask whether the entry has an editor.)
TEMPLATES_THE_SAME_FOR_EVERY_ENTRY = ("article", "misc", "techreport")


def _build_each_template_once() -> None:
    """pybtex builds an entry's template anew for every source it formats, a third of the formatting time with ten
    times the data; for the types above each style class builds it once. A template is only read while formatting
    (pybtex shares its own `date` and `pages` templates between entries the same way)."""
    from pybtex.style.formatting import unsrt

    for kind in TEMPLATES_THE_SAME_FOR_EVERY_ENTRY:
        name = f"get_{kind}_template"
        build = getattr(unsrt.Style, name)
        built: dict[type, object] = {}

        def template_once(self, e, build=build, built=built):
            if type(self) not in built:
                built[type(self)] = build(self, e)
            return built[type(self)]

        template_once.built_by = build
        setattr(unsrt.Style, name, template_once)


def _reuse_the_prepared_parse() -> None:
    """sphinxcontrib-bibtex parses its BibTeX files in parse_bibdata: for the one file prepare() parsed, with the
    same text, it gets prepare()'s result (the entries formatted ahead are those very objects)."""
    from sphinxcontrib.bibtex import bibfile

    parse_bibdata = bibfile.parse_bibdata

    def parse_bibdata_once(bibfilenames, encoding):
        if _prepared and encoding == ENCODING and [Path(f).resolve() for f in bibfilenames] == [_prepared.file]:
            filename = bibfilenames[0]
            if Path(filename).is_file() and Path(filename).read_text(encoding=ENCODING) == _prepared.text:
                keys = dict.fromkeys(_prepared.data.entries.keys())
                return bibfile.BibData(encoding=encoding, data=_prepared.data,
                                       bibfiles={filename: bibfile.BibFile(mtime=bibfile.get_mtime(filename), keys=keys)})
        return parse_bibdata(bibfilenames, encoding)

    bibfile.parse_bibdata = parse_bibdata_once


def load() -> None:
    """Import everything prepare() uses, by formatting a made-up source (build.import_what_the_pages_need)."""
    from pybtex.database.input.bibtex import Parser
    from pybtex.plugin import find_plugin

    patch_pybtex()
    made_up = Parser(ENCODING).parse_string("@misc{x, title = {{T}}, author = {{A}}, year = {2000}, note = {n}}")
    find_plugin("pybtex.style.formatting", STYLE)().format_entry("1", made_up.entries["x"])


def prepare(bib_file: Path) -> None:
    """Parse the BibTeX file and format every entry with the bibliography's style, for Sphinx to reuse."""
    global _prepared
    from pybtex.database.input.bibtex import Parser
    from pybtex.plugin import find_plugin

    patch_pybtex()
    text = bib_file.read_text(encoding=ENCODING)
    if _prepared and _prepared.file == bib_file.resolve() and _prepared.text == text:
        return
    _prepared = None  # nothing half-prepared is ever used
    data = Parser(ENCODING).parse_file(bib_file)  # as sphinxcontrib-bibtex parses it
    style = find_plugin("pybtex.style.formatting", STYLE)()
    formatted = {}
    for key, entry in data.entries.items():
        try:
            formatted[key] = (entry, type(style), style.format_entry("", entry).text)
        except Exception:  # noqa: BLE001  a source pybtex cannot format is formatted (and reported) by Sphinx
            continue
    _prepared = Prepared(bib_file.resolve(), text, data, formatted)
