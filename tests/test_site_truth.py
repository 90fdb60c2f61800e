"""What a reader would check, over the whole built site: links land on the entry they name, nothing shows
'nan' or a raw code, charts cover their data, and the in-force view agrees with the package."""

from __future__ import annotations

import datetime as dt
import re

import browser
import pytest
import sitecheck

from nhs_industry.model import data, dates, in_force, names, schema

pytestmark = pytest.mark.browser


# ---------------------------------------------------------------- static crawl of every page


def test_every_link_that_names_an_entry_opens_that_entry(site):
    assert sitecheck.misdirected_links(site, sitecheck.entry_names()) == []


def test_every_instrument_links_to_what_it_relates_to_and_each_link_lands_on_the_entry_it_names(site):
    """From every instrument's page: the practices whose rulings cite it, what it replaced and what replaced it
    (either way in the data: supersedes_ids or the series' editions), what it amends and what amends it, what it was
    made under and what was made under it; each link opens the page of the entry its text names."""
    relations = sitecheck.instrument_relations()
    assert sum(len(targets) for targets in relations.values()) > len(data.load("rulings")), "too few relations to be checking"
    assert sitecheck.missing_relation_links(site, relations, sitecheck.entry_names()) == []


def test_the_relations_check_can_fail(tmp_path):
    """A copy of a related entry's page with its links taken out: every relation it should show is reported."""
    url, targets = next((url, targets) for url, targets in sorted(sitecheck.instrument_relations().items()) if targets)
    (tmp_path / url).parent.mkdir(parents=True)
    (tmp_path / url).write_text('<article class="bd-article"><p>Nothing linked.</p></article>', encoding="utf-8")
    assert len(sitecheck.missing_relation_links(tmp_path, {url: targets}, sitecheck.entry_names())) == len(targets)


def test_an_entry_s_facts_link_another_entry_once(site):
    assert sitecheck.entries_linked_twice_in_facts(site) == []


def test_no_page_names_a_body_or_role_before_its_time(site):
    """Entry facts, quotations (speaker, role, organisation) and every timeline hover, each against its own date."""
    began = sitecheck.names_that_began(names.load())
    fragments = sitecheck.dated_fragments(site)
    assert len(fragments) > len(data.load("instruments")), "the scan found too few dated places to be looking at the site"
    assert sitecheck.names_before_their_time(fragments, began) == []


def test_the_names_check_can_fail(site):
    """A 2008 quotation footer and a 2008 issuer cell naming the department as it was named only from 2018."""
    began = sitecheck.names_that_began(names.load())
    later = names.load().name("dhsc", dt.date(2020, 1, 1))
    fragments = [
        ("x quotation", dt.date(2008, 2, 1), f"Dawn Primarolo, Minister of State, {later}"),
        ("y facts", dt.date(2008, 2, 1), f"Issued by {later}"),
        ("z facts", dt.date(2008, 2, 1), "Issued by Department of Health"),
    ]
    found = sitecheck.names_before_their_time(fragments, began)
    assert [f.split(" (")[0] for f in found] == ["x quotation", "y facts"], found


def test_every_internal_link_and_anchor_resolves(site):
    """The handouts' PDFs are printed by a step after the build (the full tier checks them, printed)."""
    assert sitecheck.broken_links(site, printed_later=True) == []


@pytest.mark.full
def test_every_internal_link_resolves_once_the_handouts_are_printed(handouts):
    assert sitecheck.broken_links(handouts) == []


def test_no_page_shows_a_placeholder_or_a_raw_code(site):
    assert sitecheck.visible_placeholders_and_codes(site) == []


def test_no_page_shows_a_seed_article_s_file_name(site, tmp_path):
    assert sitecheck.seed_file_names_shown(site) == []
    (tmp_path / "a.html").write_text("<body><p>HSJ, seed article 000_338d4602bc56c0b4.txt</p></body>", encoding="utf-8")
    assert len(sitecheck.seed_file_names_shown(tmp_path)) == 1


def test_no_page_but_those_about_the_files_names_a_csv_column(site):
    assert sitecheck.column_names_shown(site) == []


def test_no_chart_library_holds_up_a_page_s_text(site):
    """Chart scripts are deferred (sphinx_ext._scripts_for_page): the text is laid out while plotly.js arrives."""
    assert sitecheck.blocking_chart_scripts(site) == []


def test_the_search_index_holds_each_page_s_own_text_and_no_boilerplate(site):
    fragments = sitecheck.search_fragments(site)
    indexed = {f["url"] for f in fragments}
    assert {"/book/timeline.html", "/book/glossary.html"} <= indexed and len(indexed) > len(sitecheck.entry_names())
    assert sitecheck.noisy_search_text(fragments) == []
    broken = [{"url": "/x.html", "content": "Retrieved {accessed}, from {url}. Region: nan. Copy APA citation"}]
    assert len(sitecheck.noisy_search_text(broken)) == 4


def test_the_crawl_checks_can_fail(site, tmp_path):
    """Each check catches the bug it exists for, in a broken copy of one page."""
    copy = tmp_path / "site"
    page = site / "book" / "partnerships.html"
    (copy / "book").mkdir(parents=True)
    names = sitecheck.entry_names()
    partnerships = data.load("partnerships").sort_values("partnership_id")
    first, second = partnerships["title"].iloc[0], partnerships["partnership_id"].iloc[1]
    broken = (
        f"<body><p>Placeholder: nan.</p><td>collaborative-working</td><td>GB</td><p>so founded_date is empty</p>"
        f'<a href="entries/partnerships/{second}.html">{first}</a> <a href="nowhere.html">x</a>'
        f'<a href="#no-such-anchor">y</a></body>'
    )
    (copy / "book" / page.name).write_text(broken, encoding="utf-8")
    (copy / "book" / "entries" / "partnerships").mkdir(parents=True)
    (copy / "book" / "entries" / "partnerships" / f"{second}.html").write_text("<body></body>", encoding="utf-8")
    assert sitecheck.misdirected_links(copy, names)
    assert len(sitecheck.broken_links(copy)) == 2
    found = sitecheck.visible_placeholders_and_codes(copy)
    assert any("'nan'" in p for p in found) and any("collaborative-working" in p for p in found)
    assert any("'GB'" in p for p in found)
    assert [p for p in sitecheck.column_names_shown(copy) if "'founded_date'" in p]
    (copy / "book" / "timeline.html").write_text(
        '<head><script src="../_static/vendor/plotly-basic.min.js"></script></head><body><p>Text</p><script src="x.js"></script></body>',
        encoding="utf-8",
    )
    (copy / "embed.html").write_text(
        '<body><div>chart</div><script src="_static/vendor/plotly-basic.min.js"></script>'
        '<script src="_static/nhs-timeline.js"></script></body>',
        encoding="utf-8",
    )
    assert sitecheck.blocking_chart_scripts(copy) == ["book/timeline.html: ../_static/vendor/plotly-basic.min.js"]


# ---------------------------------------------------------------- in the browser

# Every chapter a reader opens from the contents that draws charts or controls, and the citation page, whose box is
# filled in by a script.
CHAPTERS = [
    "index",
    "timeline",
    "eras/to-2000",
    "eras/2000-2007",
    "eras/2007-2013",
    "eras/2013-2019",
    "eras/2019-today",
    "in-force",
    "allowed",
    "organisations",
    "partnerships",
    "patterns",
    "teaching",
    "cite",
]

# Text a reader sees in charts and controls: SVG text (axes, keys, labels), options, and ARIA names.
CHART_TEXT = """() => {
  const texts = [...document.querySelectorAll('svg text, option, .legendtext, .annotation-text')].map(e => e.textContent);
  const labels = [...document.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'));
  return texts.concat(labels).concat([document.body.innerText]);
}"""


def open_page(page, base_url, path):
    browser.open_settled(page, f"{base_url}/book/{path}.html")
    return page


AXES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
  const xs = [];
  gd.data.forEach(t => (t.x || []).forEach(x => { if (x !== null && x !== undefined) xs.push(x); }));
  const dates = xs.filter(x => typeof x === 'string').map(x => Date.parse(x)).filter(x => !isNaN(x));
  return {id: gd.id, range: gd.layout.xaxis.range, type: gd.layout.xaxis.type,
          min: Math.min(...dates), max: Math.max(...dates), n: dates.length};
})"""


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapter_runs_cleanly_shows_labels_not_codes_and_fits_its_date_axes_to_the_data(page, base_url, chapter):
    """Opened once per chapter at desktop width: no console error and nothing fetched from another host or missing;
    charts, keys and filters show labels, never codes or 'nan'; every date axis covers its data with modest padding."""
    open_page(page, base_url, chapter)
    assert (page.log.console_errors, page.log.offsite_requests, page.log.failed_requests) == ([], [], [])
    codes = sitecheck.raw_codes()
    shown = page.evaluate(CHART_TEXT)
    lines = [line for t in shown for line in (t or "").splitlines()]
    bad = [t for t in lines if sitecheck.EMPTY_WORDS.search(t) or sitecheck.shows_a_code(t.strip(), codes)]
    assert bad == [], [b[:200] for b in bad][:5]
    for axis in page.evaluate(AXES):
        if axis["type"] != "date" or not axis["n"]:
            continue
        low, high = (dt.datetime.fromisoformat(str(x)[:10]).timestamp() * 1000 for x in axis["range"])
        span = max(axis["max"] - axis["min"], 365 * 86400000)
        assert low <= axis["min"] and high >= axis["max"], (chapter, axis)
        # "Modest": no more than a quarter of the data's span (or a year) of empty axis on either side.
        assert axis["min"] - low <= span / 4 + 366 * 86400000 and high - axis["max"] <= span / 4 + 366 * 86400000, (chapter, axis)


def test_partnerships_chart_draws_every_dated_row_and_lists_the_rest(page, base_url):
    partnerships = data.load("partnerships")
    open_page(page, base_url, "partnerships")
    marks = page.locator(".nhs-plotly .scatterlayer .point").count()
    undated = partnerships[partnerships["start_date"] == ""]
    assert marks == len(partnerships) - len(undated)
    if len(undated):
        note = page.locator(".nhs-not-drawn").first.inner_text()
        assert f"{len(undated)} partnerships are not drawn" in note


@pytest.mark.full
@pytest.mark.parametrize("nation", list(schema.nations()))
def test_in_force_view_agrees_with_the_package_every_month_in_every_nation(page, base_url, nation):
    instruments = data.load("instruments")
    open_page(page, base_url, "in-force")
    page.select_option("#nhs-in-force-nation", nation)
    first_year = int(in_force.rules(instruments)["in_force_from"].min().year)
    months = (dates.today().year - first_year) * 12 + dates.today().month
    heading = page.locator(".nhs-in-force-output h3").first.inner_text()
    assert f"in {schema.nations()[nation]} on" in heading, heading
    shown = page.evaluate(
        """(months) => {
        const slider = document.querySelector('#nhs-in-force-date'); const out = [];
        for (let m = 0; m < months; m++) {
            slider.value = String(m); slider.dispatchEvent(new Event('input'));
            const live = [...document.querySelectorAll('.nhs-in-force-output ul.nhs-live li a')].map(a => a.getAttribute('href'));
            const heading = document.querySelector('.nhs-in-force-output h3').textContent;
            out.push([heading, live.map(h => h.split('/').pop().replace('.html', '')).sort()]);
        }
        return out;
    }""",
        months,
    )
    frame = in_force.rules(instruments)
    spans = dict(zip(frame["instrument_id"], frame["span"]))
    for m, (heading, ids) in enumerate(shown):
        on = dt.date(first_year + m // 12, m % 12 + 1, 1)
        expected = sorted(i for i, s in spans.items() if s.applies_in(nation) and s.certainly_in_force(on))
        assert ids == expected, (on, set(ids) ^ set(expected))
        assert heading.startswith(f"{len(expected)} rules in force in {schema.nations()[nation]} on"), (on, heading)
    assert len({len(ids) for _, ids in shown}) > 1, "the data should give different answers on different dates"


@pytest.mark.full
def test_the_rules_in_force_page_says_the_list_answers_for_the_nation_chosen(page, base_url):
    """Once a reader picks Scotland, nothing on the page still says the list answers for England."""
    nations = schema.nations()
    open_page(page, base_url, "in-force")
    for nation, label in [*list(nations.items())[1:], *list(nations.items())[:1]]:
        page.select_option("#nhs-in-force-nation", nation)
        text = " ".join(page.locator("article").inner_text().split())
        assert f"answers for {label}" in text, label
        assert [other for other in nations.values() if other != label and f"answers for {other}" in text] == [], label
    shoot(page, "in-force-1280")


@pytest.mark.full
def test_the_compare_activity_heads_its_lists_with_the_months_in_words(page, base_url):
    open_page(page, base_url, "teaching")
    page.select_option("#nhs-compare-nation", "scotland")
    headings = page.locator(".nhs-compare-output h4").all_inner_texts()
    assert len(headings) == 3, headings
    assert headings[0].startswith("In force in Scotland in January 2007 and no longer in January 2024"), headings
    assert [h for h in headings if re.search(r"\d{4}-\d{2}", h)] == [], headings


@pytest.mark.full
def test_partnership_explorer_links_searches_sorts_by_date_and_filters_whole_values(page, base_url):
    partnerships = data.load("partnerships").set_index("partnership_id")
    open_page(page, base_url, "partnerships")
    rows = page.locator(".nhs-table-explorer tbody tr")
    shown = page.locator(".nhs-table-explorer tbody tr:not([hidden])")
    assert rows.count() == len(partnerships)
    page.get_by_placeholder("Search the table").fill("zzzz-nothing-matches")
    assert shown.count() == 0
    page.get_by_placeholder("Search the table").fill("")
    model = partnerships["model"].iloc[0]
    page.get_by_label("Filter by Model").select_option(schema.label("partnerships", "model", model))
    assert shown.count() == (partnerships["model"] == model).sum()
    page.get_by_label("Filter by Model").select_option("")
    # Every title links to its own entry.
    for tr in rows.all():
        link = tr.locator("td a").first
        entry_id = link.get_attribute("href").split("/")[-1].removesuffix(".html")
        assert link.inner_text().strip() == partnerships.loc[entry_id, "title"]
    page.get_by_role("button", name="Began").click()
    cells = page.locator(".nhs-table-explorer tbody tr td:nth-child(2)").evaluate_all("els => els.map(e => e.dataset.sort)")
    assert cells == sorted(cells)
    # A whole value: "England" must not also pick "East of England". The commonest region, so it is always there.
    region = partnerships["region"].value_counts().index[0]
    page.get_by_label("Filter by Region").select_option(region)
    visible = page.locator(".nhs-table-explorer tbody tr:not([hidden]) td:nth-child(6)").all_inner_texts()
    assert len(visible) == (partnerships["region"] == region).sum() and set(visible) == {region}


@pytest.mark.full
def test_timeline_by_theme_places_an_instrument_in_each_of_its_themes_and_counts_entries_not_marks(page, base_url):
    instruments = data.load("instruments")
    browser.open_settled(page, f"{base_url}/book/timeline.html?lanes=theme")
    marks = page.locator(".nhs-timeline-plot .cartesianlayer .scatterlayer .point").count()
    assert marks == instruments["themes"].map(len).sum()
    status = page.locator(".nhs-timeline-status").inner_text()
    assert status.startswith(f"{len(instruments)} entries shown"), status


def page_templates() -> list[str]:
    """One page of each kind a reader meets; each stands for the pages made from the same template and widgets: one
    era chapter for the five, the glossary for the prose pages (cite, releases), an instrument's page for every
    entry page (the entry pages of every table share one template), one index of entries for the three, and one practice's page
    (what was allowed, when: made by its own generator)."""
    first_instrument = sorted(data.load("instruments")["instrument_id"])[0]
    return [
        f"book/{name}.html"
        for name in (
            "index",
            "timeline",
            "eras/to-2000",
            "in-force",
            "allowed",
            "organisations",
            "partnerships",
            "patterns",
            "teaching",
            "data",
            "glossary",
            "bibliography",
            "entries/instruments",
        )
    ] + [f"book/entries/instruments/{first_instrument}.html", "book/entries/practices/joint-working.html"]


@pytest.mark.full
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("path", page_templates())
def test_each_kind_of_page_is_clean_and_accessible_at_both_widths_and_fits_a_phone(chromium, base_url, path, width):
    from axe_playwright_python.sync_playwright import Axe

    context = chromium.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 500)
    page = context.new_page()
    log = browser.watch(page)
    browser.open_settled(page, f"{base_url}/{path}")
    # Read the page's own log before axe runs: axe re-fetches @imported stylesheets relative to the
    # page (a 404 for "basic.css" that the page itself never asks for).
    clean = (list(log.console_errors), list(log.offsite_requests), list(log.failed_requests))
    sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    results = Axe().run(page)
    context.close()
    serious = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert clean == ([], [], [])
    assert serious == []
    assert sideways <= 1, f"the page scrolls sideways by {sideways} px at {width} px"


# ---------------------------------------------------------------- the master timeline as a reader uses it

SCREENSHOTS = __import__("nhs_industry.paths", fromlist=["BUILD_DIR"]).BUILD_DIR / "screenshots"


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


LABEL_BOXES = """() => [...document.querySelectorAll('.nhs-timeline-plot .annotation')]
  .filter(g => g.style.display !== 'none' && g.querySelector('.annotation-text-g'))
  .map(g => { const r = g.querySelector('.annotation-text-g').getBoundingClientRect();
              return {text: g.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom}; })
  .filter(b => b.r > b.l)"""


def overlapping(boxes):
    return [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if not (a["r"] <= b["l"] or b["r"] <= a["l"] or a["b"] <= b["t"] or b["b"] <= a["t"])
    ]


@pytest.mark.full
@pytest.mark.parametrize("size", [(1280, 900), (1024, 768)])
def test_master_timeline_is_wide_and_its_labels_never_overlap(chromium, base_url, size):
    context = chromium.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    open_page(page, base_url, "timeline")  # settled: drawn, and overlapping labels already hidden (nhs-timeline.js)
    widths = page.evaluate("""() => [document.querySelector('.nhs-timeline-plot').getBoundingClientRect().width,
                                     document.querySelector('article.bd-article').getBoundingClientRect().width]""")
    boxes = page.evaluate(LABEL_BOXES)
    milestones = int((data.load("instruments")["milestone"] == "yes").sum())
    shoot(page, f"timeline-{size[0]}")
    context.close()
    assert widths[0] >= 0.85 * widths[1], widths
    assert overlapping(boxes) == []
    assert milestones == 0 or len(boxes) > 0, "key milestones are labelled"


TIMELINE_RANGE = "document.querySelector('.nhs-timeline-plot').layout.xaxis.range.map(x => String(x).slice(0, 10))"
TIMELINE_MARKS = "document.querySelectorAll('.nhs-timeline-plot .scatterlayer .point').length"


@pytest.mark.full
def test_every_timeline_state_round_trips_through_the_address(page, base_url):
    """The one test of the timeline's address: a zoom, then every kind of control changed after it, kept in the
    address (the zoom through each filter change) and given back whole by opening that address."""
    open_page(page, base_url, "timeline")
    page.wait_for_selector(".nhs-timeline-plot .scatterlayer .point")
    page.evaluate("Plotly.relayout(document.querySelector('.nhs-timeline-plot'), {'xaxis.range': ['1995-01-01', '2012-12-31']})")
    page.wait_for_function("location.search.includes('from=1995-01-01')")
    page.locator("input[name=lanes][value=theme]").check()
    page.locator("input[name=kinds][value=report]").uncheck()
    page.locator("select[name=theme]").select_option("commissioning")
    page.get_by_role("checkbox", name="partnerships").check()
    page.get_by_role("checkbox", name="quotations").check()
    page.get_by_role("checkbox", name="low-confidence entries (hollow marks)").uncheck()
    page.get_by_role("checkbox", name="lines to what each replaced (dotted)").uncheck()
    page.wait_for_function("location.search.includes('replaced=0')")
    assert "from=1995-01-01" in page.url and "to=2012-12-31" in page.url, "a filter change keeps the zoom in the address"
    assert page.evaluate(TIMELINE_RANGE) == ["1995-01-01", "2012-12-31"], "... and in the chart"
    shared, status, marks = page.url, page.locator(".nhs-timeline-status").inner_text(), page.evaluate(TIMELINE_MARKS)
    browser.open_settled(page, shared)
    page.wait_for_selector(".nhs-timeline-status:has-text('shown')")
    assert page.locator("input[name=lanes][value=theme]").is_checked()
    assert not page.locator("input[name=kinds][value=report]").is_checked()
    assert page.locator("select[name=theme]").input_value() == "commissioning"
    assert page.get_by_role("checkbox", name="partnerships").is_checked()
    assert page.get_by_role("checkbox", name="quotations").is_checked()
    assert not page.get_by_role("checkbox", name="low-confidence entries (hollow marks)").is_checked()
    assert not page.get_by_role("checkbox", name="lines to what each replaced (dotted)").is_checked()
    assert page.locator(".nhs-timeline-status").inner_text() == status
    assert page.evaluate(TIMELINE_MARKS) == marks
    assert page.evaluate(TIMELINE_RANGE) == ["1995-01-01", "2012-12-31"]
    page.get_by_role("button", name="Reset the view").click()
    page.wait_for_function("!location.search.includes('theme=')")
    # An empty view says why it is empty.
    for box in page.locator("input[name=kinds]").all():
        box.uncheck()
    assert "No entries match these filters" in page.locator(".nhs-timeline-status").inner_text()


@pytest.mark.full
def test_a_story_step_opened_by_its_address_shows_its_highlight(page, base_url):
    steps = data.load("story").sort_values("position")
    step = steps.iloc[5]
    browser.open_settled(page, f"{base_url}/book/story.html?step={int(step['position'])}")
    page.wait_for_selector(".nhs-story h3")
    assert page.locator(".nhs-story h3").inner_text().startswith(f"{int(step['position'])}. {step['title']}")
    ringed = page.evaluate("""() => { const gd = document.querySelector('.nhs-timeline-plot');
        return gd.data.flatMap(t => (t.customdata || []).map((c, i) =>
            [c[0], Array.isArray(t.marker.size) ? t.marker.size[i] : t.marker.size]))
                      .filter(p => p[1] > 13).map(p => p[0]); }""")
    assert set(ringed) == set(step["instrument_ids"])
    page.get_by_role("button", name="Next →").click()
    page.wait_for_function(f"location.search.includes('step={int(step['position']) + 1}')")
    shoot(page, "story-1280")


@pytest.mark.full
def test_phone_timeline_is_a_list_of_cards_linking_every_instrument(chromium, base_url):
    instruments = data.load("instruments")
    context = chromium.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    open_page(page, base_url, "timeline")
    page.wait_for_selector(".nhs-card")
    links = page.locator(".nhs-card a.nhs-card-open").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    page.locator(".nhs-card summary").first.click()
    assert page.locator(".nhs-card").first.locator("a.nhs-card-open").is_visible(), "a tap shows a preview with the link"
    shoot(page, "timeline-375")
    context.close()
    ids = sorted(link.rsplit("/", 1)[1].removesuffix(".html") for link in links)
    assert ids == sorted(instruments["instrument_id"])


def test_every_icon_on_the_site_is_drawn_without_fontawesome_js_and_search_is_pagefind_alone(site):
    import re

    from nhs_industry.content import icons

    used = set()
    for page in sitecheck.pages(site):
        text = page.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bfa-([a-z0-9-]+)", " ".join(re.findall(r'class="([^"]*)"', text))))
    sizes = {"lg", "xs", "sm", "xl", "2x", "fw", "solid", "regular", "brands"}
    missing = used - sizes - set(icons.USED)
    assert missing == set(), f"icons used but not drawn by icons.py: {sorted(missing)}"
    assert (site / "_static" / icons.CSS_FILE).exists()
    # The theme's layout names its icon script and Sphinx's search scripts on every page; the site serves small
    # stand-ins instead (the icons are nhs-icons.css, the search is Pagefind), never the 1.5 MB original.
    for stand_in in ("_static/scripts/fontawesome.js", "_static/searchtools.js", "_static/language_data.js", "searchindex.js"):
        assert (site / stand_in).stat().st_size < 1000, stand_in


def test_no_page_remains_for_an_entry_that_is_no_longer_in_the_data(site):
    names = sitecheck.entry_names()
    built = {p.relative_to(site).as_posix() for p in (site / "book" / "entries").glob("*/*.html")}
    assert built - set(names) == set(), "pages for rows no longer in data/: " + ", ".join(sorted(built - set(names)))


@pytest.mark.full
def test_a_search_opened_from_its_address_shows_snippets_and_every_filter_group_even_when_one_arrives_last(page, site):
    """The filter groups' index files arrive one by one, and Pagefind does not redraw a list of groups drawn before
    the last one came: the search must wait for them all (nhs-search.js). Here the last group's file is held back
    until the page has nothing else in flight, by when a search run too early would have drawn its list."""
    import threading
    import time

    from playwright.sync_api import expect

    groups = sorted((site / "_pagefind" / "filter").glob("*.pf_filter"))
    held, release = groups[-1].name, threading.Event()

    class LastGroupHeldBack(browser.QuietHandler):
        def do_GET(self):
            if self.path.endswith(held):
                release.wait(30)
            super().do_GET()

    with browser.serve(site, LastGroupHeldBack) as base:
        try:
            browser.track(page)
            page.goto(f"{base}/book/search-site.html?find=joint%20working")
            # The held group's request comes after the others; on a busy machine the page can fall quiet for a
            # moment before it asks. Wait (up to 30 s) until it has asked, then until everything else is done.
            deadline = time.monotonic() + 30
            while not any(r.url.endswith(held) for r in page.in_flight) and time.monotonic() < deadline:
                page.wait_for_timeout(25)  # lets Playwright deliver the page's request events
            assert any(r.url.endswith(held) for r in page.in_flight), "the search page never asked for the last filter group"
            browser.wait_until_quiet(page, ignoring=held)
        finally:
            release.set()
        expect(page.locator(".pagefind-ui__filter-name")).to_have_count(len(groups))
        filters = {t.strip().lower() for t in page.locator(".pagefind-ui__filter-name").all_inner_texts()}
        assert {"type", "kind", "era"} <= filters, filters
        # A result is drawn first as a placeholder (". . . ." in class pagefind-ui__loading) until its text arrives.
        excerpt = page.locator(".pagefind-ui__result-excerpt:not(.pagefind-ui__loading)").first
        expect(excerpt).to_contain_text("joint", ignore_case=True)
        assert "<mark>" in excerpt.inner_html().lower()
    assert page.log.offsite_requests == [] and page.log.console_errors == []


def test_the_fallback_table_links_every_entry_the_timeline_shows(site):
    import re

    instruments = data.load("instruments")
    text = (site / "book" / "timeline.html").read_text(encoding="utf-8")
    table = text.split('class="nhs-table"', 1)[1].split("</details>", 1)[0]
    linked = set(re.findall(r'href="\.\./book/entries/instruments/([a-z0-9-]+)\.html"', table))
    assert linked == set(instruments["instrument_id"])
    # What a browser without JavaScript shows: one row per instrument, none twice.
    assert table.split("<tbody>", 1)[1].count("<tr>") == len(instruments)


@pytest.mark.full
def test_explorer_search_filters_and_sort_round_trip_through_the_address(page, base_url):
    open_page(page, base_url, "partnerships")
    page.get_by_placeholder("Search the table").fill("COPD")
    page.get_by_role("button", name="Began").click()
    page.wait_for_function("location.search.includes('sort=Began')")
    shown = page.locator(".nhs-table-explorer tbody tr:not([hidden])").count()
    browser.open_settled(page, page.url)
    assert page.get_by_placeholder("Search the table").input_value() == "COPD"
    assert page.locator(".nhs-table-explorer tbody tr:not([hidden])").count() == shown
    assert page.locator("th[aria-sort=ascending]").inner_text().strip() == "Began"


@pytest.mark.full
def test_the_chart_only_page_for_embedding_draws_with_its_source(page, base_url):
    browser.open_settled(page, f"{base_url}/embed/timeline.html")
    page.wait_for_selector(".nhs-timeline-plot .scatterlayer .point")
    assert page.locator(".nhs-timeline-plot .cartesianlayer .scatterlayer .point").count() == len(data.load("instruments"))
    assert "Source:" in page.locator(".nhs-embed-source").inner_text()
    assert page.log.offsite_requests == [] and page.log.console_errors == []


@pytest.mark.full
def test_the_theme_search_box_leads_to_the_site_search(page, base_url):
    page.goto(f"{base_url}/search.html?q=sponsorship")
    page.wait_for_url("**/book/search-site.html?find=sponsorship")
    page.wait_for_selector(".pagefind-ui__result", timeout=15000)
