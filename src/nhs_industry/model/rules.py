"""Checks a table schema cannot express: date order across fields and tables, and loops in chains."""

from __future__ import annotations

import re

from . import dates, rule_spans, schema
from .schema import Table

# (table, earlier field, later field, what the later field means) – the later must not come first.
DATE_ORDER = [
    ("instruments", "published_date", "end_date", "ends before it was published"),
    ("instruments", "in_force_date", "end_date", "ends before it came into force"),
    ("organisations", "founded_date", "dissolved_date", "dissolved before it was founded"),
    ("partnerships", "start_date", "end_date", "ends before it starts"),
    ("roles", "from_date", "until_date", "ends before it starts"),
    ("periods", "start_date", "end_date", "ends before it starts"),
]

# (table, list field) whose links must never lead back to the row they start from.
CHAINS = [
    ("organisations", "successor_ids"),
    ("instruments", "supersedes_ids"),
    ("instruments", "amends_ids"),
    ("instruments", "made_under_ids"),
]


def check_date_order(dataset, tables: dict[str, Table]) -> None:
    for name, earlier, later, meaning in DATE_ORDER:
        if name not in tables:
            continue
        for row in dataset.rows.get(name, []):
            first, second = dates.parsed_or_none(row[earlier]), dates.parsed_or_none(row[later])
            # Compare whole spans: '2008' is not before '2008-02'; only a certain inversion is an error.
            if first and second and second.end < first.start:
                dataset.report(tables[name], row.line, later, f"{row[later]!r} is {meaning} ({earlier} {row[earlier]!r})")


def check_issuers_existed(dataset, tables: dict[str, Table]) -> None:
    """An instrument cannot be issued by an organisation before it was founded or after it was dissolved."""
    if "instruments" not in tables or "organisations" not in tables:
        return
    lifespans = {
        row["organisation_id"]: (dates.parsed_or_none(row["founded_date"]), dates.parsed_or_none(row["dissolved_date"]))
        for row in dataset.rows.get("organisations", [])
    }
    for row in dataset.rows.get("instruments", []):
        published = dates.parsed_or_none(row["published_date"])
        if not published:
            continue
        for issuer in tables["instruments"].field("issuer_ids").split(row["issuer_ids"]):
            founded, dissolved = lifespans.get(issuer, (None, None))
            if founded and published.end < founded.start:
                dataset.report(
                    tables["instruments"],
                    row.line,
                    "published_date",
                    f"{row['published_date']!r} is before its issuer {issuer!r} was founded ({founded.text})",
                )
            if dissolved and published.start > dissolved.end:
                dataset.report(
                    tables["instruments"],
                    row.line,
                    "published_date",
                    f"{row['published_date']!r} is after its issuer {issuer!r} was dissolved ({dissolved.text})",
                )


# (table, its date field): what a row was made under (made_under_ids) must already have been published on that date.
MADE_UNDER = [("instruments", "published_date"), ("partnerships", "start_date")]


def check_made_under(dataset, tables: dict[str, Table]) -> None:
    """An instrument or a partnership is made under, or follows, a rule that already existed: never one published
    after it (after it began, for a partnership)."""
    published = {row["instrument_id"]: dates.parsed_or_none(row["published_date"]) for row in dataset.rows.get("instruments", [])}
    for name, date_field in MADE_UNDER:
        table = tables.get(name)
        for row in dataset.rows.get(name, []) if table else []:
            mine = dates.parsed_or_none(row[date_field])
            for parent in table.field("made_under_ids").split(row["made_under_ids"]) if mine else []:
                theirs = published.get(parent)
                if theirs and theirs.start > mine.end:
                    dataset.report(
                        table,
                        row.line,
                        "made_under_ids",
                        f"{parent!r} was published {theirs.label}, after this one's {date_field} ({mine.label}): "
                        "what it was made under, or followed, already existed",
                    )


def check_no_loops(dataset, tables: dict[str, Table]) -> None:
    for name, field_name in CHAINS:
        if name not in tables:
            continue
        table = tables[name]
        links = {row[table.primary_key]: table.field(field_name).split(row[field_name]) for row in dataset.rows.get(name, [])}
        lines = {row[table.primary_key]: row.line for row in dataset.rows.get(name, [])}
        for start in links:
            path = _loop_from(start, links)
            if path:
                dataset.report(table, lines[start], field_name, f"{start!r} leads back to itself: {' -> '.join(path)}")


def _loop_from(start: str, links: dict[str, list[str]]) -> list[str] | None:
    """The path from start back to start through the links, or None if there is no such path."""
    stack = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in links.get(node, []):
            if nxt == start:
                return path + [start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, path + [nxt]))
    return None


def check_end_reason(dataset, tables: dict[str, Table]) -> None:
    """An end date needs its reason, and a reason needs its date."""
    table = tables.get("instruments")
    for row in dataset.rows.get("instruments", []) if table else []:
        if row["end_date"] and not row["end_reason"]:
            dataset.report(
                table,
                row.line,
                "end_reason",
                f"is empty but end_date is {row['end_date']!r}; say why it ended ({', '.join(table.field('end_reason').enum)})",
            )
        if row["end_reason"] and not row["end_date"]:
            dataset.report(
                table,
                row.line,
                "end_date",
                f"is empty but end_reason is {row['end_reason']!r}; give the date it ended, "
                "or clear end_reason if the next edition or a superseding instrument ends it",
            )


def _context(dataset):
    return rule_spans.Context.from_rows(
        dataset.rows.get("organisations", []), dataset.rows.get("series", []), dataset.rows.get("status_checks", [])
    )


def check_rule_ends(dataset, tables: dict[str, Table]) -> None:
    """A row states its own end only where nothing in the data derives one, or to end it earlier than that; and
    never with a reason that only the data can give."""
    table = tables.get("instruments")
    if not table:
        return
    rows = dataset.rows.get("instruments", [])
    derived = rule_spans.derived_ends(rows, _context(dataset))
    for row in rows:
        derived_only = [c.value for c in table.field("end_reason").categories if c.derived]
        if row["end_reason"] in derived_only:
            dataset.report(
                table,
                row.line,
                "end_reason",
                f"{row['end_reason']!r} is worked out from the data "
                "(amends_ids, addressee_ids); clear end_date and end_reason and link the row instead",
            )
        own = dates.parsed_or_none(row["end_date"])
        if row["instrument_id"] not in derived or not own:
            continue
        other = derived[row["instrument_id"]]
        cause = f"{other.by!r} ends it" if other.by else f"its addressees ({', '.join(other.organisations)}) were abolished"
        if own.start > other.date.end:
            dataset.report(
                table,
                row.line,
                "end_date",
                f"{row['end_date']!r} leaves it in force after {cause} ({other.date.label}); clear end_date, or correct the dates",
            )
        elif own.start >= other.date.start and not other.no_later_than:
            dataset.report(
                table,
                row.line,
                "end_date",
                f"{row['end_date']!r} repeats an end the data already gives ({cause}, {other.date.label}); "
                "clear end_date and end_reason: an end is stated only where nothing derives it",
            )


def check_status_checks(dataset, tables: dict[str, Table]) -> None:
    """A status check belongs to a rule, names the source that found it current (or, unsettled, says what was
    searched), and falls within the rule's life: a rule cannot be found current before it started or after it ended."""
    table = tables.get("status_checks")
    if not table or "instruments" not in tables:
        return
    rows = dataset.rows.get("instruments", [])
    kinds = {row["instrument_id"]: row["kind"] for row in rows}
    spans = rule_spans.spans(rows, _context(dataset))
    for row in dataset.rows.get("status_checks", []):
        kind = kinds.get(row["instrument_id"])
        if row["finding"] == "unsettled" and not row["notes"]:
            dataset.report(table, row.line, "notes", "is empty; say what was searched (queries, sites) and what was found")
        if kind and not rule_spans.is_rule(kind):
            dataset.report(
                table, row.line, "instrument_id", f"{row['instrument_id']!r} is a {kind!r}, not a rule, so it has no status to check"
            )
        span, checked = spans.get(row["instrument_id"]), dates.parsed_or_none(row["checked_date"])
        if not span or not checked or row["finding"] != "current":
            continue
        if checked.end < span.start.start:
            dataset.report(table, row.line, "checked_date", f"{row['checked_date']!r} is before the rule took effect ({span.start.label})")
        elif span.end is not None and span.status(checked.start) == rule_spans.ENDED:
            dataset.report(
                table,
                row.line,
                "checked_date",
                f"{row['checked_date']!r} is after the rule ended ({span.end_text}); correct the end or the check",
            )


def check_roles(dataset, tables: dict[str, Table]) -> None:
    """A quotation names the role its speaker held when speaking: the speaker's own, and held on that date."""
    quotes, roles = tables.get("quotes"), tables.get("roles")
    if not quotes or not roles or "role_id" not in quotes.field_names:
        return
    by_id = {row["role_id"]: row for row in dataset.rows.get("roles", [])}
    for row in dataset.rows.get("quotes", []):
        if row["person_id"] and not row["role_id"]:
            dataset.report(
                quotes, row.line, "role_id", f"is empty; name the role {row['person_id']!r} held when speaking (a role_id in roles.csv)"
            )
        role = by_id.get(row["role_id"])
        if not role:
            continue
        if role["person_id"] != row["person_id"]:
            dataset.report(
                quotes,
                row.line,
                "role_id",
                f"{row['role_id']!r} is a role of {role['person_id']!r}, not of the speaker {row['person_id']!r}",
            )
        said, start, end = (
            dates.parsed_or_none(row["said_date"]),
            dates.parsed_or_none(role["from_date"]),
            dates.parsed_or_none(role["until_date"]),
        )
        if said and start and said.end < start.start:
            dataset.report(quotes, row.line, "said_date", f"{row['said_date']!r} is before {row['role_id']!r} began ({role['from_date']})")
        if said and end and said.start >= end.start:
            dataset.report(quotes, row.line, "said_date", f"{row['said_date']!r} is after {row['role_id']!r} ended ({role['until_date']})")


def check_organisation_names(dataset, tables: dict[str, Table]) -> None:
    """An earlier name ends before the organisation does, and two names of one body are never in use on one day."""
    table = tables.get("organisation_names")
    if not table:
        return
    dissolved = {row["organisation_id"]: dates.parsed_or_none(row["dissolved_date"]) for row in dataset.rows.get("organisations", [])}
    by_organisation: dict[str, list] = {}
    for row in dataset.rows.get("organisation_names", []):
        start, until = dates.parsed_or_none(row["used_from_date"]), dates.parsed_or_none(row["used_until_date"])
        if start and until and until.end <= start.start:
            dataset.report(
                table, row.line, "used_until_date", f"{row['used_until_date']!r} is not after used_from_date {row['used_from_date']!r}"
            )
        end = dissolved.get(row["organisation_id"])
        if until and end and until.start > end.end:
            dataset.report(
                table,
                row.line,
                "used_until_date",
                f"{row['used_until_date']!r} is after {row['organisation_id']!r} was dissolved ({end.text})",
            )
        if until:
            by_organisation.setdefault(row["organisation_id"], []).append((until, start, row))
    for names in by_organisation.values():
        names.sort(key=lambda item: item[0].start)
        for (earlier_until, _, _), (_, later_start, later) in zip(names, names[1:]):
            if later_start and later_start.end < earlier_until.start:
                dataset.report(
                    table,
                    later.line,
                    "used_from_date",
                    f"{later['used_from_date']!r} overlaps the name before it, used until {earlier_until.text}",
                )


def check_partnership_ends(dataset, tables: dict[str, Table]) -> None:
    """A partnership with an end date has ended: it is completed or abandoned, not still active or agreed."""
    table = tables.get("partnerships")
    for row in dataset.rows.get("partnerships", []) if table else []:
        if row["end_date"] and row["status"] in ("proposed", "active"):
            dataset.report(
                table, row.line, "status", f"{row['status']!r}, but it ended {row['end_date']!r}; use 'completed' or 'abandoned'"
            )


def check_series(dataset, tables: dict[str, Table]) -> None:
    """Editions of a series form one chain: each names the edition before it, and no two are in force on one day."""
    table = tables.get("instruments")
    if not table:
        return
    rows = dataset.rows.get("instruments", [])
    spans = rule_spans.spans(rows, _context(dataset))
    for series_id, editions in rule_spans.series_editions(rows).items():
        order = [e["instrument_id"] for e in editions]
        for position, edition in enumerate(editions):
            earlier = order[:position]
            named = [i for i in table.field("supersedes_ids").split(edition["supersedes_ids"]) if i in earlier]
            if position and order[position - 1] not in named:
                dataset.report(
                    table,
                    edition.line,
                    "supersedes_ids",
                    f"{edition['instrument_id']!r} is the edition of series {series_id!r} after {order[position - 1]!r} "
                    f"but does not list it in supersedes_ids",
                )
            for skipped in (i for i in named if i != order[position - 1]):
                dataset.report(
                    table,
                    edition.line,
                    "supersedes_ids",
                    f"names {skipped!r}, but {order[position - 1]!r} came between them in series {series_id!r}; "
                    "an edition supersedes the one immediately before it",
                )
        # An explicit end_date that outlives the next edition is reported by check_rule_ends; what is left
        # is two editions taking effect together, when neither can end the other.
        for first, second in zip(editions, editions[1:]):
            a, b = spans.get(first["instrument_id"]), spans.get(second["instrument_id"])
            if a and b and a.start.text == b.start.text:
                dataset.report(
                    table,
                    second.line,
                    "in_force_date",
                    f"{second['instrument_id']!r} and {first['instrument_id']!r} of series {series_id!r} "
                    f"would both be in force from {b.start.label}; editions take effect one after another",
                )


def check_terms_of_their_time(dataset, tables: dict[str, Table]) -> None:
    """A category whose term came into use on a date (x-term-from) cannot label something certainly earlier."""
    table = tables.get("partnerships")
    if not table:
        return
    for category in table.field("model").categories:
        if not category.term_from:
            continue
        for row in dataset.rows.get("partnerships", []):
            start = dates.parsed_or_none(row["start_date"])
            if row["model"] == category.value and start and start.end.isoformat() < category.term_from:
                dataset.report(
                    table,
                    row.line,
                    "model",
                    f"{row['model']!r} is a term in use only from {category.term_from}, but this began {start.label}; "
                    "use the term of its time",
                )


def check_date_sources(dataset, tables: dict[str, Table]) -> None:
    """The source that verified a row's dates must be one of the row's sources."""
    for name, table in tables.items():
        if "date_source_id" not in table.field_names:
            continue
        for row in dataset.rows.get(name, []):
            cited = table.field("source_ids").split(row["source_ids"])
            if row["date_source_id"] and row["date_source_id"] not in cited:
                dataset.report(
                    table, row.line, "date_source_id", f"{row['date_source_id']!r} is not among this row's source_ids ({', '.join(cited)})"
                )


def check_government_parties(dataset, tables: dict[str, Table]) -> None:
    """A government names the parties that formed it; other periods name none."""
    table = tables.get("periods")
    for row in dataset.rows.get("periods", []) if table else []:
        if row["kind"] == "government" and not row["parties"]:
            dataset.report(table, row.line, "parties", "is empty; a government names the party or parties that formed it")
        if row["kind"] != "government" and row["parties"]:
            dataset.report(table, row.line, "parties", f"names parties, but a {row['kind']!r} period has none")


def _address(url: str) -> str:
    """A web address as compared for duplicates: no scheme, no 'www.', no trailing slash, any case."""
    return re.sub(r"^https?://(www\.)?", "", url.strip().rstrip("/")).lower()


def _on_host(host: str, pattern: str) -> bool:
    """'admin.' matches any host with a part 'admin' ('admin.abpi.org.uk'); 'bit.ly' matches it and its subdomains."""
    if pattern.endswith("."):
        return f".{host}".find(f".{pattern}") >= 0
    return host == pattern or host.endswith(f".{pattern}")


def check_source_addresses(dataset, tables: dict[str, Table]) -> None:
    """A source is cited at its publisher's address: not a mirror, staging or admin host or a shortener (the data
    package lists them), and never at an address another source already has (merge the two rows)."""
    table = tables.get("sources")
    if not table:
        return
    first: dict[str, tuple[str, int]] = {}
    for row in dataset.rows.get("sources", []):
        if not row["url"]:
            continue
        host = re.sub(r"^https?://", "", row["url"]).split("/")[0].lower()
        for pattern, why in table.field("url").refused_hosts:
            if _on_host(host, pattern):
                dataset.report(table, row.line, "url", f"{row['url']!r} is on {host}, {why}")
        address = _address(row["url"])
        if address in first:
            dataset.report(
                table,
                row.line,
                "url",
                f"{row['url']!r} is already the address of {first[address][0]!r} (line {first[address][1]}); merge the two rows",
            )
        else:
            first[address] = (row["source_id"], row.line)


QUOTE_LIMIT = 300  # characters: a ruling quotes a clause's words, never the document


def check_rulings(dataset, tables: dict[str, Table]) -> None:
    """A ruling belongs to a rule, quotes briefly, and says where its quotation comes from (quote_basis): the rule's
    own text (a primary source with an address a reader can open: the words are checked against the stored copy when
    the ruling is researched, as the copies are not in the repository), or a reliable secondary source that reproduces
    or describes the rule, never surer than that basis allows; or, where nothing of what it said is stored, no
    stance and no quotation at all, with notes saying what was searched."""
    table = tables.get("rulings")
    if not table:
        return
    kinds = {row["instrument_id"]: row["kind"] for row in dataset.rows.get("instruments", [])}
    numbered = {c.value for c in tables["instruments"].field("kind").categories if c.numbered_as} if "instruments" in tables else set()
    for row in dataset.rows.get("rulings", []):
        kind = kinds.get(row["instrument_id"])
        if kind and not rule_spans.is_rule(kind):
            dataset.report(
                table,
                row.line,
                "instrument_id",
                f"{row['instrument_id']!r} is a {kind!r}, not a rule; "
                f"a ruling belongs to a rule that can be in force ({', '.join(schema.rule_kinds())})",
            )
        # What a bare number names is declared per kind (schema.numbered_as: "clause 19.1" of a code); guidance
        # numbers its parts in many ways, so its rulings say what the number names ("section 3", "principle 2").
        if kind and kind not in numbered and row["clause"][:1].isdigit():
            dataset.report(
                table,
                row.line,
                "clause",
                f"{row['clause']!r} is a bare number in a {kind!r}: say what it numbers, as the document does "
                "(for example 'section 3', 'paragraph 96', 'principle 2')",
            )
        if len(row["quote"]) > QUOTE_LIMIT:
            dataset.report(
                table,
                row.line,
                "quote",
                f"is {len(row['quote'])} characters; quote at most {QUOTE_LIMIT} (the clause's own words, briefly)",
            )
        if row["quote_basis"] == "not-recorded":
            _check_unrecorded_ruling(dataset, table, row)
        elif row["quote_basis"]:
            _check_quoted_ruling(dataset, tables, table, row)


def _check_unrecorded_ruling(dataset, table: Table, row) -> None:
    """A rule that speaks to a practice in words nobody has stored: no stance, no quotation, and a note of the search."""
    for column in ("stance", "quote", "quote_source_id"):
        if row[column]:
            dataset.report(
                table, row.line, column, "is given, but quote_basis is 'not-recorded' (what the rule said is not known); clear it"
            )
    if not row["notes"]:
        dataset.report(table, row.line, "notes", "is empty; say which source shows the rule speaks to the practice and what was searched")


def _check_quoted_ruling(dataset, tables: dict[str, Table], table: Table, row) -> None:
    """The quotation's source fits its basis: the rule's own text (primary, with an address), or a kind of secondary
    source reliable enough to reproduce a rule (x-may-reproduce-rules); and the row is no surer than the basis."""
    sources = {r["source_id"]: r for r in dataset.rows.get("sources", [])}
    for column in ("stance", "quote", "quote_source_id"):
        if not row[column]:
            dataset.report(table, row.line, column, f"is empty; only a ruling whose quote_basis is 'not-recorded' has no {column}")
    basis = table.field("quote_basis").category(row["quote_basis"])
    order = [c.value for c in table.field("confidence").categories]  # high, medium, low
    if basis.max_confidence and row["confidence"] in order and order.index(row["confidence"]) < order.index(basis.max_confidence):
        dataset.report(
            table,
            row.line,
            "confidence",
            f"{row['confidence']!r} is surer than a ruling {basis.label.lower()!r} a source can be; at most {basis.max_confidence!r}",
        )
    source_id = row["quote_source_id"]
    if not source_id:
        return
    if source_id not in table.field("source_ids").split(row["source_ids"]):
        dataset.report(table, row.line, "quote_source_id", f"{source_id!r} is not among this row's source_ids")
        return
    source = sources.get(source_id)
    if source is None:
        return  # an unknown source is reported by the reference check
    if row["quote_basis"] == "own-text":
        if source["evidence"] != "primary":
            dataset.report(
                table,
                row.line,
                "quote_source_id",
                f"{source_id!r} is a secondary source; quote the rule's own text (a primary source), or set quote_basis "
                "to 'quoted-in' (its words reproduced there) or 'described-by'",
            )
        elif not source["url"].startswith(("https://", "http://")):
            dataset.report(
                table,
                row.line,
                "quote_source_id",
                f"{source_id!r} has no address (url); quote a copy of the rule's text a reader can open and check the words against",
            )
        return
    reliable = [c.value for c in tables["sources"].field("kind").categories if c.may_reproduce_rules] if "sources" in tables else []
    # A description may come from the issuer's own summary of its rule (a primary page that is not the rule itself).
    issuers_summary = row["quote_basis"] == "described-by" and source["evidence"] == "primary"
    if not issuers_summary and (source["evidence"] != "secondary" or source["kind"] not in reliable):
        dataset.report(
            table,
            row.line,
            "quote_source_id",
            f"{source_id!r} is a {source['evidence']} {source['kind']!r}; a ruling {basis.label.lower()!r} a source needs a "
            f"secondary source of a kind that may reproduce rules ({', '.join(reliable)})",
        )


def check_all(dataset, tables: dict[str, Table]) -> None:
    check_date_order(dataset, tables)
    check_issuers_existed(dataset, tables)
    check_no_loops(dataset, tables)
    check_made_under(dataset, tables)
    check_end_reason(dataset, tables)
    check_rule_ends(dataset, tables)
    check_status_checks(dataset, tables)
    check_roles(dataset, tables)
    check_organisation_names(dataset, tables)
    check_partnership_ends(dataset, tables)
    check_source_addresses(dataset, tables)
    check_rulings(dataset, tables)
    check_series(dataset, tables)
    check_terms_of_their_time(dataset, tables)
    check_date_sources(dataset, tables)
    check_government_parties(dataset, tables)
