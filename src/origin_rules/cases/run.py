"""Running a policy case: decide its facts on an engine and compare the decision with
what the case expects, key by key (list keys as sets)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from origin_rules.cases.load import LIST_KEYS, Case
from origin_rules.decide import decide_origin
from origin_rules.decision import Decision

ENGINES = ("python", "durable")

# What each expected key is compared with, read off the decision.
ACTUAL: dict[str, Callable[[Decision], Any]] = {
    "outcome": lambda d: d.outcome.value,
    "origin": lambda d: d.origin.code if d.origin else None,
    "decided_by": lambda d: d.decided_by,
    "interpretations_relied_on": lambda d: sorted([i.id for i in d.interpretations]),
    "missing_facts": lambda d: sorted([m.fact for m in d.missing_facts]),
    "reason_codes": lambda d: sorted([r.code for r in d.reasons]),
    "notes": lambda d: sorted([s.rule for s in d.trace if s.role == "noted"]),
    "candidate_origins": lambda d: sorted([o.code for o in d.candidate_origins]),
    "recorded_code": lambda d: d.origin.recorded_code if d.origin else None,
}


@dataclass(frozen=True)
class CaseResult:
    case: Case
    engine: str
    differences: tuple[str, ...]  # "key: expected X, got Y", one per key that differs

    @property
    def matches(self) -> bool:
        return not self.differences

    @property
    def passed(self) -> bool:
        """Matches, or (an `xfail` case) does not: a believed-wrong answer that is now
        right must have its `xfail` removed, so it does not pass."""
        return self.matches != bool(self.case.xfail)


def expected_view(expected: Mapping[str, Any]) -> dict[str, Any]:
    """The expected values as compared: lists sorted."""
    return {
        key: sorted(list(value)) if key in LIST_KEYS else value for key, value in expected.items()
    }


def decide_case(case: Case, engine: str) -> Decision:
    options = case.options
    return decide_origin(
        dict(case.facts),
        decision_date=options.get("decision_date"),
        interpretations=options.get("interpretations"),
        ruleset=options.get("ruleset"),
        engine=engine,
    )


def run_case(case: Case, engine: str) -> CaseResult:
    decision = decide_case(case, engine)
    differences: list[str] = []
    if decision.engine != engine:
        differences.append(f"engine: asked for {engine}, decided by {decision.engine}")
    if decision.ruleset is not None and decision.ruleset.id != case.ruleset_dir:
        differences.append(
            f"ruleset: decided under {decision.ruleset.id}, but the case is filed under "
            f"{case.ruleset_dir}/"
        )
    actual = {key: ACTUAL[key](decision) for key in case.expected}
    expected = expected_view(case.expected)
    differences += [
        f"{key}: expected {expected[key]!r}, got {actual[key]!r}"
        for key in expected
        if actual[key] != expected[key]
    ]
    return CaseResult(case, engine, tuple(differences))
