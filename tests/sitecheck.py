"""Whole-site checks on built HTML, written as functions of a site folder so a test can also run them on a
deliberately broken copy and see them fail."""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from nhs_industry.content import seminars
from nhs_industry.model import data, rule_spans, schema
from nhs_industry.model.entries import ENTRY_TABLES, Entry

LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.S)
ID = re.compile(r'\sid="([^"]+)"')
TAG = re.compile(r"<[^>]+>")
# Blocks whose text is not prose: scripts and chart specs, styles, code, and the BibTeX/APA citation boxes.
NOT_PROSE = re.compile(r"<(script|style|pre|code|template)\b.*?</\1>", re.S)
EMPTY_WORDS = re.compile(r"(?<![\w-])(nan|NaN|None|undefined|NaT|null)(?![\w-])")


def pages(site: Path) -> list[Path]:
    """Every reader-facing page: not the theme's static files, the search page or the generated index."""
    skip = ("_static", "_sources", "_images")
    return sorted(
        p
        for p in site.rglob("*.html")
        if not any(part in skip for part in p.relative_to(site).parts) and p.name not in ("search.html", "genindex.html")
    )


def visible_text(markup: str) -> str:
    body = markup.split("<body", 1)[-1]
    return html.unescape(TAG.sub(" ", NOT_PROSE.sub(" ", body)))


def entry_names(data_dir=None) -> dict[str, set[str]]:
    """Site path of each entry page -> the names that identify it (title, short title, name, short name, and an
    organisation's earlier names: a link dated before a renaming uses the name of its day)."""
    load = data.load if data_dir is None else (lambda table: data.load(table, data_dir))
    earlier = load("organisation_names")
    names: dict[str, set[str]] = {}
    for table in ENTRY_TABLES:
        frame = load(table)
        key = schema.table(table).primary_key
        for _, row in frame.iterrows():
            own = {row.get(c) for c in ("title", "short_title", "name", "short_name")}
            if table == "organisations":
                mine = earlier[earlier["organisation_id"] == row[key]]
                own |= set(mine["name"]) | set(mine["short_name"])
            names[Entry(table, row[key]).url] = {n for n in own if isinstance(n, str) and n}
    # Each practice of the "what was allowed, when" matrix has a page beside the entries (content/practice_pages.py).
    for row in load("practices").to_dict("records"):
        names[Entry("practices", row["practice_id"]).url] = {row["label"]}
    return names


def _target(page: Path, site: Path, href: str) -> tuple[str, str] | None:
    """(site path, fragment) of an internal link, or None for links that leave the site."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
        return None
    if not parts.path:
        return page.relative_to(site).as_posix(), parts.fragment
    resolved = (page.parent / unquote(parts.path)).resolve()
    try:
        return resolved.relative_to(site.resolve()).as_posix(), parts.fragment
    except ValueError:
        return "../outside-the-site", parts.fragment


def misdirected_links(site: Path, names: dict[str, set[str]]) -> list[str]:
    """Links whose text names an entry but which open a different entry's page."""
    by_name: dict[str, set[str]] = {}
    for url, own in names.items():
        for name in own:
            by_name.setdefault(name, set()).add(url)
    problems = []
    for page in pages(site):
        for href, inner in LINK.findall(page.read_text(encoding="utf-8")):
            target = _target(page, site, html.unescape(href))
            text = " ".join(html.unescape(TAG.sub("", inner)).split())
            # Only links into entry pages: a glossary link whose text is "ABPI" names the term, not the entry.
            if target and text in by_name and target[0] in names and target[0] not in by_name[text]:
                problems.append(f"{page.relative_to(site)}: link {text!r} opens {target[0]}")
    return problems


def broken_links(site: Path, printed_later: bool = False) -> list[str]:
    """Internal links to a page that does not exist, or to an anchor the page does not have. printed_later: a seminar
    handout's PDF may be missing while its page is there (`./run handout` prints it, a step after the build)."""
    ids: dict[str, set[str]] = {}
    problems = []
    for page in pages(site):
        for href, _ in LINK.findall(page.read_text(encoding="utf-8")):
            target = _target(page, site, html.unescape(href))
            if not target:
                continue
            path, fragment = target
            file = site / path
            if path.endswith("/") or file.is_dir():
                file = file / "index.html"
            if printed_later and is_handout_pdf(file) and file.with_suffix(".html").exists():
                continue
            if not file.exists():
                problems.append(f"{page.relative_to(site)}: {href} does not exist")
                continue
            if fragment and file.suffix == ".html":
                if file not in ids:
                    ids[file] = set(ID.findall(file.read_text(encoding="utf-8")))
                if fragment not in ids[file]:
                    problems.append(f"{page.relative_to(site)}: {href} has no anchor #{fragment}")
    return problems


def is_handout_pdf(file: Path) -> bool:
    """A seminar handout's PDF (handouts/<slug>.pdf), printed from the page beside it (handouts/<slug>.html)."""
    return file.suffix == ".pdf" and file.parent.name == seminars.HANDOUT_FOLDER


def raw_codes() -> set[str]:
    """Category codes a reader should never see as text: those that differ from their label and read as codes
    (hyphenated, like 'joint-working', or capitals, like the country code 'GB')."""
    return {
        c.value
        for t in schema.tables().values()
        for f in t.fields
        for c in f.categories
        if c.value != c.label and ("-" in c.value or c.value.isupper())
    }


TEXT_NODE = re.compile(r">([^<>]+)<")


def shows_a_code(text: str, codes: set[str]) -> bool:
    """A piece of text that is a code, or a list of codes, where a label should be ('joint-working; sponsorship').

    Codes inside sentences are left alone: prose may say "think-tank report" in plain English."""
    parts = [part.strip() for part in re.split(r"[;,]", text) if part.strip()]
    return bool(parts) and any(part in codes for part in parts) and all(len(part.split()) == 1 for part in parts)


def visible_placeholders_and_codes(site: Path) -> list[str]:
    """'nan', 'None', 'undefined'... anywhere in the text a reader sees, and raw category codes shown as values."""
    codes = raw_codes()
    problems = []
    for page in pages(site):
        markup = NOT_PROSE.sub(" ", page.read_text(encoding="utf-8").split("<body", 1)[-1])
        text = html.unescape(TAG.sub(" ", markup))
        for match in EMPTY_WORDS.finditer(text):
            problems.append(f"{page.relative_to(site)}: {match.group(0)!r} in {text[max(0, match.start() - 40) : match.end() + 40]!r}")
        for node in TEXT_NODE.findall(markup):
            value = html.unescape(node).strip()
            if shows_a_code(value, codes):
                problems.append(f"{page.relative_to(site)}: code shown as a value: {value!r}")
    return problems


# Pages about the CSV files themselves (the data dictionary, the spreadsheet exercises), where column names are
# the subject. Everywhere else a column name is an editor's shorthand that reached readers ("founded_date left empty").
ABOUT_THE_FILES = ("book/data.html", "book/teaching.html")


def column_names_shown(site: Path) -> list[str]:
    """CSV column names that read as codes (founded_date, supersedes_ids) in the text of a page not about the files."""
    names = {f.name for t in schema.tables().values() for f in t.fields if "_" in f.name}
    pattern = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")(?![\w-])")
    problems = []
    for page in pages(site):
        if page.relative_to(site).as_posix() in ABOUT_THE_FILES:
            continue
        text = visible_text(page.read_text(encoding="utf-8"))
        for match in pattern.finditer(text):
            problems.append(
                f"{page.relative_to(site)}: column name {match.group(0)!r} in {text[max(0, match.start() - 40) : match.end() + 40]!r}"
            )
    return problems


def search_fragments(site: Path) -> list[dict]:
    """What the site search (Pagefind) holds for each page: its address and the text it matches and quotes."""
    fragments = []
    for path in sorted((site / "_pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        fragments.append(json.loads(raw[raw.index(b"{") :]))  # after Pagefind's own signature bytes
    return fragments


# Text that belongs in no search result: an unfilled template of the citation box, its buttons (the same on
# every page), or a placeholder.
SEARCH_NOISE = re.compile(r"\{(accessed|url)\}|Copy (APA|BibTeX) citation|" + EMPTY_WORDS.pattern)


def noisy_search_text(fragments: list[dict]) -> list[str]:
    problems = []
    for fragment in fragments:
        for match in SEARCH_NOISE.finditer(fragment["content"]):
            problems.append(f"{fragment['url']}: {match.group(0)!r} in the search index")
    return problems


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>\s*</script>", re.S)
ONLY_SCRIPTS_LEFT = re.compile(r"^(\s*<script\b[^>]*>.*?</script>)*\s*</body>", re.S)


def blocking_chart_scripts(site: Path) -> list[str]:
    """Chart scripts (sphinx_ext.WIDGET_SCRIPTS) that hold up a page's text: loaded without defer or async,
    before some of the page's content (one at the very end of the body, with only scripts after it, holds up nothing)."""
    from nhs_industry.site import sphinx_ext

    names = {Path(script).name for scripts in sphinx_ext.WIDGET_SCRIPTS.values() for script in scripts}
    found = []
    for page in pages(site):
        text = page.read_text(encoding="utf-8")
        for tag in SCRIPT_TAG.finditer(text):
            source = re.search(r'src="([^"?]*)', tag.group(1))
            if not source or Path(source.group(1)).name not in names or re.search(r"\b(defer|async)\b", tag.group(1)):
                continue
            if not ONLY_SCRIPTS_LEFT.match(text[tag.end() :]):
                found.append(f"{page.relative_to(site)}: {source.group(1)}")
    return found


# ---------------------------------------------------------------- names of their day

DATE_LABEL = re.compile(r"\b(?:(\d{1,2}) )?(?:(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) )?((?:19|20)\d\d)\b")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FACTS = re.compile(r'<table class="[^"]*\bnhs-facts\b[^"]*">.*?</table>', re.S)
VOICE = re.compile(r'<blockquote class="nhs-voice">.*?</blockquote>', re.S)
TIMELINE_SPEC = re.compile(r'<script type="application/json" id="(?:timeline|[^"]*timeline[^"]*)"[^>]*>(.*?)</script>', re.S)


def names_that_began(organisation_names) -> list[tuple[str, object, set[str]]]:
    """(a name, the day it came into use, the longer names that contain it) for every name with a known start,
    full and short (a short name shared with an earlier name of the same body is not a new name)."""
    all_names = {o: organisation_names.all(o) for o in organisation_names.organisations()}
    found = []
    every = {n.name for ns in all_names.values() for n in ns} | {n.short_name for ns in all_names.values() for n in ns if n.short_name}
    for names in all_names.values():
        for position, name in enumerate(names):
            if name.used_from is None:
                continue
            earlier_short = {n.short_name for n in names[:position]}
            for text in {name.name} | ({name.short_name} if name.short_name and name.short_name not in earlier_short else set()):
                found.append((text, name.used_from, {other for other in every if text in other and other != text}))
    return found


def names_before_their_time(fragments: list[tuple[str, object, str]], began: list[tuple[str, object, set[str]]]) -> list[str]:
    """Fragments (where, the day they are dated, their text) that show a name before the day it came into use."""
    problems = []
    for where, day, text in fragments:
        for name, since, longer in began:
            if day >= since:
                continue
            plain = text
            for other in sorted(longer, key=len, reverse=True):
                plain = plain.replace(other, " ")
            if re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", plain):
                problems.append(f"{where} (dated {day}): {name!r}, a name in use only from {since}")
    return problems


# The lines of a timeline hover that name bodies as of the mark's date (a summary may rightly name the bodies a
# document created: "set up the NHS Commissioning Board").
WHO_LINES = ("Issued by:", "NHS:", "Industry:")


def who_in_hover(row: dict) -> str:
    lines = row["hover"].split("<br>")
    return " | ".join(([lines[0]] if row.get("layer") == "quote" else []) + [line for line in lines if line.startswith(WHO_LINES)])


def _first_date(text: str):
    match = DATE_LABEL.search(text)
    if not match:
        return None
    day, month, year = match.groups()
    return dt.date(int(year), MONTHS.index(month) + 1 if month else 1, int(day) if day else 1)


def dated_fragments(site: Path, data_dir=None) -> list[tuple[str, object, str]]:
    """Everything on the built site that is about one date and names bodies or roles: each instrument's and
    partnership's facts (issuer, addressees, partners), each quotation's footer (speaker, role, organisation),
    and the hover text of every timeline mark."""
    load = data.load if data_dir is None else (lambda table: data.load(table, data_dir))
    fragments = []
    for table, field in (("instruments", "published_date"), ("partnerships", "start_date")):
        frame = load(table)
        key = schema.table(table).primary_key
        for row in frame[frame[field] != ""].to_dict("records"):
            path = site / Entry(table, row[key]).url
            facts = FACTS.search(path.read_text(encoding="utf-8")) if path.exists() else None
            if facts:
                fragments.append((Entry(table, row[key]).url, row[f"{field}_start"].date(), html.unescape(TAG.sub(" ", facts.group(0)))))
    for page in pages(site):
        markup = page.read_text(encoding="utf-8")
        for voice in VOICE.findall(markup):
            footer = html.unescape(TAG.sub(" ", voice.split("<footer>", 1)[-1]))
            # The footer reads "speaker, role, organisation; date; in <source> ...": the date is the first after the role.
            day = _first_date(footer.split(";", 1)[-1])
            if day:
                fragments.append((f"{page.relative_to(site)} quotation", day, footer.split("; in ", 1)[0]))
        for spec in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', markup, re.S):
            try:
                rows = json.loads(spec).get("rows", [])
            except (ValueError, AttributeError):
                continue
            for row in rows if isinstance(rows, list) else []:
                if isinstance(row, dict) and row.get("hover") and row.get("start"):
                    fragments.append(
                        (
                            f"{page.relative_to(site)} hover {row.get('id')}",
                            dt.date.fromisoformat(row["start"]),
                            html.unescape(TAG.sub(" ", who_in_hover(row))),
                        )
                    )
    return fragments


SEED_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")


def seed_file_names_shown(site: Path) -> list[str]:
    """A source is shown by its title, publisher and date: never by the file name it was first read from."""
    return [
        f"{page.relative_to(site)}: {match}"
        for page in pages(site)
        for match in SEED_FILE.findall(visible_text(page.read_text(encoding="utf-8")))
    ]


def instrument_relations(data_dir=None) -> dict[str, list[tuple[str, str]]]:
    """Each instrument's page -> the pages it must link to, as (what the target is to it, the target's page): the
    practices whose rulings cite it, the documents it replaced and those that replaced it (named in supersedes_ids
    either way, or the editions before and after it in its series), what it amends and what amends it, and what it
    was made under or for and what was made under or for it, and the partnerships made under it; and each
    partnership's page -> the rules it was made under."""
    load = data.load if data_dir is None else (lambda table: data.load(table, data_dir))
    instruments = load("instruments").to_dict("records")
    page = {r["instrument_id"]: Entry("instruments", r["instrument_id"]).url for r in instruments}
    links: dict[str, list[tuple[str, str]]] = {url: [] for url in page.values()}

    def both_ways(column: str, forward: str, backward: str) -> None:
        for row in instruments:
            for other in row.get(column) or []:
                links[page[row["instrument_id"]]].append((forward, page[other]))
                links[page[other]].append((backward, page[row["instrument_id"]]))

    both_ways("supersedes_ids", "replaced", "replaced by")
    both_ways("amends_ids", "amends", "amended by")
    both_ways("made_under_ids", "made under", "made under it")
    for editions in rule_spans.series_editions(instruments).values():
        for earlier, later in zip(editions, editions[1:]):
            links[page[later["instrument_id"]]].append(("previous edition", page[earlier["instrument_id"]]))
            links[page[earlier["instrument_id"]]].append(("next edition", page[later["instrument_id"]]))
    for partnership in load("partnerships").to_dict("records"):
        own = Entry("partnerships", partnership["partnership_id"]).url
        for rule in partnership.get("made_under_ids") or []:
            links[page[rule]].append(("a partnership made under it", own))
            links.setdefault(own, []).append(("made under", page[rule]))
    for ruling in load("rulings").to_dict("records"):
        links[page[ruling["instrument_id"]]].append(("its word on a practice", Entry("practices", ruling["practice_id"]).url))
    return {url: sorted(set(targets)) for url, targets in links.items()}


def _about_the_entry(markup: str) -> str:
    """An entry page's own article, without its context chart (whose marks link to the instruments around it)."""
    article = markup.split('<article class="bd-article">', 1)[-1].split("</article>", 1)[0]
    return article.split('<section id="in-context">', 1)[0]


def missing_relation_links(site: Path, relations: dict[str, list[tuple[str, str]]], names: dict[str, set[str]]) -> list[str]:
    """Links an instrument's page should have and does not: for each relation, a link that opens the target's page
    and whose text is one of the target's names (so it lands on the entry it names)."""
    problems = []
    for url, targets in relations.items():
        page = site / url
        found = {
            (target[0], " ".join(html.unescape(TAG.sub("", inner)).split()))
            for href, inner in LINK.findall(_about_the_entry(page.read_text(encoding="utf-8")))
            if (target := _target(page, site, html.unescape(href)))
        }
        for relation, target in targets:
            if not any(path == target and text in names[target] for path, text in found):
                problems.append(f"{url}: no link to {target} ({relation})")
    return problems


FACTS_TABLE = re.compile(r'<table class="nhs-facts[^"]*">.*?</table>', re.S)


def entries_linked_twice_in_facts(site: Path) -> list[str]:
    """Entry pages whose facts table links one entry twice (an edition named both as the previous one and as the
    one it supersedes)."""
    problems = []
    for page in sorted((site / "book" / "entries").rglob("*.html")):
        for table in FACTS_TABLE.findall(page.read_text(encoding="utf-8")):
            hrefs = [href for href, _ in LINK.findall(table)]
            problems += [f"{page.relative_to(site)}: {href} twice" for href in sorted({h for h in hrefs if hrefs.count(h) > 1})]
    return problems
