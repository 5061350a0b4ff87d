"""The prepared facts, places and display values of one applicant as they are gathered.

Shared by the parts of the preparation (`prepare.py` assembles them; `family.py`,
`work.py` and `id_document.py` each fill in their own facts), so it lives apart from all
of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from origin_rules.divisions import Divisions
from origin_rules.facts import HukouRecord, Place
from origin_rules.situation.places import PlaceRef, describe
from origin_rules.situation.vocabulary import NONE

FactValue = str | bool


class Builder:
    """The prepared facts, places and display values as they are gathered. Display values
    are gathered only when `explained`: the facts never depend on them."""

    def __init__(self, decision_date: date, divisions: Divisions, *, explained: bool) -> None:
        self.decision_date = decision_date
        self.divisions = divisions
        self.explained = explained
        self.facts: dict[str, FactValue] = {}
        self.places: dict[str, PlaceRef] = {}
        self.display: dict[str, str | tuple[str, str]] = {}
        # The hukou record behind each place that is one (a report highlights it).
        self.records: dict[str, HukouRecord] = {}

    def record_place(self, key: str, record: HukouRecord) -> PlaceRef:
        """The place of a hukou record, remembered with the record it came from."""
        self.records[key] = record
        return self.place(key, record.place, record.start, record.end)

    def place(self, key: str, p: Place, start: date, end: date | None = None) -> PlaceRef:
        ref = describe(p, start, end, self.decision_date, self.divisions)
        self.places[key] = ref
        if self.explained:
            self.display[f"{key}_place"] = ref.label()
            self.display[f"{key}_recorded_place"] = ref.recorded_label()
            self.display[f"{key}_change"] = ref.change()
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
    facts[f"{key}_kind"] = record.kind.value if record else NONE
    facts[f"{key}_level"] = places[key].level if record else NONE
    facts[f"{key}_division"] = places[key].division if record else NONE
