"""Citable and teachable: CITATION.cff, the bibliography, the glossary, entry citations and the data zip."""
from __future__ import annotations

import html
import json
import re
import zipfile

import pytest
import yaml
from jsonschema import Draft7Validator

from nhs_industry import data, downloads, entries, paths, schema

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


@pytest.mark.browser
def test_handout_prints_the_timeline_to_a4(site, chromium, tmp_path):
    from nhs_industry import handout

    pdf = handout.make_handout(site, tmp_path / "handout.pdf", chromium=chromium)
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", content)
    assert boxes, "no pages in the PDF"
    for width, height in boxes:  # A4 landscape is 842 x 595 points
        assert abs(float(width) - 842) < 3 and abs(float(height) - 595) < 3
