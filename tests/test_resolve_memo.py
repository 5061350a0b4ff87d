"""`resolve` remembers what depends only on plain values: the plan (precedence and roles)
by the ruleset and the rules that fired, and the interpretations relied on by the ruleset,
the deciding rule, the prepared facts and their sensitivity. On generated applicants under
any readings, each remembered answer must be the one computed afresh."""

from __future__ import annotations

from hypothesis import given, settings

from origin_rules import Applicant
from origin_rules.decide import evaluate
from origin_rules.relied import _relied_on_uncached, relied_on
from origin_rules.resolve import _plan, _plan_uncached
from origin_rules.ruleset.bundled import bundled_ruleset
from origin_rules.testing import applicants, interpretation_choices

RULESET = bundled_ruleset("guide-2022")
READINGS = {i.id: tuple(i.readings) for i in RULESET.interpretations.values()}


@settings(max_examples=200)
@given(applicants(), interpretation_choices(READINGS))
def test_remembered_plans_and_interpretations_relied_on_are_computed_afresh(
    applicant: Applicant, readings: dict[str, str]
) -> None:
    run = evaluate(applicant, RULESET, None, readings, "python", None)
    fresh_plan = _plan_uncached(RULESET, run.fired, "python")
    for _ in range(2):  # the first call may compute it; the second finds it
        assert _plan(RULESET, run.fired, "python") == fresh_plan
        winner = fresh_plan.winner
        assert relied_on(RULESET, run.situation, winner) == frozenset(
            _relied_on_uncached(RULESET, run.situation, winner)
        )
