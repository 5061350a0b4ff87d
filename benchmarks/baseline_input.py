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
from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple, TypeVar

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


T = TypeVar("T")


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
    """The applicant in `text` (JSON), checked field by field. The path of a bad field
    is put together only when one is found, so a good applicant pays for none."""
    if len(text) > MAX_JSON_CHARACTERS:
        raise InputError("(root)", f"at most {MAX_JSON_CHARACTERS} characters", len(text))
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError("(root)", "not JSON text", str(exc)) from None
    try:
        return _within("", _applicant, data)
    except _Bad as bad:
        path = ".".join(k for k in reversed(bad.path) if k)
        raise InputError(path or "(root)", bad.message, bad.value) from None


class _Bad(Exception):
    """A bad field, its path gathered (innermost key first) on the way out."""

    def __init__(self, key: str, message: str, value: Any) -> None:
        super().__init__(key, message)
        self.path, self.message, self.value = [key], message, value


def _within(key: str, read: Callable[[Any], T], value: Any) -> T:
    """`read(value)`, a bad field inside it reported under `key`."""
    try:
        return read(value)
    except _Bad as bad:
        bad.path.append(key)
        raise
    except KeyError as missing:  # a required field left out
        left_out = _Bad(str(missing.args[0]), "missing", None)
        left_out.path.append(key)
        raise left_out from None


def _each(key: str, read: Callable[[Any], T], values: Any, limit: int) -> tuple[T, ...]:
    """A list of objects, each read by `read`."""
    if values is None or values == []:
        return ()
    if type(values) is not list:
        raise _Bad(key, "a list is expected", values)
    if len(values) > limit:
        raise _Bad(key, f"at most {limit} entries", len(values))
    try:
        return tuple(map(read, values))
    except (_Bad, KeyError):
        for i, value in enumerate(values):  # which entry: read them again, one by one
            _within(f"{key}.{i}", read, value)
        raise


def _object(value: Any, keys: frozenset[str]) -> dict[str, Any]:
    if type(value) is not dict:
        raise _Bad("", "an object is expected", value)
    if not keys.issuperset(value):
        unknown = min(value.keys() - keys)
        raise _Bad(unknown, "unknown field", unknown)
    return value


def _applicant(value: Any) -> Facts:
    d = _object(value, _APPLICANT_KEYS)
    year, month = _within("cohort", _cohort, d["cohort"])
    degree = _choice(d["degree"], "degree", DEGREES)
    programme = _choice(d.get("programme", "regular"), "programme", PROGRAMMES)
    allowed = PROGRAMMES[programme]
    if allowed is not None and degree not in allowed:
        raise _Bad("programme", f"is for degree {' or '.join(allowed)}", programme)
    gaokao = d.get("gaokao")
    document = d.get("identity_document")
    return Facts(
        applicant_id=_text(d.get("applicant_id"), "applicant_id", MAX_ID),
        cohort_year=year,
        cohort_month=month,
        degree=degree,
        category=_choice(d["category"], "category", CATEGORIES),
        normal_university=_bool(d.get("normal_university", False), "normal_university"),
        minority_programme=_bool(d.get("minority_programme", False), "minority_programme"),
        hukou=_each("hukou", _record, d.get("hukou"), MAX_HUKOU),
        gaokao=None if gaokao is None else _within("gaokao", _gaokao, gaokao),
        earlier_gaokao=_each("earlier_gaokao", _gaokao, d.get("earlier_gaokao"), MAX_GAOKAO),
        enrollment=_date(d["enrollment"], "enrollment"),
        earlier_programmes=_each(
            "earlier_programmes", _programme, d.get("earlier_programmes"), MAX_PROGRAMMES
        ),
        programme=programme,
        work=_each("work_before_enrollment", _work, d.get("work_before_enrollment"), MAX_WORK),
        identity_document=(
            None if document is None else _within("identity_document", _document, document)
        ),
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


def _cohort(value: Any) -> tuple[int, int]:
    c = _object(value, _COHORT_KEYS)
    return _int(c["year"], "year", 1977, 2100), _int(c["month"], "month", 1, 12)


def _maybe_date(value: Any, key: str) -> date | None:
    return None if value is None else _date(value, key)


def _date(value: Any, key: str) -> date:
    if type(value) is not str or len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise _Bad(key, "a date is written YYYY-MM-DD", value)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise _Bad(key, "not a calendar date", value) from None
    if not EARLIEST <= day <= LATEST:
        raise _Bad(key, f"a date between {EARLIEST} and {LATEST}", value)
    return day


def _code(value: Any, key: str) -> str:
    if type(value) is not str or len(value) != 6 or not (value.isascii() and value.isdigit()):
        raise _Bad(key, "a six-digit division code is expected", value)
    return value


def _choice(value: Any, key: str, allowed: Any) -> str:
    if type(value) is not str or value not in allowed:
        raise _Bad(key, f"one of {', '.join(sorted(allowed))}", value)
    return value


def _text(value: Any, key: str, limit: int) -> str | None:
    if value is not None and (type(value) is not str or not 1 <= len(value) <= limit):
        raise _Bad(key, f"a text of 1 to {limit} characters", value)
    return value


def _int(value: Any, key: str, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise _Bad(key, f"a whole number from {low} to {high}", value)
    return value


def _bool(value: Any, key: str) -> bool:
    if type(value) is not bool:
        raise _Bad(key, "true or false", value)
    return value


def _place(value: Any) -> Place:
    p = _object(value, _PLACE_KEYS)
    return Place(
        _code(p["code"], "code"),
        _text(p.get("name"), "name", MAX_NAME),
        _text(p.get("township"), "township", MAX_NAME),
    )


def _record(value: Any) -> Record:
    r = _object(value, _RECORD_KEYS)
    holder = _choice(r["holder"], "holder", HOLDERS)
    end = _maybe_date(r.get("end"), "end")
    end_reason = r.get("end_reason")
    if end_reason is not None:
        _choice(end_reason, "end_reason", END_REASONS)
        if end is None:
            raise _Bad("end_reason", "needs an end date (end)", end_reason)
    reason = r.get("cancellation_reason")
    if reason is not None:
        _choice(reason, "cancellation_reason", CANCELLATIONS)
        if end_reason != "cancelled":
            raise _Bad("cancellation_reason", "end_reason is not 'cancelled'", reason)
        if reason == "enlisted" and holder == "family":
            raise _Bad("cancellation_reason", "ends only a student's own registration", reason)
    elif end_reason == "cancelled":
        raise _Bad("cancellation_reason", "needed when end_reason is 'cancelled'", reason)
    household = r.get("household_of")
    if household is not None:
        _choice(household, "household_of", HOUSEHOLDS)
        if holder != "family":
            raise _Bad("household_of", "only for family records", household)
    return Record(
        holder,
        _choice(r["kind"], "kind", KINDS),
        _within("place", _place, r["place"]),
        _date(r["start"], "start"),
        end,
        end_reason,
        reason,
        household,
    )


def _gaokao(value: Any) -> Gaokao:
    g = _object(value, _GAOKAO_KEYS)
    return Gaokao(_date(g["date"], "date"), _code(g["province"], "province"))


def _programme(value: Any) -> Programme:
    p = _object(value, _PROGRAMME_KEYS)
    return Programme(
        _choice(p["level"], "level", DEGREES),
        _date(p["enrollment"], "enrollment"),
        _maybe_date(p.get("graduation"), "graduation"),
    )


def _work(value: Any) -> Work:
    w = _object(value, _WORK_KEYS)
    return Work(
        _within("place", _place, w["place"]),
        _date(w["start"], "start"),
        _maybe_date(w.get("end"), "end"),
    )


def _document(value: Any) -> Document:
    d = _object(value, _DOCUMENT_KEYS)
    number = d["number"]
    if type(number) is not str or len(number) > MAX_NUMBER:
        # the number itself is never echoed, only its length
        raise _Bad("number", f"a text of at most {MAX_NUMBER} characters", "…")
    return Document(_choice(d["kind"], "kind", DOCUMENTS), number)
