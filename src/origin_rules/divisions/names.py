"""Division names on a date: own name, full name, whether a written name fits, and find.

A full name is the province's, the prefecture's and the division's own name as of one
year-end list (广东省广州市番禺区). A name written on a record fits a code if it is the
division's name, its short form or its full name from any level down, as of either list
that may describe the date (see `year_lists`).
"""

from __future__ import annotations

from datetime import date
from typing import Final

from origin_rules.divisions import REGION_NAMES
from origin_rules.divisions.answer_cache import remember
from origin_rules.divisions.shipped_data import Run
from origin_rules.divisions.year_lists import YearLists

# Names written on records are the caller's text: only names this short (every full
# division name is) are cached, so the name cache holds at most 100,000 x 64 characters.
_CACHED_NAME_LENGTH: Final = 64


class DivisionNames:
    """The names of the divisions in the year-end lists, with their caches."""

    def __init__(self, lists: YearLists) -> None:
        self._lists = lists
        # Names depend on the date only through the year-end lists it selects, so they
        # are cached by those (see `answer_cache`).
        self._full_names: dict[tuple[str, tuple[int, ...]], str | None] = {}
        self._fits: dict[tuple[str, str, tuple[int, ...]], bool | None] = {}
        self._index: dict[str, frozenset[str]] | None = None

    def name(self, code: str, on: date) -> str | None:
        runs = self._lists.runs_on(code, on)
        if runs:
            return runs[0].name
        return REGION_NAMES.get(code)

    def full_name(self, code: str, on: date) -> str | None:
        key = (code, self._lists.years(on))
        try:
            return self._full_names[key]
        except KeyError:
            pass
        return remember(self._full_names, key, self._full_name_on(code, on))

    def _full_name_on(self, code: str, on: date) -> str | None:
        runs = self._lists.runs_on(code, on)
        if not runs:
            return REGION_NAMES.get(code)
        return self.full_name_of(runs[0], self._lists.year_of(runs[0], on))

    def full_name_in(self, code: str, year: int) -> str | None:
        """The code's full name in the list of `year`, None if it is not in it."""
        run = self._lists.run(code, year)
        return self.full_name_of(run, year) if run is not None else None

    def full_name_of(self, run: Run, year: int) -> str:
        return "".join(self._parts(run, year))

    def _parts(self, run: Run, year: int) -> list[str]:
        """The names a full name is made of, province first.

        A pseudo-prefecture (市辖区 of a municipality, 直辖县 of a province-direct unit)
        is no division of its own, so it has no run and adds nothing.
        """
        if run.code.endswith("0000"):
            return [run.name]
        parts = [run.name]
        if run.parent and not run.parent.endswith("0000") and run.parent != run.code:
            parent = self._lists.run(run.parent, year)
            if parent is not None:
                parts.insert(0, parent.name)
        province = self._lists.run(run.code[:2] + "0000", year)
        if province is not None:
            parts.insert(0, province.name)
        return parts

    def matches(self, code: str, name: str, on: date) -> bool | None:
        key = (code, name, self._lists.years(on))
        try:
            return self._fits[key]
        except KeyError:
            pass
        found = self._matches(code, name, on)
        if len(name) > _CACHED_NAME_LENGTH:
            return found  # not kept: the cache stays bounded in bytes, not only in entries
        return remember(self._fits, key, found)

    def _matches(self, code: str, name: str, on: date) -> bool | None:
        wanted = _normalise(name)
        runs = self._lists.runs_on(code, on)
        matched = any(wanted in self._forms(run, self._lists.year_of(run, on)) for run in runs)
        if code in REGION_NAMES:
            return matched or wanted == REGION_NAMES[code]
        return matched if runs else None

    def _forms(self, run: Run, year: int) -> set[str]:
        parts = self._parts(run, year)
        forms = {run.name, run.short}
        for start in range(len(parts)):
            forms.add("".join(parts[start:]))
        forms.discard("")
        return forms

    def find(self, name: str, on: date) -> list[str]:
        wanted = _normalise(name)
        if not wanted:
            return []
        index = self._names()
        candidates: set[str] = set()
        # Any tail of the written name may be a division's own name or short form.
        for start in range(len(wanted)):
            candidates |= index.get(wanted[start:], frozenset())
        return sorted(code for code in candidates if self.matches(code, wanted, on))

    def _names(self) -> dict[str, frozenset[str]]:
        """Codes by each name and short form they ever had (built on the first `find`)."""
        index = self._index
        if index is None:
            building: dict[str, set[str]] = {}
            for code, runs in self._lists.data.runs.items():
                for run in runs:
                    for key in (run.name, run.short):
                        if key:
                            building.setdefault(key, set()).add(code)
            index = {key: frozenset(codes) for key, codes in building.items()}
            self._index = index
        return index


def _normalise(name: str) -> str:
    return "".join(name.split()).replace("\u3000", "")
