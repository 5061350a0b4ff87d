"""One correction of a change request being decided: its field, route and the
interpretations and clauses it relied on so far (they accumulate as the checks run).

field_checks.py decides it, redecide.py decides a change of origin again and
field_result.py writes the result; decide.py runs them for each correction."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from origin_rules.changes.decision import Flag, Redecision, RouteName
from origin_rules.changes.policy import ChangesPolicy, pick
from origin_rules.changes.request import ChangeRequest, Correction
from origin_rules.changes.words import place_words
from origin_rules.decision import InterpretationUse, LocalText
from origin_rules.identity import mask_number, normalise_number
from origin_rules.ruleset.readings import interpretation_use


class Rejected(Exception):
    """A correction rejected: the rejection's id in the policy and the values its text
    is filled with."""

    def __init__(self, rejection: str, **values: tuple[str, str] | str) -> None:
        super().__init__(rejection)
        self.rejection = rejection
        self.values = values


@dataclass
class FieldBeingDecided:
    """One correction being decided: what it relied on accumulates as it goes."""

    request: ChangeRequest
    correction: Correction
    policy: ChangesPolicy
    readings: Mapping[str, str]
    engine: str
    origin_interpretations: Mapping[str, str] | None
    clause_ids: list[str] = field(default_factory=list)
    relied: list[str] = field(default_factory=list)
    reason_id: str | None = None
    reason_assumed: bool = False
    required: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    facts_to_supply: tuple[LocalText, ...] = ()
    redecision: Redecision | None = None
    flags: list[Flag] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.spec = self.policy.fields[self.correction.field]
        self.recorded = self.request.record.value_of(self.spec.id)
        self.old = self.correction.old if self.correction.old is not None else self.recorded
        self.reason_id = self.correction.reason
        state = (
            self.spec.after_verification if self.request.verified else self.spec.before_verification
        )
        self.route: RouteName = self.pick(state)
        if self.route == "student" and self.relied:
            # The student edits it because of how an open point is read: that point's
            # clause is what allows it.
            self.clause_ids.append(self.policy.interpretations[self.relied[-1]].clause)
        elif self.request.verified and self.spec.clause_after_verification is not None:
            self.clause_ids.append(self.spec.clause_after_verification)
        else:
            self.clause_ids.append(self.spec.clause)

    def pick(self, value: Any, matters: Callable[[Any], object] = lambda v: v) -> Any:
        """The value for the chosen reading. The interpretation counts as relied on only
        when another reading would give this correction something different (`matters`
        says what of the value concerns it)."""
        chosen, interp = pick(value, self.readings)
        if (
            interp is not None
            and interp not in self.relied
            and len({repr(matters(v)) for v in value.by_reading.values()}) > 1
        ):
            self.relied.append(interp)
        return chosen

    def add_clause(self, clause_id: str) -> None:
        if clause_id not in self.clause_ids:
            self.clause_ids.append(clause_id)

    def pick_reading(self, interp_id: str) -> str:
        if interp_id not in self.relied:
            self.relied.append(interp_id)
        return self.readings[interp_id]

    def same(self, a: str, b: str) -> bool:
        if self.spec.value == "id_number":
            return normalise_number(a)[0] == normalise_number(b)[0]
        return a.strip() == b.strip()

    def shown(self, value: str) -> str:
        return mask_number(value) if self.spec.value == "id_number" else value

    def use(self, interp_id: str) -> InterpretationUse:
        return interpretation_use(self.policy.interpretations[interp_id], self.readings[interp_id])

    def requested_label(self) -> tuple[str, str]:
        assert self.redecision is not None
        return place_words(self.redecision.requested, self.redecision.requested_name)
