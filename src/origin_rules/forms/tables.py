"""A form as a table: a title and lines above it, a header row, rows of text, and the
notes that say which readings of the guide it was built with."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    sheet: str  # the XLSX sheet's name
    preamble: tuple[str, ...]  # lines above the header row (title, signature line)
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...]  # 说明: the interpretations used, in words

    def __post_init__(self) -> None:
        for i, row in enumerate(self.rows):
            if len(row) != len(self.headers):
                raise ValueError(f"row {i} has {len(row)} cells for {len(self.headers)} headers")
