"""The abstract fact space a ruleset can tell apart, split into regions.

A prepared fact has a finite domain (`situation/vocabulary.py`, plus each
interpretation's readings). The rules never look at a value itself, only at whether it
lies in the value lists of their tests, so the values of a fact fall into classes that
no test (of the rules, or of the feasibility constraints) tells apart. The space is the
product of those classes; it is split case by case, one fact at a time, taking the
facts of the highest-precedence rule not yet decided, until every rule's condition is
either true or false over the region. Regions that a feasibility constraint excludes
are dropped as soon as it is decided, and a region whose constraints cannot be decided
by its own facts is kept only if some choice of the remaining facts satisfies them.

Each region is exact: every combination of values inside it makes the same rules fire.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from origin_rules.analysis.constraints import CONSTRAINTS, Constraint
from origin_rules.analysis.logic import Evaluator, compile_condition
from origin_rules.ruleset.model import Atom, Condition, FactValue, atoms_of, interpretation_fact
from origin_rules.situation.vocabulary import FACTS

Requirement = tuple[Condition, bool]  # a condition and the truth a region must give it


@dataclass(frozen=True)
class Region:
    """Facts confined to classes of values, over which every requirement of the search
    that found it holds.

    `facts` holds every fact the split confined; `extra` is one choice of other facts
    that the feasibility constraints needed to be satisfiable (a hint for witnesses).
    """

    facts: Mapping[str, frozenset[FactValue]]
    extra: Mapping[str, frozenset[FactValue]]

    def key(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple(
            (fact, tuple(sorted(str(v) for v in values)))
            for fact, values in sorted(self.facts.items())
        )


def domains(interpretations: Mapping[str, Iterable[str]]) -> dict[str, tuple[FactValue, ...]]:
    """Every prepared fact's values, as the rules write them (booleans as booleans)."""
    found: dict[str, tuple[FactValue, ...]] = {
        name: ((True, False) if spec.is_bool else spec.values) for name, spec in FACTS.items()
    }
    for interp, readings in interpretations.items():
        found[interpretation_fact(interp)] = tuple(readings)
    return found


def value_classes(domain: Sequence[FactValue], atoms: Iterable[Atom]) -> list[frozenset[FactValue]]:
    """The values of one fact grouped by how every test of it answers."""
    tests = sorted({(a.op in ("equals", "in"), frozenset(a.values)) for a in atoms}, key=repr)
    groups: dict[tuple[bool, ...], list[FactValue]] = {}
    for value in domain:
        signature = tuple((value in values) == positive for positive, values in tests)
        groups.setdefault(signature, []).append(value)
    return [frozenset(values) for values in groups.values()]


class Splitter:
    """Finds the regions where given conditions take given truth values.

    The classes of each fact are computed once from every condition it will be asked
    about (a ruleset's rules, or two rulesets' for a diff) and the constraints.
    """

    def __init__(
        self,
        conditions: Iterable[Condition],
        fact_domains: Mapping[str, tuple[FactValue, ...]],
        constraints: Sequence[Constraint] = CONSTRAINTS,
    ) -> None:
        self.constraints = [
            c
            for c in constraints
            if all(a.fact in fact_domains for a in atoms_of(c.when) + atoms_of(c.then))
        ]
        atoms_by_fact: dict[str, list[Atom]] = {}
        for condition in conditions:
            for atom in atoms_of(condition):
                atoms_by_fact.setdefault(atom.fact, []).append(atom)
        for constraint in self.constraints:
            for atom in atoms_of(constraint.when) + atoms_of(constraint.then):
                atoms_by_fact.setdefault(atom.fact, []).append(atom)
        unknown = sorted(set(atoms_by_fact) - set(fact_domains))
        if unknown:
            raise ValueError(f"conditions test facts outside the vocabulary: {unknown}")
        self.classes = {
            fact: value_classes(fact_domains[fact], atoms) for fact, atoms in atoms_by_fact.items()
        }
        self._compiled: dict[int, tuple[Condition, Evaluator]] = {}
        self._constraint_tests = [
            (c, self._evaluator(c.when), self._evaluator(c.then)) for c in self.constraints
        ]

    def _evaluator(self, condition: Condition) -> Evaluator:
        # Keyed by identity (the condition is kept alive with it): hashing a condition
        # tree on every question would cost more than the answer.
        entry = self._compiled.get(id(condition))
        if entry is None:
            entry = (condition, compile_condition(condition))
            self._compiled[id(condition)] = entry
        return entry[1]

    def regions(self, requirements: Sequence[Requirement]) -> Iterator[Region]:
        """Every feasible region (as coarse as the requirements allow) where each
        condition has the truth value required of it, in a deterministic order."""
        tests = [(c, self._evaluator(c), required) for c, required in requirements]
        yield from self._split({}, tests)

    def _split(
        self,
        assigned: dict[str, frozenset[FactValue]],
        requirements: list[tuple[Condition, Evaluator, bool]],
    ) -> Iterator[Region]:
        open_constraints = []
        for constraint, when_test, then_test in self._constraint_tests:
            when = when_test(assigned)
            if when is False:
                continue
            then = then_test(assigned)
            if then is True:
                continue
            if when is True and then is False:
                return  # infeasible
            open_constraints.append((constraint, when_test, then_test))
        pending: Condition | None = None
        for condition, test, required in requirements:
            value = test(assigned)
            if value is None:
                pending = pending or condition
            elif value is not required:
                return
        if pending is not None:
            fact = next(a.fact for a in atoms_of(pending) if a.fact not in assigned)
            for values in self.classes[fact]:
                assigned[fact] = values
                yield from self._split(assigned, requirements)
            del assigned[fact]
            return
        extra = self._extension(dict(assigned), open_constraints)
        if extra is not None:
            yield Region(
                facts=dict(assigned),
                extra={k: v for k, v in extra.items() if k not in assigned},
            )

    def _extension(
        self,
        assigned: dict[str, frozenset[FactValue]],
        open_constraints: list[tuple[Constraint, Evaluator, Evaluator]],
    ) -> dict[str, frozenset[FactValue]] | None:
        """Some choice of the unconfined facts that satisfies every constraint."""
        for constraint, when_test, then_test in open_constraints:
            when = when_test(assigned)
            then = then_test(assigned)
            if when is False or then is True:
                continue
            if when is True and then is False:
                return None
            fact = next(
                a.fact
                for a in atoms_of(constraint.when) + atoms_of(constraint.then)
                if a.fact not in assigned
            )
            for values in self.classes[fact]:
                found = self._extension({**assigned, fact: values}, open_constraints)
                if found is not None:
                    return found
            return None
        return assigned


def merge_regions(
    regions: Sequence[Region], fact_domains: Mapping[str, Sequence[FactValue]]
) -> list[Region]:
    """Fewer, larger regions covering the same combinations: two regions that differ in
    one fact only become one (its classes joined), and a fact allowed every value is
    dropped. Only regions that show the same thing may be merged."""
    merged = list(regions)
    changed = True
    while changed:
        changed = False
        for i, a in enumerate(merged):
            for j in range(i + 1, len(merged)):
                joined = _join(a, merged[j], fact_domains)
                if joined is not None:
                    merged[i] = joined
                    del merged[j]
                    changed = True
                    break
            if changed:
                break
    return merged


def _join(a: Region, b: Region, fact_domains: Mapping[str, Sequence[FactValue]]) -> Region | None:
    if set(a.facts) != set(b.facts):
        return None
    differing = [f for f in a.facts if a.facts[f] != b.facts[f]]
    if len(differing) != 1:
        return None
    fact = differing[0]
    facts = dict(a.facts)
    facts[fact] = a.facts[fact] | b.facts[fact]
    if set(fact_domains.get(fact, ())) <= facts[fact]:
        del facts[fact]
    return Region(facts=facts, extra=a.extra)
