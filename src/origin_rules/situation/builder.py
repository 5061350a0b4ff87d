"""The prepared facts and places of one applicant as they are gathered.

Shared by the parts of the preparation (`prepare.py` assembles them; `family.py`,
`work.py` and `id_document.py` each fill in their own facts), so it lives apart from all
of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache

from origin_rules.divisions import Divisions
from origin_rules.facts import HukouRecord, Place
from origin_rules.situation.places import PlaceRef, describer
from origin_rules.situation.vocabulary import NONE

FactValue = str | bool


class Builder:
    """The prepared facts and places as they are gathered, with the dates an explanation
    quotes. Nothing here is worded: the display values are made from these only when an
    explanation reads them (`display.py`), and the facts never depend on them."""

    # Slots: one is made for every decision, and its fields are read in tight loops.
    __slots__ = (
        "_describe",
        "dates",
        "decision_date",
        "divisions",
        "facts",
        "places",
        "records",
        "work_period",
    )

    def __init__(
        self, decision_date: date, divisions: Divisions, facts: dict[str, FactValue] | None = None
    ) -> None:
        """`facts`: the facts gathered so far (kept, not copied), if any."""
        self.decision_date = decision_date
        self.divisions = divisions
        # The describer's bound `__call__`: calling it is quicker than calling the
        # describer itself (which goes through the type's call slot).
        self._describe = describer(divisions, decision_date).__call__
        self.facts: dict[str, FactValue] = {} if facts is None else facts
        self.places: dict[str, PlaceRef] = {}
        # display key -> the date it shows (as ISO text), e.g. "gaokao_date"
        self.dates: dict[str, date] = {}
        # the work period shown (start, end), if any
        self.work_period: tuple[date, date | None] | None = None
        # The hukou record behind each place that is one (a report highlights it).
        self.records: dict[str, HukouRecord] = {}

    def record_place(self, key: str, record: HukouRecord) -> PlaceRef:
        """The place of a hukou record, remembered with the record it came from."""
        self.records[key] = record
        # `place`, written out: a decision describes one to three records' places.
        ref = self.places[key] = self._describe(record.place, record.start, record.end)
        return ref

    def place(self, key: str, p: Place, start: date, end: date | None = None) -> PlaceRef:
        ref = self._describe(p, start, end)
        self.places[key] = ref
        return ref


def set_record(
    facts: dict[str, FactValue],
    key: str,
    record: HukouRecord | None,
    places: Mapping[str, PlaceRef],
) -> None:
    """A registration's kind, level and division, set together (all none without a
    registration): the rules and the analysis's constraints rely on them coming together.
    The place under `key` must already be described when there is a registration."""
    kind, level, division = _record_facts(key)
    if record is None:
        facts[kind] = facts[level] = facts[division] = NONE
        return
    place = places[key]
    facts[kind] = record.kind._value_  # the enum's value (`.value` is a slower property)
    facts[level] = place.level
    facts[division] = place.division


@cache
def _record_facts(key: str) -> tuple[str, str, str]:
    return f"{key}_kind", f"{key}_level", f"{key}_division"
