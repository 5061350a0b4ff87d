"""Small questions about dated records: what was in force on a day, what overlaps.

A record is in force from its `start` up to, not including, its `end`: the end date is
the day the registration moved out, and on that day the next registration holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
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
        # `in_force_on`, written out: this runs several times for every decision.
        start, end = record.start, record.end
        if start <= day and (end is None or day < end) and (best is None or start > best.start):
            best = record
    return best


def overlapping_groups(records: Sequence[D]) -> list[list[int]]:
    """The indices of records whose periods overlap, in groups: each group is a run of
    records linked by overlaps (a overlaps b, b overlaps c), indices ascending, groups in
    the order of their first index; records that overlap nothing are in no group.

    One sweep over the records sorted by start, O(n log n): n records that all overlap
    make one group, not n(n-1)/2 pairs."""
    order = sorted(
        (i for i, r in enumerate(records) if _non_empty(r)), key=lambda i: records[i].start
    )
    groups: list[list[int]] = []
    current: list[int] = []
    reach = date.min  # the latest end among the records of the current run
    for i in order:
        record = records[i]
        if current and record.start < reach:
            current.append(i)
        else:
            if len(current) > 1:
                groups.append(sorted(current))
            current = [i]
            reach = date.min
        reach = max(reach, record.end or date.max)
    if len(current) > 1:
        groups.append(sorted(current))
    return sorted(groups)


def _non_empty(record: Dated) -> bool:
    # A record that ends before it starts is flagged on its own; it overlaps nothing.
    return record.end is None or record.start < record.end


def periods_overlap(a: Dated, b: Dated) -> bool:
    a_end, b_end = a.end or date.max, b.end or date.max
    return a.start < b_end and b.start < a_end
