"""A file of many applicants uploaded on the staff page, decided as `origin-rules decide
--batch` decides it: the same readers (JSON Lines, CSV in the layout of `csv_layout`),
the same parsing and deciding (`to_applicant`, `decide_chunk`), the same output rows
(`csv_layout.OUTPUT_COLUMNS`), written with the forms' CSV and XLSX writers.

A `.json` file may also hold one applicant or a JSON array of them (what a system
exports); every record of the file keeps its place, a record that cannot be decided
as an error row naming its line and each problem.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

from origin_rules import __version__
from origin_rules.batch.csv_layout import OUTPUT_COLUMNS, decision_row, error_row
from origin_rules.batch.readers import HeaderError, read_csv, read_jsonl
from origin_rules.batch.records import RecordError, SourceRecord
from origin_rules.batch.run import BatchOptions, decide_chunk, keep_result
from origin_rules.forms.tables import Table
from origin_rules.forms.writers import FormsUnavailableError, csv_bytes, xlsx_bytes
from origin_rules.input_limits import JsonTextError, load_json_text

# A page request decides while staff wait: a larger file belongs to the batch endpoint
# or `origin-rules decide --batch`, which stream.
MAX_PAGE_RECORDS = 2000


class UploadError(ValueError):
    """The file as a whole cannot be read (its header, its JSON, its size)."""


@dataclass(frozen=True)
class BatchResult:
    table: Table  # one row per record, OUTPUT_COLUMNS
    decided: int
    errors: int

    def csv(self) -> bytes:
        return csv_bytes(self.table)

    def xlsx(self) -> bytes | None:
        """The rows as XLSX, or None where openpyxl (the forms extra) is not installed."""
        try:
            return xlsx_bytes(self.table)
        except FormsUnavailableError:
            return None


def file_kind(name: str) -> str:
    lowered = name.lower()
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith(".json"):
        return "json"
    return "jsonl"  # .jsonl, .ndjson, anything else: as the command line reads it


def records(name: str, content: bytes) -> Iterator[SourceRecord]:
    kind = file_kind(name)
    if kind == "csv":
        return read_csv(io.BytesIO(content))
    if kind == "json":
        try:
            data = load_json_text(content.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise UploadError(f"{name}: not UTF-8 text ({exc.reason})") from None
        except JsonTextError as exc:
            where = f" (line {exc.line}, column {exc.column})" if exc.column else ""
            raise UploadError(f"{name}: not JSON: {exc.message}{where}") from None
        items = data if isinstance(data, list) else [data]
        return iter([SourceRecord(None, "mapping", item) for item in items])
    return read_jsonl(io.BytesIO(content))


def decide_file(name: str, content: bytes) -> BatchResult:
    """Every record of the file decided (the library's defaults: ruleset, interpretations,
    decision date), one output row each, in order."""
    options = BatchOptions("durable", None, (), False)
    rows: list[tuple[str, ...]] = []
    decided = errors = 0
    try:
        for position, record in enumerate(records(name, content)):
            if position >= MAX_PAGE_RECORDS:
                raise UploadError(
                    f"{name}: more than {MAX_PAGE_RECORDS} records; decide a larger file "
                    "with POST /v1/decisions:batch or `origin-rules decide --batch`"
                )
            # decide_chunk parses the record (to_applicant) and decides it, or gives
            # the RecordError that takes its place.
            [result] = decide_chunk(position, [record], options, keep_result)
            if isinstance(result, RecordError):
                rows.append(tuple(error_row(result.line, position, result.kind, result.problems())))
                errors += 1
            else:
                rows.append(tuple(decision_row(record.line, position, result)))
                decided += 1
    except HeaderError as exc:
        raise UploadError(f"{name}: {exc}") from None
    notes = (
        f"origin-rules {__version__}: 每行一条记录，按上传文件的顺序；"
        "按规则集的默认解读和默认判定日判定。",
        "One row per record, in the file's order; decided with the ruleset's default "
        "interpretations and decision date.",
    )
    table = Table("生源地判定", (), OUTPUT_COLUMNS, tuple(rows), notes)
    return BatchResult(table, decided, errors)
