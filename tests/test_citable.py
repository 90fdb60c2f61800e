"""Citable and teachable: CITATION.cff, the bibliography, the glossary, entry citations and the data zip."""

from __future__ import annotations

import html
import json
import re
import zipfile

import pytest
import yaml
from jsonschema import Draft7Validator

from nhs_industry import paths
from nhs_industry.content import downloads
from nhs_industry.model import data, entries, schema

BOOK_PAGES = sorted(p for p in paths.BOOK_DIR.glob("*.md"))


def test_citation_cff_is_valid():
    cff_schema = json.loads((paths.ROOT / "tests" / "vendor" / "cff-schema-1.2.0.json").read_text(encoding="utf-8"))
    citation = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in Draft7Validator(cff_schema).iter_errors(citation)]
    assert errors == []


def test_citation_cff_schema_check_can_fail():
    cff_schema = json.loads((paths.ROOT / "tests" / "vendor" / "cff-schema-1.2.0.json").read_text(encoding="utf-8"))
    assert list(Draft7Validator(cff_schema).iter_errors({"cff-version": "1.2.0", "title": "no authors"}))


def glossary_terms() -> set[str]:
    text = (paths.BOOK_DIR / "glossary.md").read_text(encoding="utf-8")
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    # Sphinx matches glossary terms without regard to case.
    return {line.strip().lower() for line in block.splitlines() if line and not line.startswith(" ")}


@pytest.mark.parametrize("page", BOOK_PAGES, ids=[p.stem for p in BOOK_PAGES])
def test_every_glossary_term_used_in_a_chapter_exists(page):
    used = re.findall(r"\{term\}`([^`<]+?)(?:\s*<([^>]+)>)?`", page.read_text(encoding="utf-8"))
    missing = [target or text for text, target in used if (target or text).strip().lower() not in glossary_terms()]
    assert missing == []


@pytest.mark.browser
def test_every_source_is_in_the_bibliography(site):
    page = (site / "book" / "bibliography.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    sources = data.load("sources")
    assert page.count('role="doc-biblioentry"') == len(sources)
    for title in sources["title"]:
        assert title.replace("'", "’")[:40] in text.replace("'", "’"), title


@pytest.mark.browser
@pytest.mark.parametrize("table", entries.ENTRY_TABLES)
def test_every_entry_page_carries_its_own_citation(site, table):
    key = schema.table(table).primary_key
    for entry_id in data.load(table)[key]:
        entry = entries.Entry(table, entry_id)
        page = (site / entry.url).read_text(encoding="utf-8")
        assert f'data-docname="{entry.docname}"' in page, entry.url
        assert "@misc{nhs-industry-" in page and "APA" in page
        # The sidebar shows where the reader is: the index of this kind of entry, and nothing else, is current.
        assert re.findall(r'<li class="toctree-l1 current active"><a class="(?:current )?reference internal" href="([^"]+)"', page) == [
            f"../{table}.html"
        ], entry.url


SUGGEST = re.compile(r'<a class="nhs-suggest[^"]*" href="([^"]+)"')
CITE = re.compile(
    r'<span class="bibtex-citation"[^>]*>\[<a class="reference internal" href="\.\./\.\./bibliography\.html#([^"]+)"[^>]*>'
    r"([^<]+)</a>\]</span>"
)


def suggestion_problems(site, table, ids=None) -> list[str]:
    """Entry pages whose "Suggest a correction" would not open an issue naming the entry: the link must go to the
    repository's new-issue form with a title and a body that give the entry's id, title and page."""
    from urllib.parse import parse_qs, urlsplit

    from nhs_industry.content import pages

    problems, key = [], schema.table(table).primary_key
    for entry_id in data.load(table)[key] if ids is None else ids:
        entry = entries.Entry(table, entry_id)
        found = SUGGEST.findall((site / entry.url).read_text(encoding="utf-8"))
        if len(found) != 1:
            problems.append(f"{entry.url}: {len(found)} suggest-a-correction links")
            continue
        address = urlsplit(html.unescape(found[0]))
        query = parse_qs(address.query)
        body = query.get("body", [""])[0]
        if (
            f"{address.scheme}://{address.netloc}{address.path}" != pages.repository_url() + "/issues/new"
            or query.get("title") != [f"Correction: {table}/{entry_id}"]
            or f"Id: {table}/{entry_id}" not in body
            or f"Page: {entry.url}" not in body
            or "Entry: " not in body
        ):
            problems.append(f"{entry.url}: {address.geturl()}")
    return problems


@pytest.mark.browser
@pytest.mark.parametrize("table", entries.ENTRY_TABLES)
def test_every_entry_page_offers_a_correction_prefilled_with_the_entry(site, table, tmp_path):
    assert suggestion_problems(site, table) == []
    # The check fails on a page whose link lost its body (as it once did, to an ampersand escaped twice).
    first = data.load(table)[schema.table(table).primary_key].iloc[0]
    broken = tmp_path / entries.Entry(table, first).url
    broken.parent.mkdir(parents=True)
    original = (site / entries.Entry(table, first).url).read_text(encoding="utf-8")
    broken.write_text(original.replace("&amp;body=", "&amp;amp;body="), encoding="utf-8")
    assert any(p.startswith(entries.Entry(table, first).url) for p in suggestion_problems(tmp_path, table, [first]))


@pytest.mark.browser
def test_entry_pages_number_each_source_as_the_bibliography_does(site):
    bibliography = (site / "book" / "bibliography.html").read_text(encoding="utf-8")
    labels = dict(
        re.findall(
            r'<div class="citation" id="([^"]+)" role="doc-biblioentry">\s*<span class="label">'
            r'<span class="fn-bracket">\[</span>([^<]+)<',
            bibliography,
        )
    )
    for table in entries.ENTRY_TABLES:
        frame = data.load(table)
        for _, row in frame.iterrows():
            entry = entries.Entry(table, row[schema.table(table).primary_key])
            cited = CITE.findall((site / entry.url).read_text(encoding="utf-8"))
            assert len(cited) == len(row["source_ids"]), entry.url
            assert [anchor for anchor, _ in cited] == [f"source-{s}" for s in row["source_ids"]], entry.url
            assert all(labels.get(anchor) == number for anchor, number in cited), entry.url


@pytest.mark.full
@pytest.mark.browser
def test_suggest_a_correction_names_the_page_address_in_the_browser(page, base_url):
    from urllib.parse import parse_qs, urlsplit

    entry = entries.Entry("partnerships", data.load("partnerships")["partnership_id"].iloc[-1])
    page.goto(f"{base_url}/{entry.url}")
    body = parse_qs(urlsplit(page.locator("a.nhs-suggest").get_attribute("href")).query)["body"][0]
    assert f"Page: {base_url}/{entry.url}\n" in body, body


@pytest.mark.full
@pytest.mark.browser
def test_citation_is_filled_with_the_page_address_in_the_browser(page, base_url):
    entry = entries.Entry("instruments", data.load("instruments")["instrument_id"].iloc[0])
    page.goto(f"{base_url}/{entry.url}")
    apa = page.locator(".nhs-cite-text[data-cite=APA]").inner_text()
    assert f"{base_url}/{entry.url}" in apa and "{url}" not in apa and "{accessed}" not in apa


@pytest.mark.browser
def test_data_zip_holds_every_csv_and_opens_with_frictionless(site, tmp_path):
    from frictionless import Package

    archive = site / "data" / downloads.ZIP_NAME
    with zipfile.ZipFile(archive) as bundle:
        names = {name.split("/", 1)[1] for name in bundle.namelist()}
        bundle.extractall(tmp_path)
    wanted = {table.path for table in schema.tables().values()}
    assert wanted <= names
    assert {"datapackage.json", "README.md", "LICENSE.md", "CITATION.cff"} <= names
    package = Package(str(tmp_path / "nhs-industry-data" / "datapackage.json"))
    assert {resource.name for resource in package.resources} == set(schema.tables())
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


@pytest.mark.full
@pytest.mark.browser
def test_handout_prints_the_timeline_to_a4(handouts):
    """`./run handout` (run by the fixture) prints the timeline as well as the seminars' handouts."""
    from nhs_industry.commands import handout

    content = handout.HANDOUT.read_bytes()
    assert content.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", content)
    assert boxes, "no pages in the PDF"
    for width, height in boxes:  # A4 landscape is 842 x 595 points
        assert abs(float(width) - 842) < 3 and abs(float(height) - 595) < 3


@pytest.mark.browser
def test_the_home_pages_corrections_paragraph_links_to_the_repositorys_issues(site):
    from nhs_industry.content import repository

    page = (site / "book" / "index.html").read_text(encoding="utf-8")
    corrections = page.split('id="corrections"', 1)[1].split("</section>", 1)[0]
    assert f'href="{repository.issues_url()}"' in corrections, corrections[:2000]
    assert f'href="{repository.url()}"' in corrections
