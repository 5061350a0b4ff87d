"""What a recorded code is on a later date: itself, its successor, or something to review.

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

from dataclasses import dataclass
from datetime import date
from typing import Final, cast

from origin_rules.divisions import (
    REGION_NAMES,
    ChangeKind,
    Resolution,
    Successor,
    UncertainReason,
)
from origin_rules.divisions.answer_cache import remember
from origin_rules.divisions.names import DivisionNames
from origin_rules.divisions.shipped_data import Change
from origin_rules.divisions.year_lists import YearLists

# Of the notes a change row may carry (see `shipped_data`), only these keep a row from
# deciding alone. "unannounced" (a successor the dataset gives without a known
# announcement) decides like any other.
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
class _Step:
    """One change on the way from the recorded code to a code in force."""

    year: int
    kind: ChangeKind
    document: str | None
    note: str
    same_code: bool  # a rename under the same code: the same division


# The ways from a record to the codes in force, by code, and those that end nowhere known.
_Leaves = dict[str, list[list[_Step]]]
_Ends = list[list[_Step]]


class Succession:
    """Follows recorded codes through the change table, with a cache of the answers."""

    def __init__(self, lists: YearLists, names: DivisionNames) -> None:
        self._lists = lists
        self._names = names
        self._resolutions: dict[tuple[str, tuple[int, ...], int, int | None], Resolution] = {}

    def resolve(self, code: str, recorded_on: date, on: date) -> Resolution:
        # The answer depends on the dates only through the year-end lists they select
        # and the decision's own year, so many applicants share one cached answer.
        lists = self._lists
        key = (code, lists.years(recorded_on), lists.end_year(on), _this_year(on))
        cached = self._resolutions.get(key)
        if cached is None:
            cached = remember(self._resolutions, key, self._resolve(code, recorded_on, on))
        return cached

    def _resolve(self, code: str, recorded_on: date, on: date) -> Resolution:
        if code in REGION_NAMES:
            return Resolution(status="in_force", code=code)
        lists = self._lists
        recorded_years = [year for year in lists.years(recorded_on) if lists.run(code, year)]
        if not recorded_years:
            return Resolution(status="unknown_code", code=code)
        # From the earliest list the record may refer to, so a change in its year is seen.
        leaves: _Leaves = {}
        ends: _Ends = []
        self._walk(code, min(recorded_years), lists.end_year(on), [], leaves, ends)
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
        reason = _uncertainty(leaves, ends, _this_year(on))
        return Resolution(
            status="succeeded" if reason is None else "uncertain",
            code=code,
            successors=successors,
            reason=reason,
        )

    def _walk(
        self, code: str, year: int, end_year: int, steps: list[_Step], leaves: _Leaves, ends: _Ends
    ) -> None:
        """Follow the territory of `code` as of the list of `year` to the list of
        `end_year`, collecting the codes it is in then (`leaves`) and the ways that end
        with nothing known (`ends`)."""
        changes = self._lists.data.changes.get(code, ())
        while True:
            until = self._lists.present_until(code, year)
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
            full_name=self._names.full_name(code, on),
            year=telling.year if telling else None,
            kind=telling.kind if telling else "other",
            document=telling.document if telling else None,
            whole=whole,
        )

    def history(self, code: str) -> list[DivisionPeriod]:
        data = self._lists.data
        periods = []
        for run in data.runs.get(code, ()):
            successors = tuple(
                Successor(
                    code=successor,
                    full_name=self._names.full_name_in(successor, change.last + 1),
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
                    full_name=self._names.full_name_of(run, run.last),
                    first_year=run.first,
                    last_year=run.last,
                    successors=successors,
                )
            )
        return periods


def _uncertainty(leaves: _Leaves, ends: _Ends, this_year: int | None) -> UncertainReason | None:
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


def _this_year(on: date) -> int | None:
    """The decision's own year, unless `on` is 31 December (then its list is complete)."""
    return on.year if not (on.month == 12 and on.day == 31) else None


def _step(change: Change, *, same_code: bool) -> _Step:
    return _Step(change.last + 1, change.kind, change.document, change.note, same_code)
