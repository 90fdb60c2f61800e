"""Era chapters: essays of the right length that tell what their seminars teach, undated entries in their own
period only, and counts on the page that agree with the chart and table beside them."""

from __future__ import annotations

import json
import re

import pytest

from nhs_industry import paths
from nhs_industry.content import era_chapter, eras, seminars
from nhs_industry.model import data

SLUGS = [e.slug for e in eras.ERAS]


def chapter_text(slug: str) -> str:
    return (paths.BOOK_DIR / "eras" / f"{slug}.md").read_text(encoding="utf-8")


def prose(slug: str) -> str:
    """The chapter's words as a reader sees them: no front matter, code cells, citations or MyST markup."""
    text = chapter_text(slug).split("---", 2)[2]
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"\{cite:p\}`[^`]*`", " ", text)
    text = re.sub(r"\{term\}`([^`<]*?)\s*(?:<[^>]*>)?`", r"\1", text)
    text = re.sub(r"\{glue:?\}`[^`]*`", "N", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return text


def words(slug: str) -> int:
    return len(re.findall(r"[A-Za-z0-9][\w’'–-]*", prose(slug)))


@pytest.mark.parametrize("slug", SLUGS)
def test_each_era_chapter_is_a_short_essay(slug):
    assert 900 <= words(slug) <= 1500, f"{slug}: {words(slug)} words (expected 900–1,500)"


@pytest.mark.parametrize("slug", SLUGS)
def test_each_era_narrative_mentions_its_seminars_instruments_and_voices(slug):
    text = " ".join(prose(slug).split())
    instruments = data.load("instruments").set_index("instrument_id")
    for instrument_id in seminars.primary_source_ids(slug):
        row = instruments.loc[instrument_id]
        names = [n for n in (row["title"], row["short_title"], row["reference"]) if n]
        assert any(n in text for n in names), f"{slug}: the narrative never names {instrument_id} ({names})"
    for voice in seminars.plan_voices(slug).to_dict("records"):
        assert seminars.mention_name(voice) in text, f"{slug}: the narrative never names the voice {voice['quote_id']}"


@pytest.mark.parametrize("slug", SLUGS)
def test_era_chapter_cites_only_with_roles_that_resolve(slug):
    """Every citation key is a source id (the build fails otherwise; this names the chapter and the key)."""
    known = set(data.load("sources")["source_id"])
    for keys in re.findall(r"\{cite:p\}`([^`]*)`", chapter_text(slug)):
        for key in keys.split(","):
            assert key.strip() in known, f"{slug}: {key.strip()} is not a source_id"


def spec_of(section_html: str) -> dict:
    payload = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', section_html, flags=re.S).group(1)
    return json.loads(payload.replace("<\\/", "</"))


def test_undated_entries_are_placed_in_one_era_at_most_and_only_by_a_source_date():
    placed = eras.undated_entries()
    assert len(placed), "the data has undated entries"
    sources = data.load("sources").set_index("source_id")
    for row in placed.to_dict("records"):
        if row["era"]:
            era_ = eras.era(row["era"])
            # the date that placed it is a dated source of the entry, whose whole span lies in the era
            assert row["placed_by"] in row["source_ids"], row
            source = sources.loc[row["placed_by"]]
            assert era_.start <= source["published_date_start"].date().isoformat() <= era_.end, row
            assert era_.start <= source["published_date_end"].date().isoformat() <= era_.end, row


@pytest.mark.parametrize("slug", SLUGS)
def test_no_era_lists_another_eras_undated_entries(slug):
    section = era_chapter.sections(slug)
    placed = eras.undated_entries()
    own = placed[placed["era"] == slug]
    others = placed[placed["era"] != slug]
    shown = {u["title"] for u in spec_of(section)["undated"]}
    assert shown == set(own["title"]), f"{slug}: the chart lists undated entries {sorted(shown - set(own['title']))}"
    for title in others["title"]:
        assert title not in shown


@pytest.mark.parametrize("slug", SLUGS)
def test_counts_on_an_era_page_agree_with_its_chart_and_table(slug):
    section = era_chapter.sections(slug)
    spec = spec_of(section)
    drawn = len(spec["rows"])
    table_rows = int(re.search(r"The data in this chart as a table \((\d+) rows\)", section).group(1))
    assert table_rows == drawn, f"{slug}: the table has {table_rows} rows, the chart draws {drawn}"
    body_rows = re.search(r'<details class="nhs-table">.*?<tbody>(.*?)</tbody>', section, flags=re.S).group(1)
    assert body_rows.count("<tr>") == drawn
    contents = eras.contents(slug)
    by_layer = {layer: sum(1 for r in spec["rows"] if r["layer"] == layer) for layer in ("instrument", "partnership", "quote")}
    assert by_layer == {"instrument": len(contents.instruments), "partnership": len(contents.partnerships), "quote": len(contents.quotes)}
    summary = re.search(r'<p class="nhs-era-counts">(.*?)</p>', section, flags=re.S).group(1)
    numbers = [int(n) for n in re.findall(r"\b(\d+)\b", re.sub(r"<[^>]+>", "", summary))]
    assert numbers[:4] == [len(contents.instruments), len(contents.partnerships), len(contents.quotes), drawn], summary
    # the lists beside the chart hold the same entries
    listed = re.search(r'id="instruments-of-the-period">(.*?)</section>', section, flags=re.S).group(1)
    assert listed.count("<li>") == len(contents.instruments)
    partnerships = re.search(r'id="partnerships-of-the-period">(.*?)</section>', section, flags=re.S).group(1)
    own_undated = contents.undated[contents.undated["layer"] == "partnership"]
    assert partnerships.count("<li>") == len(contents.partnerships) + len(own_undated)
