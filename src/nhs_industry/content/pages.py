"""One page per instrument, organisation and partnership, made from the data, and an index page of each kind.

Each page is a MyST document written into the staged book (generate()) and built by Sphinx like any chapter: its
links to entries, chapters and index pages are cross-references Sphinx resolves and checks, and its sources are
{cite:p} citations, numbered by sphinxcontrib-bibtex as in the bibliography. Text from the data is escaped for
MyST (text()), so it is shown as written and never read as markup."""

from __future__ import annotations

import html
import re
from functools import cache
from urllib.parse import urlencode

import pandas as pd
import yaml

from .. import paths
from ..model import data, dates, in_force, reported, rule_spans, schema
from ..model.entries import ENTRY_TABLES, Entry
from ..model.names import Names
from . import bibliography, context_svg, eras, matrix_view

# Characters with a meaning anywhere in a line of MyST (emphasis, code, links, roles, HTML, entities, tables), and
# the beginnings of a line that start a block (a heading, a list, a quotation, a fence, a comment). A backslash
# before any ASCII punctuation makes it mean itself.
INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>&{}|~$^!])")
BLOCK_START = re.compile(r"^(?:([!-/:-@\[-`{-~])|(\d+)([.)]))")


def text(value) -> str:
    """Text from the data, to put into a MyST page: on one line, with nothing in it read as markup."""
    line, start = " ".join(str(value).split()), ""
    if block := BLOCK_START.match(line):
        start, line = (block.group(2) or "") + "\\" + (block.group(1) or block.group(3)), line[block.end() :]
    return start + INLINE_MARKUP.sub(r"\\\1", line)


def external_link(url: str, label: str, css_class: str = "") -> str:
    """A link off the site, as HTML: MyST 3 escapes a link's address once too often, so an address with a query
    ("?a=1&b=2") would not work (executablebooks/MyST-Parser#760). Its text is MyST, escaped like any other."""
    classes = f"{css_class} reference external".strip()
    return f'<a class="{classes}" href="{html.escape(url)}">{text(label)}</a>'


def link(table: str, entry_id: str, label: str, from_table: str | None) -> str:
    """A link from an entry page (from_table set) or an index page (None) to an entry page, checked by Sphinx."""
    target = f"{entry_id}.md" if from_table == table else (f"../{table}/{entry_id}.md" if from_table else f"{table}/{entry_id}.md")
    return f"[{text(label)}]({target})"


def section(heading: str, content: str) -> str:
    return f"## {heading}\n\n{content}"


def bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def raw_html(markup: str) -> str:
    """HTML that MyST cannot express, on one line (a backtick written as a reference, so no fence can close early)."""
    return "````{raw} html\n" + " ".join(markup.replace("`", "&#96;").split("\n")) + "\n````"


class Site:
    """Everything the entry pages need, loaded once."""

    def __init__(self):
        self.tables = {name: data.load(name) for name in schema.tables()}
        # Plain dicts for the look-ups made for every page: a pandas row look-up costs about 0.1 ms.
        self.records = {name: frame.to_dict("records") for name, frame in self.tables.items()}
        self.source_records = {r["source_id"]: r for r in self.records["sources"]}
        self.spans = rule_spans.spans(self.records["instruments"], in_force.loaded_context())
        self.checks: dict[str, list[dict]] = {}
        for check in sorted(self.records["status_checks"], key=lambda c: c["checked_date_start"], reverse=True):
            self.checks.setdefault(check["instrument_id"], []).append(check)
        self.names = Names(self.records["organisations"], self.records["organisation_names"])
        self.source_dates = {r["source_id"]: r["published_date"] for r in self.records["sources"]}
        self.dissolved = reported.dissolved_dates()
        self.editions = {
            series_id: [e["instrument_id"] for e in editions]
            for series_id, editions in rule_spans.series_editions(self.records["instruments"]).items()
        }
        self.series = self.tables["series"].set_index("series_id")["title"].to_dict() if "series" in self.tables else {}
        self.instrument_records = [r for r in self.records["instruments"] if pd.notna(r["published_date_mid"])]
        self.published = {
            r["instrument_id"]: r["published_date_start"].isoformat() if pd.notna(r["published_date_start"]) else None
            for r in self.records["instruments"]
        }
        self.titles = {
            name: {r[schema.table(name).primary_key]: r["name" if name == "organisations" else "title"] for r in self.records[name]}
            for name in ENTRY_TABLES
        }
        self._mentions: dict[tuple[str, tuple[str, ...]], dict[str, list[int]]] = {}
        self._context_charts: dict[tuple, object] = {}  # window, or (window, instrument) for a page's own chart

    def mentioning(self, table: str, columns: list[str], entry_id: str) -> list[dict]:
        """Rows of a table (as dicts) whose columns (lists of ids, or one id) hold entry_id, in table order. The
        reverse index is built once per table and columns: looking through every row for every page made page
        generation grow with N²."""
        key = (table, tuple(columns))
        if key not in self._mentions:
            index: dict[str, list[int]] = {}
            for column in columns:
                for position, ids in enumerate(self.tables[table][column]):
                    for mentioned in ids if isinstance(ids, list) else [ids]:
                        index.setdefault(mentioned, []).append(position)
            self._mentions[key] = {k: sorted(set(v)) for k, v in index.items()}
        return [self.records[table][position] for position in self._mentions[key].get(entry_id, [])]

    def context_chart(self, window: tuple[str, str], keep: str | None = None):
        """The context chart of a window of years, drawn once for every entry page that shows that window
        (only the ringed mark differs between them). keep: the instrument whose page it is, which the chart must
        draw; where the window holds too many to draw them all, a page whose own mark is not among the nearest
        gets a chart of its own."""
        chart = self._context_charts[window] if window in self._context_charts else self._draw_context(window, None)
        if chart is None or keep is None or keep in chart.ids:
            return chart
        own = (window, keep)
        return self._context_charts[own] if own in self._context_charts else self._draw_context(window, keep)

    def _draw_context(self, window: tuple[str, str], keep: str | None):
        low, high = pd.Timestamp(window[0]), pd.Timestamp(window[1])
        nearby = [r for r in self.instrument_records if low <= r["published_date_mid"] <= high]
        chosen, drawn = context_svg.nearest(nearby, window, keep)
        chart = context_svg.ContextChart(chosen, drawn, "../../../", len(nearby)) if nearby else None
        self._context_charts[window if keep is None else (window, keep)] = chart
        return chart

    def series_title(self, series_id: str) -> str:
        return self.series.get(series_id, "") if series_id else ""

    def neighbours(self, row) -> tuple[str | None, str | None]:
        """The previous and next editions of an instrument's series."""
        order = self.editions.get(row["series_id"], [])
        if row["instrument_id"] not in order:
            return None, None
        i = order.index(row["instrument_id"])
        return (order[i - 1] if i else None), (order[i + 1] if i + 1 < len(order) else None)

    def in_force_text(self, instrument_id: str) -> str:
        """How long a rule applied, in words, from the one in-force computation; empty for non-rules."""
        span = self.spans.get(instrument_id)
        if not span:
            return ""
        start = span.start.label if span.start.precision == "day" else f"some time in {span.start.label}"
        reason = ""
        if span.end_reason == "parent-ended":
            reason = f" (ended with {self.title('instruments', span.ended_by)}, which it amended)"
        elif span.ended_by:
            reason = f" (replaced by {self.title('instruments', span.ended_by)})"
        elif span.end_reason == "addressees-abolished":
            bodies = ", ".join(self.names.name(o, span.end) for o in span.ended_by_organisations)
            reason = f" (lapsed when the bodies it was addressed to were abolished: {bodies})"
        elif span.end_reason and not span.lapsed:
            reason = f" ({schema.label('instruments', 'end_reason', span.end_reason).lower()})"
        text = f"from {start}, {span.end_text}{reason}"
        if span.end is None and span.evidence_until is not None and span.evidence_until < dates.today():
            text += f"; {span.unchecked_text}, so it is not listed as in force after {span.evidence_until.strftime('%-d %b %Y')}"
        return text

    def title(self, table: str, entry_id: str) -> str:
        return self.titles[table][entry_id]

    def link(self, table: str, entry_id: str, from_table: str | None, on=None) -> str:
        """A link to an entry; an organisation is named as it was on the date `on` (undated: its current name)."""
        text = self.names.name(entry_id, on) if table == "organisations" else self.title(table, entry_id)
        return link(table, entry_id, text, from_table)

    def organisation_links(self, ids: list[str], from_table: str, on) -> str:
        return ", ".join(self.link("organisations", i, from_table, on) for i in ids)


def date_text(row, field: str) -> str:
    if not row[field]:
        return ""
    parsed = dates.parse(row[field])
    return f"{parsed.label} (known to the {parsed.precision})"


def date_markup(row, field: str) -> str:
    return text(date_text(row, field))


def source_line(source) -> str:
    """A source as the entry page lists it, cited: its number and link come from the bibliography."""
    # Only http(s) addresses become links (the validator refuses others; this is the second fence).
    linkable = source["url"].startswith(("https://", "http://"))
    parts = [external_link(source["url"], source["title"]) if linkable else f"*{text(source['title'])}*"]
    if source["author"]:
        parts.append(text(source["author"]))
    parts.append(text(source["publisher"]))
    parts.append(date_markup(source, "published_date") or "date not known")
    if source["seed_file"]:
        parts.append("one of the seed articles this project began from")
    parts.append(f"**{text(label_of('sources', 'evidence', source['evidence']).lower())}**")
    return ", ".join(parts) + f" {{cite:p}}`{source['source_id']}`"


def status_check_line(site: Site, check) -> str:
    """One status check as the rule's page lists it: what was found, when, and by which source (cited)."""
    when = dates.parse(check["checked_date"]).label
    # The source is named and linked, not cited: the page's citations are the row's own sources, numbered as the
    # bibliography numbers them, and the bibliography lists every source.
    source = site.source_records[check["source_id"]]
    named = external_link(source["url"], source["title"]) if source["url"].startswith(("https://", "http://")) else text(source["title"])
    if check["finding"] == "unsettled":
        line = (
            f"Searched {when}: nothing stored settles whether it still applies "
            f"(the latest source found: {named}, {text(source['publisher'])})."
        )
    else:
        line = f"Shown current on {when} by {named}, {text(source['publisher'])}."
    return line + (f" {text(check['notes'])}" if check["notes"] else "")


def list_table(rows: list[list[str]], css_class: str, header: bool) -> str:
    """A table (MyST's list-table): the first row is the header, or else the first column names each row."""
    options = f":class: {css_class}\n:widths: auto\n" + (":header-rows: 1\n" if header else ":stub-columns: 1\n")
    body = "\n".join("* " + "\n  ".join(f"- {cell}" for cell in row) for row in rows)
    return f"```{{list-table}}\n{options}\n{body}\n```"


def field_table(rows: list[tuple[str, str]]) -> str:
    """The entry's facts: a name and a value (MyST) a row; empty values are left out."""
    return list_table([[name, value] for name, value in rows if value], "nhs-facts", header=False)


def described(table: str, field: str, value: str) -> str:
    """A category's label and, where it says more, its description (MyST). The description is the same sentence on
    every page of that category, so the site search does not index it: the description of an NHS commissioner
    names every kind ("PCT, CCG, ICB"), and made every commissioner's page a match for "ICB"."""
    category = schema.table(table).field(field).category(value)
    if not category.description:
        return text(category.label)
    return f"{text(category.label)}<span data-pagefind-ignore>: {text(category.description)}</span>"


def confidence_text(table: str, value: str) -> str:
    """The confidence label, and what it means: the meaning is the same sentence on every page of that confidence,
    so the site search does not index it (data-pagefind-ignore), or every page would match its words."""
    return described(table, "confidence", value)


def summary_markup(summary: str) -> str:
    """An entry's summary says what the entry is; its notes on the evidence mention other things in passing (a source
    "quoting it", a partner "not the ICB recorded earlier"). So the site search weighs the summary double."""
    return weighted(text(summary), SUMMARY_WEIGHT)


def weighted(markup: str, weight: int) -> str:
    """MyST markup the site search ranks as highly as a page title (Pagefind's h1 weight is 7): short titles and names."""
    return f'<span data-pagefind-weight="{weight}">{markup}</span>' if markup else ""


TITLE_WEIGHT = 7
# A rule's themes are what it is about: a reader searching a theme's word ("transparency") is shown the rules of that
# theme before pages that only use the word in passing (a quotation calling a scheme "transparent").
THEME_WEIGHT = 2
SUMMARY_WEIGHT = 2
MILESTONE_WEIGHT = 10  # a key milestone's short title ranks above the lesser instruments that share its words


def label_of(table: str, field: str, value: str) -> str:
    return schema.label(table, field, value)


# ---------------------------------------------------------------- the three kinds of entry


def instrument_links(site: Site, ids, from_table: str = "instruments") -> str:
    """Links to instruments from a page of from_table, oldest first (undated ones last)."""
    ordered = sorted(ids, key=lambda i: (site.published[i] is None, site.published[i] or "", i))
    return ", ".join(site.link("instruments", i, from_table) for i in ordered)


def instrument_facts(site: Site, row) -> list[tuple[str, str]]:
    own = row["instrument_id"]
    previous, following = site.neighbours(row)
    # What it replaced and what replaced it, each named once: an edition that names the one before it in
    # supersedes_ids (as editions do) is listed as the previous edition only.
    superseded_by = [r["instrument_id"] for r in site.mentioning("instruments", ["supersedes_ids"], own) if r["instrument_id"] != following]
    amended_by = [r["instrument_id"] for r in site.mentioning("instruments", ["amends_ids"], own)]
    made_under_it = [r["instrument_id"] for r in site.mentioning("instruments", ["made_under_ids"], own)]
    partnerships = [r["partnership_id"] for r in site.mentioning("partnerships", ["made_under_ids"], own)]
    return [
        ("Kind", label_of("instruments", "kind", row["kind"])),
        ("Reference", text(row["reference"])),
        ("Series", text(site.series_title(row["series_id"]))),
        ("Previous edition", site.link("instruments", previous, "instruments") if previous else ""),
        ("Next edition", site.link("instruments", following, "instruments") if following else ""),
        ("Issued by", site.organisation_links(row["issuer_ids"], "instruments", row["published_date"])),
        ("Applies in", text("; ".join(label_of("instruments", "extent", e) for e in row["extent"]))),
        ("Addressed to", site.organisation_links(row["addressee_ids"], "instruments", row["published_date"])),
        ("Made under or for use with", instrument_links(site, row["made_under_ids"])),
        ("Made under it or for use with it", instrument_links(site, made_under_it)),
        ("Partnerships made under it", ", ".join(site.link("partnerships", p, "instruments") for p in partnerships)),
        ("Amends", instrument_links(site, row["amends_ids"])),
        ("Amended by", instrument_links(site, amended_by)),
        ("Published", date_markup(row, "published_date")),
        ("Took effect", date_markup(row, "in_force_date")),
        ("In force", text(site.in_force_text(row["instrument_id"]))),
        ("Supersedes", instrument_links(site, [i for i in row["supersedes_ids"] if i != previous])),
        ("Superseded by", instrument_links(site, superseded_by)),
        ("Themes", weighted(", ".join(text(label_of("instruments", "themes", t)) for t in row["themes"]), THEME_WEIGHT)),
        ("Key milestone", "yes" if row["milestone"] == "yes" else ""),
        ("Confidence", confidence_text("instruments", row["confidence"])),
    ]


def organisation_facts(site: Site, row) -> list[tuple[str, str]]:
    predecessors = site.mentioning("organisations", ["successor_ids"], row["organisation_id"])
    return [
        ("Short name", weighted(text(row["short_name"]), TITLE_WEIGHT)),
        ("Kind", described("organisations", "kind", row["kind"])),
        ("Based in", text(label_of("organisations", "country", row["country"]))),
        ("Founded", date_markup(row, "founded_date")),
        ("Dissolved", date_markup(row, "dissolved_date")),
        ("Earlier names", text("; ".join(earlier_name_text(n) for n in site.names.earlier(row["organisation_id"])))),
        ("Succeeded by", site.organisation_links(row["successor_ids"], "organisations", row["dissolved_date"])),
        (
            "Took over from",
            ", ".join(site.link("organisations", r["organisation_id"], "organisations", r["dissolved_date"]) for r in predecessors),
        ),
        ("Confidence", confidence_text("organisations", row["confidence"])),
    ]


def earlier_name_text(name) -> str:
    """An earlier name with when it was used: 'Department of Health (until 8 Jan 2018)'."""
    return f"{name.name} ({name.from_label + ' to ' if name.from_label else 'until '}{name.until_label})"


def partnership_status_text(site: Site, row) -> str:
    """The status a reader sees today: 'active' only with a recent source (see reported.py)."""
    shown = reported.status_today(row, site.source_dates, site.dissolved)
    description = schema.table("partnerships").field("status").category(row["status"]).description
    return f"{shown}: {description}" if shown == label_of("partnerships", "status", row["status"]) else shown


def partnership_facts(site: Site, row) -> list[tuple[str, str]]:
    # Partners are named as they were when it began, or, undated, when its earliest source was published.
    when = row["start_date"] or reported.earliest_source_date(row["source_ids"], site.source_dates)
    return [
        ("NHS partners", site.organisation_links(row["nhs_partner_ids"], "partnerships", when)),
        ("Industry partners", site.organisation_links(row["industry_partner_ids"], "partnerships", when)),
        ("Began", date_markup(row, "start_date")),
        ("Ended", date_markup(row, "end_date")),
        ("Status", text(partnership_status_text(site, row))),
        ("Model", described("partnerships", "model", row["model"])),
        ("Made under or followed", instrument_links(site, row["made_under_ids"], "partnerships")),
        ("Clinical areas", ", ".join(text(label_of("partnerships", "clinical_areas", a)) for a in row["clinical_areas"])),
        ("Region", text(row["region"])),
        ("Confidence", confidence_text("partnerships", row["confidence"])),
    ]


def organisation_related(site: Site, row) -> list[str]:
    """Instruments it issued, partnerships it joined, people who spoke for it."""
    org = row["organisation_id"]
    lines = []
    issued = site.mentioning("instruments", ["issuer_ids"], org)
    lines += [f"Issued: {site.link('instruments', r['instrument_id'], 'organisations')}" for r in issued]
    joined = site.mentioning("partnerships", ["nhs_partner_ids", "industry_partner_ids"], org)
    lines += [f"Partner in: {site.link('partnerships', r['partnership_id'], 'organisations')}" for r in joined]
    people = {p["person_id"]: p["name"] for p in site.records["people"]}
    roles = site.mentioning("roles", ["organisation_ids"], org)
    lines += [f"Person: {text(people[r['person_id']])}, {text(r['role'] + role_dates(r))}" for r in roles]
    quotes = site.mentioning("quotes", ["organisation_id"], org)
    lines += [f"Quotation ({text(q['said_date_label'] or 'date not known')}): “{text(q['text'])}”" for q in quotes]
    return lines


def role_dates(role) -> str:
    """' (from Jun 2007 to 2009)', ' (in 2008)'-style dates of a role, as far as its row knows them."""
    start, until = role["from_date_label"], role["until_date_label"]
    if start and until:
        return f" (from {start}; until {until})"
    return f" (from {start})" if start else (f" (until {until})" if until else "")


def practice_rulings(site: Site, row) -> str:
    """What the rule said about each practice it speaks to, linking each practice's page, where the rule is shown
    year by year beside the others then in force (content/practice_pages.py)."""
    rulings = site.mentioning("rulings", ["instrument_id"], row["instrument_id"])
    if not rulings:
        return ""
    practices = {p["practice_id"]: p for p in site.records["practices"]}
    lines = []
    for ruling in sorted(rulings, key=lambda r: (practices[r["practice_id"]]["position"], r["practice_id"])):
        practice = practices[ruling["practice_id"]]
        said = matrix_view.stance_label(ruling["stance"]).lower() if ruling["stance"] else "its words are not recorded"
        where = f", {matrix_view.clause_text(ruling['clause'], row['kind'])}" if ruling["clause"] else ""
        lines.append(f"{link('practices', practice['practice_id'], practice['label'], 'instruments')}: {text(said + where)}")
    return section("What it said, practice by practice", bullets(lines))


def related(site: Site, table: str, row) -> list[str]:
    if table == "organisations":
        return organisation_related(site, row)
    if table == "instruments":
        return [f"Issuer: {site.link('organisations', i, 'instruments', row['published_date'])}" for i in row["issuer_ids"]]
    return []


FACTS = {"instruments": instrument_facts, "organisations": organisation_facts, "partnerships": partnership_facts}
DATE_FIELD = {"instruments": "published_date", "organisations": "founded_date", "partnerships": "start_date"}
DATE_HEADING = {"instruments": "Published", "organisations": "Founded", "partnerships": "Began"}  # as the entry pages say
HEADINGS = {"instruments": "Policy instruments", "organisations": "Organisations", "partnerships": "Partnerships"}


def index_title(table: str) -> str:
    """The title of an index of entry pages ("All organisations"): the sidebar also lists the Organisations chapter
    and the Partnerships explorer, and two items reading "Organisations" left readers to guess which was which."""
    return f"All {HEADINGS[table].lower()}"


def context_chart(site: Site, table: str, row) -> str:
    """The years around this entry as on the master timeline (same lanes, colours and shapes), as a light SVG."""
    field = DATE_FIELD[table]
    if not row[field]:
        return ""
    when = dates.parse(row[field])
    highlight = row[schema.table(table).primary_key] if table == "instruments" else None
    chart = site.context_chart((f"{when.start.year - 5}-01-01", f"{when.end.year + 5}-12-31"), highlight)
    if chart is None:
        return ""
    svg = chart.svg(highlight)
    which = (
        f"The {chart.count} instruments published within five years of {when.label}"
        if chart.count == chart.of
        else f"The {chart.count} instruments published nearest to {when.label} (of {chart.of} within five years)"
    )
    caption = (
        f"{which}, in the rows and colours of the full timeline{'; this entry is ringed' if highlight else ''}. "
        f"Each mark links to its page."
    )
    return section(
        "In context",
        raw_html(f'<figure class="nhs-figure" data-pagefind-ignore>{svg}<figcaption>{html.escape(caption)}</figcaption></figure>'),
    )


def era_of(row, table: str) -> str:
    """A link to the era chapter the entry's date falls in, if it has a date."""
    field = DATE_FIELD[table]
    if not row[field]:
        return ""
    middle = row[f"{field}_mid"]
    for era_ in eras.ERAS:
        if era_.holds(middle):
            return f"Era chapter: [{text(era_.title)}](../../eras/{era_.slug}.md)"
    return ""


@cache
def repository_url() -> str:
    """The repository address, from the one place it is configured: _config.yml."""
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"].rstrip("/")


def suggest_correction_link(table: str, entry_id: str, title: str) -> str:
    """A link that opens a new issue prefilled with the entry's id, title and address (nhs-site.js adds the address)."""
    entry = Entry(table, entry_id)
    query = urlencode(
        {
            "title": f"Correction: {table}/{entry_id}",
            "body": f"Entry: {title}\nId: {table}/{entry_id}\nPage: {entry.url}\n\nWhat is wrong, and a source that shows it:\n",
        }
    )
    return f"{repository_url()}/issues/new?{query}"


# What a page is the page *for*, as Pagefind metadata: the search page (nhs-search.js, ranking.metaWeights) counts a
# match in these as much as a match in a title, whatever the page's length. Pagefind ranks long pages down, and stems
# words ("hospitality" and "hospitals" are one word to it), so without them a practice's page, long with the words
# of every rule in force year by year, came after every short page whose title shared a stem with its name: eight
# hospital trusts before the practice of hospitality, and a key milestone tied with the lesser instruments named like it.
PRACTICE_META = "practice"  # a practice's name and what it is (content/practice_pages.py)
MILESTONE_META = "milestone"  # a key milestone's short title


def search_marks(filters: list[tuple[str, str]], meta: dict[str, str] | None = None) -> str:
    """Hidden marks the site search (Pagefind) reads: filters to narrow the results by, and metadata that ranks a page.
    data-pagefind-ignore: they are read, but their words are not indexed as the page's text."""
    spans = "".join(f'<span data-pagefind-filter="{name}">{html.escape(value)}</span>' for name, value in filters)
    # Pagefind's inline form, key:value, takes the rest of the attribute as the value, commas and all.
    metadata = "".join(f' data-pagefind-meta="{name}:{html.escape(value)}"' for name, value in (meta or {}).items())
    return raw_html(f'<div hidden data-pagefind-ignore class="nhs-search-filters"{metadata}>{spans}</div>')


def search_filters(table: str, row) -> str:
    """The marks an entry page gives the site search: its type, kind and era to filter by; a key milestone's short
    title as what the page is for."""
    kind = (
        schema.label(table, "kind", row["kind"])
        if table in ("instruments", "organisations")
        else schema.label("partnerships", "model", row["model"])
    )
    marks = [("type", HEADINGS[table][:-1] if table != "partnerships" else "Partnership"), ("kind", kind)]
    field = DATE_FIELD[table]
    if row[field]:
        middle = row[f"{field}_mid"]
        marks += [("era", e.title) for e in eras.ERAS if e.holds(middle)]
    milestone = table == "instruments" and row["milestone"] == "yes"
    return search_marks(marks, {MILESTONE_META: row["short_title"] or row["title"]} if milestone else None)


def short_title_line(table: str, row) -> str:
    """An instrument's short title under its heading, weighted for the site search like the title: a name of the
    document, as fixed as its title, so it stands with the title and not in the facts table, whose cells say who
    issued, addressed or joined it as of its date (tests/sitecheck.py checks those names against that date; an
    Order is rightly called after the body it set up, weeks before that body's name came into use)."""
    if table != "instruments" or not row["short_title"] or row["short_title"] == row["title"]:
        return ""
    weight = MILESTONE_WEIGHT if row["milestone"] == "yes" else TITLE_WEIGHT
    return f"Short title: {weighted(text(row['short_title']), weight)}"


def entry_page(site: Site, table: str, row) -> str:
    """One entry's page, as a MyST document. Its heading's anchor is the entry's label (Entry.label)."""
    entry = Entry(table, row[schema.table(table).primary_key])
    title = site.title(table, entry.entry_id)
    sources = [site.source_records[source_id] for source_id in row["source_ids"]]
    parts = [
        f"{{#{entry.label}}}\n# {text(title)}",
        short_title_line(table, row),
        search_filters(table, row),
        field_table(FACTS[table](site, row)),
    ]
    parts = [part for part in parts if part]
    if "summary" in row and row["summary"]:
        parts.append(section("Summary", summary_markup(row["summary"])))
    if table == "instruments":
        parts.append(practice_rulings(site, row))  # what it did, then what it said about each practice
    if row["notes"]:
        parts.append(section("Notes on the evidence", text(row["notes"])))
    parts.append(section("Sources", "\n".join(f"1. {source_line(s)}" for s in sources)))
    if table == "instruments" and row["instrument_id"] in site.checks:
        parts.append(section("Is it still in force?", bullets([status_check_line(site, c) for c in site.checks[row["instrument_id"]]])))
    links = [line for line in [era_of(row, table)] if line] + related(site, table, row)
    if links:
        parts.append(section("Related entries", bullets(links)))
    parts.append(context_chart(site, table, row))
    suggest = suggest_correction_link(table, entry.entry_id, title)
    # The same links on every entry page: not the page's text for the site search. (A block attribute,
    # {data-pagefind-ignore="all"} above the paragraph, was dropped by the MyST parser: only a span keeps it.)
    parts.append(
        f'<span data-pagefind-ignore="all">[{index_title(table)}](../{table}.md) · '
        f"{external_link(suggest, 'Suggest a correction', 'nhs-suggest')}</span>"
    )
    return "\n\n".join(p for p in parts if p) + "\n"


def index_page(site: Site, table: str) -> str:
    """An index page: every entry of the table, linked, with its date and confidence."""
    frame = site.tables[table]
    date_field = DATE_FIELD[table]
    key = schema.table(table).primary_key
    ordered = frame.sort_values([f"{date_field}_start", key], na_position="last")
    rows = [
        [site.link(table, row[key], None), text(row[f"{date_field}_label"]) or "", text(label_of(table, "confidence", row["confidence"]))]
        for row in ordered.to_dict("records")
    ]
    return "\n".join(
        [
            f"# {index_title(table)}",
            "",
            f"{len(frame)} entries, each with its own page. The address of each page is made from the entry's id and does not change.",
            "",
            list_table([["Entry", DATE_HEADING[table], "Confidence"], *rows], "nhs-index", header=True),
            "",
        ]
    )


def write_if_changed(path, content: str) -> bool:
    """Only touch files whose content changed, so Sphinx rebuilds only those pages."""
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return True


def generate(*more) -> list[str]:
    """Write the three index pages, every entry's page and the bibliography's BibTeX file into the staged book;
    remove generated pages no longer wanted (entries since deleted). Returns the docnames written.
    more: functions of the sources (source_id -> row) that return further pages, docname -> MyST (the practice
    pages), written and kept beside the entry pages."""
    site = Site()
    wanted = {paths.GENERATED_DIR / f"{table}.md": index_page(site, table) for table in ENTRY_TABLES}
    for table in ENTRY_TABLES:
        for row in site.records[table]:
            wanted[paths.SOURCE_DIR / f"{Entry(table, row[schema.table(table).primary_key]).docname}.md"] = entry_page(site, table, row)
    for pages_of in more:
        wanted.update({paths.SOURCE_DIR / f"{docname}.md": page for docname, page in pages_of(site.source_records).items()})
    wanted[paths.SOURCE_DIR / bibliography.BIB_PATH_IN_BOOK] = bibliography.bibtex(site.tables["sources"])
    for path, content in wanted.items():
        write_if_changed(path, content)
    if paths.GENERATED_DIR.exists():
        for stale in set(paths.GENERATED_DIR.rglob("*.md")) - set(wanted):
            stale.unlink()
    return sorted(p.relative_to(paths.SOURCE_DIR).as_posix() for p in wanted)
