"""What the rules need to know about administrative divisions (GB/T 2260).

The rules ask three questions of a place recorded on a date: its level, its readable
name, and what it is on the decision date (the same division, its successor after a
change, or something staff must settle). `Divisions` is that seam.

- `CodeStructureDivisions` answers from the shape of the code alone: no names, and
  every code counts as in force. It needs no data.
- `DivisionRegistry` (in `registry.py`) answers from the yearly code lists and the
  change table the project ships, built by `scripts/build_divisions.py` and
  `scripts/build_division_changes.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal, Protocol


class DivisionLevel(StrEnum):
    PROVINCE = "province"
    PREFECTURE = "prefecture"
    COUNTY = "county"


# Prefecture-level cities without counties: the city itself is the finest unit, so it
# counts as county level for the origin.
COUNTY_LEVEL_CITIES_WITHOUT_DISTRICTS = frozenset({"441900", "442000", "460400", "620200"})

# GB/T 2260 has nothing below province level for these regions.
REGION_CODES = {"hong_kong": "810000", "macau": "820000", "taiwan": "710000"}
REGION_NAMES = {"810000": "香港特别行政区", "820000": "澳门特别行政区", "710000": "台湾省"}

ChangeKind = Literal["rename", "recode", "merge", "split", "upgrade", "reparent", "other"]


# Why a resolution is `uncertain`: the territory was divided (`split`), nothing is known
# of where (some of) it went (`no_successor`), the year-end list and the GB/T table give
# the record different codes (`codes_differ`), the change data marks the successor as
# doubtful (`doubtful`), or the change is in the decision date's own year and may come
# after it (`decision_year`).
UncertainReason = Literal["split", "no_successor", "codes_differ", "doubtful", "decision_year"]


@dataclass(frozen=True)
class Successor:
    """A division in force on the decision date that took over (part of) an abolished one."""

    code: str
    full_name: str | None
    year: int | None  # the year of the change, where known (the lists are year-end precise)
    kind: ChangeKind
    document: str | None  # the approval document (批复文号), where known
    # Whether it took over all of the recorded division's territory (through every change
    # on the way); False when it received only part, or nothing certain is known.
    whole: bool = False


@dataclass(frozen=True)
class Resolution:
    """What a code recorded on one date is on another.

    - `in_force`: the code exists on the decision date (its name may have changed);
    - `succeeded`: abolished since, and all of its territory went to exactly one division
      in force (a rename, a recode, a move to another parent, an upgrade, a whole merge,
      or a chain of them);
    - `uncertain`: abolished, and its territory was divided among several (a split, each
      successor listed), or nothing is known of where it went, or the sources disagree,
      or the change is in the decision date's own year: `reason` says which; staff decide;
    - `unknown_code`: the code did not exist on the date it was recorded.
    """

    status: Literal["in_force", "succeeded", "uncertain", "unknown_code"]
    code: str
    successors: tuple[Successor, ...] = ()
    reason: UncertainReason | None = None  # set when `uncertain`


class Divisions(Protocol):
    def level(self, code: str, on: date) -> DivisionLevel: ...

    def full_name(self, code: str, on: date) -> str | None: ...

    def resolve(self, code: str, recorded_on: date, on: date) -> Resolution: ...

    def name_matches(self, code: str, name: str, on: date) -> bool | None:
        """Whether a name written on a record fits the code on that date (None: cannot tell)."""
        ...

    def settle(self, candidates: Sequence[str], township: str, on: date) -> str | None:
        """The one candidate that the township (乡镇/街道) lies in, if exactly one does."""
        ...


def level_from_code(code: str) -> DivisionLevel:
    """The level the code's shape implies (XX0000 province, XXXX00 prefecture)."""
    if code.endswith("0000"):
        return DivisionLevel.PROVINCE
    if code in COUNTY_LEVEL_CITIES_WITHOUT_DISTRICTS:
        return DivisionLevel.COUNTY
    if code.endswith("00"):
        return DivisionLevel.PREFECTURE
    return DivisionLevel.COUNTY


class CodeStructureDivisions:
    """Levels from the code's structure; names only for the regions; every code in force."""

    def date_key(self, on: date) -> int:
        """Every date gets the same answers here (see `DivisionRegistry.date_key`)."""
        return 0

    def level(self, code: str, on: date) -> DivisionLevel:
        return level_from_code(code)

    def full_name(self, code: str, on: date) -> str | None:
        return REGION_NAMES.get(code)

    def resolve(self, code: str, recorded_on: date, on: date) -> Resolution:
        return Resolution(status="in_force", code=code)

    def name_matches(self, code: str, name: str, on: date) -> bool | None:
        return None

    def settle(self, candidates: Sequence[str], township: str, on: date) -> str | None:
        return None


def same_prefecture(a: str, b: str) -> bool:
    """Whether two codes lie in one prefecture-level area.

    Province-direct county-level units (XX90xx) share a prefix without sharing a
    prefecture, so for them only the same code counts.
    """
    if a[2:4] == "90" or b[2:4] == "90":
        return a == b
    return a[:4] == b[:4]
