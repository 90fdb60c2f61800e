"""Search that ranks what matters: ten queries a reader would type, run on the built site's search page (Pagefind's
own UI and index, in Chromium), with the results a reader should see first, checked against the data."""

from __future__ import annotations

import re
import urllib.parse

import browser
import pytest
from playwright.sync_api import expect

from nhs_industry.model import data

ENTRY = "/book/entries/{}.html"


def entry(path: str) -> str:
    return ENTRY.format(path)


# query -> (how many of the first results to look at, the pages that must all be among them). Each expectation is
# the answer in the data (checked in test_the_expected_answers_are_the_right_ones_in_the_data below).
RANKED = {
    # The Department of Health's 2008 best practice guidance is the joint working milestone.
    "joint working": (3, {entry("instruments/dh-joint-working-guidance-2008")}),
    # Integrated care boards as a kind of body and the three boards in the data come first, before the CCG pages
    # that only mention their successors.
    "ICB": (
        4,
        {
            entry("organisations/integrated-care-boards"),
            entry("organisations/nhs-north-east-london-icb"),
            entry("organisations/nhs-lancashire-south-cumbria-icb"),
            entry("organisations/nhs-lincolnshire-icb"),
        },
    ),
    "disclosure": (1, {entry("instruments/disclosure-uk-2016")}),
    # The 2000 guidance on commercial sponsorship and the draft circular before it (with, among them, the practice
    # whose definition names sponsorship: LECTURER_QUERIES).
    "sponsorship": (3, {entry("instruments/commercial-sponsorship-2000"), entry("instruments/commercial-sponsorship-draft-circular")}),
    # Simon Stevens's "Sunshine rules" (a quotation): shown on NHS England's page and in the 2013–2019 chapter.
    "Sunshine": (2, {entry("organisations/nhs-england"), "/book/eras/2013-2019.html"}),
    "Bribery Act": (2, {entry("instruments/bribery-act-2010"), entry("instruments/mojguidance-bribery-2011")}),
    "disease management": (3, {entry("instruments/dh-disease-management-discussion-1996"), entry("instruments/el-94-94")}),
    # The chapter named after it and the practice's own page (what was allowed, year by year) come first.
    "collaborative working": (2, {"/book/eras/2019-today.html", entry("practices/collaborative-working")}),
    "Pfizer": (3, {entry("organisations/pfizer")}),
}
# "ICB": the rules that govern integrated care boards and the partnerships they are in come next, before the
# commissioners of other years and nations whose pages once repeated "ICB" in the description of their kind.
# (Within the first 14: by December 2026 the NHS England 2024 conflicts guidance, the 2013 procurement regulations,
# the glossary's definition and the CCGs that ICBs succeeded rank among them, each naming ICBs in its own text.)
ICB_RULES_AND_PARTNERSHIPS = (
    14,
    {
        entry("instruments/health-and-care-act-2022"),
        entry("instruments/provider-selection-regime-2023"),
        entry("partnerships/kf-lancashire-skin-cancer-sanofi"),
        entry("partnerships/nhs-confederation-astrazeneca-redbridge-cvd"),
    },
)
# "transparency": the transparency milestone first among the rules, and the first five results are rules of the
# transparency theme or chapters, not a body whose page quotes someone saying "transparent".
TRANSPARENCY_FIRST = entry("instruments/disclosure-uk-2016")
# "ABPI Code": every one of the first five results is an edition of the Code.
ABPI_CODE_PREFIX = entry("instruments/abpi-code-").removesuffix(".html")


# What a lecturer types to find what the rules said about a practice. The pages they want, derived from the data
# (lecturer_answers) so that they follow the practices as they are split or renamed: the practices whose name has a
# word beginning with each word of the query (failing that, whose definition has), and the key milestones whose short
# title has. All must be among the first three results. (Pagefind stems words: "hospitality" and "hospitals" are one
# word to it, so the hospital trusts' own titles compete with the practice's name.)
LECTURER_QUERIES = ("hospitality", "nurse", "sponsorship", "gifts", "sponsored post")
LECTURER_FIRST = 3


def names_every_word(text: str, query: str) -> bool:
    words = re.findall(r"[a-z]+", text.lower())
    return all(any(word.startswith(asked) for word in words) for asked in query.lower().split())


def lecturer_answers(query: str) -> set[str]:
    practices = data.load("practices").to_dict("records")
    named = [p for p in practices if names_every_word(p["label"], query)] or [
        p for p in practices if names_every_word(p["description"], query)
    ]
    instruments = data.load("instruments")
    milestones = instruments[instruments["milestone"] == "yes"].to_dict("records")
    return {entry(f"practices/{p['practice_id']}") for p in named} | {
        entry(f"instruments/{m['instrument_id']}") for m in milestones if names_every_word(m["short_title"] or m["title"], query)
    }


def results(page, base_url: str, query: str, at_least: int = 5) -> list[str]:
    """The addresses of the results the search page lists for the query, in order (paths from the site's root);
    Pagefind's UI lists five and a button for more, pressed until at least `at_least` are listed (or no more)."""
    browser.open_settled(page, f"{base_url}/book/search-site.html?find={urllib.parse.quote(query)}")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=20000)
    more = page.get_by_role("button", name="Load more results")
    while page.locator(".pagefind-ui__result").count() < at_least and more.count():
        shown = page.locator(".pagefind-ui__result").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('.pagefind-ui__result').length > {shown}", timeout=20000)
    # Pagefind lists its results in rank order as placeholders and fills each as its fragment arrives, in any order:
    # read them once every listed result has its link, or a late first result reads as a lower rank.
    page.wait_for_function(
        "() => { const shown = document.querySelectorAll('.pagefind-ui__result');"
        " return shown.length > 0 && [...shown].every(r => r.querySelector('.pagefind-ui__result-link')); }",
        timeout=20000,
    )
    links = page.locator(".pagefind-ui__result-link").evaluate_all("links => links.map(a => a.href)")
    return [urllib.parse.urlsplit(link).path for link in links]


@pytest.mark.full
@pytest.mark.parametrize("query", sorted(RANKED))
def test_a_reader_s_query_puts_the_right_pages_first(page, base_url, query):
    first, expected = RANKED[query]
    found = results(page, base_url, query)
    assert expected <= set(found[:first]), f"{query!r}: first results {found[: max(first, 5)]}"
    assert "/genindex.html" not in found and "/book/search-site.html" not in found


@pytest.mark.full
@pytest.mark.parametrize("query", LECTURER_QUERIES)
def test_a_lecturer_s_word_for_a_practice_puts_its_page_and_its_rule_in_the_first_three(page, base_url, query):
    expected = lecturer_answers(query)
    found = results(page, base_url, query)
    assert expected <= set(found[:LECTURER_FIRST]), f"{query!r}: wanted {sorted(expected)}; first results {found[:5]}"


@pytest.mark.full
def test_icb_finds_the_rules_and_partnerships_of_integrated_care_boards_before_boilerplate(page, base_url):
    first, expected = ICB_RULES_AND_PARTNERSHIPS
    found = results(page, base_url, "ICB", at_least=first)
    assert expected <= set(found[:first]), found[:first]


@pytest.mark.full
def test_transparency_lists_the_transparency_rules_first(page, base_url):
    found = results(page, base_url, "transparency", at_least=5)
    transparency = {entry(f"instruments/{i}") for i in transparency_instruments()}
    assert TRANSPARENCY_FIRST in found[:3], found[:5]
    assert all(path in transparency or not path.startswith("/book/entries/") for path in found[:5]), found[:5]


def transparency_instruments() -> list[str]:
    instruments = data.load("instruments")
    return list(instruments[instruments["themes"].apply(lambda themes: "transparency" in themes)]["instrument_id"])


@pytest.mark.full
def test_abpi_code_lists_editions_of_the_code_first(page, base_url):
    found = results(page, base_url, "ABPI Code")
    assert len(found) >= 5 and all(path.startswith(ABPI_CODE_PREFIX) for path in found[:5]), found[:5]


@pytest.mark.full
def test_a_term_in_no_row_says_so(page, base_url):
    browser.open_settled(page, f"{base_url}/book/search-site.html?find=zzxqqyv")
    expect(page.locator(".pagefind-ui__message")).to_have_text("No results for zzxqqyv", timeout=20000)
    assert page.locator(".pagefind-ui__result").count() == 0


def test_the_expected_answers_are_the_right_ones_in_the_data():
    """The pinned answers are what the data says, so a test result that passes means the reader got the answer."""
    instruments = data.load("instruments").set_index("instrument_id")
    guidance = instruments.loc["dh-joint-working-guidance-2008"]
    assert guidance["milestone"] == "yes" and guidance["published_date"].startswith("2008") and "joint-working" in guidance["themes"]
    organisations = data.load("organisations").set_index("organisation_id")
    icbs = [o for o in organisations.index if organisations.loc[o, "name"].endswith("Integrated Care Board")]
    assert organisations.loc["integrated-care-boards", "short_name"] == "ICBs"
    assert sorted(entry(f"organisations/{o}") for o in icbs + ["integrated-care-boards"]) == sorted(RANKED["ICB"][1])
    assert "integrated-care-boards" in organisations.loc["clinical-commissioning-groups", "successor_ids"]
    assert "integrated care boards" in instruments.loc["health-and-care-act-2022", "summary"]
    assert "ICBs" in instruments.loc["provider-selection-regime-2023", "summary"]
    partnerships = data.load("partnerships").set_index("partnership_id")
    for partnership in ("kf-lancashire-skin-cancer-sanofi", "nhs-confederation-astrazeneca-redbridge-cvd"):
        assert set(partnerships.loc[partnership, "nhs_partner_ids"]) & set(icbs)
    assert "disclosure-uk-2016" in transparency_instruments() and instruments.loc["disclosure-uk-2016", "milestone"] == "yes"
    assert "Disclosure UK" == instruments.loc["disclosure-uk-2016", "title"]
    assert all(
        "sponsorship" in instruments.loc[i, "title"].lower()
        for i in ("commercial-sponsorship-2000", "commercial-sponsorship-draft-circular")
    )
    quotes = data.load("quotes").set_index("quote_id")
    assert (
        "Sunshine" in quotes.loc["stevens-sunshine-rules", "text"]
        and quotes.loc["stevens-sunshine-rules", "organisation_id"] == "nhs-england"
    )
    assert instruments.loc["bribery-act-2010", "title"] == "Bribery Act 2010"
    assert all("disease management" in instruments.loc[i, "title"].lower() for i in ("dh-disease-management-discussion-1996", "el-94-94"))
    assert organisations.loc["pfizer", "name"] == "Pfizer"
    codes = instruments[instruments.index.str.startswith("abpi-code-")]
    assert len(codes) >= 5 and (codes["kind"] == "industry-code").all()
    practices = data.load("practices").set_index("practice_id")
    assert "collaborative working" == practices.loc["collaborative-working", "label"].lower()
    for query in LECTURER_QUERIES:
        answers = lecturer_answers(query)
        assert 1 <= len(answers) <= LECTURER_FIRST and any("/practices/" in a for a in answers), (query, answers)
    # Today's answers, for the record: the practice whose name is the word, or (nurse, sponsorship) whose definition
    # names it, and the 2000 guidance on commercial sponsorship, a key milestone.
    assert entry("practices/sponsored-posts") in lecturer_answers("nurse") and "nurse" in practices.loc["sponsored-posts", "description"]
    assert entry("instruments/commercial-sponsorship-2000") in lecturer_answers("sponsorship")
