"""When rules are in force: properties over random partial dates and chains, and invariants over the real data."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nhs_industry.model import data, dates, in_force, rule_spans

# ---------------------------------------------------------------- random partial dates and chains


@st.composite
def partial_dates(draw, first_year=1950, last_year=2025):
    year = draw(st.integers(first_year, last_year))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return f"{year}"
    month = draw(st.integers(1, 12))
    if precision == "month":
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{draw(st.integers(1, 28)):02d}"


def rule(instrument_id, published, in_force_date="", end_date="", end_reason="", series_id="", supersedes=""):
    return {
        "instrument_id": instrument_id,
        "kind": "guidance",
        "published_date": published,
        "in_force_date": in_force_date,
        "end_date": end_date,
        "end_reason": end_reason,
        "series_id": series_id,
        "supersedes_ids": supersedes,
    }


def every_month(first: dt.date, last: dt.date):
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield dt.date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@given(partial_dates(), st.dates(dt.date(1940, 1, 1), dt.date(2030, 12, 31)))
def test_a_rule_is_never_in_force_before_its_start_could_have_happened(start, on):
    span = rule_spans.spans([rule("a", start)])["a"]
    parsed = dates.parse(start)
    status = span.status(on)
    if on < parsed.start:
        assert status == rule_spans.NOT_YET
    elif on <= parsed.end and parsed.precision != "day":
        assert status == rule_spans.STARTING  # "coming into force some time in ...", never "in force"
    elif on <= dates.years_after(parsed.end, 3):
        assert status == rule_spans.IN_FORCE  # its own start is the evidence, for three years
    else:
        assert status == rule_spans.UNCHECKED  # no end recorded, and nothing since says it still applies


@given(st.lists(partial_dates(), min_size=2, max_size=6, unique=True))
@settings(max_examples=60)
def test_editions_of_a_series_are_never_in_force_together(starts):
    rows = [rule(f"e{i}", start, series_id="s") for i, start in enumerate(starts)]
    spans = rule_spans.spans(rows)
    first = min(dates.parse(s).start for s in starts)
    for on in every_month(first, dt.date(2026, 12, 1)):
        live = [i for i, span in spans.items() if span.certainly_in_force(on)]
        assert len(live) <= 1, (on, live)


@given(partial_dates(1950, 2000), partial_dates(2001, 2025))
def test_supersession_ends_what_it_supersedes(older, newer):
    spans = rule_spans.spans([rule("old", older), rule("new", newer, supersedes="old")])
    new_start = dates.parse(newer)
    assert spans["old"].ended_by == "new"
    after = new_start.end + dt.timedelta(days=1)
    assert spans["old"].status(after) == rule_spans.ENDED
    assert spans["new"].status(after) == rule_spans.IN_FORCE


@given(partial_dates(1950, 2000), partial_dates(2001, 2025))
def test_a_lapsed_rule_is_over_by_its_date_and_in_force_only_while_its_start_is_evidence(start, by):
    span = rule_spans.spans([rule("a", start, end_date=by, end_reason="lapsed")])["a"]
    assert span.status(dates.parse(by).start) == rule_spans.ENDED
    assert "exact end not known" in span.end_text
    evidence = dates.years_after(dates.parse(start).end, 3)
    assert not any(span.certainly_in_force(on) for on in every_month(dates.parse(start).start, dates.parse(by).start) if on > evidence)


def test_a_year_only_start_is_uncertain_for_that_year():
    """The NHS Reform Act 2002 was not law on 1 April 2002 just because its year is 2002."""
    span = rule_spans.spans([rule("act", "2002")])["act"]
    assert span.status(dt.date(2002, 4, 1)) == rule_spans.STARTING
    assert span.status(dt.date(2003, 1, 1)) == rule_spans.IN_FORCE


# ---------------------------------------------------------------- the real data, every month


def test_real_rules_are_consistent_every_month_from_the_first_to_today():
    instruments = data.load("instruments")
    frame = in_force.rules(instruments)
    spans = dict(zip(frame["instrument_id"], frame["span"]))
    series = instruments.set_index("instrument_id")["series_id"]
    first = min(span.start.start for span in spans.values())
    for on in every_month(first, dates.today()):
        live = [i for i, span in spans.items() if span.certainly_in_force(on)]
        for i in live:
            assert spans[i].start.end <= on or spans[i].start.precision == "day" and spans[i].start.start <= on, (i, on)
            assert spans[i].end is None or on < spans[i].end.start, (i, on)
        in_series = [series[i] for i in live if series[i]]
        doubled = {s for s in in_series if in_series.count(s) > 1}
        assert not doubled, f"{on}: two editions of {doubled} in force"


def test_replaced_rules_are_not_listed_as_in_force_today():
    instruments = data.load("instruments")
    live = set(in_force.instruments_in_force(instruments, dates.today())["instrument_id"])
    replaced = {old for ids in instruments["supersedes_ids"] for old in ids}
    assert not live & replaced, sorted(live & replaced)


@pytest.mark.parametrize("kind", ["report", "strategy", "consultation", "ruling"])
def test_events_are_never_rules(kind):
    frame = in_force.rules(data.load("instruments"))
    assert (frame["kind"] != kind).all()
