"""The data package itself: schema complete, CSVs in canonical form, every row sourced, dates honest."""

from __future__ import annotations

import subprocess

import pytest

from nhs_industry import paths
from nhs_industry.model import canonical, data, dates, schema

TABLES = list(schema.tables())


def test_every_field_and_allowed_value_is_described():
    for table in schema.tables().values():
        for field in table.fields:
            assert field.description.strip(), f"{table.path}: {field.name} has no description"
            for category in field.categories:
                assert category.label.strip(), f"{table.path}: {field.name}: allowed value {category.value!r} has no label"


@pytest.mark.parametrize(
    "table,field",
    [("instruments", "kind"), ("organisations", "kind"), ("partnerships", "model"), ("quotes", "stance"), ("periods", "parties")],
)
def test_charted_categories_each_have_their_own_colour(table, field):
    categories = schema.categories(table, field)
    colours = [c.colour for c in categories]
    assert all(colours), f"{table}.{field}: a value has no x-colour"
    if field != "kind" or table != "organisations":  # organisation kinds may share a family colour
        assert len(set(colours)) == len(colours), f"{table}.{field}: two values share a colour"


def test_vocabulary_for_the_browser_covers_every_categorical_field():
    vocabulary = schema.vocabulary()
    for table in schema.tables().values():
        for field in table.fields:
            if field.categories:
                assert [c["value"] for c in vocabulary[f"{table.name}.{field.name}"]] == list(field.enum)


def test_every_table_cites_sources():
    for table in schema.tables().values():
        if table.name == "sources":
            continue
        # source_ids for most tables; a status check names the one source that found the rule current (source_id)
        citing = [f for f in table.fields if f.references == "sources" and f.name in ("source_ids", "source_id")]
        assert citing and citing[0].required, table.name


@pytest.mark.parametrize("name", TABLES)
def test_csv_is_in_canonical_form(name):
    table = schema.table(name)
    assert table.path not in canonical.files_not_canonical(), (
        f"data/{table.path} is not in canonical form (schema column order, sorted by id, LF); run `python -m nhs_industry format`"
    )


@pytest.mark.parametrize("name", TABLES)
def test_loader_types_partial_dates_and_lists(name):
    frame = data.load(name)
    table = schema.table(name)
    assert list(frame[table.primary_key]) == sorted(frame[table.primary_key])
    for field in table.fields:
        if field.partial_date:
            filled = frame[frame[field.name] != ""]
            assert (filled[f"{field.name}_start"] <= filled[f"{field.name}_end"]).all()
        if field.is_list:
            assert frame[field.name].map(lambda v: isinstance(v, list)).all()


def test_seed_articles_are_all_sources():
    seeds = data.load("sources").query("seed_file != ''")
    assert len(seeds) == 5
    assert seeds["seed_file"].is_unique


def test_partial_dates_keep_their_precision():
    assert dates.parse("1994").precision == "year"
    assert dates.parse("2000-11").label == "Nov 2000"
    assert dates.parse("2024-11-18").label == "18 Nov 2024"
    assert dates.parse("2000-02").end.day == 29  # a leap year
    with pytest.raises(ValueError):
        dates.parse("2000-02-30")
    with pytest.raises(ValueError):
        dates.parse("c. 2000")


def test_today_can_be_fixed_for_reproducible_checks(monkeypatch):
    monkeypatch.setenv(dates.TODAY_VARIABLE, "2020-05-01")
    assert dates.today().isoformat() == "2020-05-01"


def test_every_source_is_cited_somewhere():
    cited = {
        source
        for name in schema.tables()
        if name not in ("sources", "status_checks")
        for ids in data.load(name)["source_ids"]
        for source in ids
    }
    cited |= set(data.load("status_checks")["source_id"])
    unused = set(data.load("sources")["source_id"]) - cited
    assert unused == set(), "sources listed but never cited: " + ", ".join(sorted(unused))


# The coverage the dataset promises readers (issue: the dataset). Lowering a number is a decision
# to record in CHANGELOG.md, not a way to make a test pass.
MINIMUM_ROWS = {"instruments": 120, "organisations": 100, "partnerships": 40, "quotes": 40, "periods": 10, "story": 10}


def test_every_era_has_at_least_three_dated_voices():
    from nhs_industry.content import eras

    quotes = data.load("quotes")
    for era in eras.ERAS:
        assert era.contains(quotes["said_date_mid"]).sum() >= 3, era.title


def test_every_series_has_editions_and_every_edition_a_declared_series():
    series = data.load("series")
    instruments = data.load("instruments")
    used = set(instruments["series_id"]) - {""}
    assert used <= set(series["series_id"]) and not (set(series["series_id"]) - used), "every series has editions"


def test_no_source_is_on_a_mirror_a_staging_server_or_a_shortener():
    """A reviewer sees a new source's address in the pull request's data diff (`nhs_industry diff`); this catches
    the hosts that are never the original."""
    from urllib.parse import urlparse

    hosts = sorted({urlparse(u).hostname for u in data.load("sources")["url"] if u})
    forbidden = (
        "staging",
        "docplayer",
        "fdocuments",
        "scribd",
        "pdfslide",
        "docslib",
        "documents.pub",
        "bit.ly",
        "tinyurl",
        "workers.dev",
        "devtester",
        "wikipedia",
        "wikimili",
        "dummies.com",
        "yumpu",
    )
    assert [h for h in hosts if any(f in h for f in forbidden)] == []


@pytest.mark.parametrize("name,minimum", MINIMUM_ROWS.items())
def test_dataset_has_the_promised_coverage(name, minimum):
    assert len(data.load(name)) >= minimum


def test_every_kind_of_instrument_is_represented():
    used = set(data.load("instruments")["kind"])
    assert used == set(schema.table("instruments").field("kind").enum)


def test_every_row_has_a_confidence_and_uncertain_rows_explain_why():
    for name in schema.tables():
        frame = data.load(name)
        unexplained = frame[(frame["confidence"] == "low") & (frame["notes"].str.len() < 20)]
        assert unexplained.empty, f"{name}: low-confidence rows without a note: {list(unexplained.iloc[:, 0])}"


def test_windows_line_endings_are_caught_by_the_check_and_fixed_by_format(data_copy):
    """Excel saves CSVs with CRLF line endings; `format --check` must see it and `format` must fix it."""
    path = data_copy / "instruments.csv"
    lf = path.read_bytes()
    path.write_bytes(lf.replace(b"\n", b"\r\n"))
    assert canonical.files_not_canonical(data_copy) == ["instruments.csv"]
    assert canonical.format_all(data_copy) == ["instruments.csv"]
    assert path.read_bytes() == lf
    assert canonical.files_not_canonical(data_copy) == []


def test_gitattributes_keeps_csvs_lf():
    """Git on Windows (core.autocrlf) would otherwise check the CSVs out with CRLF endings."""
    result = subprocess.run(
        ["git", "check-attr", "eol", "text", "--", "data/instruments.csv"], cwd=paths.ROOT, capture_output=True, text=True, check=True
    )
    assert "eol: lf" in result.stdout, result.stdout
