"""Sphinx extension: serves the chart libraries from the site itself, only on pages that draw charts; the site's
footer, search and citation box; an accessible bibliography."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

from sphinx.writers.html5 import HTML5Translator

from .. import paths
from ..content import citation, citemeta, downloads, embed, icons, timeline
from . import execute

# File served under _static/vendor/ -> where npm puts it. Versions are pinned in package.json.
VENDOR_FILES = {
    "plotly-basic.min.js": "plotly.js-basic-dist-min/plotly-basic.min.js",
    "vega.min.js": "vega/build/vega.min.js",
    "vega-lite.min.js": "vega-lite/build/vega-lite.min.js",
    "vega-embed.min.js": "vega-embed/build/vega-embed.min.js",
}
PACKAGE_EXTRA = Path(__file__).resolve().parent / "extra"  # copied to the site's root (html_extra_path)
PLOTLY = ["vendor/plotly-basic.min.js"]
VEGA = ["vendor/vega.min.js", "vendor/vega-lite.min.js", "vendor/vega-embed.min.js"]
# Marker class in a page's HTML -> the scripts that bring it to life, in load order.
WIDGET_SCRIPTS = {
    "nhs-plotly": PLOTLY + ["nhs-charts.js"],
    "nhs-vega": VEGA + ["nhs-charts.js"],
    # The timeline fetches plotly itself, and only to draw the chart: a phone shows cards without it.
    "nhs-timeline": ["nhs-timeline.js", "nhs-travel.js", "nhs-print.js"],
    "nhs-story-text": ["nhs-present.js"],  # the story's steps: present mode and its keys, on the story page only
    "nhs-in-force": ["nhs-explorers.js"],
    "nhs-compare": ["nhs-explorers.js"],
    "nhs-table-explorer": ["nhs-explorers.js"],
    "nhs-matrix-sheet": ["nhs-matrix.js"],  # the practice matrix: the answer of the cell in focus, written out
}


# The timeline's own script is async: it draws the chart as soon as the page is parsed (it waits for that itself),
# not after every deferred script before it in the page (the theme's first among them) has arrived and run.
LOADING = {"nhs-timeline.js": "async"}


def missing_vendor_files() -> list[str]:
    return [source for source in VENDOR_FILES.values() if not (paths.NODE_MODULES / source).exists()]


def _set_footer_and_code(app, config) -> None:
    """Every page states the version it was built from and the licences. The package's code, which renders every
    page, is a config value that rebuilds the environment: when it changes, Sphinx reads every page again (the
    scripts and styles served as they are are not part of it: Sphinx copies them on every build)."""
    config.nhs_package_code = execute.fingerprint(execute.package_code())
    options = dict(config.html_theme_options or {})
    options["extra_footer"] = (
        f"<p>Version {citation.site_version()}. Text and data: CC BY 4.0; code: MIT. Every entry cites its sources.</p>"
    )
    config.html_theme_options = options


def _fresh_path_lists(app, config) -> None:
    """The themes and extensions append their folders to templates_path and html_static_path, whose default
    lists Sphinx shares between builds in one process (the preview's): each build would see them longer, take
    the configuration as changed, and rewrite every page. Each build gets its own list, without repeats."""
    config.templates_path = list(dict.fromkeys(config.templates_path))
    config.html_static_path = list(dict.fromkeys(config.html_static_path))


class Translator(HTML5Translator):
    """docutils marks a run of citations (the bibliography) role="list" but each citation role="doc-biblioentry",
    which a list may not contain (axe: aria-required-children, critical): the entries are a plain sequence."""

    def visit_citation(self, node) -> None:
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append('<div class="citation-list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname], role="doc-biblioentry"))


def _rewrite_pages_whose_citations_changed(app, env) -> list[str]:
    """sphinxcontrib-bibtex numbers the sources once every page is read, but Sphinx writes only the pages it read
    again: a page citing a source whose number or text changed (a source added before it, say) is written too."""
    domain = env.get_domain("cite")
    now = {c.key: (c.formatted_entry.label, str(c.formatted_entry.text)) for c in domain.citations}
    before, env.nhs_citations = getattr(env, "nhs_citations", None), now
    if before is None:
        return []
    changed = {key for key in now.keys() | before.keys() if now.get(key) != before.get(key)}
    return sorted({ref.docname for ref in domain.citation_refs if any(t.key in changed for t in ref.targets)})


def _use_one_search(app) -> None:
    """The site's search is Pagefind (snippets, filters, built after Sphinx). Sphinx's own index and search page are
    not built: kept incrementally the index holds words of pages since changed. The theme's search box goes to
    search.html, which (from html_extra_path, extra/search.html) sends the reader and the query on to Pagefind's page."""
    if app.builder.format == "html":
        app.builder.search = False


def _add_package_static(app) -> None:
    # A new list, not append(): the list can outlive this build (the preview builds in one process), and a
    # longer list each time would change the config's digest and make Sphinx rewrite every page.
    # The package's static files include one-line stand-ins for scripts the theme's layout names on every page
    # but the site does not use: its 1.5 MB icon script (static/scripts/fontawesome.js; nhs-icons.css draws the
    # icons) and Sphinx's search (searchtools.js, language_data.js, and searchindex.js at the root through
    # html_extra_path; the site's search is Pagefind). Sphinx copies a project's static files over the theme's.
    if str(paths.PACKAGE_STATIC) not in app.config.html_static_path:
        app.config.html_static_path = [*app.config.html_static_path, str(paths.PACKAGE_STATIC)]
    if str(PACKAGE_EXTRA) not in app.config.html_extra_path:
        app.config.html_extra_path = [*app.config.html_extra_path, str(PACKAGE_EXTRA)]  # search.html, searchindex.js
    app.add_css_file("nhs.css")
    app.add_css_file("nhs-present-print.css")
    app.add_css_file("nhs-practices.css")
    app.add_css_file(icons.CSS_FILE)
    app.add_js_file("nhs-site.js")


def _is_entry(docname: str | None) -> bool:
    return bool(docname) and docname.startswith("book/entries/") and docname.count("/") == 3  # book/entries/<table>/<id>


def _chapters_only_in_prev_next(app, pagename, templatename, context, doctree) -> None:
    """The entry pages sit in the toc under their index pages (so the sidebar marks the index as the reader's
    place), but "previous" and "next" go from chapter to chapter: an entry page has neither, and an index page's
    neighbours are the chapters beside it, not its first or the last entry of the index before it."""
    if _is_entry(pagename):
        context["prev"] = context["next"] = None
        return
    relations = app.builder.relations  # docname -> [parent, previous, next]
    if pagename not in relations:
        return
    previous, following = relations[pagename][1:]
    if _is_entry(previous):
        previous = relations[previous][0]
    while _is_entry(following):
        following = relations[following][2]
    for key, docname in (("prev", previous), ("next", following)):
        context[key] = (
            {"link": app.builder.get_relative_uri(pagename, docname), "title": app.builder.render_partial(app.env.titles[docname])["title"]}
            if docname
            else None
        )


def _scripts_for_page(app, pagename, templatename, context, doctree) -> None:
    """Load each chart library once, and only where a chart is on the page."""
    body = context.get("body", "")
    wanted: list[str] = []
    for marker, scripts in WIDGET_SCRIPTS.items():
        if f'class="{marker}"' in body:
            wanted += [script for script in scripts if script not in wanted]
    # Deferred (run in order once the page is parsed): the page's text is read and laid out while the chart
    # library is still arriving, instead of waiting behind it; every chart script starts on a parsed page anyway.
    for script in wanted:
        app.add_js_file(script, loading_method=LOADING.get(script, "defer"))
    if 'class="nhs-timeline"' in body:
        _start_the_timeline_library(app, context)
    # sphinx-book-theme writes pagetitle into its print header unescaped (layout.html: <h1>{{ pagetitle }}</h1>),
    # and pagetitle is the title with its entities decoded: a title holding "<script>" would run there.
    if "pagetitle" in context:
        context["pagetitle"] = html.escape(html.unescape(str(context["pagetitle"])))
    # Exported chart images name the site and its version (nhs-site.js reads these); reference managers read
    # citemeta's tags, on every page Sphinx writes, the entry pages included.
    content_page = pagename not in ("genindex", "search")
    site = f'\n<meta name="nhs-site" content="{html.escape(citation.SITE_TITLE)}">'
    version = f'\n<meta name="nhs-version" content="{html.escape(citation.site_version())}">'
    cite = citemeta.meta_tags(context["title"], pagename) if content_page and "title" in context else ""
    context["metatags"] = context.get("metatags", "") + site + version + cite
    _mark_searchable_text(pagename, context)
    if "body" in context and content_page:
        context["body"] += citation.citation_html(context.get("title", pagename), pagename)
    _drop_repeated_inline_scripts(context)
    if content_page:
        _only_assets_the_page_uses(context)


# The timeline fetches plotly.js itself, and only where it draws the chart: a phone shows cards without it
# (nhs-timeline.js). Fetched by nhs-timeline.js, which runs once the page is parsed, the library (1.2 MB, a third of a
# second of the main thread to run here) arrived and ran only after everything else, and the chart was drawn a
# third of a second later than plotly alone draws it. Asked for from the head, the library arrives and runs while the
# page is still being parsed (async: it holds nothing up); nhs-timeline.js finds it there, loaded or loading.
START_TIMELINE_LIBRARY = """if (!window.matchMedia(%s).matches) {
  var library = document.createElement("script");
  library.src = %s; library.async = true; document.head.appendChild(library);
}"""


def _start_the_timeline_library(app, context) -> None:
    library = context["pathto"]("_static/" + PLOTLY[0], 1)
    # Fetched from the top of the head (a preload, for any screen but a phone's), while the style sheets arrive ...
    context["metatags"] = (
        f'<link rel="preload" as="script" href="{html.escape(library)}" media="not all and {html.escape(timeline.PHONE)}">\n'
        + context.get("metatags", "")
    )
    # ... and run as soon as the style sheets allow a script to run: before the page's other scripts, which hold up
    # the parser while they load (Sphinx's own have priority 200, the theme's and the site's 500).
    app.add_js_file(None, body=START_TIMELINE_LIBRARY % (json.dumps(timeline.PHONE), json.dumps(library)), priority=100)


# Pages that are not content: the index of terms (every word again) and the search page itself.
UNSEARCHED_PAGES = ("genindex", "search", "book/search-site")


def _mark_searchable_text(pagename: str, context) -> None:
    """What the site search indexes: each content page's article text only (data-pagefind-body), so the citation
    box added below it (the same words on every page) and the pages that are not content stay out of the index."""
    if "body" in context and pagename not in UNSEARCHED_PAGES:
        # A practice's page repeats the words of the rules it cites, year after year: those rules' own pages rank first.
        # It is found by its own name and definition (metadata the search page weighs: content/pages.py,
        # PRACTICE_META), so the rules' words weigh a quarter there: at half, the procurement rules' "acting
        # transparently", repeated period after period, put the procurement practice among the transparency rules.
        weight = ' data-pagefind-weight="0.25"' if pagename.startswith("book/entries/practices/") else ""
        context["body"] = f"<div data-pagefind-body{weight}>{context['body']}</div>"


# Theme and extension assets -> what in a page's article needs them. A page that has none of it does not load
# them (an entry page has no code to copy, no tabs, no notebook output); thebe is never needed (no live code).
ASSET_NEEDS = {
    # copybutton adds its button to "div.highlight pre" only (copybutton_selector), not to the citations' <pre>.
    "copybutton": re.compile(r'class="highlight'),
    "clipboard": re.compile(r'class="highlight'),
    "pygments.css": re.compile(r'class="highlight'),
    "togglebutton": re.compile(r'class="[^"]*\b(?:toggle|dropdown)\b'),
    "sphinx-design": re.compile(r'class="[^"]*\bsd-'),
    "design-tabs": re.compile(r'class="[^"]*\bsd-'),
    "mystnb.": re.compile(r'class="[^"]*\bcell'),
    "thebe": re.compile(r"(?!)"),
}


def _only_assets_the_page_uses(context) -> None:
    body = context.get("body", "")
    unused = {name for name, needed_by in ASSET_NEEDS.items() if not needed_by.search(body)}
    for key in ("css_files", "script_files"):
        if key in context:
            context[key][:] = [
                asset for asset in context[key] if not any(name in str(getattr(asset, "filename", "") or "") for name in unused)
            ]


def _drop_repeated_inline_scripts(context) -> None:
    """Jupyter Book 1.0.4 with Sphinx 7.4 emits two inline scripts twice; the second copy throws in the browser.

    Thebe's scripts go too: the site does not run live code, and thebe names a CDN address."""
    seen, kept = set(), []
    for script in context.get("script_files", []):
        body = str(getattr(script, "attributes", {}).get("body", ""))
        filename = str(getattr(script, "filename", "") or "")
        key = (filename, body)
        if key in seen or "thebe" in filename or "THEBE_JS_URL" in body:
            continue
        seen.add(key)
        kept.append(script)
    if "script_files" in context:
        context["script_files"][:] = kept


def _write_site_files(app, exception) -> None:
    """What the site serves beside its pages: the chart libraries, the icons' style sheet, the embeddable views and
    the data package (at stable addresses, data/<file>, and as one zip)."""
    if exception or app.builder.format != "html":
        return
    out = Path(app.outdir)
    (out / "_static" / "vendor").mkdir(parents=True, exist_ok=True)
    for name, source in VENDOR_FILES.items():
        shutil.copyfile(paths.NODE_MODULES / source, out / "_static" / "vendor" / name)
    icons.write_css(out / "_static")
    embed.write(out)
    downloads.publish(out / "data")


def setup(app):
    missing = missing_vendor_files()
    if missing:
        raise RuntimeError(f"chart libraries missing from node_modules/ ({', '.join(missing)}); run `npm ci`")
    app.add_config_value("nhs_package_code", "", "env")
    app.connect("config-inited", _set_footer_and_code)
    app.connect("config-inited", _fresh_path_lists, priority=900)
    app.connect("builder-inited", _add_package_static)
    app.connect("builder-inited", _use_one_search)
    # Run after the theme's and other extensions' handlers, which add inline scripts of their own.
    app.connect("html-page-context", _scripts_for_page, priority=900)
    app.connect("html-page-context", _chapters_only_in_prev_next)
    # The theme (pydata's setup_translators) adds its own behaviour to whichever translator is registered.
    app.set_translator("html", Translator)
    # After sphinxcontrib-bibtex's handler, which numbers the sources.
    app.connect("env-updated", _rewrite_pages_whose_citations_changed, priority=900)
    app.connect("build-finished", _write_site_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
