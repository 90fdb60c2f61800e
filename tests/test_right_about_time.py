"""Right about time: rules end when what they depend on ends, a body is named as it was then, and "in force" needs
evidence. Properties over random names, renamings, series and dates, and the same invariants over the real data at
thirty dates from 1960 to today in every nation, each checker shown failing on a wrong answer."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rows import checked, rule

from nhs_industry.model import data, dates, in_force, names, reported, rule_spans, schema
from nhs_industry.model.validate import load_dataset

NATIONS = list(schema.nations())


days = st.dates(dt.date(1950, 1, 1), dt.date(2030, 12, 31))


@st.composite
def partial_dates(draw, first_year=1950, last_year=2025):
    day = draw(st.dates(dt.date(first_year, 1, 1), dt.date(last_year, 12, 28)))
    return draw(st.sampled_from([f"{day.year}", f"{day:%Y-%m}", day.isoformat()]))


# ---------------------------------------------------------------- the checker, independent of in_force's code


def wrongly_in_force(
    listed: set[str], on: dt.date, nation: str, rows: list[dict], dissolved: dict[str, dt.date], checks: dict[str, str]
) -> list[str]:
    """Rules listed as in force on a date that cannot be: not yet commenced, not applying in the nation, addressed only
    to bodies all abolished by then, amending a rule already ended, with a later edition of their series already in
    effect, or (guidance, codes: not legislation) with no end and no evidence (their start or the latest status check
    in `checks`, instrument_id -> date) from the last three years."""
    years = schema.evidence_years("status_checks", "checked_date")
    legislation = ("act", "statutory-instrument")
    by_id = {r["instrument_id"]: r for r in rows}
    problems = []

    def start(r):
        """Commencement (else publication), never before the first day it could have been made."""
        made = dates.parse(r["published_date"])
        commenced = dates.parse(r["in_force_date"] or r["published_date"])
        return dataclasses.replace(commenced, start=max(commenced.start, min(made.start, commenced.end)))

    def has_end(i: str) -> bool:
        """Something in the data ends it: its own end, a replacement, a later edition, its addressees' abolition,
        or the end of what it amends."""
        r = by_id[i]
        addressees = [a for a in r["addressee_ids"].split(";") if a]
        return (
            bool(r["end_date"])
            or any(i in o["supersedes_ids"].split(";") for o in rows)
            or any(o["series_id"] == r["series_id"] and start(o).start > start(r).end for o in rows if r["series_id"])
            or bool(addressees)
            and all(a in dissolved for a in addressees)
            or any(has_end(p) for p in r["amends_ids"].split(";") if p)
        )

    for i in listed:
        r = by_id[i]
        covered = {n for e in r["extent"].split(";") if e for n in schema.nations_covered(e)}
        addressees = [a for a in r["addressee_ids"].split(";") if a]
        if nation not in covered:
            problems.append(f"{i}: does not apply in {nation}")
        if addressees and all(a in dissolved and dissolved[a] <= on for a in addressees):
            problems.append(f"{i}: every body it was addressed to was abolished by {on}")
        for parent in (p for p in r["amends_ids"].split(";") if p):
            if parent not in listed:
                problems.append(f"{i}: amends {parent}, which is not in force on {on}")
        if r["series_id"]:
            later = [o for o in rows if o["series_id"] == r["series_id"] and start(r).end < start(o).start <= on]
            if later:
                problems.append(f"{i}: a later edition of its series, {later[0]['instrument_id']}, was in effect by {on}")
        supersedes = [o["instrument_id"] for o in rows if i in o["supersedes_ids"].split(";") and start(o).end <= on]
        if supersedes:
            problems.append(f"{i}: replaced by {supersedes[0]} by {on}")
        if on < start(r).end or on < dates.parse(r["published_date"]).start:
            problems.append(f"{i}: listed as in force on {on}, but it may not yet have been made or commenced")
        if r["kind"] in legislation:
            continue
        if not has_end(i) and i not in checks and on > dates.years_after(start(r).end, years):
            problems.append(f"{i}: no end, no status check, and its start is over {years} years before {on}")
        if not has_end(i) and i in checks and on > dates.years_after(dates.parse(checks[i]).end, years):
            problems.append(f"{i}: its status was last checked over {years} years before {on}")
    return problems


def thirty_dates() -> list[dt.date]:
    first, last = dt.date(1960, 1, 1), dates.today()
    step = (last - first) / 29
    return [first + step * k for k in range(30)]


@pytest.fixture(scope="module")
def real():
    dataset = load_dataset()
    rows = [r.values for r in dataset.rows["instruments"]]
    dissolved = {r["organisation_id"]: dates.parse(r["dissolved_date"]).start for r in dataset.rows["organisations"] if r["dissolved_date"]}
    checks: dict[str, str] = {}
    for r in dataset.rows["status_checks"]:
        if r["finding"] == "current" and dates.parse(r["checked_date"]).end > dates.parse(checks.get(r["instrument_id"], "1000")).end:
            checks[r["instrument_id"]] = r["checked_date"]
    return rows, dissolved, checks, data.load("instruments")


@pytest.mark.parametrize("nation", NATIONS)
def test_real_answers_at_thirty_dates_list_nothing_that_had_ended_or_was_never_checked(real, nation):
    rows, dissolved, checks, instruments = real
    problems = []
    for on in thirty_dates():
        answer = in_force.answer(instruments, on, nation)
        problems += wrongly_in_force(set(answer.in_force["instrument_id"]), on, nation, rows, dissolved, checks)
    assert problems == []


def test_the_checker_catches_each_kind_of_wrong_answer(real):
    rows, dissolved, checks, _ = real
    on = dt.date(2015, 6, 1)
    by_id = {r["instrument_id"]: r for r in rows}
    wrong = {
        "medicines-advertising-regulations-1994",  # revoked by the Human Medicines Regulations 2012
        "abpi-code-2008",  # later editions of its series were in effect
    }
    wrong |= {i for i, r in by_id.items() if r["extent"] == "scotland"}  # not England's
    wrong |= {
        i
        for i, r in by_id.items()
        if r["addressee_ids"] and all(a in dissolved and dissolved[a] <= on for a in r["addressee_ids"].split(";"))
    }
    found = wrongly_in_force(wrong & set(by_id), on, "england", rows, dissolved, checks)
    for i in wrong & set(by_id):
        assert any(p.startswith(f"{i}:") for p in found), (i, found)
    assert any("abolished" in p for p in found), "no rule in the data lapses with its addressees: the check is untested"


# ---------------------------------------------------------------- properties of the model


@given(partial_dates(1960, 2000), st.dates(dt.date(2001, 1, 1), dt.date(2024, 12, 31)), days)
def test_a_rule_is_never_in_force_once_every_body_it_was_addressed_to_is_gone(published, abolished, on):
    context = rule_spans.Context({"pcts": dates.parse(abolished.isoformat())}, {})
    rows = [rule("a", published, addressee_ids="pcts")]
    span = rule_spans.spans(rows, checked(rows, "2030", dissolved=context.dissolved))["a"]
    if on >= abolished:
        assert span.status(on) == rule_spans.ENDED
    assert span.end_reason == "addressees-abolished"


@given(partial_dates(1960, 1990), partial_dates(1991, 2000), partial_dates(2001, 2024), days)
def test_an_amendment_ends_with_what_it_amends(parent_start, amendment_start, revoked, on):
    rows = [
        rule("parent", parent_start),
        rule("amendment", amendment_start, amends_ids="parent"),
        rule("revoker", revoked, supersedes_ids="parent"),
    ]
    spans = rule_spans.spans(rows)
    if spans["parent"].status(on) == rule_spans.ENDED:
        assert spans["amendment"].status(on) == rule_spans.ENDED
    assert spans["amendment"].end_reason == "parent-ended"


@given(st.lists(partial_dates(), min_size=2, max_size=6, unique=True), partial_dates(), days)
@settings(max_examples=80)
def test_a_series_with_editions_missing_never_shows_the_older_edition_running_on(starts, complete_from, on):
    rows = [rule(f"e{k}", start, series_id="s") for k, start in enumerate(starts)]
    context = rule_spans.Context({}, {"s": dates.parse(complete_from)})
    spans = rule_spans.spans(rows, context)
    live = [i for i, span in spans.items() if span.certainly_in_force(on)]
    assert len(live) <= 1
    for i in live:
        started = dates.parse(by_id_start(rows, i))
        later = [r for r in rows if dates.parse(r["published_date"]).start > started.end and dates.parse(r["published_date"]).end <= on]
        assert not later, (i, on, later)
        if started.start < dates.parse(complete_from).start:  # a gap may follow: in force only while its start is evidence
            assert on <= dates.years_after(started.end, 3)


def by_id_start(rows, instrument_id):
    return next(r["published_date"] for r in rows if r["instrument_id"] == instrument_id)


@given(partial_dates(1960, 2024), st.one_of(st.none(), partial_dates(1960, 2026)), days)
def test_guidance_without_an_end_needs_evidence_from_the_last_three_years(published, check, on):
    rows = [rule("a", published)]
    span = rule_spans.spans(rows, checked(rows, check) if check else rule_spans.NO_CONTEXT)["a"]
    evidence = dates.parse(check) if check else dates.parse(published)
    if span.certainly_in_force(on):
        assert on <= dates.years_after(evidence.end, 3)
    if on > dates.years_after(evidence.end, 3) and on > dates.parse(published).end:
        assert span.status(on) == rule_spans.UNCHECKED
        assert "status not checked since" in span.unchecked_text


@given(
    st.sampled_from(NATIONS), st.lists(st.sampled_from(list(schema.labels("instruments", "extent"))), min_size=1, max_size=3, unique=True)
)
def test_a_rule_applies_exactly_in_the_nations_of_its_extent(nation, extent):
    span = rule_spans.spans([rule("a", "2000-01-01", extent=";".join(extent))])["a"]
    covered = {n for e in extent for n in schema.nations_covered(e)}
    assert span.applies_in(nation) == (nation in covered)


# ---------------------------------------------------------------- names of their day


@st.composite
def renamings(draw):
    """An organisation renamed several times: its names, each used until the next began."""
    count = draw(st.integers(0, 4))
    changes = sorted(draw(st.lists(st.dates(dt.date(1960, 1, 1), dt.date(2025, 12, 31)), min_size=count, max_size=count, unique=True)))
    earlier = [
        {
            "organisation_id": "o",
            "name": f"Name {k}",
            "short_name": draw(st.sampled_from(["", f"N{k}", "N"])),
            "used_from_date": "",
            "used_until_date": until.isoformat(),
        }
        for k, until in enumerate(changes)
    ]
    current = {"organisation_id": "o", "name": f"Name {count}", "short_name": ""}
    return names.Names([current], earlier), changes


@given(renamings(), days)
def test_a_body_is_never_named_by_a_name_not_yet_in_use(renamed, on):
    organisation_names, changes = renamed
    shown = organisation_names.on("o", on)
    assert shown.used_from is None or shown.used_from <= on
    assert shown.used_until is None or on < shown.used_until
    assert shown.name == f"Name {sum(1 for change in changes if change <= on)}"


@given(renamings(), partial_dates(1960, 2025))
def test_a_date_known_to_a_year_or_month_takes_the_name_in_use_at_its_start(renamed, when):
    organisation_names, _ = renamed
    parsed = dates.parse(when)
    shown = organisation_names.on("o", when)
    assert shown.used_from is None or shown.used_from <= parsed.start


def test_the_real_data_names_every_body_as_it_was_on_any_date():
    organisation_names = names.load()
    earlier = data.load("organisation_names")
    for row in earlier.to_dict("records"):
        until = dates.parse(row["used_until_date"])  # a change known to a year or month: by the end of that span
        after = until.start if until.precision == "day" else until.end + dt.timedelta(days=1)
        assert organisation_names.name(row["organisation_id"], until.start - dt.timedelta(days=1)) == row["name"], row["name_id"]
        assert organisation_names.name(row["organisation_id"], after - dt.timedelta(days=1)) == row["name"], row["name_id"]
        assert organisation_names.name(row["organisation_id"], after) != row["name"], row["name_id"]


def test_partnership_is_active_only_with_a_source_from_the_last_three_years():
    recent = dates.parse("2025-03")
    assert reported.partnership_status("active", recent, dt.date(2026, 12, 3)) == schema.label("partnerships", "status", "active")
    old = dates.parse("2011")
    assert reported.partnership_status("active", old, dt.date(2026, 12, 3)) == "Last reported active in 2011"
    assert reported.partnership_status("active", old, dt.date(2012, 6, 1)) == schema.label("partnerships", "status", "active")
    assert reported.partnership_status("completed", old, dt.date(2026, 12, 3)) == schema.label("partnerships", "status", "completed")


@given(partial_dates(1960, 2024), days)
def test_legislation_stays_in_force_until_an_end_is_recorded(published, on):
    """An Act or a statutory instrument needs no status check: with no end recorded it is in force once commenced."""
    span = rule_spans.spans([rule("a", published, kind="act")])["a"]
    if on > dates.parse(published).end:
        assert span.status(on) == rule_spans.IN_FORCE
    assert span.evidence_until is None


@given(st.dates(dt.date(1990, 1, 1), dt.date(2024, 12, 31)), st.sampled_from(["year", "month"]), days)
def test_a_commencement_known_to_a_year_or_month_never_starts_before_the_rule_was_made(made, precision, on):
    commenced = f"{made.year}" if precision == "year" else f"{made:%Y-%m}"
    span = rule_spans.spans([rule("a", made.isoformat(), in_force_date=commenced, kind="statutory-instrument")])["a"]
    if on < made:
        assert span.status(on) == rule_spans.NOT_YET, "offered as possibly in force before it was made"


def test_a_status_check_is_refused_before_the_rule_began_or_after_it_ended(data_copy):
    from rows import rewrite

    def break_checks(rows):
        rows.append(dict(rows[0], check_id="blue-guide-2012-too-early", instrument_id="blue-guide-2012", checked_date="2001"))
        rows.append(dict(rows[0], check_id="abpi-code-2008-too-late", instrument_id="abpi-code-2008", checked_date="2020-01-01"))
        rows.append(dict(rows[0], check_id="nice-unsettled", instrument_id="nice-establishment-order-1999", finding="unsettled", notes=""))

    rewrite(data_copy / "status_checks.csv", break_checks)
    from nhs_industry.model import validate

    found = [f"{p.line}: {p.column}: {p.message}" for p in validate.problems(data_copy) if p.file.endswith("status_checks.csv")]
    assert any("checked_date" in f and "before the rule took effect" in f for f in found), found
    assert any("checked_date" in f and "after the rule ended" in f for f in found), found
    assert any("instrument_id" in f and "not a rule" in f for f in found), found
    assert any("notes" in f and "what was searched" in f for f in found), found


def test_a_partnership_ends_when_its_nhs_partners_are_abolished_and_a_planned_term_is_said_to_have_run_out():
    on = dt.date(2026, 12, 3)
    gone = reported.partners_gone(["pct-a", "pct-b"], {"pct-a": dates.parse("2013-04-01"), "pct-b": dates.parse("2013-04-01")})
    assert reported.partnership_status("active", dates.parse("2012"), on, gone=gone).startswith("Ended by 1 Apr 2013 at the latest")
    assert reported.partners_gone(["pct-a", "trust"], {"pct-a": dates.parse("2013-04-01")}) is None  # one partner lives on
    assert reported.partnership_status("active", dates.parse("2012"), dt.date(2012, 6, 1), gone=gone) == "Active"
    planned = dates.parse("2014-06")
    assert reported.partnership_status("agreed", dates.parse("2012"), on, end=planned) == "Agreed; its planned term ended in Jun 2014"
    assert reported.partnership_status("agreed", dates.parse("2012"), dt.date(2013, 1, 1), end=planned) == "Agreed"


def test_no_real_partnership_is_shown_active_or_agreed_after_every_nhs_partner_was_abolished():
    partnerships = data.load("partnerships")
    shown = reported.statuses(partnerships)
    dissolved = reported.dissolved_dates()
    for row in partnerships.to_dict("records"):
        gone = reported.partners_gone(row["nhs_partner_ids"], dissolved)
        if gone and gone.start <= dates.today() and row["status"] not in ("completed", "abandoned"):
            said = shown[row["partnership_id"]]
            assert said.startswith("Ended by") or "abolished" in said or "term ended" in said, (row["partnership_id"], said)


def test_a_rule_a_recorded_source_shows_current_is_never_shown_as_not_checked_then(real):
    """Every status check that found a rule current: on its date (and the day after) the rule is listed in force or
    honestly uncertain in every nation it applies to, never 'not checked' and never ended."""
    _, _, _, instruments = real
    spans = dict(zip(*[in_force.rules(instruments)[c] for c in ("instrument_id", "span")]))
    wrong = []
    for check in data.load("status_checks").to_dict("records"):
        span = spans.get(check["instrument_id"])
        if check["finding"] != "current" or span is None:
            continue
        on = dates.parse(check["checked_date"]).end
        if span.status(on) not in (rule_spans.IN_FORCE, rule_spans.STARTING, rule_spans.ENDING):
            wrong.append((check["check_id"], on, span.status(on)))
    assert wrong == []


def test_no_answer_lists_anything_that_is_not_a_rule(real):
    _, _, _, instruments = real
    for on in thirty_dates():
        for nation in NATIONS:
            found = in_force.answer(instruments, on, nation)
            for group in (found.in_force, found.uncertain, found.unchecked):
                assert all(rule_spans.is_rule(kind) for kind in group["kind"]), (on, nation)


def test_the_status_report_counts_each_nation_at_each_date_and_lists_what_is_not_checked(real):
    _, _, _, instruments = real
    report = in_force.status_report(instruments)
    for on in in_force.report_dates():
        for label in schema.nations().values():
            assert f"{on.isoformat()} {label}: " in report
    unchecked = in_force.answer(instruments, dates.today(), "england").unchecked
    assert all(f"not checked: {i} (" in report for i in unchecked["instrument_id"])
