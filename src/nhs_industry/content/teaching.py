"""Material for the teaching guide: voices set against each other and worked answers to the exercises."""

from __future__ import annotations

import html

import pandas as pd

from ..model import data, dates, in_force, names, rule_spans, schema
from . import charts, explorers


def quotes_with_speakers() -> pd.DataFrame:
    """Quotations with the speaker's name and organisation (named as it was when they spoke), in date order
    (undated last)."""
    quotes = data.load("quotes")
    people = data.load("people")
    speakers = dict(zip(people["person_id"], people["name"]))
    organisation_names = names.load()
    speaker = quotes["person_id"].map(lambda p: speakers[p] if p else "A spokesperson")
    organisation = [organisation_names.short(o, on) if o else "" for o, on in zip(quotes["organisation_id"], quotes["said_date"])]
    return quotes.assign(speaker=speaker, organisation=organisation).sort_values(["said_date_start", "quote_id"], na_position="last")


# ---------------------------------------------------------------- voices with their context


def voices_with_context(data_dir=None, include_undated: bool = False) -> pd.DataFrame:
    """Dated quotations (and undated ones, if asked) with everything a seminar needs beside the words: who (name,
    role, organisation at the time), when, where it was published, and what prompted it."""
    load = (lambda name: data.load(name)) if data_dir is None else (lambda name: data.load(name, data_dir))
    quotes, people, sources, roles = load("quotes"), load("people"), load("sources"), load("roles")
    organisations = names.Names(load("organisations").to_dict("records"), load("organisation_names").to_dict("records"))
    # Looked up in dictionaries, not with .loc row by row: each era's seminar asks for these again.
    people_by_id = dict(zip(people["person_id"], people["name"]))
    roles_by_id = dict(zip(roles["role_id"], roles["role"]))
    sources_by_id = {
        sid: {"publisher": publisher, "title": title}
        for sid, publisher, title in zip(sources["source_id"], sources["publisher"], sources["title"])
    }

    rows = []
    chosen = quotes if include_undated else quotes[quotes["said_date"] != ""]
    for q in chosen.sort_values(["said_date_start", "quote_id"], na_position="last").to_dict("records"):
        organisation = organisations.name(q["organisation_id"], q["said_date"]) if q["organisation_id"] else ""
        source_id = q["source_ids"][0]
        source = sources_by_id[source_id]
        rows.append(
            {
                "quote_id": q["quote_id"],
                "text": q["text"],
                "said_date_mid": q["said_date_mid"],
                "speaker": people_by_id[q["person_id"]] if q["person_id"] else f"A spokesperson for {organisation}",
                "role": roles_by_id[q["role_id"]] if q["role_id"] else "Spokesperson",
                "organisation": organisation,
                "date": q["said_date_label"] or "date not known",
                "outlet": source["publisher"],
                "source_title": source["title"],
                "source_id": source_id,
                "context": q["context"],
                "stance": schema.label("quotes", "stance", q["stance"]),
                "stance_value": q["stance"],
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "quote_id",
            "text",
            "said_date_mid",
            "speaker",
            "role",
            "organisation",
            "date",
            "outlet",
            "source_title",
            "source_id",
            "context",
            "stance",
            "stance_value",
        ],
    )


def voice_html(v, stance: bool = False) -> str:
    """One quotation as teaching material shows it: the words, then who, role, organisation, when, where, why
    (and, for a debate, which side it takes)."""
    side = f'<strong class="nhs-stance">{html.escape(v["stance"])}:</strong> ' if stance else ""
    return (
        f'<blockquote class="nhs-voice"><p>{side}“{html.escape(v["text"])}”</p><footer>'
        f"<strong>{html.escape(v['speaker'])}</strong>, {html.escape(v['role'])}"
        f"{', ' + html.escape(v['organisation']) if v['organisation'] and v['organisation'] not in v['role'] else ''}; "
        f"{html.escape(v['date'])}; in <cite>{html.escape(v['source_title'])}</cite> ({html.escape(v['outlet'])}). "
        f'<span class="nhs-voice-context">Context: {html.escape(v["context"])}</span></footer></blockquote>'
    )


# ---------------------------------------------------------------- exercises a student can do with the CSVs


def _load(name: str, data_dir=None) -> pd.DataFrame:
    return data.load(name) if data_dir is None else data.load(name, data_dir)


def answer_issuers(data_dir=None) -> pd.Series:
    instruments, names = _load("instruments", data_dir), _load("organisations", data_dir).set_index("organisation_id")["name"]
    return (
        instruments.explode("issuer_ids")["issuer_ids"]
        .map(names)
        .value_counts()
        .sort_index()
        .sort_values(ascending=False, kind="stable")
        .head(5)
    )


def answer_low_confidence(data_dir=None) -> pd.Series:
    names = ["instruments", "organisations", "partnerships", "quotes"]
    return pd.Series({name: round(100 * (_load(name, data_dir)["confidence"] == "low").mean()) for name in names}, name="% low")


def answer_models(data_dir=None) -> pd.Series:
    models = schema.labels("partnerships", "model")
    counts = _load("partnerships", data_dir)["model"].value_counts()
    return counts.rename(index=models).sort_index().sort_values(ascending=False, kind="stable")


EXERCISES = [
    {
        "id": "issuers",
        "question": "Which five organisations issued the most instruments?",
        "spreadsheet": "Open instruments.csv. Split issuer_ids on ';' into one row per issuer, count each id, "
        "and look the ids up in organisations.csv.",
        "pandas": (
            "import pandas as pd\n"
            "instruments = pd.read_csv('instruments.csv', keep_default_na=False)\n"
            "names = pd.read_csv('organisations.csv', keep_default_na=False).set_index('organisation_id')['name']\n"
            "issuers = instruments['issuer_ids'].str.split(';').explode().map(names)\n"
            "answer = issuers.value_counts().sort_index().sort_values(ascending=False, kind='stable').head(5)"
        ),
        "answer": answer_issuers,
    },
    {
        "id": "confidence",
        "question": "What percentage of instruments, organisations, partnerships and quotations have low confidence?",
        "spreadsheet": "In each CSV, count the rows whose confidence is 'low' and divide by the number of rows.",
        "pandas": (
            "import pandas as pd\n"
            "names = ['instruments', 'organisations', 'partnerships', 'quotes']\n"
            "answer = pd.Series({n: round(100 * (pd.read_csv(n + '.csv', keep_default_na=False)['confidence'] == 'low').mean())\n"
            "                    for n in names}, name='% low')"
        ),
        "answer": answer_low_confidence,
    },
    {
        "id": "models",
        "question": "How many partnerships used each model of working?",
        "spreadsheet": "Open partnerships.csv and make a pivot table counting rows by model; the data dictionary gives each code's label.",
        "pandas": (
            "import json\nimport pandas as pd\n"
            "partnerships = pd.read_csv('partnerships.csv', keep_default_na=False)\n"
            "resources = json.load(open('datapackage.json'))['resources']\n"
            "fields = next(r for r in resources if r['name'] == 'partnerships')['schema']['fields']\n"
            "labels = {c['value']: c['label'] for c in next(f for f in fields if f['name'] == 'model')['categories']}\n"
            "answer = partnerships['model'].value_counts().rename(index=labels).sort_index().sort_values(ascending=False, kind='stable')"
        ),
        "answer": answer_models,
    },
]


def exercise_answer_text(exercise, data_dir=None) -> str:
    answer = exercise["answer"](data_dir)
    frame = answer.to_frame() if isinstance(answer, pd.Series) else answer
    return frame.to_html(classes="nhs-data-table", border=0)


def exercises_html() -> str:
    """Every exercise with its spreadsheet steps, and the pandas code and answer behind a toggle."""
    parts = []
    for number, exercise in enumerate(EXERCISES, start=1):
        parts.append(
            f'<section class="nhs-exercise" id="exercise-{exercise["id"]}"><h3>Exercise {number}. {html.escape(exercise["question"])}</h3>'
            f"<p><strong>In a spreadsheet:</strong> {html.escape(exercise['spreadsheet'])}</p>"
            f"<details><summary>Show the pandas code and the answer</summary>"
            f"<pre><code>{html.escape(exercise['pandas'])}</code></pre>"
            f"<p>The answer, computed from the data when this site was built:</p>{exercise_answer_text(exercise)}</details></section>"
        )
    return "".join(parts)


# ---------------------------------------------------------------- compare the rules on two dates


def compare_widget(instruments: pd.DataFrame, first: str, second: str, relative_root: str) -> str:
    """Two month pickers and, for each, the rules in force; between them, what was added and what went.
    The lists below it are what readers without JavaScript see, for the two default dates."""
    import json

    kinds = [{"value": c.value, "label": c.label} for c in schema.categories("instruments", "kind")]
    nation = rule_spans.DEFAULT_NATION
    payload = json.dumps(
        {
            "rows": explorers.in_force_rows(instruments),
            "kinds": kinds,
            "first": first,
            "second": second,
            "nations": explorers.nations_payload(),
            "nation": nation,
            "root": relative_root,
            "last": dates.today().isoformat(),
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    before = set(in_force.instruments_in_force(instruments, dates.parse(first).start, nation)["instrument_id"])
    after = set(in_force.instruments_in_force(instruments, dates.parse(second).start, nation)["instrument_id"])
    where = f"in {explorers.nation_label(nation)}"
    # Headings in a reader's words ("January 2007"), as the widget writes them (nhs-explorers.js).
    first_month, second_month = (f"{dates.parse(month).start:%B %Y}" for month in (first, second))
    titles = instruments.set_index("instrument_id")["title"]

    def items(ids):
        return (
            "".join(
                f'<li><a href="{relative_root}book/entries/instruments/{i}.html">{html.escape(titles[i])}</a></li>'
                for i in sorted(ids, key=lambda i: (titles[i], i))
            )
            or "<li>none</li>"
        )

    fallback = (
        f"<h4>In force {where} in {first_month} and no longer in {second_month}</h4><ul>{items(before - after)}</ul>"
        f"<h4>In force {where} in {second_month} but not yet in {first_month}</h4><ul>{items(after - before)}</ul>"
        f"<h4>In force {where} on both dates</h4><ul>{items(before & after)}</ul>"
    )
    return (
        f'<div class="nhs-compare" data-spec="compare-spec"><div class="nhs-compare-fallback">{fallback}</div></div>'
        f'<script type="application/json" id="compare-spec">{charts.script_json(payload)}</script>'
    )
