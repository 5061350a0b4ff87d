"""The interpretations a decision relied on: those whose other reading could have
changed what it concludes (the deciding rule's tests, or a higher rule's failed ones)."""

from __future__ import annotations

from collections.abc import Callable

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
from origin_rules.situation.prepare import Situation

_INTERP_PREFIX = interpretation_fact("")


# The interpretations relied on are a function of the ruleset, the deciding rule, the
# prepared facts and their sensitivity, all plain immutable values: many applicants share
# one answer. Bounded, and cleared whole when full.
_RELIED_CACHE_SIZE = 50_000
# The key holds every fact's name and value and every sensitivity in order (as the
# durable memo's does): equal keys mean equal dicts; equal dicts in another order only
# miss the cache.
_relied_cache: dict[
    tuple[
        str, str, tuple[str, ...], tuple[str | bool, ...], tuple[tuple[str, frozenset[str]], ...]
    ],
    frozenset[str],
] = {}


def relied_on(ruleset: Ruleset, situation: Situation, winner: Rule) -> frozenset[str]:
    facts = situation.facts
    key = (
        ruleset.content_hash,
        winner.id,
        tuple(facts),
        tuple(facts.values()),
        tuple(situation.sensitivity.items()),
    )
    found = _relied_cache.get(key)
    if found is None:
        found = frozenset(_relied_on_uncached(ruleset, situation, winner))
        if len(_relied_cache) >= _RELIED_CACHE_SIZE:
            _relied_cache.clear()
        _relied_cache[key] = found
    return found


def _relied_on_uncached(ruleset: Ruleset, situation: Situation, winner: Rule) -> set[str]:
    """Interpretations whose reading this decision rests on, one at a time.

    An interpretation counts when the deciding rule might not hold under another reading
    of it (its tests of that reading, or of a prepared fact or place that another
    reading would change here, could fail), or when a rule of higher precedence failed
    only on tests that another reading of it could pass, so that it could have decided
    instead. Tests are treated as able to go either way, so the list errs on the side
    of naming an interpretation.
    """

    sensitivity = situation.sensitivity

    def depends(atom: Atom) -> set[str]:
        found = (
            {i for i, changed in sensitivity.items() if atom.fact in changed}
            if sensitivity
            else set()
        )
        if atom.fact.startswith(_INTERP_PREFIX):
            found.add(atom.fact.removeprefix(_INTERP_PREFIX))
        return found

    facts = situation.facts
    relied: set[str] = set()
    winning = ruleset.full_condition(winner)
    for interp in {i for a in ruleset.atoms(winner) if a.holds(facts) for i in depends(a)}:
        if not _holds(winning, facts, _fails_if(depends, interp, facts, False)):
            relied.add(interp)
    source = winner.conclusion.origin
    if source:
        relied |= {i for i, changed in situation.sensitivity.items() if source in changed}
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
