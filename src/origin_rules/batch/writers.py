"""Output of a batch: each result encoded as one whole line (where it was decided, so a
pool of workers does the encoding too), and a sink that only ever writes whole lines.

JSON Lines: a decision as `Decision.model_dump_json()`; a record that could not be
decided as `RecordError.as_record(file)`. CSV: the columns of `csv_layout.OUTPUT_COLUMNS`,
one row per record, after a header row (UTF-8 with a byte-order mark, by default); the
command decides each record only as far as its row needs (`rows.decide_row`: no trace,
texts or input hash).

The sink writes whole lines with one system call per batch of lines, so a run that is
stopped (Ctrl-C, SIGTERM, even SIGKILL between two writes) leaves output that ends with
a complete line: a valid, truncated output, never a half-written record.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
from dataclasses import dataclass
from typing import Literal, TextIO

from origin_rules.batch.csv_layout import OUTPUT_COLUMNS, decision_row, error_row
from origin_rules.batch.records import RecordError, SourceRecord
from origin_rules.batch.rows import DecisionRow
from origin_rules.csv_cells import guarded_row
from origin_rules.decision import Decision
from origin_rules.verdict import Verdict

OutputFormat = Literal["jsonl", "csv"]


@dataclass(frozen=True)
class Encoded:
    """One result as written, with what the summary counts."""

    text: str  # one or more whole lines, each ending in "\n"
    outcome: str | None  # None for an error
    decided_by: str | None
    error: str | None  # the error kind, for an error
    problems: tuple[str, ...] = ()  # an error's problems, one line each, for stderr
    line: int | None = None  # where the record was, for those messages
    position: int = 0

    def fields(
        self,
    ) -> tuple[str, str | None, str | None, str | None, tuple[str, ...], int | None, int]:
        """The fields in order (`Encoded(*fields)` is this again): what a worker sends."""
        return (
            self.text,
            self.outcome,
            self.decided_by,
            self.error,
            self.problems,
            self.line,
            self.position,
        )


def encode_jsonl(
    file: str, record: SourceRecord, position: int, result: Decision | Verdict | RecordError
) -> Encoded:
    if isinstance(result, RecordError):
        # default=str: a value quoted from a caller's mapping may be any Python object.
        text = json.dumps(
            result.as_record(file), ensure_ascii=False, separators=(",", ":"), default=str
        )
        return Encoded(
            text + "\n", None, None, result.kind, tuple(result.problems()), result.line, position
        )
    return Encoded(result.model_dump_json() + "\n", result.outcome.value, result.decided_by, None)


def encode_csv(
    file: str,
    record: SourceRecord,
    position: int,
    result: Decision | Verdict | DecisionRow | RecordError,
    *,
    raw: bool = False,
) -> Encoded:
    """One CSV row; a cell a spreadsheet would run as a formula is prefixed with an
    apostrophe unless `raw` (see `origin_rules.csv_cells`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if isinstance(result, RecordError):
        problems = result.problems()
        row = error_row(result.line, position, result.kind, problems)
        writer.writerow(guarded_row(row, raw=raw))
        return Encoded(
            out.getvalue(), None, None, result.kind, tuple(problems), result.line, position
        )
    values = result if isinstance(result, DecisionRow) else DecisionRow.of(result)
    writer.writerow(guarded_row(decision_row(record.line, position, values), raw=raw))
    return Encoded(out.getvalue(), values.outcome, values.decided_by, None)


def csv_header(*, bom: bool = True) -> str:
    """The header row, after a byte-order mark unless not `bom`: spreadsheet programs
    (Excel in a Chinese locale among them) read a CSV file without one in the locale's
    code page, and garble the Chinese. The mark goes only at the start of the file."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(OUTPUT_COLUMNS)
    return ("\ufeff" if bom else "") + out.getvalue()


class LineSink:
    """Writes whole lines to a file descriptor (or, where there is none, a text stream):
    buffered, and flushed only at line ends."""

    def __init__(
        self, target: int | TextIO, *, max_buffer: int = 1 << 16, max_delay: float = 0.5
    ) -> None:
        self._target = target
        self._parts: list[bytes] = []
        self._size = 0
        self._max_buffer = max_buffer
        self._max_delay = max_delay
        self._last = time.monotonic()

    def write(self, lines: str) -> None:
        """`lines` must end with a newline: it is written whole or not at all."""
        data = lines.encode("utf-8")
        self._parts.append(data)
        self._size += len(data)
        if self._size >= self._max_buffer or time.monotonic() - self._last >= self._max_delay:
            self.flush()

    def flush(self) -> None:
        if self._parts:
            data = memoryview(b"".join(self._parts))
            self._parts.clear()
            self._size = 0
            if isinstance(self._target, int):
                while data:  # a pipe may take less than all of it at once
                    written = os.write(self._target, data)
                    data = data[written:]
            else:
                self._target.write(bytes(data).decode("utf-8"))
                self._target.flush()
        self._last = time.monotonic()
