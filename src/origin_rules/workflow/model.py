"""A loaded, validated workflow ruleset: what the engines compile (it offers
`origin_rules.engines.RuleConditions`) and what a diagnosis quotes."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from origin_rules.ruleset.model import (
    Clause,
    Condition,
    Interpretation,
    Text,
    atoms_of,
    interpretation_fact,
)


@dataclass(frozen=True)
class NextStep:
    actor: str  # student | department | school | province_center
    text: Text  # may name {placeholders} of workflow.vocabulary.DISPLAY


@dataclass(frozen=True)
class WorkflowRule:
    id: str
    file: str
    clause: str
    title: Text
    condition: Condition
    kind: str  # diagnosis | status | note
    next_steps: tuple[NextStep, ...]
    replaces: tuple[str, ...]
    explain: Text

    @property
    def is_note(self) -> bool:
        return self.kind == "note"


@dataclass(frozen=True)
class WorkflowRuleset:
    id: str
    version: str
    title: Text
    source_title: str
    window_end: date
    chsi_sync_days: int
    clauses: dict[str, Clause]
    interpretations: dict[str, Interpretation]
    rules: tuple[WorkflowRule, ...]  # highest precedence first
    content_hash: str
    fact_names: frozenset[str]

    @functools.cached_property
    def rules_by_id(self) -> dict[str, WorkflowRule]:
        return {r.id: r for r in self.rules}

    @functools.cached_property
    def conditions(self) -> tuple[tuple[str, Condition], ...]:
        """Each rule's id and condition, highest precedence first (RuleConditions)."""
        return tuple((r.id, r.condition) for r in self.rules)

    @functools.cached_property
    def _interpretations_named(self) -> dict[str, tuple[str, ...]]:
        by_fact = {interpretation_fact(i): i for i in self.interpretations}
        return {
            r.id: tuple(
                dict.fromkeys(by_fact[a.fact] for a in atoms_of(r.condition) if a.fact in by_fact)
            )
            for r in self.rules
        }

    def interpretations_named(self, rule: WorkflowRule) -> tuple[str, ...]:
        """The interpretations the rule's condition tests the reading of."""
        return self._interpretations_named[rule.id]

    @functools.cached_property
    def _facts_tested(self) -> dict[str, tuple[str, ...]]:
        return {
            r.id: tuple(dict.fromkeys(a.fact for a in atoms_of(r.condition))) for r in self.rules
        }

    def facts_tested(self, rule: WorkflowRule) -> tuple[str, ...]:
        return self._facts_tested[rule.id]
