"""Explanations beyond the decision's own trace: why the rules that outrank the deciding
one did not decide (`why_not`), and the smallest changes of facts that would have
changed the outcome (`counterfactuals`). `explain` puts them together."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from origin_rules.decide import decide_in_detail, decide_origin
from origin_rules.decision import Decision
from origin_rules.facts import Applicant
from origin_rules.ruleset.model import Ruleset

from .counterfactual import counterfactuals
from .model import (
    Counterfactual,
    CounterfactualSearch,
    Explanation,
    FactChange,
    FailedCondition,
    WhyNot,
)
from .why_not import why_not

__all__ = [
    "Counterfactual",
    "CounterfactualSearch",
    "Explanation",
    "FactChange",
    "FailedCondition",
    "WhyNot",
    "counterfactuals",
    "explain",
    "why_not",
]


def explain(
    applicant: Applicant | Mapping[str, Any] | str | bytes,
    *,
    decision_date: date | None = None,
    interpretations: Mapping[str, str] | None = None,
    engine: str = "python",
    ruleset: Ruleset | str | None = None,
    budget_seconds: float = 1.0,
) -> Explanation:
    """Decide as `decide_origin` does, and explain: why the rules that outrank the
    deciding one did not decide, and the smallest changes of facts found (within
    `budget_seconds`) that would change the outcome or the origin.

    The default engine is the pure-Python one: the search decides hundreds of
    variants, and both engines give the same decisions.
    """
    detailed = decide_in_detail(
        applicant,
        decision_date=decision_date,
        interpretations=interpretations,
        engine=engine,
        ruleset=ruleset,
    )
    decision, facts = detailed.decision, detailed.applicant
    if detailed.ruleset is None or detailed.situation is None:
        # No ruleset governs the cohort, and the cohort is not the graduate's to change:
        # no rule could have decided, and no change searched could matter.
        return Explanation(
            decision=decision,
            why_not=(),
            counterfactuals=(),
            search=CounterfactualSearch(
                tried=0, complete=True, seconds_budget=budget_seconds, max_changes=2
            ),
        )
    chosen = detailed.ruleset

    def decide(variant: Applicant) -> Decision:
        # The ruleset already chosen: the cohort never changes, and this skips the
        # look-up for each variant.
        return decide_origin(
            variant,
            decision_date=decision_date,
            interpretations=interpretations,
            engine=engine,
            ruleset=chosen,
        )

    found, search = counterfactuals(facts, decision, decide=decide, budget_seconds=budget_seconds)
    return Explanation(
        decision=decision,
        why_not=why_not(chosen, detailed.situation, decision),
        counterfactuals=found,
        search=search,
    )
