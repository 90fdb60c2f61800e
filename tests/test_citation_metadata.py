"""Reference managers find each page's citation: its <head> read the way Zotero's "Embedded Metadata" translator
reads it (Highwire citation_* and Dublin Core DC.* tags), giving the page's title, author, date and address."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest

from nhs_industry.content import citation, citemeta, repository
from nhs_industry.model import data, entries, history, schema

# Highwire tag -> Zotero field, as the translator maps them (its HIGHWIRE_MAPPINGS, the ones a page here can carry).
HIGHWIRE = {
    "citation_title": "title",
    "citation_date": "date",
    "citation_publication_date": "date",
    "citation_public_url": "url",
    "citation_publisher": "publisher",
    "citation_language": "language",
}


class Head(HTMLParser):
    """The <meta> tags of <head> only (the translator's XPath is /html/head/meta), each (name or property, content);
    tags without both are skipped, as the translator skips them. Also the schema.* prefixes declared by <link>."""

    def __init__(self):
        super().__init__()
        self.in_head, self.metas, self.prefixes = False, [], {"dc": "http://purl.org/dc/elements/1.1/"}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "meta" and self.in_head:
            name, content = attrs.get("name") or attrs.get("property"), attrs.get("content")
            if name and content:
                self.metas.append((name, content))
        elif tag == "link" and self.in_head and (attrs.get("rel") or "").startswith("schema."):
            self.prefixes[attrs["rel"].split(".", 1)[1].lower()] = attrs.get("href")

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def zotero_item(page: str) -> dict:
    """What the translator would take from the page: Highwire fields (a name matched by its ending, values of
    repeated tags joined, which is why each must appear once), authors, and Dublin Core statements by namespace."""
    head = Head()
    head.feed(page)
    item: dict = {"creators": [], "dc": {}}
    for tag, field in HIGHWIRE.items():
        values = [content for name, content in head.metas if name.endswith(tag)]
        if values:
            item.setdefault(field, ", ".join(v.strip() for v in values))
    for name, content in head.metas:
        if name.endswith("citation_author"):
            item["creators"] += [a.strip() for a in content.split(";") if a.strip()]
        # The translator splits a name at its first '.', ':' or '_' into a namespace prefix and a property.
        split = re.match(r"([^.:_]+)[.:_](.+)", name)
        if split and (head.prefixes.get(split[1].lower()) or "").endswith("/dc/elements/1.1/"):
            item["dc"].setdefault(split[2][:1].lower() + split[2][1:], []).append(content)
    return item


def assert_cites(page: str, title: str, on: date, url: str) -> None:
    item = zotero_item(page)
    assert item["title"] == title
    assert item["date"] == on.strftime("%Y/%m/%d")
    assert item["url"] == url
    assert item["creators"] == [citation.AUTHOR]
    assert item["dc"]["title"] == [title] and item["dc"]["date"] == [on.isoformat()] and item["dc"]["identifier"] == [url]
    assert item["dc"]["creator"] == [citation.AUTHOR]


def test_the_tags_are_read_as_zotero_reads_them():
    docname = "book/timeline"
    page = f"<html><head><title>x</title>{citemeta.meta_tags('Timeline &amp; <em>more</em>', docname)}</head><body></body></html>"
    assert_cites(page, "Timeline & more", citation.page_date(docname), repository.site_url() + "book/timeline.html")


def test_the_reader_fails_on_tags_outside_head_or_repeated():
    tags = citemeta.meta_tags("Timeline", "book/timeline")
    with pytest.raises(KeyError):
        assert_cites(f"<html><head></head><body>{tags}</body></html>", "Timeline", date.today(), "")
    with pytest.raises(AssertionError):
        assert_cites(
            f"<html><head>{tags}{tags}</head></html>",
            "Timeline",
            citation.page_date("book/timeline"),
            repository.site_url() + "book/timeline.html",
        )


def test_an_entry_page_is_dated_by_its_rows_last_change():
    table = "instruments"
    entry_id = data.load(table)[schema.table(table).primary_key].iloc[0]
    changed = history.last_changed(table, entry_id)
    if changed is None:
        pytest.skip("no history in this checkout (shallow clone or archive): entry pages then carry the site's date")
    assert citation.page_date(f"book/entries/{table}/{entry_id}") == changed
    assert f"year = {{{changed.year}}}" in citation.citation_html("T", f"book/entries/{table}/{entry_id}")


def test_the_site_url_is_made_from_the_repository_address():
    owner, name = repository.url().rsplit("/", 2)[-2:]
    assert repository.site_url() == f"https://{owner.lower()}.github.io/{name}/"


@pytest.mark.browser
@pytest.mark.parametrize("table", entries.ENTRY_TABLES)
def test_every_entry_page_carries_its_citation_for_reference_managers(site, table):
    key = schema.table(table).primary_key
    frame = data.load(table)
    for entry_id in frame[key]:
        entry = entries.Entry(table, entry_id)
        page = (site / entry.url).read_text(encoding="utf-8")
        title = zotero_item(page).get("title")
        assert title and "NHSSHELL" not in title, entry.url
        assert_cites(page, title, citation.page_date(entry.docname), repository.page_url(entry.docname))
        changed = history.last_changed(table, entry_id)
        if changed:
            assert f'This entry last changed on <time datetime="{changed.isoformat()}">' in page, entry.url


@pytest.mark.browser
@pytest.mark.clone_smoke
def test_chapters_carry_their_citation_for_reference_managers(site):
    for docname in ("book/timeline", "book/cite", "book/index"):
        page = (site / f"{docname}.html").read_text(encoding="utf-8")
        item = zotero_item(page)
        assert_cites(page, item["title"], citation.site_date(), repository.page_url(docname))
