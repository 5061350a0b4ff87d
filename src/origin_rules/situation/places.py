"""A place as recorded, and what it is on the decision date.

A hukou record keeps the code that was in force when it was written. The origin must
be a division in force on the decision date, so every recorded place is resolved here:
still in force, taken over by one successor, or left for staff (a merge, a split, a code
that never existed, a name that does not fit the code).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from origin_rules.divisions import Divisions, Successor
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

_KIND_LABELS = {
    "rename": ("更名", "renamed"),
    "recode": ("更换代码", "given a new code"),
    "merge": ("撤并", "merged"),
    "split": ("拆分", "split"),
    "upgrade": ("撤县设市（区）", "upgraded"),
    "reparent": ("改隶", "moved to another parent"),
    "other": ("调整", "changed"),
}


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

    def label(self) -> str:
        shown = self.full_name or self.name
        return f"{shown}（{self.code}）" if shown else self.code

    def recorded_label(self) -> str:
        return f"{self.name}（{self.recorded_code}）" if self.name else self.recorded_code

    def change(self) -> tuple[str, str]:
        """The division changes since the record, in words (zh, en)."""
        if not self.successors:
            return ("无已知的承继区划", "no known successor")
        zh, en = [], []
        if self.division == SETTLED_BY_TOWNSHIP:
            zh.append(f"按记录上的乡镇（街道）“{self.township}”确定")
            en.append(f"settled by the township on the record, {self.township}")
        for s in self.successors:
            kind_zh, kind_en = _KIND_LABELS[s.kind]
            when_zh = f"{s.year} 年" if s.year else "（年份不详）"
            when_en = f"in {s.year}" if s.year else "(year unknown)"
            doc = f"，{s.document}" if s.document else ""
            doc_en = f", {s.document}" if s.document else ""
            shown = f"{s.full_name or ''}（{s.code}）"
            zh.append(f"{when_zh}{kind_zh}，现为 {shown}{doc}")
            en.append(f"{kind_en} {when_en}, now {shown}{doc_en}")
        return "；".join(zh), "; ".join(en)


def describe(
    place: Place, start: date, end: date | None, on: date, divisions: Divisions
) -> PlaceRef:
    """The place of a record in force from `start` to `end`, as a division in force on `on`.

    A record keeps its place for years, and the code and name on it may have been written
    at any time in that span (a 1994 registration is usually given with today's code), so
    the place counts as recorded on the first day of the span on which the code existed,
    and its name fits if it fits the code then, at the end of the span, or on `on`.
    """
    last = min(end - timedelta(days=1), on) if end is not None else on
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
    )
