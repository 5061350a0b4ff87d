"""CSV cells that a spreadsheet will not run (CSV formula injection, CWE-1236).

A spreadsheet program reads a cell that starts with `=`, `+`, `-` or `@` as a formula,
and a leading tab or carriage return can hide such a start; names, applicant ids and
error messages come from the caller's data, so a CSV the library writes prefixes such a
cell with an apostrophe `'`, which spreadsheets show as text and do not keep (OWASP's
advice). Every CSV writer applies `guarded_row`; `raw=True` (the command-line switch
`--csv-raw`) writes cells as they are, for a program that reads the CSV as data and
would see the apostrophe. The XLSX writer stores every cell as text instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guarded(cell: Any) -> Any:
    """The cell with an apostrophe before a start a spreadsheet would read as a formula."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def guarded_row(row: Iterable[Any], *, raw: bool = False) -> list[Any]:
    return list(row) if raw else [guarded(cell) for cell in row]
