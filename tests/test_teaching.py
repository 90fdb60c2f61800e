"""Seminar-ready: plans for every era, handouts that print, voices with context, exercises computed from the data."""

from __future__ import annotations

import csv
import html
import io
import os
import re
import unicodedata

import pandas as pd
import pytest

from nhs_industry.content import eras, seminars, teaching
from nhs_industry.model import data, schema


def test_every_era_and_the_whole_history_has_an_hour_long_plan():
    assert set(seminars.plans()) == {e.slug for e in eras.ERAS} | {seminars.WHOLE_HISTORY}
    for slug, plan in seminars.plans().items():
        assert sum(minutes for minutes, _ in plan["timings"]) == 60, slug
        assert len(plan["questions"]) >= 3 and all(q["question"] and q["good_answer"] for q in plan["questions"]), slug
        assert len(seminars.primary_source_ids(slug)) >= 2, slug


def test_primary_sources_of_each_plan_exist_and_are_of_their_era():
    instruments = data.load("instruments").set_index("instrument_id")
    for slug in seminars.plans():
        for instrument_id in seminars.primary_source_ids(slug):
            assert instrument_id in instruments.index, (slug, instrument_id)
            if slug != seminars.WHOLE_HISTORY:
                when = instruments.loc[instrument_id, "published_date_mid"]
                assert eras.era(slug).contains(pd.Series([when])).all(), (slug, instrument_id)


def test_every_quotation_in_teaching_material_says_who_when_where_and_why():
    voices = teaching.voices_with_context()
    assert len(voices)
    for column in ("speaker", "role", "date", "outlet", "source_title", "context"):
        empty = voices[voices[column].fillna("").str.strip() == ""]
        assert empty.empty, f"{column} missing for {list(empty['quote_id'])}"


def test_reading_lists_put_primary_documents_first():
    for slug in seminars.plans():
        evidence = list(seminars.reading_list(slug)["evidence"])
        assert evidence == sorted(evidence, key=lambda e: e != "primary"), slug


@pytest.mark.parametrize("exercise", teaching.EXERCISES, ids=[e["id"] for e in teaching.EXERCISES])
def test_the_pandas_code_shown_to_students_gives_the_answer_shown(exercise, monkeypatch):
    from nhs_industry import paths

    monkeypatch.chdir(paths.DATA_DIR)  # students run it beside the downloaded CSVs
    scope: dict = {}
    exec(exercise["pandas"], scope)
    expected = exercise["answer"]()
    shown = scope["answer"]
    assert list(shown.index) == list(expected.index) and list(shown.values) == list(expected.values)


def test_exercise_answers_change_when_the_data_changes(data_copy):
    before = {e["id"]: e["answer"](data_copy).to_dict() for e in teaching.EXERCISES}
    path = data_copy / "partnerships.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[0]["model"] = "consultancy" if rows[0]["model"] != "consultancy" else "sponsorship"
    rows[1]["confidence"] = "low" if rows[1]["confidence"] != "low" else "high"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    data._dataset.cache_clear()
    after = {e["id"]: e["answer"](data_copy).to_dict() for e in teaching.EXERCISES}
    assert after["models"] != before["models"] and after["confidence"] != before["confidence"]


@pytest.mark.full
@pytest.mark.browser
@pytest.mark.parametrize("slug", list(seminars.plans()))
def test_handouts_are_a4_with_title_questions_and_a_labelled_timeline(handouts, slug):
    from pypdf import PdfReader

    site = handouts
    pdf = site / seminars.HANDOUT_FOLDER / f"{slug}.pdf"
    reader = PdfReader(str(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842), "A4 portrait in points"
    # Compare without whitespace and with ligatures ("ﬀ") unfolded: PDF text extraction varies in both.
    flat = lambda t: "".join(unicodedata.normalize("NFKC", t).split())  # noqa: E731
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    plan = seminars.plan(slug)
    assert flat(plan["title"]) in text
    for question in plan["questions"]:
        assert flat(question["question"]) in text
    key = seminars.key_instruments(slug)
    assert len(key) and all(flat(row["short_title"] or row["title"])[:30] in text for _, row in key.iterrows())
    if slug == seminars.WHOLE_HISTORY:
        return
    # The chapter links to its handout.
    chapter = (site / "book" / "eras" / f"{slug}.html").read_text(encoding="utf-8")
    assert f"../../{seminars.HANDOUT_FOLDER}/{slug}.pdf" in chapter
    # An era's handout carries the era's chart, every instrument of it, printed whole: one sheet holds every lane
    # (the kinds the era holds, labelled from the schema).
    page = (site / seminars.HANDOUT_FOLDER / f"{slug}.html").read_text(encoding="utf-8")
    assert 'class="nhs-handout-chart"' in page, "no chart of the era in its handout"
    chart = page.split('class="nhs-handout-chart"', 1)[1].split("</figure>", 1)[0]
    held = eras.contents(slug)
    assert all(html.escape(title) in chart for title in held.instruments["title"]), slug
    labels = schema.labels("instruments", "kind")
    lanes = [labels[k] for k in labels if k in set(held.instruments["kind"])]
    sheets = [" ".join(sheet.extract_text().split()) for sheet in reader.pages]
    assert lanes and any(all(lane in sheet for lane in lanes) for sheet in sheets), (slug, lanes)


def test_handout_build_does_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert "<svg" in seminars.handout_html("to-2000") and os.getcwd() == str(tmp_path)


# ---------------------------------------------------------------- seminar packs that match their plans

ERA_PLANS = [e.slug for e in eras.ERAS]


@pytest.mark.parametrize("slug", ERA_PLANS)
def test_each_plans_voices_are_balanced_or_say_what_the_data_lacks(slug):
    voices = seminars.plan_voices(slug)
    counts = voices["stance_value"].value_counts().to_dict()
    wanted = {"for": 2, "against": 2, "mixed": 1}
    short = [stance for stance, n in wanted.items() if counts.get(stance, 0) < n]
    note = seminars.plan(slug).get("voices_note", "")
    for stance in short:
        assert stance in note.lower(), f"{slug}: {counts}; the plan must say plainly that the data lacks {stance} voices"
    assert set(voices["quote_id"]) <= set(data.load("quotes")["quote_id"])
    section = seminars.seminar_html(slug, "../../")
    assert all(v in section for v in voices["text"].map(lambda t: __import__("html").escape(t)))
    if note:
        assert __import__("html").escape(note) in section


@pytest.mark.parametrize("slug", ERA_PLANS)
def test_dated_plan_voices_are_of_their_era(slug):
    voices = seminars.plan_voices(slug)
    dated = voices[voices["said_date_mid"].notna()]
    assert eras.era(slug).contains(dated["said_date_mid"]).all(), slug


@pytest.mark.parametrize("slug", list(seminars.plans()))
def test_every_primary_source_of_a_plan_is_the_document_or_says_it_is_not_stored(slug):
    for instrument_id in seminars.primary_source_ids(slug):
        document = seminars.primary_document(slug, instrument_id)
        if document["source"] is not None:
            assert document["source"]["kind"] in seminars.DOCUMENT_KINDS, (slug, instrument_id, document["source"]["kind"])
        else:
            assert document["not_stored"], f"{slug}: {instrument_id} has no stored document and the plan does not say so"
            if document["record"] is None:
                assert "no official record" in document["not_stored"], (slug, instrument_id)
            else:
                assert document["record"]["kind"] not in seminars.LATER_ACCOUNT_KINDS, (slug, instrument_id)
                cited = data.load("instruments").set_index("instrument_id").loc[instrument_id, "source_ids"]
                assert document["record"]["source_id"] in cited, (slug, instrument_id)
    page = seminars.seminar_html(slug, "../../")
    handout = seminars.handout_html(slug)
    for instrument_id in seminars.primary_source_ids(slug):
        document = seminars.primary_document(slug, instrument_id)
        if document["source"] is None:
            escaped = __import__("html").escape(document["not_stored"])
            assert escaped in page and escaped in handout


@pytest.mark.parametrize("slug", list(seminars.plans()))
def test_reading_lists_are_ranked_with_a_reason_for_each(slug):
    reading = seminars.reading(slug)
    essential, further = reading[reading["tier"] == "essential"], reading[reading["tier"] == "further"]
    assert 1 <= len(essential) <= 5 and len(further) <= 10, (slug, len(essential), len(further))
    assert list(reading["tier"]) == sorted(reading["tier"], key=lambda t: t != "essential")
    assert reading["source_id"].is_unique
    assert all(w.strip().endswith(".") and len(w.split()) >= 5 for w in reading["why"]), slug
    page = seminars.seminar_html(slug, "../../")
    for why in reading["why"]:
        assert __import__("html").escape(why) in page


@pytest.mark.parametrize("slug", list(seminars.plans()))
def test_printed_handouts_carry_the_addresses_of_their_sources(slug):
    handout = seminars.handout_html(slug)
    sources = data.load("sources").set_index("source_id")
    reading = seminars.reading(slug)
    for source_id in reading["source_id"]:
        url = sources.loc[source_id, "url"]
        if url.startswith("http"):
            assert f">{__import__('html').escape(url)}<" in handout, (slug, source_id)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in handout


@pytest.mark.parametrize("slug", list(seminars.plans()))
def test_a_printed_handout_links_only_to_full_addresses(slug):
    """A relative link in a handout prints as a file:// address of the folder it was printed from (the era chart's
    marks once did), which means nothing on paper and differs from build to build."""
    import re

    links = re.findall(r'href="([^"]*)"', seminars.handout_html(slug))
    assert [link for link in links if not link.startswith(("http://", "https://"))] == []


@pytest.mark.full
@pytest.mark.browser
@pytest.mark.parametrize("slug", list(seminars.plans()))
def test_handout_pages_are_readable_on_a_phone(chromium, tmp_path, slug):
    path = tmp_path / f"{slug}.html"
    path.write_text(seminars.handout_html(slug), encoding="utf-8")
    context = chromium.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(path.as_uri())
    width = page.evaluate("document.documentElement.scrollWidth")
    font = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    context.close()
    assert width <= 375, f"{slug}: the handout is {width}px wide on a 375px phone"
    assert font >= 14, f"{slug}: body text {font}px"


def test_the_compare_activitys_lists_are_headed_with_months_in_words():
    """Without JavaScript the activity shows its two default months' lists: headed "January 2007", not "2007-01"."""
    widget = teaching.compare_widget(data.load("instruments"), "2007-01", "2024-01", "../")
    headings = re.findall(r"<h4>(.*?)</h4>", widget)
    assert len(headings) == 3, headings
    assert "in January 2007 and no longer in January 2024" in headings[0], headings
    assert [h for h in headings if re.search(r"\d{4}-\d{2}", h)] == [], headings
