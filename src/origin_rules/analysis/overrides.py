"""Which rule sets which other rule aside, as the rule files declare it.

A rule *overrides* another when it is declared its exception (`exception_of`, or
`extends`, which makes a rule an exception of the rule it refines), when it overrides a
rule that overrides the other (transitively), or when it overrides a rule that the
other extends: a refinement only says more about its base rule, so whatever sets the
base aside sets its refinements aside too (the family's move after enrollment sets
aside the registration before the gaokao, and with it the check of that
registration's division). A refinement sets aside its own base, not the base's other
refinements: two refinements of one rule are related only if declared so.

Rules of which neither overrides the other are ordered only by their place in the
precedence list.
"""

from __future__ import annotations

from origin_rules.ruleset.model import Ruleset


def overrides(ruleset: Ruleset) -> dict[str, frozenset[str]]:
    """For each rule, every rule it overrides."""
    rules = ruleset.rules_by_id
    refinements: dict[str, set[str]] = {rid: set() for rid in rules}
    for rule in ruleset.rules:
        if rule.extends is not None and rule.extends in refinements:
            refinements[rule.extends].add(rule.id)

    def refinements_of(rid: str) -> set[str]:
        found, todo = set(), [rid]
        while todo:
            for child in refinements.get(todo.pop(), ()):
                if child not in found:
                    found.add(child)
                    todo.append(child)
        return found

    def ancestors_of(rid: str) -> set[str]:
        found: set[str] = set()
        base = rules[rid].extends
        while base is not None and base in rules and base not in found:
            found.add(base)
            base = rules[base].extends
        return found

    result: dict[str, frozenset[str]] = {}
    for rid in rules:
        ancestors = ancestors_of(rid)
        seen: set[str] = set()
        todo = list(rules[rid].exception_of)
        while todo:
            other = todo.pop()
            if other in seen or other not in rules:
                continue
            seen.add(other)
            todo.extend(rules[other].exception_of)
            if other not in ancestors:
                todo.extend(refinements_of(other))
        # A rule never sets itself aside, even where exception chains loop back.
        seen.discard(rid)
        result[rid] = frozenset(seen)
    return result


def related(table: dict[str, frozenset[str]], a: str, b: str) -> bool:
    """Whether one of the two rules overrides the other."""
    return b in table.get(a, frozenset()) or a in table.get(b, frozenset())
