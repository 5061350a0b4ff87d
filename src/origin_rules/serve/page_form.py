"""The staff page's form, read into applicant data for `parse_applicant`.

The form only gathers what staff typed: every cell goes to the library as written (a
string, or left out when empty), so a malformed fact is refused by `parse_applicant`
with its field path, exactly as the API and the command line refuse it. Nothing here
checks or reads the facts.

Rows of a table (hukou records, work periods) are inputs sharing a name, one per row, in
the order shown: row N of the table is `hukou.N-1` in an error's path. A row is never
dropped, so that the path and the row staff see agree; the page's remove button is how
a row goes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from origin_rules.explain.counterfactual import HOLDER_WORDS
from origin_rules.facts import (
    CancellationReason,
    DegreeLevel,
    HukouEndReason,
    HukouHolder,
    HukouKind,
    ProgrammeKind,
    StudentCategory,
)
from origin_rules.situation.vocabulary import VALUE_LABELS

Form = Mapping[str, Sequence[str]]

# A hukou row's inputs: the input's name is "hukou_" + column; the path in the facts.
HUKOU_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("holder", ("holder",)),
    ("kind", ("kind",)),
    ("code", ("place", "code")),
    ("name", ("place", "name")),
    ("township", ("place", "township")),
    ("start", ("start",)),
    ("end", ("end",)),
    ("end_reason", ("end_reason",)),
    ("cancellation_reason", ("cancellation_reason",)),
)
WORK_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("code", ("place", "code")),
    ("name", ("place", "name")),
    ("start", ("start",)),
    ("end", ("end",)),
)
SCALAR_FIELDS = ("applicant_id", "degree", "category", "programme", "enrollment", "decision_date")

_END_REASON_WORDS = {
    HukouEndReason.MOVED: ("迁出", "moved out"),
    HukouEndReason.CANCELLED: ("注销", "cancelled"),
}


@dataclass(frozen=True)
class Choice:
    value: str
    text: str


def choices(name: str, lang: str) -> tuple[Choice, ...]:
    """The options of a select, worded as the reports word them."""
    index = 0 if lang == "zh" else 1
    if name == "holder":
        return tuple(Choice(h.value, HOLDER_WORDS[h][index]) for h in HukouHolder)
    if name == "end_reason":
        return tuple(Choice(r.value, _END_REASON_WORDS[r][index]) for r in HukouEndReason)
    enum: dict[str, Any] = {
        "kind": HukouKind,
        "cancellation_reason": CancellationReason,
        "degree": DegreeLevel,
        "category": StudentCategory,
        "programme": ProgrammeKind,
    }
    return tuple(Choice(v.value, VALUE_LABELS[v.value][index]) for v in enum[name])


def _first(form: Form, name: str) -> str:
    values = form.get(name) or [""]
    return values[0].strip()


def _column(form: Form, name: str) -> list[str]:
    return [v.strip() for v in form.get(name, [])]


def _put(target: dict[str, Any], path: tuple[str, ...], value: str) -> None:
    if not value:
        return  # a fact not stated: the library says if it is required
    for part in path[:-1]:
        target = target.setdefault(part, {})
    target[path[-1]] = value


def _rows(form: Form, prefix: str, columns: Sequence[tuple[str, tuple[str, ...]]]) -> list[Any]:
    cells = {name: _column(form, f"{prefix}_{name}") for name, _ in columns}
    count = max((len(values) for values in cells.values()), default=0)
    rows: list[Any] = []
    for i in range(count):
        row: dict[str, Any] = {}
        for name, path in columns:
            values = cells[name]
            _put(row, path, values[i] if i < len(values) else "")
        rows.append(row)
    return rows


def applicant_data(form: Form) -> dict[str, Any]:
    """The form's fields as applicant data (JSON-like), for `parse_applicant`."""
    data: dict[str, Any] = {}
    for name in SCALAR_FIELDS:
        _put(data, (name,), _first(form, name))
    cohort: dict[str, Any] = {}
    _put(cohort, ("year",), _first(form, "cohort_year"))
    _put(cohort, ("month",), _first(form, "cohort_month"))
    data["cohort"] = cohort
    for flag in ("normal_university", "minority_programme"):
        if _first(form, flag):
            data[flag] = True  # a checkbox is sent only when ticked
    gaokao: dict[str, Any] = {}
    _put(gaokao, ("date",), _first(form, "gaokao_date"))
    _put(gaokao, ("province",), _first(form, "gaokao_province"))
    if gaokao:
        data["gaokao"] = gaokao
    data["hukou"] = _rows(form, "hukou", HUKOU_COLUMNS)
    work = _rows(form, "work", WORK_COLUMNS)
    if work:
        data["work_before_enrollment"] = work
    return data


def form_values(form: Form) -> dict[str, Any]:
    """What the page shows again in its inputs after a submission: the single fields by
    name, and the table rows as lists of {column: cell}."""
    shown: dict[str, Any] = {name: _first(form, name) for name in form}
    for prefix, columns in (("hukou", HUKOU_COLUMNS), ("work", WORK_COLUMNS)):
        cells = {name: _column(form, f"{prefix}_{name}") for name, _ in columns}
        count = max((len(values) for values in cells.values()), default=0)
        shown[prefix] = [
            {name: (cells[name][i] if i < len(cells[name]) else "") for name, _ in columns}
            for i in range(count)
        ]
    return shown


def applicant_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """An applicant's JSON data (pasted or from a file) as the form's inputs, so staff
    who pasted JSON see it laid out in the form."""
    shown: dict[str, Any] = {
        name: str(data[name]) for name in SCALAR_FIELDS if data.get(name) is not None
    }
    cohort = data.get("cohort") or {}
    shown["cohort_year"] = str(cohort.get("year", ""))
    shown["cohort_month"] = str(cohort.get("month", ""))
    for flag in ("normal_university", "minority_programme"):
        shown[flag] = "on" if data.get(flag) else ""
    gaokao = data.get("gaokao") or {}
    shown["gaokao_date"] = str(gaokao.get("date", ""))
    shown["gaokao_province"] = str(gaokao.get("province", ""))
    for prefix, key, columns in (
        ("hukou", "hukou", HUKOU_COLUMNS),
        ("work", "work_before_enrollment", WORK_COLUMNS),
    ):
        shown[prefix] = [
            {name: _at(record, path) for name, path in columns} for record in data.get(key, ())
        ]
    return shown


def _at(record: Any, path: tuple[str, ...]) -> str:
    for part in path:
        if not isinstance(record, Mapping) or record.get(part) is None:
            return ""
        record = record[part]
    return str(record)


_FORM_KEYS = {
    "": frozenset(SCALAR_FIELDS).union(
        ("cohort", "normal_university", "minority_programme", "gaokao"),
        ("hukou", "work_before_enrollment"),
    ),
    "hukou": frozenset(
        ("holder", "kind", "place", "start", "end", "end_reason", "cancellation_reason")
    ),
    "work_before_enrollment": frozenset(("place", "start", "end")),
    "place": frozenset(("code", "name", "township")),
}


def beyond_form(data: Mapping[str, Any]) -> list[str]:
    """The fields of an applicant's data that the form has no input for (an earlier
    gaokao, the identity document, a family record's household_of ...): such facts are
    not laid out in the form, whose decision would silently leave them out."""
    found = [key for key in data if key not in _FORM_KEYS[""]]
    for table in ("hukou", "work_before_enrollment"):
        for i, record in enumerate(data.get(table, ())):
            found += [f"{table}.{i}.{k}" for k in record if k not in _FORM_KEYS[table]]
            place = record.get("place", {})
            found += [f"{table}.{i}.place.{k}" for k in place if k not in _FORM_KEYS["place"]]
    return found
