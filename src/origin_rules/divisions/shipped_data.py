"""The shipped division data files, read and checked into immutable records.

`divisions.csv` and `extra_divisions.csv` give each code's runs (one name and parent in
consecutive year-end lists), `changes.csv` where a record's territory went (see
`succession`), `townships.csv` today's townships of each county (see `townships`). A
file that is missing, unreadable or not in the expected shape is a `DivisionDataError`
naming the file and line: the registry never answers from half-read data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import Final, cast

from origin_rules.divisions import ChangeKind

DIVISIONS_FILE: Final = "divisions.csv"
EXTRA_DIVISIONS_FILE: Final = "extra_divisions.csv"
CHANGES_FILE: Final = "changes.csv"
TOWNSHIPS_FILE: Final = "townships.csv"
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
# What a row's note says (see scripts/build_division_changes.py); `succession` decides
# which of them keep a row from deciding alone.
_NOTES: Final[frozenset[str]] = frozenset({"", "silent", "doubtful", "code_differs", "unannounced"})


class DivisionDataError(RuntimeError):
    """The shipped division data is missing or not in the expected format."""


@dataclass(frozen=True, slots=True)
class Run:
    """A code with one name and parent in consecutive year-end lists."""

    code: str
    name: str
    short: str
    parent: str
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class Change:
    """Where a record's territory went after the list of `last` (a row of changes.csv)."""

    last: int
    successors: tuple[str, ...]  # empty: nothing known
    whole: bool
    kind: ChangeKind
    document: str | None
    note: str


@dataclass(frozen=True)
class DivisionData:
    """Everything the year-end lists and the change table say, by code."""

    runs: dict[str, tuple[Run, ...]]  # by code, oldest first
    changes: dict[str, tuple[Change, ...]]  # by code, oldest first
    first_year: int
    last_year: int


def read_division_data(data_dir: Traversable) -> DivisionData:
    """The runs of divisions.csv and extra_divisions.csv and the changes of changes.csv."""
    runs: dict[str, list[Run]] = {}
    for name in (DIVISIONS_FILE, EXTRA_DIVISIONS_FILE):
        for where, fields in read_rows(data_dir, name, _DIVISIONS_COLUMNS):
            code, title, short, parent, first, last = fields
            run = Run(code, title, short, parent, _year(first, where), _year(last, where))
            if not is_code(code) or not title or run.first > run.last:
                raise DivisionDataError(f"{where}: not a division run: {','.join(fields)}")
            runs.setdefault(code, []).append(run)
    if not runs:
        raise DivisionDataError(f"{data_dir / DIVISIONS_FILE}: no divisions in the file")
    changes: dict[str, list[Change]] = {}
    for where, fields in read_rows(data_dir, CHANGES_FILE, _CHANGES_COLUMNS):
        changes.setdefault(fields[0], []).append(_change(fields, where))
    first_year = min(run.first for code_runs in runs.values() for run in code_runs)
    last_year = max(run.last for code_runs in runs.values() for run in code_runs)
    return DivisionData(
        runs={code: tuple(sorted(r, key=lambda run: run.first)) for code, r in runs.items()},
        changes={
            code: tuple(sorted(found, key=lambda c: c.last)) for code, found in changes.items()
        },
        first_year=first_year,
        last_year=last_year,
    )


def read_rows(
    data_dir: Traversable, name: str, columns: tuple[str, ...]
) -> Iterator[tuple[str, list[str]]]:
    """The data lines of a file (after its header `columns`), each with its file:line."""
    path = data_dir / name
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


def _change(fields: list[str], where: str) -> Change:
    code, _name, last, successors, extent, kind, document, note = fields
    codes = tuple(successors.split("|")) if successors else ()
    expected_extent = "" if not codes else "whole" if len(codes) == 1 else "partial"
    if (
        not is_code(code)
        or not all(is_code(c) for c in codes)
        or extent != expected_extent
        or (kind not in _KINDS if codes else kind != "")
        or note not in _NOTES
    ):
        raise DivisionDataError(f"{where}: not a change: {','.join(fields)}")
    return Change(
        last=_year(last, where),
        successors=codes,
        whole=extent == "whole",
        kind=cast(ChangeKind, kind or "other"),
        document=document or None,
        note=note,
    )


def is_code(code: str) -> bool:
    return len(code) == 6 and code.isdigit()


def _year(text: str, where: str) -> int:
    if len(text) != 4 or not text.isdigit():
        raise DivisionDataError(f"{where}: not a year: {text!r}")
    return int(text)
