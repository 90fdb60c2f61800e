"""Reads data/datapackage.json, the one place the schema is declared."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import paths


@dataclass(frozen=True)
class Field:
    """One column of one table, as the data package declares it."""

    name: str
    type: str
    description: str
    required: bool = False
    unique: bool = False
    pattern: str | None = None
    enum: tuple[str, ...] = ()  # allowed values (for a list field: allowed items)
    enum_descriptions: tuple[tuple[str, str], ...] = ()
    list_separator: str | None = None  # set for fields that hold several values
    references: str | None = None  # table whose primary key the values must match
    partial_date: bool = False

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
    described = raw.get("x-enum-descriptions", {})
    enum = constraints.get("enum") or raw.get("x-list-enum") or []
    references = raw.get("x-references", {}).get("resource") or foreign_keys.get(raw["name"])
    return Field(
        name=raw["name"],
        type=raw.get("type", "string"),
        description=raw.get("description", ""),
        required=bool(constraints.get("required")),
        unique=bool(constraints.get("unique")),
        pattern=constraints.get("pattern"),
        enum=tuple(enum),
        enum_descriptions=tuple(described.items()),
        list_separator=raw.get("x-list-separator"),
        references=references,
        partial_date=bool(raw.get("x-partial-date")),
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


@cache
def package(data_dir: Path = paths.DATA_DIR) -> dict:
    """The data package as JSON."""
    return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))


@cache
def tables(data_dir: Path = paths.DATA_DIR) -> dict[str, Table]:
    """Every table, by name, in the order the data package lists them."""
    return {raw["name"]: _table(raw) for raw in package(data_dir)["resources"]}


def table(name: str, data_dir: Path = paths.DATA_DIR) -> Table:
    return tables(data_dir)[name]
