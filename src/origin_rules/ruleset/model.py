"""A loaded, validated ruleset: clauses, interpretations and rules in precedence order."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

FactValue = str | bool


class Outcome(StrEnum):
    DETERMINED = "determined"
    NEEDS_REVIEW = "needs_review"
    INSUFFICIENT_FACTS = "insufficient_facts"
    OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def in_lang(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Clause:
    id: str
    section: str  # the heading path as printed in the guide
    text: str  # verbatim


@dataclass(frozen=True)
class Interpretation:
    id: str
    clause: str
    question: Text
    default: str
    readings: dict[str, Text]
    why_default: Text


def interpretation_fact(interp_id: str) -> str:
    """The prepared fact that carries the chosen reading of an interpretation."""
    return f"interp_{interp_id}"


# --- conditions -------------------------------------------------------------------


@dataclass(frozen=True)
class Atom:
    """One test of one prepared fact: equals / not_equals / in / not_in."""

    fact: str
    op: str
    values: tuple[FactValue, ...]

    def holds(self, facts: dict[str, FactValue]) -> bool:
        value = facts[self.fact]
        if self.op in ("equals", "in"):
            return value in self.values
        return value not in self.values


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Any_:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Always:
    pass


Condition = Atom | All | Any_ | Always


def atoms_of(condition: Condition) -> list[Atom]:
    if isinstance(condition, Atom):
        return [condition]
    if isinstance(condition, All | Any_):
        return [a for item in condition.items for a in atoms_of(item)]
    return []


# --- rules ------------------------------------------------------------------------


@dataclass(frozen=True)
class MissingFact:
    fact: str  # a path in the applicant's facts, e.g. hukou[holder=family]
    text: Text


@dataclass(frozen=True)
class Conclusion:
    outcome: Outcome | None  # None: a note, which concludes nothing
    origin: str | None  # the prepared place that becomes the origin (determined only)
    missing: tuple[MissingFact, ...]
    candidates: tuple[str, ...]  # prepared places offered to staff (needs_review)
    reason: Text | None  # needs_review: what staff must settle


@dataclass(frozen=True)
class Rule:
    id: str
    file: str
    clause: str
    title: Text
    condition: Condition  # the rule's own condition, without what it extends
    extends: str | None
    exception_of: tuple[str, ...]  # includes the rule it extends
    conclusion: Conclusion
    explain: Text

    @property
    def is_note(self) -> bool:
        return self.conclusion.outcome is None


@dataclass(frozen=True)
class Ruleset:
    id: str
    version: str
    title: Text
    source_title: str
    governed_cohorts: frozenset[int]
    decision_date_default: date
    clauses: dict[str, Clause]
    interpretations: dict[str, Interpretation]
    rules: tuple[Rule, ...]  # highest precedence first
    content_hash: str
    # Every name a prepared fact can carry, tested or not: the durable engine checks them
    # all for collisions of its name hash.
    fact_names: frozenset[str]

    # A ruleset is immutable, so what is derived from its rules is computed once.
    @functools.cached_property
    def rules_by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    @functools.cached_property
    def _full_conditions(self) -> dict[str, Condition]:
        def build(rule: Rule) -> Condition:
            if rule.extends is None:
                return rule.condition
            return All((build(self.rules_by_id[rule.extends]), rule.condition))

        return {r.id: build(r) for r in self.rules}

    @functools.cached_property
    def _atoms(self) -> dict[str, tuple[Atom, ...]]:
        return {rid: tuple(atoms_of(c)) for rid, c in self._full_conditions.items()}

    @functools.cached_property
    def _facts(self) -> dict[str, frozenset[str]]:
        return {rid: frozenset(a.fact for a in atoms) for rid, atoms in self._atoms.items()}

    def facts(self, rule: Rule) -> frozenset[str]:
        """The prepared facts the rule's full condition tests."""
        return self._facts[rule.id]

    @functools.cached_property
    def _testing_interpretations(self) -> frozenset[str]:
        prefix = interpretation_fact("")
        return frozenset(
            rid for rid, facts in self._facts.items() if any(f.startswith(prefix) for f in facts)
        )

    def tests_interpretation(self, rule: Rule) -> bool:
        """Whether the rule's full condition tests the reading of an interpretation."""
        return rule.id in self._testing_interpretations

    @functools.cached_property
    def conditions(self) -> tuple[tuple[str, Condition], ...]:
        """Each rule's id and full condition, highest precedence first: what an engine
        compiles (engines.RuleConditions)."""
        return tuple((r.id, self._full_conditions[r.id]) for r in self.rules)

    def full_condition(self, rule: Rule) -> Condition:
        """The rule's condition with the conditions of the rules it extends."""
        return self._full_conditions[rule.id]

    def atoms(self, rule: Rule) -> tuple[Atom, ...]:
        """Every test in the rule's full condition."""
        return self._atoms[rule.id]
