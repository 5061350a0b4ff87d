"""From one record as read (JSON text, a mapping, a CSV row) to an `Applicant`, or the
`RecordError` that names every problem in it."""

from __future__ import annotations

import codecs
from typing import Any

from origin_rules.batch.csv_layout import column_of, row_to_mapping
from origin_rules.batch.records import FieldProblem, RecordError, SourceRecord
from origin_rules.errors import FactError, InvalidFactsError
from origin_rules.facts import Applicant, parse_applicant, parse_applicant_json
from origin_rules.input_limits import MAX_JSON_CHARACTERS, JsonTextError, load_json_text


def to_applicant(position: int, record: SourceRecord) -> Applicant | RecordError:
    kind, payload, line = record.kind, record.payload, record.line
    if kind == "applicant":
        if not isinstance(payload, Applicant):
            raise TypeError(f"record {position}: expected an Applicant, got {type(payload)}")
        return payload
    if kind == "unreadable":
        return RecordError(position=position, line=line, kind="unreadable", message=str(payload))
    if kind == "json":
        try:
            # The fast path: pydantic parses and validates in one pass.
            return parse_applicant_json(payload)
        except InvalidFactsError as exc:
            if len(payload) > MAX_JSON_CHARACTERS:  # refused whole: not parsed again
                return _facts_error(position, line, [_problem(e, False) for e in exc.errors])
        # Only a record that failed is parsed again, to tell bad JSON from bad facts.
        if isinstance(payload, bytes):
            try:
                payload = payload.removeprefix(codecs.BOM_UTF8).decode("utf-8")
            except UnicodeDecodeError as exc:
                return RecordError(
                    position=position,
                    line=line,
                    kind="unreadable",
                    message=f"not UTF-8 text ({exc.reason} at byte {exc.start + 1})",
                )
        try:
            data = load_json_text(payload.removeprefix("\ufeff"))
        except JsonTextError as exc:
            return RecordError(
                position=position,
                line=line,
                kind="invalid_json",
                message=exc.message + (f" at column {exc.column}" if exc.column else ""),
            )
        return _from_mapping(position, line, data)
    if kind == "csv_row":
        data, problems = row_to_mapping(payload)
        if problems:
            return _facts_error(position, line, problems, kind="invalid_csv", in_csv=True)
        return _from_mapping(position, line, data, in_csv=True)
    return _from_mapping(position, line, payload)


def _from_mapping(
    position: int, line: int | None, data: Any, *, in_csv: bool = False
) -> Applicant | RecordError:
    try:
        return parse_applicant(data)
    except InvalidFactsError as exc:
        return _facts_error(position, line, [_problem(e, in_csv) for e in exc.errors])


def _problem(error: FactError, in_csv: bool) -> FieldProblem:
    return FieldProblem(
        path=error.path,
        message=error.message,
        value=error.value,
        column=column_of(error.path) if in_csv else None,
    )


def _facts_error(
    position: int,
    line: int | None,
    problems: list[FieldProblem],
    *,
    kind: str = "invalid_facts",
    in_csv: bool = False,
) -> RecordError:
    what = "cell(s) of the row" if in_csv else "the applicant's facts"
    return RecordError(
        position=position,
        line=line,
        kind="invalid_csv" if kind == "invalid_csv" else "invalid_facts",
        message=f"{len(problems)} problem(s) in {what}",
        fields=tuple(problems),
    )
