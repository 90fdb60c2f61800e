"""Generates one page per entry from the data at build time (written under book/entries/, never committed)."""
from __future__ import annotations

from . import paths


def generate() -> list[str]:
    """Write the entry pages; returns their paths relative to the book. (Entry pages come with issue 4.)"""
    paths.GENERATED_DIR.mkdir(parents=True, exist_ok=True)
    return []
