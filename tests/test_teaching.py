"""Seminar-ready: plans for every era, handouts that print, voices with context, exercises computed from the data."""
from __future__ import annotations

import csv
import io
import os
import unicodedata

import pandas as pd
import pytest

from nhs_industry import data, eras, seminars, teaching


def test_every_era_and_the_whole_history_has_an_hour_long_plan():
    assert set(seminars.plans()) == {e.slug for e in eras.ERAS} | {seminars.WHOLE_HISTORY}
    for slug, plan in seminars.plans().items():
        assert sum(minutes for minutes, _ in plan["timings"]) == 60, slug
        assert len(plan["questions"]) >= 3 and all(q["question"] and q["good_answer"] for q in plan["questions"]), slug
        assert len(plan["primary_sources"]) >= 2, slug


def test_primary_sources_of_each_plan_exist_and_are_of_their_era():
    instruments = data.load("instruments").set_index("instrument_id")
    for slug, plan in seminars.plans().items():
        for instrument_id in plan["primary_sources"]:
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


@pytest.mark.browser
@pytest.mark.parametrize("slug", list(seminars.plans()))
def test_handouts_are_a4_with_title_questions_and_a_labelled_timeline(site, slug):
    from pypdf import PdfReader

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
    # The chapter links to its handout.
    if slug != seminars.WHOLE_HISTORY:
        chapter = (site / "book" / "eras" / f"{slug}.html").read_text(encoding="utf-8")
        assert f"../../{seminars.HANDOUT_FOLDER}/{slug}.pdf" in chapter


def test_handout_build_does_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert "<svg" in seminars.handout_html("to-2000") and os.getcwd() == str(tmp_path)
