"""Conditions evaluated over a region of prepared facts: each fact confined to a set of
values, or not yet confined at all.

A test is true over a region when it holds for every value the region allows, false
when it holds for none, and undecided otherwise. The case split in `space.py` confines
facts until every rule's condition is decided.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from origin_rules.ruleset.model import All, Always, Any_, Atom, Condition, FactValue

Assignment = Mapping[str, frozenset[FactValue]]


def atom_truth(atom: Atom, assignment: Assignment) -> bool | None:
    allowed = assignment.get(atom.fact)
    if allowed is None:
        return None
    inside = {value in atom.values for value in allowed}
    if atom.op in ("not_equals", "not_in"):
        inside = {not x for x in inside}
    if inside == {True}:
        return True
    if inside == {False}:
        return False
    return None


def truth(condition: Condition, assignment: Assignment) -> bool | None:
    """True, False, or None when the region does not decide the condition."""
    if isinstance(condition, Atom):
        return atom_truth(condition, assignment)
    if isinstance(condition, All):
        undecided = False
        for item in condition.items:
            value = truth(item, assignment)
            if value is False:
                return False
            undecided = undecided or value is None
        return None if undecided else True
    if isinstance(condition, Any_):
        undecided = False
        for item in condition.items:
            value = truth(item, assignment)
            if value is True:
                return True
            undecided = undecided or value is None
        return None if undecided else False
    assert isinstance(condition, Always)
    return True


Evaluator = Callable[[Assignment], bool | None]


def compile_condition(condition: Condition) -> Evaluator:
    """`truth` for one condition, remembering each test's answer per class of values:
    the split asks the same questions of the same classes many times."""
    if isinstance(condition, Atom):
        memo: dict[frozenset[FactValue], bool | None] = {}
        atom = condition

        def test(assignment: Assignment) -> bool | None:
            allowed = assignment.get(atom.fact)
            if allowed is None:
                return None
            if allowed not in memo:
                memo[allowed] = atom_truth(atom, {atom.fact: allowed})
            return memo[allowed]

        return test
    if isinstance(condition, All | Any_):
        parts = [compile_condition(c) for c in condition.items]
        decisive = isinstance(condition, Any_)  # the value that settles it alone

        def combine(assignment: Assignment) -> bool | None:
            undecided = False
            for part in parts:
                value = part(assignment)
                if value is decisive:
                    return decisive
                undecided = undecided or value is None
            return None if undecided else not decisive

        return combine
    return lambda assignment: True
