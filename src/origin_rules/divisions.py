"""What the rules need to know about administrative divisions (GB/T 2260).

This is the seam for the division registry: the rules only ask for a code's level and a
readable name as of a date. `CodeStructureDivisions` answers from the shape of the code
and the names written on the records; a registry built from the yearly code lists
(names, validity by date, successors of abolished codes) plugs in here without any
change to the rules.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar, Protocol


class DivisionLevel(StrEnum):
    PROVINCE = "province"
    PREFECTURE = "prefecture"
    COUNTY = "county"


# Prefecture-level cities without counties: the city itself is the finest unit, so it
# counts as county level for the origin.
COUNTY_LEVEL_CITIES_WITHOUT_DISTRICTS = frozenset({"441900", "442000", "460400", "620200"})

# GB/T 2260 has nothing below province level for these regions.
REGION_CODES = {"hong_kong": "810000", "macau": "820000", "taiwan": "710000"}


class Divisions(Protocol):
    def level(self, code: str, on: date) -> DivisionLevel: ...

    def full_name(self, code: str, on: date) -> str | None: ...


class CodeStructureDivisions:
    """Levels from the code's structure; names only for the regions it knows."""

    _REGION_NAMES: ClassVar[dict[str, str]] = {
        "810000": "香港特别行政区",
        "820000": "澳门特别行政区",
        "710000": "台湾省",
    }

    def level(self, code: str, on: date) -> DivisionLevel:
        if code.endswith("0000"):
            return DivisionLevel.PROVINCE
        if code in COUNTY_LEVEL_CITIES_WITHOUT_DISTRICTS:
            return DivisionLevel.COUNTY
        if code.endswith("00"):
            return DivisionLevel.PREFECTURE
        return DivisionLevel.COUNTY

    def full_name(self, code: str, on: date) -> str | None:
        return self._REGION_NAMES.get(code)


def same_prefecture(a: str, b: str) -> bool:
    """Whether two codes lie in one prefecture-level area.

    Province-direct county-level units (XX90xx) share a prefix without sharing a
    prefecture, so for them only the same code counts.
    """
    if a[2:4] == "90" or b[2:4] == "90":
        return a == b
    return a[:4] == b[:4]
