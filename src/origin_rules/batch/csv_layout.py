"""The flat CSV layout of applicants (input) and of decisions (output).

Input: one applicant per row, UTF-8 (a byte-order mark is allowed), a header row first.
The scalar facts have a column each; the lists of records (household registrations,
earlier attempts and programmes, work) are a JSON array in one cell each, written as in
the applicant's JSON. An empty cell is a fact not stated.

| column | holds | example |
|---|---|---|
| applicant_id | the caller's identifier | 2022-0001 |
| cohort | graduation year and month, YYYY-MM | 2022-06 |
| degree | associate, bachelor, master, doctor, other | bachelor |
| category | mainland, hong_kong, macau, taiwan, international | mainland |
| normal_university | true or false (empty: false) | false |
| minority_programme | true or false (empty: false) | false |
| enrollment | YYYY-MM-DD | 2018-09-01 |
| programme | regular, associate_to_bachelor, second_bachelor, other_second (empty: regular) | regular |
| gaokao_date | YYYY-MM-DD | 2018-06-07 |
| gaokao_province | six-digit code | 440000 |
| decision_date | YYYY-MM-DD | |
| identity_document_kind | as in the JSON | mainland_id |
| identity_document_number | the number | |
| hukou | JSON array of registrations | [{"holder": "family", ...}] |
| earlier_gaokao | JSON array | [] |
| earlier_programmes | JSON array | [] |
| work_before_enrollment | JSON array | [] |

`cohort`, `degree`, `category` and `enrollment` must be present; other columns may be
left out. An unknown column is an error for the whole file (a misspelt column would
otherwise be a fact silently not stated).

Output: one row per input record, in order, with the columns of `OUTPUT_COLUMNS`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from origin_rules.batch.records import FieldProblem
from origin_rules.batch.rows import DecisionRow
from origin_rules.decision import Decision
from origin_rules.facts import Applicant
from origin_rules.input_limits import JsonTextError, load_json_text
from origin_rules.verdict import Verdict

SCALAR_COLUMNS = (
    "applicant_id",
    "cohort",
    "degree",
    "category",
    "normal_university",
    "minority_programme",
    "enrollment",
    "programme",
    "gaokao_date",
    "gaokao_province",
    "decision_date",
    "identity_document_kind",
    "identity_document_number",
)
JSON_COLUMNS = ("hukou", "earlier_gaokao", "earlier_programmes", "work_before_enrollment")
INPUT_COLUMNS = SCALAR_COLUMNS + JSON_COLUMNS
REQUIRED_COLUMNS = ("cohort", "degree", "category", "enrollment")

OUTPUT_COLUMNS = (
    "line",
    "position",
    "applicant_id",
    "outcome",
    "origin_code",
    "origin_name",
    "decided_by",
    "interpretations",
    "error",
)

# Columns whose cell is the field's JSON value as it is written.
_PLAIN_COLUMNS = ("applicant_id", "degree", "category", "enrollment", "programme", "decision_date")
_BOOLEANS = {"true": True, "false": False}
_COHORT = re.compile(r"(\d{4})-(\d{1,2})")
# Applicant fields read from two columns: the field's first path part names the column.
_NESTED = {
    ("gaokao", "date"): "gaokao_date",
    ("gaokao", "province"): "gaokao_province",
    ("identity_document", "kind"): "identity_document_kind",
    ("identity_document", "number"): "identity_document_number",
}


class HeaderError(ValueError):
    """The header row does not fit the layout: the whole file is rejected."""


def check_header(header: list[str]) -> None:
    problems = []
    unknown = [c for c in header if c not in INPUT_COLUMNS]
    if unknown:
        problems.append(
            f"unknown column(s) {', '.join(repr(c) for c in unknown)}; "
            f"the columns are {', '.join(INPUT_COLUMNS)}"
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        problems.append(f"missing required column(s) {', '.join(missing)}")
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated:
        problems.append(f"repeated column(s) {', '.join(repeated)}")
    if problems:
        raise HeaderError("; ".join(problems))


def row_to_mapping(row: Mapping[str, str | None]) -> tuple[dict[str, Any], list[FieldProblem]]:
    """The applicant's fields as JSON-like data, and the cells that could not be read."""
    data: dict[str, Any] = {}
    problems: list[FieldProblem] = []

    def cell(column: str) -> str | None:
        value = row.get(column)
        return value if value not in (None, "") else None

    for column in _PLAIN_COLUMNS:
        value = cell(column)
        if value is not None:
            data[column] = value
    cohort = cell("cohort")
    if cohort is not None:
        match = _COHORT.fullmatch(cohort)
        if match:
            data["cohort"] = {"year": int(match[1]), "month": int(match[2])}
        else:
            problems.append(
                FieldProblem(
                    path="cohort",
                    message="a cohort is written YYYY-MM",
                    value=cohort,
                    column="cohort",
                )
            )
    for column in ("normal_university", "minority_programme"):
        value = cell(column)
        if value is None:
            continue
        if value.lower() in _BOOLEANS:
            data[column] = _BOOLEANS[value.lower()]
        else:
            problems.append(
                FieldProblem(
                    path=column, message="expected true or false", value=value, column=column
                )
            )
    for field, (first, second) in (
        ("gaokao", ("gaokao_date", "gaokao_province")),
        ("identity_document", ("identity_document_kind", "identity_document_number")),
    ):
        a, b = cell(first), cell(second)
        if a is not None or b is not None:
            parts = {first.removeprefix(field + "_"): a, second.removeprefix(field + "_"): b}
            data[field] = {k: v for k, v in parts.items() if v is not None}
    for column in JSON_COLUMNS:
        value = cell(column)
        if value is None:
            continue
        try:
            data[column] = load_json_text(value)
        except JsonTextError as exc:
            at = f" at line {exc.line}, column {exc.column}" if exc.column else ""
            problems.append(
                FieldProblem(
                    path=column,
                    message=f"not a JSON array: {exc.message}{at}",
                    value=value,
                    column=column,
                )
            )
    return data, problems


def column_of(path: str) -> str | None:
    """The input column a field path is read from (`hukou.0.place.code` -> hukou)."""
    parts = path.split(".")
    column = _NESTED.get((parts[0], parts[1])) if len(parts) > 1 else None
    if column is not None:
        return column
    if parts[0] in ("gaokao", "identity_document"):
        return None  # the whole object is missing or wrong: two columns hold it
    return parts[0] if parts[0] in INPUT_COLUMNS else None


def applicant_to_row(applicant: Applicant) -> dict[str, str]:
    """An applicant in the input layout (the inverse of reading a row)."""
    data = applicant.model_dump(mode="json", exclude_defaults=True)
    row = {c: "" for c in INPUT_COLUMNS}
    for column in _PLAIN_COLUMNS:
        if data.get(column) is not None:
            row[column] = str(data[column])
    row["cohort"] = f"{applicant.cohort.year}-{applicant.cohort.month:02d}"
    for column in ("normal_university", "minority_programme"):
        if column in data:
            row[column] = "true" if data[column] else "false"
    if applicant.gaokao is not None:
        row["gaokao_date"] = applicant.gaokao.date.isoformat()
        row["gaokao_province"] = applicant.gaokao.province
    if applicant.identity_document is not None:
        row["identity_document_kind"] = applicant.identity_document.kind.value
        row["identity_document_number"] = applicant.identity_document.number
    for column in JSON_COLUMNS:
        if data.get(column):
            row[column] = json.dumps(data[column], ensure_ascii=False, separators=(",", ":"))
    return row


def decision_row(
    line: int | None, position: int, decision: Decision | Verdict | DecisionRow
) -> list[str]:
    """A decision as one output row (OUTPUT_COLUMNS). A verdict leaves `interpretations`
    (those the decision relied on) empty: it does not work them out."""
    row = decision if isinstance(decision, DecisionRow) else DecisionRow.of(decision)
    origin = row.origin
    return [
        "" if line is None else str(line),
        str(position),
        row.applicant_id or "",
        row.outcome,
        origin.code if origin else "",
        (origin.full_name or origin.name or "") if origin else "",
        row.decided_by or "",
        ";".join(f"{i}={reading}" for i, reading in row.interpretations),
        "",
    ]


def error_row(line: int | None, position: int, kind: str, problems: list[str]) -> list[str]:
    """A record that could not be decided, as one output row (OUTPUT_COLUMNS)."""
    return [
        "" if line is None else str(line),
        str(position),
        "",
        "error",
        "",
        "",
        "",
        "",
        f"{kind}: " + "; ".join(problems),
    ]
