"""Small questions about dated records: what was in force on a day, what overlaps.

A record is in force from its `start` up to, not including, its `end`: the end date is
the day the registration moved out, and on that day the next registration holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from itertools import combinations
from typing import Protocol, TypeVar


class Dated(Protocol):
    @property
    def start(self) -> date: ...

    @property
    def end(self) -> date | None: ...


D = TypeVar("D", bound=Dated)


def in_force_on(record: Dated, day: date) -> bool:
    return record.start <= day and (record.end is None or day < record.end)


def latest_in_force(records: Iterable[D], day: date) -> D | None:
    """The record in force on `day`; if several are (inconsistent facts, flagged
    elsewhere), the one that started last."""
    best: D | None = None
    for record in records:
        if in_force_on(record, day) and (best is None or record.start > best.start):
            best = record
    return best


def overlapping_pairs(records: Sequence[D]) -> list[tuple[int, int]]:
    """Index pairs of records whose periods share at least one day."""
    return [
        (i, j)
        for (i, a), (j, b) in combinations(enumerate(records), 2)
        if _non_empty(a) and _non_empty(b) and periods_overlap(a, b)
    ]


def _non_empty(record: Dated) -> bool:
    # A record that ends before it starts is flagged on its own; it overlaps nothing.
    return record.end is None or record.start < record.end


def periods_overlap(a: Dated, b: Dated) -> bool:
    a_end, b_end = a.end or date.max, b.end or date.max
    return a.start < b_end and b.start < a_end
