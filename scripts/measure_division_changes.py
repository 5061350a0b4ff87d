#!/usr/bin/env python3
"""Measure the division registry against the area-diff data of yescallop/areacodes.

    python scripts/measure_division_changes.py                 # 2001-2021, decided 2022-06-30
    python scripts/measure_division_changes.py --from 2001 --to 2021 --on 2022-06-30
    python scripts/measure_division_changes.py --copy DIR      # the copy (as build_division_changes)

For every county-level code abolished in the years given (in the table of the year
before, not in the table of the year), a record at the old code dated 31 December of its
last year is resolved by the registry (`origin_rules.divisions.registry`) on the decision
date, and compared with a reference computed here from the diff files alone: the set of
records the territory is in on the decision date's table, following each deletion line's
selectors year by year (and a district-less prefecture's territory to the districts it
got). The reference is whole when that set has one record, partial when several. They
agree when the registry says `succeeded` with that one code for a whole reference, or
`uncertain` (a split) with exactly that set for a partial one.

Prints the count that agree and every code that does not; exits 1 if any does not.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import areacodes
from areacodes import AreacodesError, Copy, Snapshot
from build_division_changes import default_copy

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from origin_rules.divisions.registry import DivisionRegistry  # noqa: E402


@dataclass(frozen=True)
class Reference:
    codes: frozenset[str]
    known: bool  # False: some of the territory went where the data does not say


def reference(snapshot: Snapshot, code: str, last: int, end_year: int) -> Reference:
    """Where the territory of `code` in the table of `last` is in the table of `end_year`."""
    current = {code}
    known = True
    for year in range(last, end_year):
        after = snapshot.tables[year + 1]
        before = snapshot.tables[year]
        deleted = {line.code: line for line in snapshot.diffs[year] if line.sign == "-"}
        took_from: dict[str, set[str]] = {}
        for added in snapshot.diffs[year]:
            if added.sign == "+" and added.direction == "<":
                for selected in added.selected:
                    took_from.setdefault(selected.code, set()).add(added.code)
        following: set[str] = set()
        for record in current:
            gone = deleted.get(record)
            if gone is not None:
                targets = {s.code for s in gone.selected if s.flag != "?"}
                if not targets or any(s.flag == "?" for s in gone.selected):
                    known = False
                following |= targets
                continue
            districts = took_from.get(record, set())
            leaf = areacodes.level(record) == 2 and not any(
                c[:4] == record[:4] and c != record for c in before
            )
            if leaf and districts and all(d[:4] == record[:4] for d in districts):
                following |= districts  # a prefecture without districts got some
            elif record in after:
                following.add(record)
            else:
                known = False
        current = following
    return Reference(frozenset(current), known)


@dataclass(frozen=True)
class Outcome:
    code: str
    name: str
    year: int
    expected: str
    actual: str

    @property
    def agrees(self) -> bool:
        return self.expected == self.actual


def describe(status: str, codes: Iterable[str]) -> str:
    return f"{status} {'|'.join(sorted(codes))}"


def measure(snapshot: Snapshot, first: int, last: int, on: date) -> list[Outcome]:
    registry = DivisionRegistry()
    end_year = on.year
    outcomes = []
    for year in range(first, last + 1):
        before, after = snapshot.tables[year - 1], snapshot.tables[year]
        for code in sorted(c for c in before if areacodes.level(c) == 3 and c not in after):
            ref = reference(snapshot, code, year - 1, end_year)
            if not ref.known or not ref.codes:
                expected = describe("uncertain", ref.codes) + " (incomplete)"
            elif len(ref.codes) == 1:
                expected = describe("succeeded", ref.codes)
            else:
                expected = describe("uncertain", ref.codes)
            resolution = registry.resolve(code, date(year - 1, 12, 31), on)
            actual = describe(resolution.status, [s.code for s in resolution.successors])
            if resolution.status == "uncertain" and resolution.reason != "split":
                actual += f" ({resolution.reason})"
            if expected.endswith("(incomplete)") and resolution.reason == "no_successor":
                actual = expected
            outcomes.append(Outcome(code, before[code], year, expected, actual))
    return outcomes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--copy", type=Path, default=None, help="the copy of yescallop/areacodes")
    parser.add_argument("--from", dest="first", type=int, default=2001, help="first year abolished")
    parser.add_argument("--to", dest="last", type=int, default=2021, help="last year abolished")
    parser.add_argument(
        "--on", type=date.fromisoformat, default=date(2022, 6, 30), help="the decision date"
    )
    args = parser.parse_args(argv)
    path: Path = args.copy or default_copy()
    try:
        if not path.exists():
            raise AreacodesError(f"{path} is missing (a copy of yescallop/areacodes)")
        snapshot = areacodes.read(Copy(path))
    except AreacodesError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    outcomes = measure(snapshot, args.first, args.last, args.on)
    agreeing = sum(o.agrees for o in outcomes)
    for o in outcomes:
        if not o.agrees:
            print(
                f"differs: {o.code} {o.name} ({o.year}): area-diff {o.expected}; registry {o.actual}"
            )
    print(
        f"{agreeing} of {len(outcomes)} county-level codes abolished {args.first}-{args.last} "
        f"resolve on {args.on} as the area-diff data says"
    )
    return 0 if agreeing == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
