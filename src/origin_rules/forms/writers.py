"""Write a form as CSV (UTF-8 with a byte-order mark, so that spreadsheet programs show
the Chinese) or as XLSX (openpyxl, from the `forms` extra).

CSV holds the header row and the rows only, for other systems. XLSX is the form as
staff file it: the title and signature lines above the header row, the rows, and a
second sheet 说明 with the readings of the guide the form was built with.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import IO, Any

from origin_rules.csv_cells import guarded_row
from origin_rules.errors import OriginRulesError
from origin_rules.forms.tables import Table

__all__ = ["FormsUnavailableError", "csv_bytes", "write_csv", "write_xlsx", "xlsx_bytes"]

NOTES_SHEET = "说明"


class FormsUnavailableError(OriginRulesError):
    """A writer needs a package that is not installed."""


def csv_bytes(table: Table, *, raw: bool = False) -> bytes:
    """The table as CSV; a cell a spreadsheet would run as a formula is prefixed with an
    apostrophe unless `raw` (see `origin_rules.csv_cells`)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(guarded_row(table.headers, raw=raw))
    writer.writerows(guarded_row(row, raw=raw) for row in table.rows)
    return out.getvalue().encode("utf-8-sig")


def write_csv(table: Table, path: str | Path, *, raw: bool = False) -> None:
    Path(path).write_bytes(csv_bytes(table, raw=raw))


def xlsx_bytes(table: Table) -> bytes:
    out = io.BytesIO()
    _workbook(table).save(out)
    return out.getvalue()


def write_xlsx(table: Table, path: str | Path | IO[bytes]) -> None:
    data = xlsx_bytes(table)
    if isinstance(path, str | Path):
        Path(path).write_bytes(data)
    else:
        path.write(data)


def _workbook(table: Table) -> Any:
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
    except ImportError as exc:
        raise FormsUnavailableError(
            "writing XLSX needs openpyxl: install the forms extra, "
            "pip install 'origin-rules[forms]' (or write CSV)"
        ) from exc
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = table.sheet
    for line in table.preamble:
        sheet.append([line])
    sheet.append(list(table.headers))
    header_row = len(table.preamble) + 1
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(list(row))
    # Text, not numbers: a student number or an 18-digit ID must not become a float,
    # and a value starting with "=" must not become a formula.
    for row_cells in sheet.iter_rows(min_row=1):
        for cell in row_cells:
            if cell.value is not None:
                cell.data_type = "s"
                cell.number_format = "@"
    if table.preamble:
        sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    notes = book.create_sheet(NOTES_SHEET)
    for note in table.notes:
        notes.append([note])
    return book
