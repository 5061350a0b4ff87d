"""What a batch reads and what takes a record's place when it cannot be decided.

A batch keeps one result per input record, in input order, so a record that cannot be
decided is not dropped: a `RecordError` stands in its place, naming the record's
position (and its line, when it came from a file) and every problem found.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from origin_rules.masking import excerpt, quote

# How a record's payload is written: an `Applicant`, a mapping of its fields, its JSON
# text, a CSV row (column -> cell, see `csv_layout`), or a problem the reader found.
PayloadKind = Literal["applicant", "mapping", "json", "csv_row", "unreadable"]

ErrorKind = Literal["invalid_json", "invalid_facts", "invalid_csv", "invalid_option", "unreadable"]


@dataclass(frozen=True)
class SourceRecord:
    """One record as a reader found it: where it was and what it held.

    `line` is the 1-based line it starts on (None when it did not come from a file);
    `payload` is the JSON text, the CSV row, or for `unreadable` the reason.
    """

    line: int | None
    kind: PayloadKind
    payload: Any


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FieldProblem(_Out):
    """One problem in a record: the field's dotted path (`hukou.0.place.code`), what is
    wrong, the value found (left out when the field is missing), and for CSV input the
    column the field is read from."""

    path: str
    message: str
    value: Any = None
    column: str | None = None

    # Masked and bounded as `FactError` is (a CSV cell is quoted raw until here).
    _path = field_validator("path")(lambda v: ".".join(excerpt(p) for p in v.split(".")))
    _message = field_validator("message")(lambda v: excerpt(v, 400))
    _value = field_validator("value")(quote)


class RecordError(_Out):
    """Takes the place of a record that could not be decided.

    `position` is the record's 0-based position among the records of the batch (blank
    JSON Lines are not records); `line` the 1-based line it starts on in its file.
    """

    position: int
    line: int | None
    kind: ErrorKind
    message: str
    fields: tuple[FieldProblem, ...] = ()

    _message = field_validator("message")(lambda v: excerpt(v, 400))

    def problems(self) -> list[str]:
        """Each problem on one line, for people (stderr, a CSV cell)."""
        if not self.fields:
            return [self.message]
        return [
            (f"{f.path}" + (f" [column {f.column}]" if f.column else ""))
            + f": {f.message}"
            + ("" if f.message == "Field required" else f" (got {f.value!r})")
            for f in self.fields
        ]

    def as_record(self, file: str | None = None) -> dict[str, Any]:
        """The error as the batch writes it: `{"error": {...}, "file", "line", "position"}`
        (the shape `origin-rules decide --jsonl` gives a record it cannot decide)."""
        error: dict[str, Any] = {"kind": self.kind, "message": self.message}
        if self.fields:
            error["fields"] = [
                {
                    k: v
                    for k, v in f.model_dump().items()
                    if not (k == "column" and v is None)
                    and not (k == "value" and f.message == "Field required")
                }
                for f in self.fields
            ]
        record: dict[str, Any] = {"error": error}
        if file is not None:
            record["file"] = file
        record["line"] = self.line
        record["position"] = self.position
        return record
