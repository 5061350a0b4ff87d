"""A place as recorded, and what it is on the decision date.

A hukou record keeps the code that was in force when it was written. The origin must
be a division in force on the decision date, so every recorded place is resolved here:
still in force, taken over whole by one successor, or left for staff (a split, a change
with no known successor, a code that never existed, a name that does not fit the code).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final, Generic, TypeVar, cast

from origin_rules.divisions import CodeStructureDivisions, Divisions, Successor
from origin_rules.divisions.answer_cache import remember
from origin_rules.divisions.registry import DivisionRegistry
from origin_rules.facts import Place

# The division states a prepared place can be in; rules test them.
IN_FORCE = "in_force"
SUCCEEDED = "succeeded"
UNCERTAIN = "uncertain"
UNKNOWN_CODE = "unknown_code"
NAME_MISMATCH = "name_mismatch"
# Uncertain by the code alone, but the township on the record lies in one candidate.
SETTLED_BY_TOWNSHIP = "settled_by_township"
DIVISION_STATES = (IN_FORCE, SUCCEEDED, SETTLED_BY_TOWNSHIP, UNCERTAIN, UNKNOWN_CODE, NAME_MISMATCH)

# How each kind of change reads before the successor's name: (zh, en) when it took all
# of the territory. A split's successors each received part of it.
_WHOLE_LABELS = {
    "rename": ("更名为", "renamed"),
    "recode": ("更换代码，现为", "given a new code, now"),
    "reparent": ("改隶，现为", "moved to another parent, now"),
    "upgrade": ("撤销，整体改设为", "abolished, all of it made into"),
    "merge": ("撤销，整体并入", "abolished, all of it merged into"),
    "split": ("撤销，区域分设后现全部属于", "abolished and divided, all of it now in"),
    "other": ("调整，现为", "changed, now"),
}
_PARTIAL_LABELS = ("撤销，原区域分属", "abolished, its area divided among")
_SETTLED_LABELS = ("撤销，记录所在区域现属", "abolished, the recorded area now in")
# Why staff decide though successors are known (Resolution.reason), in words.
_REASON_LABELS = {
    "no_successor": ("部分区域无已知的承继区划", "part of it has no known successor"),
    "codes_differ": (
        "记录的代码见于年度区划代码表，而 GB/T 2260 代码表所载代码不同",
        "the code recorded is in the year-end list, but the GB/T 2260 table gives another",
    ),
    "doubtful": ("变更资料存疑", "the change data is doubtful"),
    "decision_year": (
        "变更发生在判定日所在年度，可能晚于判定日",
        "the change is in the decision date's year and may come after it",
    ),
}


def _when(year: int | None) -> tuple[str, str]:
    return (f"{year} 年", f"in {year}") if year else ("（年份不详）", "(year unknown)")


def _with_code(name: str | None, code: str) -> tuple[str, str]:
    """A division's name with its code, as each language brackets it."""
    if not name:
        return code, code
    return f"{name}（{code}）", f"{name} ({code})"


def _documents(document: str | None, lang: str = "zh") -> str:
    if not document:
        return ""
    if lang == "zh":
        return f"（{document.replace(';', '、')}）"
    return f" ({document.replace(';', ', ')})"


_Worded = TypeVar("_Worded")


class _WordedOnce(Generic[_Worded]):
    """An attribute worded from the instance when first read and kept in its `__dict__`,
    then read from there with no call (an explanation reads a place's texts in most
    decisions): `functools.cached_property` without the lock
    it holds while computing in Python 3.11, which a fork could leave held in the
    child. Kept beside the fields, not one of them (equality and hashing ignore it);
    two threads may both word it, alike, and either is kept."""

    def __init__(self, word: Callable[[Any], _Worded]) -> None:
        self.word = word
        self.name = word.__name__
        self.__doc__ = word.__doc__

    def __get__(self, instance: object, owner: type | None = None) -> _Worded:
        if instance is None:
            return self  # type: ignore[return-value]
        found = self.word(instance)
        instance.__dict__[self.name] = found  # past a frozen dataclass's guard
        return found


@dataclass(frozen=True)
class PlaceRef:
    code: str  # the division on the decision date (the successor, if one took over)
    level: str
    name: str | None  # as written on the record
    full_name: str | None  # from the division registry, as of the decision date
    recorded_code: str  # the code on the record
    division: str  # one of DIVISION_STATES
    successors: tuple[Successor, ...] = ()
    township: str | None = None  # as written on the record
    reason: str | None = None  # why the division is uncertain (Resolution.reason)

    @_WordedOnce
    def texts(self) -> tuple[tuple[str, str], tuple[str, str], tuple[str, str]]:
        """`label()`, `recorded_label()` and `change()`, worded once: a description is
        shared by every decision that describes the place alike (see `Describer`)."""
        return (self.label(), self.recorded_label(), self.change())

    def label(self) -> tuple[str, str]:
        """The place with its code, (zh, en): 番禺区（440113） / 番禺区 (440113)."""
        return _with_code(self.full_name or self.name, self.code)

    def recorded_label(self) -> tuple[str, str]:
        return _with_code(self.name, self.recorded_code)

    def change(self) -> tuple[str, str]:
        """The division changes since the record, in words (zh, en)."""
        if not self.successors:
            return ("无已知的承继区划", "no known successor")
        zh, en = [], []
        if self.division == SETTLED_BY_TOWNSHIP:
            zh.append(f"按记录上的乡镇（街道）“{self.township}”确定")
            en.append(f"settled by the township on the record, {self.township}")
        if len(self.successors) == 1 and self.successors[0].whole:
            s = self.successors[0]
            (when_zh, when_en), (kind_zh, kind_en) = _when(s.year), _WHOLE_LABELS[s.kind]
            shown_zh, shown_en = _with_code(s.full_name, s.code)
            zh.append(f"{when_zh}{kind_zh}{shown_zh}{_documents(s.document)}")
            en.append(f"{kind_en} {shown_en} {when_en}{_documents(s.document, 'en')}")
        else:
            # several changes may lead to the successors: one clause per change
            groups: dict[tuple[int | None, str | None], list[Successor]] = {}
            for s in self.successors:
                groups.setdefault((s.year, s.document), []).append(s)
            for (year, document), found in groups.items():
                when_zh, when_en = _when(year)
                names = [_with_code(s.full_name, s.code) for s in found]
                label_zh, label_en = (
                    _SETTLED_LABELS if self.division == SETTLED_BY_TOWNSHIP else _PARTIAL_LABELS
                )
                names_zh = "、".join(zh_name for zh_name, _ in names)
                names_en = ", ".join(en_name for _, en_name in names)
                zh.append(f"{when_zh}{label_zh}{names_zh}{_documents(document)}")
                en.append(f"{label_en} {names_en} {when_en}{_documents(document, 'en')}")
        if self.reason in _REASON_LABELS and self.division == UNCERTAIN:
            reason_zh, reason_en = _REASON_LABELS[self.reason]
            zh.append(reason_zh)
            en.append(reason_en)
        return "；".join(zh), "; ".join(en)


def code_of(place: PlaceRef | None) -> str | None:
    """The division code of a described place, None where there is none: how another
    reading's places are compared with the prepared ones (`sensitivity.py`)."""
    return place.code if place is not None else None


def describe(
    place: Place, start: date, end: date | None, on: date, divisions: Divisions
) -> PlaceRef:
    """The place of a record in force from `start` to `end`, as a division in force on `on`.

    A record keeps its place for years, and the code and name on it may have been written
    at any time in that span (a 1994 registration is usually given with today's code), so
    the place counts as recorded on the first day of the span on which the code existed,
    and its name fits if it fits the code then, at the end of the span, or on `on`.
    """
    last = min(end - _DAY, on) if end is not None else on
    resolution = divisions.resolve(place.code, start, on)
    recorded_on = start
    if resolution.status == UNKNOWN_CODE and last > start:
        resolution = divisions.resolve(place.code, last, on)
        recorded_on = last
    state: str = resolution.status
    if (
        state != UNKNOWN_CODE
        and place.name is not None
        and all(
            divisions.name_matches(place.code, place.name, day) is False
            for day in (recorded_on, last, on)
        )
    ):
        state = NAME_MISMATCH
    successors = resolution.successors
    if state == UNCERTAIN and place.township is not None:
        settled = divisions.settle([x.code for x in successors], place.township, on)
        if settled is not None:
            state = SETTLED_BY_TOWNSHIP
            successors = tuple(x for x in successors if x.code == settled)
    code = successors[0].code if state in (SUCCEEDED, SETTLED_BY_TOWNSHIP) else place.code
    return PlaceRef(
        code=code,
        level=divisions.level(code, on).value,
        name=place.name,
        full_name=divisions.full_name(code, on),
        recorded_code=place.code,
        division=state,
        successors=successors,
        township=place.township,
        reason=resolution.reason,
    )


_DAY: Final = timedelta(days=1)


def date_key_of(divisions: Divisions) -> Callable[[date], int] | None:
    """How `divisions` tells dates apart: dates with the same key get the same answers
    (`DivisionRegistry.date_key`). Only the library's own divisions say: their answers
    never change, so a description made once can be shared; any other `Divisions` (a
    subclass too, which may answer otherwise) is asked afresh every time."""
    if type(divisions) in _REMEMBERED:
        return cast(DivisionRegistry | CodeStructureDivisions, divisions).date_key
    return None


_REMEMBERED: Final = (DivisionRegistry, CodeStructureDivisions)


# Descriptions already made, shared by every applicant and thread. A place is described
# several times per decision (once more under each reading that may change it) and the
# same few thousand places recur across applicants, while describing one takes several
# registry lookups. The answers are immutable and a dict's get and set are atomic, so no
# lock is needed; the cache is emptied when full (see `answer_cache`). 20,000 entries of
# a key and a shared `PlaceRef` hold a few megabytes.
DESCRIPTION_CACHE_SIZE: Final = 20_000
_descriptions: dict[Hashable, PlaceRef] = {}


class Describer:
    """Describes the places of the applicants decided on one date (`on`) with one
    `Divisions`, remembering the descriptions where the divisions allow."""

    __slots__ = ("_date_key", "_on_key", "divisions", "on")

    def __init__(self, divisions: Divisions, on: date) -> None:
        self.divisions = divisions
        self.on = on
        self._date_key = date_key_of(divisions)
        self._on_key = self._date_key(on) if self._date_key is not None else 0

    def __call__(self, place: Place, start: date, end: date | None) -> PlaceRef:
        """`describe`, remembered. `describe` reads the dates only through the divisions'
        answers on the record's start, its last day (the day before its end, or `on`) and
        `on`, and through whether the last day is after the start, which the keys of the
        two days tell too when they differ (when they are equal, both days get the same
        answers). So the key is the divisions, the place as written and those keys."""
        date_key, on = self._date_key, self.on
        if date_key is None:
            return describe(place, start, end, on, self.divisions)
        # The last day is `on` for a record still in force on it (end > on: its day
        # before the end is on or after `on`), whose key is known already.
        on_key = self._on_key
        last_key = on_key if end is None or end > on else date_key(end - _DAY)
        key = (
            self.divisions,
            place.code,
            place.name,
            place.township,
            date_key(start),
            last_key,
            on_key,
        )
        found = _descriptions.get(key)
        if found is None:
            found = describe(place, start, end, on, self.divisions)
            remember(_descriptions, key, found, DESCRIPTION_CACHE_SIZE)
        return found


def clear_description_cache() -> None:
    """Forget every description made (they are made again when next asked for)."""
    _descriptions.clear()
    _describers.clear()


# One describer per divisions and decision date in use (a batch decides most applicants
# on one date); bounded like the descriptions.
_describers: dict[tuple[Divisions, date], Describer] = {}


def describer(divisions: Divisions, on: date) -> Describer:
    """The describer of places on `on` with `divisions`, shared when it remembers."""
    if type(divisions) not in _REMEMBERED:
        return Describer(divisions, on)  # nothing of another's `Divisions` is kept
    found = _describers.get((divisions, on))
    if found is None:
        found = remember(_describers, (divisions, on), Describer(divisions, on), 1_000)
    return found
