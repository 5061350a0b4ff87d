"""The interpretations a decision relied on: those whose other reading could have
changed what it concludes (the deciding rule's tests, or a higher rule's failed ones)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from operator import itemgetter
from typing import NamedTuple

from origin_rules.divisions.answer_cache import remember
from origin_rules.ruleset.model import (
    All,
    Always,
    Any_,
    Atom,
    Condition,
    Rule,
    Ruleset,
    interpretation_fact,
)
from origin_rules.situation.builder import FactValue
from origin_rules.situation.prepare import Situation
from origin_rules.situation.sensitivity import CAN_CHANGE, changes_of

_INTERP_PREFIX = interpretation_fact("")


# The interpretations relied on are a function of the ruleset, the deciding rule, the
# facts the rules it examines test (its own, and those of the rules above it: `_examined`)
# and what other readings would change of them, all plain immutable values: many
# applicants share one answer. Each cache is bounded, and cleared whole when full: the
# rules (a ruleset has a few dozen), each rule's situations, each situation's answers.
_RULES = 1_000
_SITUATIONS_PER_RULE = 10_000
_ANSWERS_PER_SITUATION = 1_000

# (ruleset content hash, deciding rule id) -> `_ForRule`.
_for_rules: dict[tuple[str, str], _ForRule] = {}


class _ForRule(NamedTuple):
    """What one deciding rule's decisions share."""

    # The facts its interpretations relied on can depend on, as a function giving their
    # values in a fixed order.
    values_of: Callable[[Mapping[str, FactValue]], object]
    # Those values -> what the interpretations relied on rest on (`_Rested`).
    rested: dict[object, _Rested]


class _Rested(NamedTuple):
    always: frozenset[str]
    # Preparation interpretations whose other reading may change a fact or place the
    # decision rests on, in `CAN_CHANGE` order.
    maybe: tuple[str, ...]
    # What other readings of each of those change -> the interpretations relied on.
    relied: dict[tuple[frozenset[str], ...], frozenset[str]]


def relied_on(ruleset: Ruleset, situation: Situation, winner: Rule) -> frozenset[str]:
    """`_relied_on_uncached`, remembered, trying other readings of only the preparation
    interpretations that could add to it.

    Whether an interpretation counts depends on what its other reading changes alone
    (each is tried on its own), and only more surely the more it changes: the tests are
    plain ands and ors of single-fact tests. So one that does not count even if it
    changed everything it ever can (`CAN_CHANGE`) never counts, and one that counts
    though it changes nothing always does; only the others are tried."""
    rule_key = (ruleset.content_hash, winner.id)
    for_rule = _for_rules.get(rule_key)
    if for_rule is None:
        for_rule = _ForRule(_examined(ruleset, winner), {})
        for_rule = remember(_for_rules, rule_key, for_rule, _RULES)
    facts = situation.facts
    values = for_rule.values_of(facts)
    rested = for_rule.rested.get(values)
    if rested is None:
        always = frozenset(_relied(ruleset, facts, winner, {}))
        could = _relied(ruleset, facts, winner, CAN_CHANGE)
        maybe = tuple(i for i in CAN_CHANGE if i in could - always)
        rested = remember(for_rule.rested, values, _Rested(always, maybe, {}), _SITUATIONS_PER_RULE)
    if not rested.maybe:
        return rested.always
    changes = changes_of(situation.sensitivity, rested.maybe)
    if not any(changes):
        return rested.always
    found = rested.relied.get(changes)
    if found is None:
        tried = {i: c for i, c in zip(rested.maybe, changes, strict=True) if c}
        relied = frozenset(_relied(ruleset, facts, winner, tried))
        found = remember(rested.relied, changes, relied, _ANSWERS_PER_SITUATION)
    return found


def _examined(ruleset: Ruleset, winner: Rule) -> Callable[[Mapping[str, FactValue]], object]:
    """The values of the facts `_relied` tests for `winner`: those of its condition and
    of the rules above it (notes aside), in a fixed order."""
    names: set[str] = set(ruleset.facts(winner))
    for rule in ruleset.rules:
        if rule.id == winner.id:
            break
        if not rule.is_note:
            names |= ruleset.facts(rule)
    if not names:
        return lambda facts: ()
    return itemgetter(*sorted(names))


def _relied_on_uncached(ruleset: Ruleset, situation: Situation, winner: Rule) -> set[str]:
    return _relied(ruleset, situation.facts, winner, situation.sensitivity)


def _relied(
    ruleset: Ruleset,
    facts: dict[str, FactValue],
    winner: Rule,
    sensitivity: Mapping[str, frozenset[str]],
) -> set[str]:
    """Interpretations whose reading this decision rests on, one at a time.

    An interpretation counts when the deciding rule might not hold under another reading
    of it (its tests of that reading, or of a prepared fact or place that another
    reading would change here, could fail), or when a rule of higher precedence failed
    only on tests that another reading of it could pass, so that it could have decided
    instead. Tests are treated as able to go either way, so the list errs on the side
    of naming an interpretation.
    """

    def depends(atom: Atom) -> set[str]:
        found = (
            {i for i, changed in sensitivity.items() if atom.fact in changed}
            if sensitivity
            else set()
        )
        if atom.fact.startswith(_INTERP_PREFIX):
            found.add(atom.fact.removeprefix(_INTERP_PREFIX))
        return found

    relied: set[str] = set()
    winning = ruleset.full_condition(winner)
    for interp in {i for a in ruleset.atoms(winner) if a.holds(facts) for i in depends(a)}:
        if not _holds(winning, facts, _fails_if(depends, interp, facts, False)):
            relied.add(interp)
    source = winner.conclusion.origin
    if source:
        relied |= {i for i, changed in sensitivity.items() if source in changed}
    sensitive = set().union(*sensitivity.values()) if sensitivity else set()
    for rule in ruleset.rules:
        if rule.id == winner.id:  # by id: the winner may come from an equal ruleset's plan
            break
        if rule.is_note:
            continue
        if not ruleset.tests_interpretation(rule) and sensitive.isdisjoint(ruleset.facts(rule)):
            continue  # nothing in it can change with a reading
        condition = ruleset.full_condition(rule)
        failing = {i for a in ruleset.atoms(rule) if not a.holds(facts) for i in depends(a)}
        for interp in failing - relied:
            if _holds(condition, facts, _fails_if(depends, interp, facts, True)):
                relied.add(interp)
    return relied


def _fails_if(
    depends: Callable[[Atom], set[str]], interp: str, facts: dict[str, str | bool], to: bool
) -> Callable[[Atom], bool]:
    """Each test's value with the tests that depend on `interp` set to `to`."""

    def value(atom: Atom) -> bool:
        return to if interp in depends(atom) else atom.holds(facts)

    return value


def _holds(
    condition: Condition, facts: dict[str, str | bool], value: Callable[[Atom], bool]
) -> bool:
    if isinstance(condition, Atom):
        return value(condition)
    if isinstance(condition, All):
        return all(_holds(c, facts, value) for c in condition.items)
    if isinstance(condition, Any_):
        return any(_holds(c, facts, value) for c in condition.items)
    assert isinstance(condition, Always)
    return True
