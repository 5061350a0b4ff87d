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

Conditions of different rules mostly read different facts, so the regions where rule
after rule is false multiply into hundreds of thousands. They are counted, not listed:
what remains of the split below a step depends only on the requirements still
undecided, the constraints still open and the classes chosen for the facts those read
(`_Node`), so each such subtree is counted once, and a listing (the first few regions
for a witness, or all of a gap) enters only subtrees that hold some. The regions and
their number are exactly those of the plain split (`tests/analysis/test_space.py`).
"""

from __future__ import annotations

import itertools
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
        self._compiled: dict[int, tuple[Condition, Evaluator, tuple[str, ...]]] = {}
        self._by_value: dict[Condition, tuple[Condition, Evaluator, tuple[str, ...]]] = {}
        self._checks = [
            _Check(self._evaluator(c.when), self._evaluator(c.then), self._facts_of(c.when, c.then))
            for c in self.constraints
        ]

    def _compile(self, condition: Condition) -> tuple[Condition, Evaluator, tuple[str, ...]]:
        # Keyed by identity (the condition is kept alive with it): hashing a condition
        # tree on every question would cost more than the answer.
        # Equal conditions (two rulesets' copies of one rule, in a diff) share an entry.
        entry = self._compiled.get(id(condition))
        if entry is None:
            entry = self._by_value.get(condition)
            if entry is None:
                facts = tuple(dict.fromkeys(a.fact for a in atoms_of(condition)))
                entry = (condition, compile_condition(condition), facts)
                self._by_value[condition] = entry
            self._compiled[id(condition)] = (condition, entry[1], entry[2])
        return entry

    def _evaluator(self, condition: Condition) -> Evaluator:
        return self._compile(condition)[1]

    def _facts_of(self, *conditions: Condition) -> tuple[str, ...]:
        """The facts the conditions test, in the order their tests name them."""
        return tuple(dict.fromkeys(f for c in conditions for f in self._compile(c)[2]))

    def split(self, requirements: Sequence[Requirement]) -> Split:
        """The regions where each condition has the truth value required of it: count
        them, or list them, from one shared memory of the split."""
        # A condition required twice is one test (the later copy is never the first
        # undecided one, so the split is the same); required both true and false, no
        # region can hold it.
        wanted: dict[int, bool] = {}
        tests = []
        for condition, required in requirements:
            _, evaluate, facts = self._compile(condition)
            if id(evaluate) in wanted:
                if wanted[id(evaluate)] is not required:
                    return Split(self.classes, (), (), empty=True)
                continue
            wanted[id(evaluate)] = required
            tests.append(_Test(evaluate, required, facts))
        return Split(self.classes, tuple(tests), tuple(self._checks))

    def regions(
        self,
        requirements: Sequence[Requirement],
        containing: Mapping[str, FactValue] | None = None,
    ) -> Iterator[Region]:
        """`split(requirements).regions(containing)`."""
        return self.split(requirements).regions(containing)

    def count(self, requirements: Sequence[Requirement]) -> int:
        """`split(requirements).count()`."""
        return self.split(requirements).count()


class _Test:
    """A requirement compiled: the condition's evaluator, the truth required of it and
    the facts it reads. Hashed by identity: it stands for its place in one search."""

    __slots__ = ("evaluate", "facts", "required")

    def __init__(self, evaluate: Evaluator, required: bool, facts: tuple[str, ...]) -> None:
        self.evaluate = evaluate
        self.required = required
        self.facts = facts


class _Check:
    """A feasibility constraint compiled (`when` ⇒ `then`), with the facts it reads."""

    __slots__ = ("facts", "then", "when")

    def __init__(self, when: Evaluator, then: Evaluator, facts: tuple[str, ...]) -> None:
        self.when = when
        self.then = then
        self.facts = facts


Key = tuple[tuple[_Test, ...], tuple[_Check, ...], tuple[frozenset[FactValue] | None, ...]]


@dataclass(frozen=True)
class _Node:
    """A step of the split: the requirements still undecided (in their order), the
    constraints still open, and the key that says all the rest of the split depends on
    — those two lists and the classes chosen so far for the facts they read.

    The split is a tree: at each step the first undecided requirement's first
    unconfined fact is split into its classes, until every requirement is decided (a
    condition decided over a region stays decided over every part of it). Two steps
    with the same key have the same subtree below them, whatever other facts were
    confined on the way (those facts no remaining test reads), so the size of a
    subtree and the completion of a leaf are computed once per key."""

    tests: tuple[_Test, ...]
    checks: tuple[_Check, ...]
    key: Key


class Split:
    """The regions where given requirements hold, in a deterministic order; subtrees
    are counted once per key (`_Node`), so counting them costs far less than listing
    them, and listing enters only the subtrees that hold some."""

    def __init__(
        self,
        classes: Mapping[str, list[frozenset[FactValue]]],
        tests: tuple[_Test, ...],
        checks: tuple[_Check, ...],
        *,
        empty: bool = False,
    ) -> None:
        self.classes = classes
        self.sizes: dict[Key, int] = {}
        self.extras: dict[Key, dict[str, frozenset[FactValue]] | None] = {}
        self._read: dict[tuple[tuple[_Test, ...], tuple[_Check, ...]], tuple[str, ...]] = {}
        self.root = None if empty else self.enter({}, tests, checks)

    def count(self) -> int:
        """How many regions `regions()` yields."""
        return 0 if self.root is None else self.size({}, self.root)

    def regions(self, containing: Mapping[str, FactValue] | None = None) -> Iterator[Region]:
        """Every feasible region (as coarse as the requirements allow), in a
        deterministic order. With `containing` (a value for each of some facts), only
        the regions that hold those values: the same regions as filtering the full
        list, found by following the one class of each confined fact that holds it."""
        if self.root is not None:
            yield from self.emit({}, self.root, containing or {})

    def first(self, limit: int) -> list[Region]:
        """The first `limit` regions."""
        return list(itertools.islice(self.regions(), limit))

    def enter(
        self,
        assigned: Mapping[str, frozenset[FactValue]],
        tests: tuple[_Test, ...],
        checks: tuple[_Check, ...],
        confined: str | None = None,
    ) -> _Node | None:
        """The step at `assigned`, or None when a constraint excludes it or a
        requirement is decided the wrong way. `confined`: the one fact confined since
        `tests` and `checks` were found undecided and open (None: ask them all); those
        that do not read it are still so."""
        open_checks = []
        for check in checks:
            if confined is not None and confined not in check.facts:
                open_checks.append(check)
                continue
            when = check.when(assigned)
            if when is False:
                continue
            then = check.then(assigned)
            if then is True:
                continue
            if when is True and then is False:
                return None  # infeasible
            open_checks.append(check)
        undecided = []
        for test in tests:
            if confined is not None and confined not in test.facts:
                undecided.append(test)
                continue
            value = test.evaluate(assigned)
            if value is None:
                undecided.append(test)
            elif value is not test.required:
                return None
        left = (tuple(undecided), tuple(open_checks))
        read = self._read.get(left)
        if read is None:
            facts = {f for t in left[0] for f in t.facts} | {f for c in left[1] for f in c.facts}
            read = tuple(sorted(facts))
            self._read[left] = read
        return _Node(left[0], left[1], (*left, tuple(assigned.get(f) for f in read)))

    def size(self, assigned: dict[str, frozenset[FactValue]], node: _Node) -> int:
        """How many regions lie below `node`."""
        known = self.sizes.get(node.key)
        if known is not None:
            return known
        total = 0
        if node.tests:
            fact = next(f for f in node.tests[0].facts if f not in assigned)
            for values in self.classes[fact]:
                assigned[fact] = values
                child = self.enter(assigned, node.tests, node.checks, fact)
                if child is not None:
                    total += self.size(assigned, child)
            del assigned[fact]
        elif self.extra(assigned, node) is not None:
            total = 1
        self.sizes[node.key] = total
        return total

    def emit(
        self,
        assigned: dict[str, frozenset[FactValue]],
        node: _Node,
        containing: Mapping[str, FactValue],
    ) -> Iterator[Region]:
        """The regions below `node`, entering only subtrees that hold some."""
        if not node.tests:
            extra = self.extra(assigned, node)
            if extra is not None:
                yield Region(facts=dict(assigned), extra=extra)
            return
        fact = next(f for f in node.tests[0].facts if f not in assigned)
        for values in self.classes[fact]:
            if fact in containing and containing[fact] not in values:
                continue
            assigned[fact] = values
            child = self.enter(assigned, node.tests, node.checks, fact)
            if child is not None and self.size(assigned, child) > 0:
                yield from self.emit(assigned, child, containing)
        assigned.pop(fact, None)  # not confined when `containing` held no class of it

    def extra(
        self, assigned: Mapping[str, frozenset[FactValue]], node: _Node
    ) -> dict[str, frozenset[FactValue]] | None:
        """At a leaf: some choice of unconfined facts that satisfies every constraint
        still open (a hint for witnesses), or None when there is none."""
        if node.key not in self.extras:
            found = _extension(dict(assigned), node.checks, self.classes)
            self.extras[node.key] = (
                None if found is None else {k: v for k, v in found.items() if k not in assigned}
            )
        return self.extras[node.key]


def _extension(
    assigned: dict[str, frozenset[FactValue]],
    checks: tuple[_Check, ...],
    classes: Mapping[str, list[frozenset[FactValue]]],
) -> dict[str, frozenset[FactValue]] | None:
    """Some choice of the unconfined facts that satisfies every constraint."""
    for check in checks:
        when = check.when(assigned)
        then = check.then(assigned)
        if when is False or then is True:
            continue
        if when is True and then is False:
            return None
        fact = next(f for f in check.facts if f not in assigned)
        for values in classes[fact]:
            found = _extension({**assigned, fact: values}, checks, classes)
            if found is not None:
                return found
        return None
    return assigned


def merge_regions(
    regions: Sequence[Region], fact_domains: Mapping[str, Sequence[FactValue]]
) -> list[Region]:
    """Fewer, larger regions covering the same combinations: regions that confine the
    same facts alike but one become one (its classes joined), and a fact allowed every
    value is dropped; repeated until no two regions join. Only regions that show the
    same thing may be merged, and they must be disjoint (the regions of one split are).

    Regions are grouped by everything but the fact being joined (a hash, not a
    comparison of every pair: a change can cover tens of thousands of regions); the
    joined region takes the place of the first of its group."""
    names = sorted({f for r in regions for f in r.facts})
    # A region as a row over `names`, None where it leaves the fact unconfined.
    rows = [tuple(r.facts.get(f) for f in names) for r in regions]
    extras = [r.extra for r in regions]
    changed = True
    while changed:
        changed = False
        for i, fact in enumerate(names):
            domain = frozenset(fact_domains.get(fact, ()))
            groups: dict[Row, list[int]] = {}
            for index, row in enumerate(rows):
                if row[i] is not None:
                    groups.setdefault(row[:i] + row[i + 1 :], []).append(index)
            joined: dict[int, Row] = {}
            dropped: set[int] = set()
            for members in groups.values():
                if len(members) > 1:
                    values = frozenset().union(*(rows[m][i] or () for m in members))
                    row = rows[members[0]]
                    joined[members[0]] = (
                        *row[:i],
                        None if domain <= values else values,
                        *row[i + 1 :],
                    )
                    dropped.update(members[1:])
            if joined:
                changed = True
                kept = [k for k in range(len(rows)) if k not in dropped]
                rows = [joined.get(k, rows[k]) for k in kept]
                extras = [extras[k] for k in kept]
    return [
        Region(facts={f: v for f, v in zip(names, row, strict=True) if v is not None}, extra=extra)
        for row, extra in zip(rows, extras, strict=True)
    ]


Row = tuple[frozenset[FactValue] | None, ...]
