"""A pure-Python evaluator of the rule files: conditions compiled to closures once.

It reads the condition trees as written (all / any / in / not_in, and what a rule
extends) and shares no compilation step with the durable engine, so that the two
agreeing is evidence that both are right.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from origin_rules.ruleset.model import All, Always, Any_, Atom, Condition, FactValue

if TYPE_CHECKING:
    from origin_rules.engines import RuleConditions

Test = Callable[[dict[str, FactValue]], bool]


class PythonEngine:
    name = "python"

    def __init__(self, ruleset: RuleConditions) -> None:
        self._tests = [(rule_id, _compile(condition)) for rule_id, condition in ruleset.conditions]

    def fired(self, facts: dict[str, FactValue]) -> frozenset[str]:
        return frozenset(rule_id for rule_id, test in self._tests if test(facts))


def _compile(condition: Condition) -> Test:
    if isinstance(condition, Atom):
        fact, values = condition.fact, frozenset(condition.values)
        if condition.op in ("equals", "in"):
            return lambda facts: facts[fact] in values
        return lambda facts: facts[fact] not in values
    if isinstance(condition, All):
        parts = [_compile(c) for c in condition.items]
        return lambda facts: all(p(facts) for p in parts)
    if isinstance(condition, Any_):
        parts = [_compile(c) for c in condition.items]
        return lambda facts: any(p(facts) for p in parts)
    assert isinstance(condition, Always)
    return lambda facts: True
