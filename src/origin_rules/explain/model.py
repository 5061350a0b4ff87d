"""What an explanation adds to a decision: why the other rules did not decide, and what
smallest change of facts would have changed the outcome."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from origin_rules.decision import ClauseRef, Decision, LocalText, Origin
from origin_rules.ruleset.model import Outcome


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FailedCondition(_Out):
    """The first test of a rule's condition that did not hold, in words."""

    fact: str  # a prepared fact (see origin_rules.situation.vocabulary), or interp_<id>
    op: str  # equals | not_equals | in | not_in
    expected: tuple[str | bool, ...]
    actual: str | bool
    text: LocalText


class WhyNot(_Out):
    """A rule of higher precedence than the deciding one that did not apply."""

    rule: str
    title: LocalText
    clause: ClauseRef
    would_conclude: LocalText  # what it would have concluded, in words
    failed: FailedCondition


class FactChange(_Out):
    path: str  # where in the applicant's facts, e.g. hukou.1.kind
    before: Any
    after: Any
    text: LocalText


class Counterfactual(_Out):
    """A smallest change of the facts found that gives another outcome or origin."""

    changes: tuple[FactChange, ...]
    outcome: Outcome
    origin: Origin | None
    decided_by: str | None
    text: LocalText  # 若……则…… / If ..., then ...


class CounterfactualSearch(_Out):
    tried: int  # alternative fact sets decided
    complete: bool  # False when the time or count budget cut the search short
    seconds_budget: float
    max_changes: int  # the largest number of simultaneous fact changes searched
    # Changes found that would only leave facts missing, not listed because others reach
    # another decision (0 when they are the ones listed).
    only_missing_facts: int = 0


class Explanation(_Out):
    decision: Decision
    why_not: tuple[WhyNot, ...]
    counterfactuals: tuple[Counterfactual, ...]
    search: CounterfactualSearch
