"""What was allowed, when: every cell agrees with the in-force model, and a ruling on an ended rule never colours a
later cell; on synthetic rules (so the checks have something to catch) and on the real rulings at thirty dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import random
import re
import unicodedata

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import expect
from rows import checked, rule

from nhs_industry import paths
from nhs_industry.content import matrix_view, practice_pages
from nhs_industry.model import data, dates, in_force, matrix, rule_spans, rules, schema, validate

NATIONS = list(schema.nations())


def ruling(instrument_id, stance, practice="p"):
    return {
        "ruling_id": f"{instrument_id}-{practice}",
        "practice_id": practice,
        "instrument_id": instrument_id,
        "stance": stance,
        "quote": "q",
        "quote_basis": "own-text",
        "clause": "",
        "conditions": "",
    }


def grid(rows, rulings):
    spans = rule_spans.spans(rows, checked(rows, "2026-01-01"))
    practices = pd.DataFrame([{"practice_id": "p", "label": "P", "description": "", "position": 1}])
    return matrix.Matrix(
        practices,
        rulings,
        spans,
        {r["instrument_id"]: r["instrument_id"] for r in rows},
        {r["instrument_id"]: r["series_id"] for r in rows if r["series_id"]},
    )


def expected_stance(m: matrix.Matrix, practice: str, on: dt.date, nation: str) -> str:
    """The strictest stance among rulings whose rule the in-force model says is certainly in force, in the nation."""
    order = matrix.strictness()
    live = [
        r["stance"]
        for r in m.rulings
        if r["practice_id"] == practice
        and r["quote_basis"] != matrix.NOT_RECORDED
        and r["instrument_id"] in m.spans
        and m.spans[r["instrument_id"]].applies_in(nation)
        and m.spans[r["instrument_id"]].certainly_in_force(on)
    ]
    return max(live, key=order.get) if live else ""


STANCES = [c.value for c in schema.categories("rulings", "stance")]


@given(
    st.lists(
        st.tuples(
            st.dates(dt.date(1990, 1, 1), dt.date(2020, 12, 31)),
            st.sampled_from(STANCES),
            st.sampled_from(["england", "scotland", "united-kingdom"]),
        ),
        min_size=1,
        max_size=5,
    ),
    st.dates(dt.date(1990, 1, 1), dt.date(2026, 12, 31)),
    st.sampled_from(NATIONS),
)
@settings(max_examples=80)
def test_a_cell_is_the_strictest_ruling_of_the_rules_then_in_force(rules, on, nation):
    rows = [rule(f"r{k}", start.isoformat(), extent=extent) for k, (start, _, extent) in enumerate(rules)]
    # Each rule is replaced by the next one that starts after it, so some have ended by the date.
    for earlier, later in zip(sorted(rows, key=lambda r: r["published_date"]), sorted(rows, key=lambda r: r["published_date"])[1:]):
        if later["published_date"] > earlier["published_date"]:
            later["supersedes_ids"] = earlier["instrument_id"]
    m = grid(rows, [ruling(f"r{k}", stance) for k, (_, stance, _) in enumerate(rules)])
    cell = m.cell("p", on, nation)
    assert cell.stance == expected_stance(m, "p", on, nation)
    for r in cell.rulings:
        span = m.spans[r["instrument_id"]]
        assert span.status(on) == rule_spans.IN_FORCE and span.applies_in(nation)


def test_a_ruling_on_an_ended_rule_never_colours_a_later_cell():
    rows = [
        rule("old", "2000-01-01"),
        rule("new", "2010-06-01", supersedes_ids="old"),
    ]
    m = grid(rows, [ruling("old", "prohibited"), ruling("new", "permitted-with-conditions")])
    assert m.cell("p", dt.date(2005, 7, 1), "england").stance == "prohibited"
    assert m.cell("p", dt.date(2011, 7, 1), "england").stance == "permitted-with-conditions"
    assert m.cell("p", dt.date(2011, 7, 1), "scotland").stance == ""  # an English rule says nothing in Scotland
    changes = m.changes("england")
    assert [(c["on"].year, c["from"], c["to"], c["began"], c["ended"]) for c in changes] == [
        (2000, "", "prohibited", ["old"], []),
        (2010, "prohibited", "permitted-with-conditions", ["new"], ["old"]),
    ]


def thirty_dates():
    first, last = dt.date(matrix.FIRST_YEAR, 1, 1), dates.today()
    return [first + (last - first) / 29 * k for k in range(30)]


@pytest.mark.parametrize("nation", NATIONS)
def test_real_cells_agree_with_the_in_force_model_at_thirty_dates(nation):
    m = matrix.Matrix.load()
    ended = {i: s.end.start for i, s in m.spans.items() if s.end is not None}
    for on in thirty_dates():
        for practice in m.practices["practice_id"]:
            cell = m.cell(practice, on, nation)
            assert cell.stance == expected_stance(m, practice, on, nation), (practice, on)
            assert not [r for r in cell.rulings if r["instrument_id"] in ended and on >= ended[r["instrument_id"]]], (practice, on)


def test_every_ruling_belongs_to_a_practice_and_a_rule():
    rulings, instruments = data.load("rulings"), data.load("instruments").set_index("instrument_id")
    assert set(rulings["practice_id"]) <= set(data.load("practices")["practice_id"])
    assert all(rule_spans.is_rule(instruments.loc[i, "kind"]) for i in rulings["instrument_id"])


def test_an_edition_without_a_ruling_makes_its_years_incomplete_and_the_changes_say_why():
    rows = [
        rule("code-1", "2000-01-01", series_id="code"),
        rule("code-2", "2005-01-01", series_id="code", supersedes_ids="code-1"),
        rule("code-3", "2010-01-01", series_id="code", supersedes_ids="code-2"),
    ]
    m = grid(rows, [ruling("code-1", "prohibited"), ruling("code-3", "permitted")])
    gap = m.cell("p", dt.date(2007, 7, 1), "england")
    assert gap.stance == "" and gap.unrecorded == ("code-2",) and not gap.complete
    assert gap.shade == matrix.INCOMPLETE  # a neutral shade, never a stance colour
    # The incomplete years are named, each change with the rule that began or ended.
    changes = [(c["on"].year, c["from"], c["to"], c["began"], c["ended"]) for c in m.changes("england")]
    assert changes == [
        (2000, "", "prohibited", ["code-1"], []),
        (2005, "prohibited", matrix.INCOMPLETE, ["code-2"], ["code-1"]),
        (2010, matrix.INCOMPLETE, "permitted", ["code-3"], ["code-2"]),
    ]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["1995", "1998-03", "2001-06-01", "2004", "2008-02", "2012-01-01"]),
            st.sampled_from(STANCES + ["unrecorded"]),
        ),
        min_size=1,
        max_size=5,
    )
)
@settings(max_examples=60)
def test_a_cell_s_shade_changes_only_when_a_rule_or_its_word_or_status_changes(rules):
    """Over random rules (some with dates known only to a year or month, some whose words are not recorded), every
    change of shade between two years comes with a rule that began, ended, or changed its word or status."""
    rows = [rule(f"r{k}", start) for k, (start, _) in enumerate(rules)]
    rulings = [
        dict(ruling(f"r{k}", ""), quote_basis="not-recorded", quote="") if stance == "unrecorded" else ruling(f"r{k}", stance)
        for k, (_, stance) in enumerate(rules)
    ]
    m = grid(rows, rulings)
    for change in m.changes("england"):
        assert change["began"] or change["ended"] or change["changed"], change
    for year, nxt in zip(m.years(), m.years()[1:]):
        a, b = m.cell("p", year, "england"), m.cell("p", nxt, "england")
        if a.shade != b.shade:
            assert a.speaking != b.speaking, (year, a.shade, b.shade)
        if b.shade not in ("", matrix.INCOMPLETE):
            assert b.whole and b.stance == b.shade


# ---------------------------------------------------------------- the cells against the in-force page's own answer


def random_dates(count: int = 30, seed: int = 26) -> list[dt.date]:
    """Dates from the matrix's first year to today, drawn at random but the same on every run."""
    first, last = dt.date(matrix.FIRST_YEAR, 1, 1).toordinal(), dates.today().toordinal()
    return [dt.date.fromordinal(day) for day in random.Random(seed).sample(range(first, last + 1), count)]


def disagreements(m: matrix.Matrix, instruments: pd.DataFrame, nation: str, days: list[dt.date]) -> list[tuple]:
    """(practice, date, what the cell says, what the in-force page says) wherever a cell's rulings are not exactly the
    rulings of the rules that in_force.answer (the "rules in force on a date" page) lists as in force that day."""
    out = []
    for on in days:
        live = set(in_force.instruments_in_force(instruments, on, nation)["instrument_id"])
        for practice in m.practices["practice_id"]:
            cell = m.cell(practice, on, nation)
            said = {r["ruling_id"] for r in cell.rulings} | {
                r["ruling_id"]
                for r in m.rulings
                if r["practice_id"] == practice and r["quote_basis"] == matrix.NOT_RECORDED and r["instrument_id"] in cell.unrecorded
            }
            expected = {r["ruling_id"] for r in m.rulings if r["practice_id"] == practice and r["instrument_id"] in live}
            if said != expected:
                out.append((practice, on, sorted(said), sorted(expected)))
    return out


@pytest.mark.parametrize("nation", NATIONS)
def test_every_cell_agrees_with_the_rules_in_force_page_on_thirty_random_dates(nation):
    assert disagreements(matrix.Matrix.load(), data.load("instruments"), nation, random_dates()) == []


def test_the_in_force_check_catches_a_ruling_kept_after_its_rule_ended():
    """The check above can fail: in a matrix that forgets when rules ended (each ended rule's span without its end,
    held by evidence to today), rulings of ended rules colour later cells, and the check names them."""
    m = matrix.Matrix.load()
    ended = {i for i, s in m.spans.items() if s.end is not None}
    assert ended & {r["instrument_id"] for r in m.rulings}, "the data has rulings on ended rules to test with"
    forgetful = {
        i: dataclasses.replace(s, end=None, end_reason="", ended_by="", lapsed=False, evidence_until=dates.today()) if i in ended else s
        for i, s in m.spans.items()
    }
    broken = matrix.Matrix(m.practices, m.rulings, forgetful, m.titles, m.series, m.kinds)
    assert disagreements(broken, data.load("instruments"), rule_spans.DEFAULT_NATION, random_dates())


# ---------------------------------------------------------------- each ruling quotes briefly a text a reader can open


def ruling_problems(data_dir) -> list[str]:
    return [f"{p.column}: {p.message}" for p in validate.problems(data_dir) if p.file.endswith("rulings.csv")]


def edit_csv(path, row_id: str, column: str, value: str) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame[frame.columns[0]] == row_id, column] = value
    frame.to_csv(path, index=False)


def test_every_ruling_quotes_briefly_from_a_text_its_basis_allows_at_an_address():
    """On the real data: each quotation is short and comes from the rule's own text (a primary source with an
    address) or, quoted in or described by, a secondary source; a ruling whose words are not recorded quotes nothing
    (the check of the words against the stored copy is made when a ruling is researched)."""
    rulings, sources = data.load("rulings"), data.load("sources").set_index("source_id")
    assert ruling_problems(paths.DATA_DIR) == []
    for ruling in rulings.to_dict("records"):
        if ruling["quote_basis"] == matrix.NOT_RECORDED:
            assert not ruling["quote"] and not ruling["stance"] and ruling["notes"], ruling["ruling_id"]
            continue
        source = sources.loc[ruling["quote_source_id"]]
        allowed = {"own-text": {"primary"}, "quoted-in": {"secondary"}, "described-by": {"primary", "secondary"}}[ruling["quote_basis"]]
        assert source["evidence"] in allowed, ruling["ruling_id"]
        assert source["url"].startswith(("https://", "http://")) or ruling["quote_basis"] != "own-text", ruling["ruling_id"]
        assert 0 < len(ruling["quote"]) <= rules.QUOTE_LIMIT, ruling["ruling_id"]


def test_a_ruling_quoting_a_source_without_an_address_or_at_length_is_refused(data_copy):
    first = pd.read_csv(data_copy / "rulings.csv", dtype=str, keep_default_na=False).iloc[0]
    edit_csv(data_copy / "sources.csv", first["quote_source_id"], "url", "")
    edit_csv(data_copy / "rulings.csv", first["ruling_id"], "quote", "word " * 100)
    found = ruling_problems(data_copy)
    assert any(p.startswith("quote_source_id") and "no address" in p for p in found), found
    assert any(p.startswith("quote:") and "at most" in p for p in found), found


# ---------------------------------------------------------------- each practice's page answers every year, citing


def practice_pages_by_id() -> dict[str, str]:
    sources = data.load("sources").to_dict("records")
    pages = practice_pages.generate({s["source_id"]: s for s in sources})
    return {docname.rsplit("/", 1)[1]: page for docname, page in pages.items()}


def year_section(page: str, anchor: str) -> str:
    """The period of a practice page that holds a year's anchor: from its heading to the next heading."""
    at = page.index(f'id="{anchor}"')
    start = page.rindex("\n#", 0, at)
    end = page.find("\n#", at)
    return page[start : end if end >= 0 else len(page)]


def unanswered_years(m: matrix.Matrix, pages: dict[str, str]) -> list[tuple]:
    """Each (practice, nation, year) whose page lacks the year's anchor, or whose period there does not quote every
    rule then in force with its clause, or leaves a year without any ruling looking like "allowed"."""
    missing = []
    for practice in m.practices["practice_id"]:
        own = m.nations_of_their_own(practice)
        for nation in NATIONS:
            for on in m.years():
                anchor = matrix_view.answer_anchor(nation, on.year, nation in own)
                if f'id="{anchor}"' not in pages[practice]:
                    missing.append((practice, nation, on.year, "no anchor"))
                    continue
                section, cell = year_section(pages[practice], anchor), m.cell(practice, on, nation)
                for r in cell.rulings:
                    if (
                        f"instruments/{r['instrument_id']}.md" not in section
                        or practice_pages.pages.text(r["quote"]) not in section
                        or r["clause"] not in section
                    ):
                        missing.append((practice, nation, on.year, r["ruling_id"]))
                if not cell.rulings and "does not mean it was allowed" not in section:
                    missing.append((practice, nation, on.year, "an empty year not said plainly"))
    return missing


def test_every_year_of_every_practice_page_is_addressable_and_cites_its_rules_and_clauses():
    m = matrix.Matrix.load()
    pages = practice_pages_by_id()
    assert set(pages) == set(m.practices["practice_id"])
    assert unanswered_years(m, pages) == []


def test_the_practice_page_check_catches_a_missing_year_and_a_missing_clause():
    m = matrix.Matrix.load()
    pages = practice_pages_by_id()
    ruling = next(r for r in m.rulings if r["clause"] and r["practice_id"] == "gifts-and-hospitality")
    pages["gifts-and-hospitality"] = pages["gifts-and-hospitality"].replace(ruling["clause"], "")
    pages["sponsored-posts"] = pages["sponsored-posts"].replace('id="2005"', 'id="y2005"')
    found = unanswered_years(m, pages)
    assert ("sponsored-posts", "england", 2005, "no anchor") in found
    assert any(f[0] == "gifts-and-hospitality" and f[3] == ruling["ruling_id"] for f in found)


# ---------------------------------------------------------------- printed on A4


@dataclasses.dataclass(frozen=True)
class Printed:
    """A run of text as printed in a PDF: where it starts (points from the page's left edge) and its size in points."""

    text: str
    x: float
    size: float
    upright: bool


def printed_pages(pdf: bytes) -> tuple[float, list[list[Printed]]]:
    """The page width and, page by page, the text a PDF prints (pypdf's text visitor: the text matrix times the
    current transformation gives each run's place and scale)."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    out = []
    for page in reader.pages:
        runs: list[Printed] = []

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip():
                a, b, _, _, x, _ = pypdf.mult(tm, cm)
                runs.append(Printed(text.strip(), x, size * (a * a + b * b) ** 0.5, b == 0 and a > 0))

        page.extract_text(visitor_text=visit)
        out.append(runs)
    return float(reader.pages[0].mediabox.width), out


def squeezed(text: str) -> str:
    """Text without its spaces and line breaks, so a label wrapped over two lines still matches, and with the
    printer's ligatures ("ﬀ") as letters."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.full
def test_every_nation_s_matrix_prints_whole_and_legible_on_an_a4_landscape_page_of_its_own(page, base_url):
    """The chapter printed from Chromium as a reader prints it (the page's own CSS chooses A4 landscape): each nation's
    matrix has a page of its own holding its title, the date, every year upright inside the page's width, every
    practice and the key, in type no smaller than 6 pt."""
    m = matrix.Matrix.load()
    page.goto(f"{base_url}/book/allowed.html")
    width, printed = printed_pages(page.pdf(format="A4", print_background=True, prefer_css_page_size=True))
    assert width > 800, "the page did not print landscape"
    for nation in schema.nations().values():
        title = squeezed(f"What was allowed, when: {nation}")
        sheet = next((runs for runs in printed if title in squeezed(" ".join(r.text for r in runs))), None)
        assert sheet is not None, f"no printed page is headed with {nation}'s matrix"
        words = squeezed(" ".join(r.text for r in sheet))
        assert squeezed(f"as recorded on {dates.today().strftime('%-d %B %Y')}") in words
        for label in [*m.practices["label"], *(c.label for c in schema.categories("rulings", "stance")), matrix_view.INCOMPLETE_LABEL]:
            assert squeezed(label) in words, (nation, label)
        years = {r.text: r for r in sheet if r.text in {str(on.year) for on in m.years()}}
        assert sorted(years) == [str(on.year) for on in m.years()], f"a year column is missing from {nation}'s printed page"
        for year in years.values():
            # Each year prints upright, whole and inside the paper (a digit is at most 0.6 em wide).
            assert year.upright and 0 <= year.x and year.x + 4 * 0.6 * year.size <= width, year
        assert min(r.size for r in sheet) >= 6, min(sheet, key=lambda r: r.size)


# ---------------------------------------------------------------- a cell opens its own answer


@pytest.mark.full
def test_every_cell_links_to_its_own_years_answer_on_its_practices_page(page, base_url, site):
    """Each cell of every nation's matrix links to its practice's page at an id that page has; the id names the year."""
    m = matrix.Matrix.load()
    page.goto(f"{base_url}/book/allowed.html")
    hrefs = page.evaluate("() => [...document.querySelectorAll('.nhs-matrix td a')].map(a => a.getAttribute('href'))")
    assert len(hrefs) == len(schema.nations()) * len(m.practices) * len(m.years())
    for href in hrefs:
        path, _, anchor = href.partition("#")
        assert re.fullmatch(r"\.\./book/entries/practices/[a-z0-9-]+\.html", path) and re.fullmatch(r"([a-z-]+-)?\d{4}", anchor), href
        built = (site / path.removeprefix("../")).read_text(encoding="utf-8")
        assert f'id="{anchor}"' in built, href


@pytest.mark.full
def test_clicking_a_cell_opens_the_years_answer_with_its_rule_and_clause(page, base_url):
    """The first whole answer in England whose rules all number their clause: the cell opens the practice's page at
    that year, marked, below the heading of its period, and the answer there names each rule and its clause and
    quotes it."""
    m = matrix.Matrix.load()
    practice, on, cell = first_cell(m, lambda c: c.whole and c.rulings and all(r["clause"] for r in c.rulings))
    label = m.practices.set_index("practice_id").loc[practice, "label"]
    page.goto(f"{base_url}/book/allowed.html")
    row = page.locator(".nhs-matrix").first.locator("tr").filter(has=page.get_by_role("link", name=label, exact=True))
    row.locator("td a").nth(on.year - matrix.FIRST_YEAR).click()
    page.wait_for_url(re.compile(rf"/book/entries/practices/{practice}\.html#{on.year}$"))
    expect(page.locator(".nhs-year-anchor:target")).to_have_text(str(on.year))
    period = page.locator("section", has=page.locator(f"#\\3{str(on.year)[0]} {str(on.year)[1:]}")).last  # the year's period
    expect(period.locator("h2, h3").first).to_be_in_viewport()
    answer = period.inner_text()
    for ruling in cell.rulings:
        assert m.titles[ruling["instrument_id"]] in answer and ruling["clause"] in answer and ruling["quote"] in answer
    assert page.log.console_errors == []


def first_cell(m: matrix.Matrix, wanted, nation: str = "england"):
    """(practice, date, cell) of the first cell in the matrix's order that `wanted` accepts."""
    for practice in m.practices["practice_id"]:
        for on in m.years():
            cell = m.cell(practice, on, nation)
            if wanted(cell):
                return practice, on, cell
    raise AssertionError("no cell in the data to test with")


@pytest.mark.full
def test_a_year_without_a_ruling_or_with_one_missing_says_so_plainly(page, base_url):
    """A cell with no rule recorded says it does not mean the practice was allowed; an incomplete cell names the rule
    whose words are not recorded and says its answer may be incomplete."""
    m = matrix.Matrix.load()
    for wanted, said in [
        (lambda c: c.shade == "", ["No rule recorded", "does not mean it was allowed"]),
        (lambda c: c.shade == matrix.INCOMPLETE and c.unrecorded, ["Incomplete", "Not recorded"]),
    ]:
        practice, on, cell = first_cell(m, wanted)
        page.goto(f"{base_url}/book/entries/practices/{practice}.html#{on.year}")
        anchor = f"#\\3{str(on.year)[0]} {str(on.year)[1:]}"
        answer = page.locator("section", has=page.locator(anchor)).last.inner_text()
        assert all(words in answer for words in said), (practice, on.year, said, answer[:400])
        assert all(m.titles[i] in answer for i in cell.unrecorded), (practice, on.year)


def test_a_ruling_is_no_surer_than_where_its_quotation_comes_from(data_copy):
    """quote_basis decides what the quotation's source must be and how sure the row may be: each rule shown failing."""
    rows = pd.read_csv(data_copy / "rulings.csv", dtype=str, keep_default_na=False)
    sources = pd.read_csv(data_copy / "sources.csv", dtype=str, keep_default_na=False).set_index("source_id")
    primary_quoted, secondary = rows.iloc[0], sources[(sources["evidence"] == "secondary") & (sources["kind"] == "news-article")].index[0]
    edit_csv(data_copy / "rulings.csv", primary_quoted["ruling_id"], "quote_basis", "quoted-in")  # its source is primary
    second = rows.iloc[1]
    edit_csv(data_copy / "rulings.csv", second["ruling_id"], "quote_basis", "described-by")
    edit_csv(data_copy / "rulings.csv", second["ruling_id"], "quote_source_id", secondary)
    edit_csv(data_copy / "rulings.csv", second["ruling_id"], "source_ids", f"{second['source_ids']};{secondary}")
    third = rows.iloc[2]
    edit_csv(data_copy / "rulings.csv", third["ruling_id"], "quote_basis", "not-recorded")  # but it keeps its stance
    found = ruling_problems(data_copy)
    assert any(p.startswith("quote_source_id") and "may reproduce rules" in p for p in found), found
    assert any(p.startswith("confidence") and "at most 'low'" in p for p in found), found
    assert any(p.startswith("stance") and "not-recorded" in p for p in found), found


def test_a_rule_in_force_whose_words_are_not_recorded_leaves_the_cell_incomplete():
    rows = [rule("a", "2000-01-01"), rule("b", "2000-01-01")]
    unknown = dict(ruling("b", ""), quote_basis="not-recorded", quote="", stance="")
    m = grid(rows, [ruling("a", "permitted"), unknown])
    cell = m.cell("p", dt.date(2001, 7, 1), "england")
    assert cell.stance == "permitted" and cell.unrecorded == ("b",) and not cell.complete


def test_an_edition_before_the_first_that_speaks_to_a_practice_is_not_taken_to_speak_to_it():
    rows = [
        rule("code-1", "2000-01-01", series_id="code"),
        rule("code-2", "2005-01-01", series_id="code", supersedes_ids="code-1"),
    ]
    m = grid(rows, [ruling("code-2", "permitted")])
    assert m.cell("p", dt.date(2003, 7, 1), "england").shade == ""  # the term did not exist yet: nothing to record


# ---------------------------------------------------------------- missing data is never shown as history


def test_no_incomplete_cell_shares_a_colour_with_a_stance_in_the_built_matrix(site):
    """Over every cell of every nation's grid on the built page: an incomplete cell has the neutral shade and no stance
    colour; a cell with a stance colour is the stance the model gives it, whole."""
    from bs4 import BeautifulSoup

    colours = schema.colours("rulings", "stance")
    soup = BeautifulSoup((site / "book" / "allowed.html").read_text(encoding="utf-8"), "html.parser")
    cells = soup.select("table.nhs-matrix td")
    assert len(cells) >= 4 * len(data.load("practices")) * len(matrix.Matrix.load().years())
    assert shade_problems(cells, colours) == []
    broken = BeautifulSoup('<td class="nhs-stance nhs-stance-incomplete" style="background-color:#B2182B"></td>', "html.parser")
    assert shade_problems(broken.select("td"), colours) != []  # the check can fail


def shade_problems(cells, colours: dict[str, str]) -> list[str]:
    problems = []
    for cell in cells:
        shade = next(c.removeprefix("nhs-stance-") for c in cell["class"] if c.startswith("nhs-stance-"))
        style = cell.get("style", "")
        if shade in (matrix.INCOMPLETE, "none") and "background" in style:
            problems.append(f"{shade} cell with a colour: {style}")
        if shade in colours and colours[shade] not in style:
            problems.append(f"{shade} cell without its colour: {style}")
    return problems


@pytest.mark.parametrize("nation", NATIONS)
def test_every_change_of_shade_in_the_real_data_names_the_rules_behind_it(nation):
    m = matrix.Matrix.load()
    for change in m.changes(nation):
        assert change["began"] or change["ended"] or change["changed"], change


@pytest.mark.parametrize("nation", NATIONS)
def test_every_rule_in_force_that_speaks_to_a_practice_is_in_that_year_s_answer(nation):
    """A rule whose ruling names the practice, certainly in force in the nation on a year's date, is in the cell:
    with its word, or named as unrecorded; never silently left out of the answer."""
    m = matrix.Matrix.load()
    missing = []
    for on in m.years():
        for practice in m.practices["practice_id"]:
            cell = m.cell(practice, on, nation)
            for ruling in (r for r in m.rulings if r["practice_id"] == practice):
                span = m.spans.get(ruling["instrument_id"])
                if span and span.applies_in(nation) and span.certainly_in_force(on) and ruling["instrument_id"] not in cell.speaking:
                    missing.append((practice, on.year, ruling["instrument_id"]))
    assert missing == []


def test_a_rule_that_may_have_applied_leaves_the_answer_open_only_if_it_could_change_it():
    rows = [rule("sure", "2000-01-01"), rule("maybe", "2005")]  # 'maybe' is known to the year only: uncertain in 2005
    on = dt.date(2005, 7, 1)
    milder = grid(rows, [ruling("sure", "prohibited"), ruling("maybe", "permitted")]).cell("p", on, "england")
    assert milder.shade == "prohibited" and milder.possible, "a milder rule that may have applied cannot change 'prohibited'"
    stricter = grid(rows, [ruling("sure", "permitted"), ruling("maybe", "prohibited")]).cell("p", on, "england")
    assert stricter.shade == matrix.INCOMPLETE, "a stricter rule that may have applied leaves the answer open"
