"""Streaming readers: one `SourceRecord` per input record, read as it is needed.

JSON Lines: one applicant per line, lines ending at "\n" only (U+2028, form feed and the
other characters `str.splitlines` breaks at are text inside a record); a blank line (only white space) is not a record and
yields nothing, but it is counted, so line numbers are the file's own. A line that is not
UTF-8 yields an `unreadable` record. A byte-order mark before the first line is allowed.

CSV: the layout of `csv_layout`. A header that does not fit raises `HeaderError` before
any record is yielded; a row with the wrong number of cells, or a cell that is not
UTF-8, yields a record that becomes an error; an empty row is not a record.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from origin_rules.batch.csv_layout import HeaderError, check_header
from origin_rules.batch.records import SourceRecord

__all__ = ["HeaderError", "read_csv", "read_jsonl"]


def read_jsonl(stream: BinaryIO) -> Iterator[SourceRecord]:
    """The records of a JSON Lines byte stream (a file opened "rb", or stdin's buffer)."""
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield SourceRecord(
                number, "unreadable", f"not UTF-8 text ({exc.reason} at byte {exc.start + 1})"
            )
            continue
        if not text.strip():
            continue
        # Without its line end, so an error's column is on the record's own line.
        yield SourceRecord(number, "json", text.removesuffix("\n").removesuffix("\r"))


def read_csv(stream: BinaryIO) -> Iterator[SourceRecord]:
    """The records of a CSV byte stream in the layout of `csv_layout`."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text)
    header = next(reader, None)
    if header is None:
        raise HeaderError("the file is empty: expected a header row")
    check_header(header)
    _check_text(header, 1)
    before = reader.line_num
    for cells in reader:
        line = before + 1  # the line the row starts on (a quoted cell may span lines)
        before = reader.line_num
        if not cells:
            continue
        problem = _check_text(cells, line)
        if problem is not None:
            yield SourceRecord(line, "unreadable", problem)
        elif len(cells) != len(header):
            yield SourceRecord(
                line,
                "unreadable",
                f"expected {len(header)} cells as in the header, found {len(cells)}",
            )
        else:
            yield SourceRecord(line, "csv_row", dict(zip(header, cells, strict=True)))


def _check_text(cells: list[str], line: int) -> str | None:
    for column, cell in enumerate(cells, start=1):
        try:
            cell.encode("utf-8")
        except UnicodeEncodeError:
            problem = f"cell {column} is not UTF-8 text"
            if line == 1:
                raise HeaderError(f"header: {problem}") from None
            return problem
    return None
