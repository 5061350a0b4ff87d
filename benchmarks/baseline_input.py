"""The baseline's input: an applicant's JSON text read and checked by hand.

`read_applicant(text)` is what a hand-written service would do before deciding:
`json.loads`, then every field the policy reads checked by hand (its type, a date
written YYYY-MM-DD in the plausible range, a six-digit code, a known value of an
enumeration, a list no longer than its limit, the cross-field rules of the facts model)
into plain named tuples. A bad field raises `InputError` naming the field and the value,
as the library's `InvalidFactsError` does (the library lists every problem; this stops
at the first). Unknown keys are refused, as the library refuses them.

It imports nothing from the library: the vocabulary below is written out from the facts
model's documentation (docs/applicant.schema.json), so it is an independent reading.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, NamedTuple

EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)
MAX_JSON_CHARACTERS = 256 * 1024
MAX_NAME, MAX_ID, MAX_NUMBER = 100, 128, 64
MAX_HUKOU, MAX_GAOKAO, MAX_PROGRAMMES, MAX_WORK = 50, 10, 10, 50

DEGREES = frozenset({"associate", "bachelor", "master", "doctor", "other"})
CATEGORIES = frozenset({"mainland", "hong_kong", "macau", "taiwan", "international"})
PROGRAMMES = {  # how the current programme was entered -> the degrees it can lead to
    "regular": None,
    "associate_to_bachelor": ("bachelor",),
    "second_bachelor": ("bachelor",),
    "other_second": ("associate", "bachelor"),
}
HOLDERS = frozenset({"student", "family"})
KINDS = frozenset(
    {
        "family_household",
        "individual_independent",
        "employer_collective",
        "school_collective",
        "public_collective",
        "temporary_collective",
    }
)
END_REASONS = frozenset({"moved", "cancelled"})
CANCELLATIONS = frozenset(
    {
        "emigrated",
        "settled_hong_kong",
        "settled_macau",
        "settled_taiwan",
        "naturalised",
        "enlisted",
        "other_cancellation",
    }
)
HOUSEHOLDS = frozenset({"parents", "relatives"})
DOCUMENTS = frozenset(
    {
        "mainland_resident_id",
        "hong_kong_identity_card",
        "macau_identity_card",
        "taiwan_compatriot_permit",
        "taiwan_identity_card",
        "residence_permit_hmt",
    }
)


class InputError(ValueError):
    """A field of the applicant's JSON that is malformed: its path and its value."""

    def __init__(self, field: str, message: str, value: Any) -> None:
        super().__init__(f"{field}: {message} (got {value!r})")
        self.field, self.value = field, value


class Place(NamedTuple):
    code: str
    name: str | None
    township: str | None


class Record(NamedTuple):
    holder: str
    kind: str
    place: Place
    start: date
    end: date | None
    end_reason: str | None
    cancellation_reason: str | None
    household_of: str | None


class Gaokao(NamedTuple):
    date: date
    province: str


class Programme(NamedTuple):
    level: str
    enrollment: date
    graduation: date | None


class Work(NamedTuple):
    place: Place
    start: date
    end: date | None


class Document(NamedTuple):
    kind: str
    number: str


class Facts(NamedTuple):
    applicant_id: str | None
    cohort_year: int
    cohort_month: int
    degree: str
    category: str
    normal_university: bool
    minority_programme: bool
    hukou: tuple[Record, ...]
    gaokao: Gaokao | None
    earlier_gaokao: tuple[Gaokao, ...]
    enrollment: date
    earlier_programmes: tuple[Programme, ...]
    programme: str
    work: tuple[Work, ...]
    identity_document: Document | None
    decision_date: date | None


def read_applicant(text: str | bytes) -> Facts:
    """The applicant in `text` (JSON), checked field by field."""
    if len(text) > MAX_JSON_CHARACTERS:
        raise InputError("(root)", f"at most {MAX_JSON_CHARACTERS} characters", len(text))
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError("(root)", "not JSON text", str(exc)) from None
    d = _object(data, "(root)", _APPLICANT_KEYS, ("cohort", "degree", "category", "enrollment"))
    cohort = _object(d["cohort"], "cohort", _COHORT_KEYS, ("year", "month"))
    degree = _choice(d["degree"], "degree", DEGREES)
    programme = _choice(d.get("programme", "regular"), "programme", PROGRAMMES.keys())
    allowed = PROGRAMMES[programme]
    if allowed is not None and degree not in allowed:
        raise InputError("programme", f"is for degree {' or '.join(allowed)}", programme)
    gaokao = d.get("gaokao")
    document = d.get("identity_document")
    return Facts(
        applicant_id=_text(d.get("applicant_id"), "applicant_id", MAX_ID, optional=True),
        cohort_year=_int(cohort["year"], "cohort.year", 1977, 2100),
        cohort_month=_int(cohort["month"], "cohort.month", 1, 12),
        degree=degree,
        category=_choice(d["category"], "category", CATEGORIES),
        normal_university=_bool(d.get("normal_university", False), "normal_university"),
        minority_programme=_bool(d.get("minority_programme", False), "minority_programme"),
        hukou=tuple(
            _record(r, f"hukou.{i}") for i, r in enumerate(_list(d, "hukou", MAX_HUKOU))
        ),
        gaokao=None if gaokao is None else _gaokao(gaokao, "gaokao"),
        earlier_gaokao=tuple(
            _gaokao(g, f"earlier_gaokao.{i}")
            for i, g in enumerate(_list(d, "earlier_gaokao", MAX_GAOKAO))
        ),
        enrollment=_date(d["enrollment"], "enrollment"),
        earlier_programmes=tuple(
            _programme(p, f"earlier_programmes.{i}")
            for i, p in enumerate(_list(d, "earlier_programmes", MAX_PROGRAMMES))
        ),
        programme=programme,
        work=tuple(
            _work(w, f"work_before_enrollment.{i}")
            for i, w in enumerate(_list(d, "work_before_enrollment", MAX_WORK))
        ),
        identity_document=None if document is None else _document(document),
        decision_date=_maybe_date(d.get("decision_date"), "decision_date"),
    )


_APPLICANT_KEYS = frozenset(Facts._fields) - {"cohort_year", "cohort_month", "work"} | {
    "cohort",
    "work_before_enrollment",
}
_COHORT_KEYS = frozenset({"year", "month"})
_PLACE_KEYS = frozenset(Place._fields)
_RECORD_KEYS = frozenset(Record._fields)
_GAOKAO_KEYS = frozenset(Gaokao._fields)
_PROGRAMME_KEYS = frozenset(Programme._fields)
_WORK_KEYS = frozenset(Work._fields)
_DOCUMENT_KEYS = frozenset(Document._fields)


def _object(
    value: Any, field: str, keys: frozenset[str], required: tuple[str, ...]
) -> dict[str, Any]:
    if type(value) is not dict:
        raise InputError(field, "an object is expected", value)
    unknown = value.keys() - keys
    if unknown:
        key = min(unknown)
        raise InputError(f"{field}.{key}" if field != "(root)" else key, "unknown field", key)
    for key in required:
        if key not in value:
            raise InputError(f"{field}.{key}" if field != "(root)" else key, "missing", None)
    return value


def _list(d: dict[str, Any], key: str, limit: int) -> list[Any]:
    value = d.get(key, ())
    if type(value) is not list and value != ():
        raise InputError(key, "a list is expected", value)
    if len(value) > limit:
        raise InputError(key, f"at most {limit} entries", len(value))
    return value  # type: ignore[no-any-return]


def _maybe_date(value: Any, field: str) -> date | None:
    return None if value is None else _date(value, field)


def _date(value: Any, field: str) -> date:
    if type(value) is not str or len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise InputError(field, "a date is written YYYY-MM-DD", value)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InputError(field, "not a calendar date", value) from None
    if not EARLIEST <= day <= LATEST:
        raise InputError(field, f"a date between {EARLIEST} and {LATEST}", value)
    return day


def _code(value: Any, field: str) -> str:
    if type(value) is not str or len(value) != 6 or not (value.isascii() and value.isdigit()):
        raise InputError(field, "a six-digit division code is expected", value)
    return value


def _choice(value: Any, field: str, allowed: Any) -> str:
    if type(value) is not str or value not in allowed:
        raise InputError(field, f"one of {', '.join(sorted(allowed))}", value)
    return value


def _text(value: Any, field: str, limit: int, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if type(value) is not str or not 1 <= len(value) <= limit:
        raise InputError(field, f"a text of 1 to {limit} characters", value)
    return value


def _int(value: Any, field: str, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise InputError(field, f"a whole number from {low} to {high}", value)
    return value


def _bool(value: Any, field: str) -> bool:
    if type(value) is not bool:
        raise InputError(field, "true or false", value)
    return value


def _place(value: Any, field: str) -> Place:
    p = _object(value, field, _PLACE_KEYS, ("code",))
    return Place(
        _code(p["code"], f"{field}.code"),
        _text(p.get("name"), f"{field}.name", MAX_NAME, optional=True),
        _text(p.get("township"), f"{field}.township", MAX_NAME, optional=True),
    )


def _record(value: Any, field: str) -> Record:
    r = _object(value, field, _RECORD_KEYS, ("holder", "kind", "place", "start"))
    holder = _choice(r["holder"], f"{field}.holder", HOLDERS)
    end = _maybe_date(r.get("end"), f"{field}.end")
    end_reason = r.get("end_reason")
    if end_reason is not None:
        _choice(end_reason, f"{field}.end_reason", END_REASONS)
        if end is None:
            raise InputError(f"{field}.end_reason", "needs an end date (end)", end_reason)
    reason = r.get("cancellation_reason")
    if reason is not None:
        _choice(reason, f"{field}.cancellation_reason", CANCELLATIONS)
        if end_reason != "cancelled":
            raise InputError(f"{field}.cancellation_reason", "end_reason is not 'cancelled'", reason)
        if reason == "enlisted" and holder == "family":
            raise InputError(f"{field}.cancellation_reason", "ends a student's own only", reason)
    elif end_reason == "cancelled":
        raise InputError(f"{field}.cancellation_reason", "needed when cancelled", reason)
    household = r.get("household_of")
    if household is not None:
        _choice(household, f"{field}.household_of", HOUSEHOLDS)
        if holder != "family":
            raise InputError(f"{field}.household_of", "only for family records", household)
    return Record(
        holder,
        _choice(r["kind"], f"{field}.kind", KINDS),
        _place(r["place"], f"{field}.place"),
        _date(r["start"], f"{field}.start"),
        end,
        end_reason,
        reason,
        household,
    )


def _gaokao(value: Any, field: str) -> Gaokao:
    g = _object(value, field, _GAOKAO_KEYS, ("date", "province"))
    return Gaokao(_date(g["date"], f"{field}.date"), _code(g["province"], f"{field}.province"))


def _programme(value: Any, field: str) -> Programme:
    p = _object(value, field, _PROGRAMME_KEYS, ("level", "enrollment"))
    return Programme(
        _choice(p["level"], f"{field}.level", DEGREES),
        _date(p["enrollment"], f"{field}.enrollment"),
        _maybe_date(p.get("graduation"), f"{field}.graduation"),
    )


def _work(value: Any, field: str) -> Work:
    w = _object(value, field, _WORK_KEYS, ("place", "start"))
    return Work(
        _place(w["place"], f"{field}.place"),
        _date(w["start"], f"{field}.start"),
        _maybe_date(w.get("end"), f"{field}.end"),
    )


def _document(value: Any) -> Document:
    d = _object(value, "identity_document", _DOCUMENT_KEYS, ("kind", "number"))
    number = d["number"]
    if type(number) is not str or len(number) > MAX_NUMBER:
        # the number itself is never echoed: only its length
        raise InputError("identity_document.number", f"a text of at most {MAX_NUMBER}", "…")
    return Document(_choice(d["kind"], "identity_document.kind", DOCUMENTS), number)
