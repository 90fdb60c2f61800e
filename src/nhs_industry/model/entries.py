"""Where each entry's page lives: a stable address made from its table and id."""

from __future__ import annotations

from dataclasses import dataclass

ENTRY_TABLES = ("instruments", "organisations", "partnerships")


@dataclass(frozen=True)
class Entry:
    """One instrument, organisation or partnership, and the page that describes it."""

    table: str
    entry_id: str

    @property
    def docname(self) -> str:
        return f"book/entries/{self.table}/{self.entry_id}"

    @property
    def url(self) -> str:
        """Path of the built page from the site root; never changes while the id does not."""
        return f"{self.docname}.html"

    @property
    def label(self) -> str:
        """The id of the entry's article on its page (its heading's anchor): 'instrument-el-94-94'."""
        return f"{self.table[:-1]}-{self.entry_id}"
