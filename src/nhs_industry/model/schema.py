"""Reads data/datapackage.json, the one place the schema is declared."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .. import paths


@dataclass(frozen=True)
class Category:
    """One allowed value of a field, with what readers see instead of the code."""

    value: str
    label: str
    description: str = ""
    colour: str | None = None  # x-colour: the one colour this value has on every chart
    symbol: str | None = None  # x-symbol: a marker shape, a second cue beside colour
    term_from: str | None = None  # x-term-from: first date the term was in use (ISO)
    nations: tuple[str, ...] = ()  # x-nations: for an extent, the nations it covers
    derived: bool = False  # x-derived: a value the site works out, never entered in a row
    strictness: int | None = None  # x-strictness: how strict a ruling's stance is (higher is stricter)
    numbered_as: str | None = None  # x-numbered-as: what a bare number names in this kind of rule ("clause")
    rule: bool = False  # x-rule: an instrument of this kind sets a rule that is in force for a time
    in_force_until: str | None = None  # x-in-force-until: what keeps a rule with no recorded end in force
    max_confidence: str | None = None  # x-max-confidence: the most a ruling on this basis can be sure of
    may_reproduce_rules: bool = False  # x-may-reproduce-rules: a kind of source reliable enough to quote a rule's words


@dataclass(frozen=True)
class Field:
    """One column of one table, as the data package declares it."""

    name: str
    type: str
    description: str
    required: bool = False
    unique: bool = False
    pattern: str | None = None
    categories: tuple[Category, ...] = ()  # allowed values in display order (for a list field: allowed items)
    list_separator: str | None = None  # set for fields that hold several values
    references: str | None = None  # table whose primary key the values must match
    partial_date: bool = False
    evidence_years: int | None = None  # x-evidence-years: how long a dated source counts as evidence that something still holds
    refused_hosts: tuple[tuple[str, str], ...] = ()  # x-not-allowed-hosts: (host or host prefix, why it is refused)

    @property
    def enum(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.categories)

    def category(self, value: str) -> Category:
        """The category of a value; a KeyError here means the validator was bypassed."""
        for category in self.categories:
            if category.value == value:
                return category
        raise KeyError(f"{self.name}: {value!r} is not described in datapackage.json")

    def label(self, value: str) -> str:
        """What readers see for a value: its label, never the code."""
        return self.category(value).label

    @property
    def is_list(self) -> bool:
        return self.list_separator is not None

    def split(self, value: str) -> list[str]:
        """The items of a cell: one for a plain field, several for a list field."""
        if not value:
            return []
        if not self.is_list:
            return [value]
        return [item.strip() for item in value.split(self.list_separator)]


@dataclass(frozen=True)
class Table:
    """One CSV file of the data package."""

    name: str
    path: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: str

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _field(raw: dict, foreign_keys: dict[str, str]) -> Field:
    constraints = raw.get("constraints", {})
    categories = tuple(
        Category(
            value=c["value"],
            label=c["label"],
            description=c.get("description", ""),
            colour=c.get("x-colour"),
            symbol=c.get("x-symbol"),
            term_from=c.get("x-term-from"),
            nations=tuple(c.get("x-nations", ())),
            derived=bool(c.get("x-derived")),
            strictness=c.get("x-strictness"),
            numbered_as=c.get("x-numbered-as"),
            rule=bool(c.get("x-rule")),
            in_force_until=c.get("x-in-force-until"),
            max_confidence=c.get("x-max-confidence"),
            may_reproduce_rules=bool(c.get("x-may-reproduce-rules")),
        )
        for c in raw.get("categories", [])
    )
    references = raw.get("x-references", {}).get("resource") or foreign_keys.get(raw["name"])
    return Field(
        name=raw["name"],
        type=raw.get("type", "string"),
        description=raw.get("description", ""),
        required=bool(constraints.get("required")),
        unique=bool(constraints.get("unique")),
        pattern=constraints.get("pattern"),
        categories=categories,
        list_separator=raw.get("x-list-separator"),
        references=references,
        partial_date=bool(raw.get("x-partial-date")),
        evidence_years=raw.get("x-evidence-years"),
        refused_hosts=tuple(raw.get("x-not-allowed-hosts", {}).items()),
    )


def _table(raw: dict) -> Table:
    schema = raw["schema"]
    foreign_keys = {fk["fields"][0]: fk["reference"]["resource"] for fk in schema.get("foreignKeys", [])}
    return Table(
        name=raw["name"],
        path=raw["path"],
        title=raw.get("title", raw["name"]),
        description=raw.get("description", ""),
        fields=tuple(_field(f, foreign_keys) for f in schema["fields"]),
        primary_key=schema["primaryKey"][0],
    )


def package(data_dir: Path | None = None) -> dict:
    """The data package as JSON (of the data folder in use when called, unless one is given)."""
    return _package(Path(data_dir or paths.DATA_DIR))


@cache
def _package(data_dir: Path) -> dict:
    return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))


def tables(data_dir: Path | None = None) -> dict[str, Table]:
    """Every table, by name, in the order the data package lists them."""
    return _tables(Path(data_dir or paths.DATA_DIR))


@cache
def _tables(data_dir: Path) -> dict[str, Table]:
    return {raw["name"]: _table(raw) for raw in package(data_dir)["resources"]}


def table(name: str, data_dir: Path | None = None) -> Table:
    data_dir = data_dir or paths.DATA_DIR
    return tables(data_dir)[name]


def categories(table_name: str, field_name: str) -> tuple[Category, ...]:
    """The allowed values of one field, in display order, with labels and colours."""
    return table(table_name).field(field_name).categories


def label(table_name: str, field_name: str, value: str) -> str:
    """The reader-facing label of one category value."""
    return table(table_name).field(field_name).label(value)


def vocabulary() -> dict:
    """Every categorical field's values, labels, colours and symbols, for the browser (JSON-ready)."""
    return {
        f"{t.name}.{f.name}": [{"value": c.value, "label": c.label, "colour": c.colour, "symbol": c.symbol} for c in f.categories]
        for t in tables().values()
        for f in t.fields
        if f.categories
    }


def labels(table_name: str, field_name: str) -> dict[str, str]:
    """Value -> label for one field, in display order."""
    return {c.value: c.label for c in categories(table_name, field_name)}


def colours(table_name: str, field_name: str) -> dict[str, str]:
    """Value -> colour for one field, in display order (only fields whose categories carry x-colour)."""
    return {c.value: c.colour for c in categories(table_name, field_name) if c.colour}


def symbols(table_name: str, field_name: str) -> dict[str, str]:
    """Value -> marker symbol for one field (confidence: solid, diamond, hollow)."""
    return {c.value: c.symbol for c in categories(table_name, field_name) if c.symbol}


def numbered_as() -> dict[str, str]:
    """Instrument kind -> what a bare clause number names in it ("industry-code" -> "clause"); kinds that number
    their parts in many ways (guidance) are not listed, and their rulings say what the number names."""
    return {c.value: c.numbered_as for c in categories("instruments", "kind") if c.numbered_as}


def rule_kinds() -> tuple[str, ...]:
    """The instrument kinds that set rules (x-rule), in display order; the other kinds are dates on the timeline."""
    return tuple(c.value for c in categories("instruments", "kind") if c.rule)


def in_force_until_ended() -> frozenset[str]:
    """The rule kinds that stay in force until an end is recorded (legislation), rather than only while a recent
    start or status check is evidence that they still apply (x-in-force-until)."""
    return frozenset(c.value for c in categories("instruments", "kind") if c.in_force_until == "ended")


def nations() -> dict[str, str]:
    """The four nations, value -> label, in the order the extents list them: the extents that cover one nation."""
    return {c.value: c.label for c in categories("instruments", "extent") if c.nations == (c.value,)}


def nations_covered(extent: str) -> tuple[str, ...]:
    """The nations one extent value covers ('great-britain' -> England, Scotland, Wales)."""
    return table("instruments").field("extent").category(extent).nations


def evidence_years(table_name: str, field_name: str) -> int:
    """How many years a dated source counts as evidence that a rule or partnership still holds."""
    return table(table_name).field(field_name).evidence_years
