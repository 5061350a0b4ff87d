"""A verdict is the decision without its explanation: every field it has equals the
decision's, for every YAML case on both engines and for generated applicants under any
readings."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from test_policy_cases import LOADED

from origin_rules import Applicant, Decision, Verdict, decide_origin, decide_verdict
from origin_rules.cases import Case
from origin_rules.errors import InvalidFactsError, InvalidOptionError
from origin_rules.ruleset import bundled_ruleset
from origin_rules.testing import (
    applicants,
    graduate_workers,
    hk_mo_tw_students,
    interpretation_choices,
)

RULESET = bundled_ruleset("guide-2022")
READINGS = interpretation_choices(
    {i.id: tuple(i.readings) for i in RULESET.interpretations.values()}
)


def _as_verdict(decision: Decision) -> dict[str, Any]:
    return {
        "applicant_id": decision.applicant_id,
        "outcome": decision.outcome,
        "origin": decision.origin,
        "decided_by": decision.decided_by,
        "missing_facts": tuple(m.fact for m in decision.missing_facts),
        "candidate_origins": decision.candidate_origins,
        "ruleset": decision.ruleset,
        "options": decision.options,
        "engine": decision.engine,
        "versions": decision.versions,
    }


def _fields(verdict: Verdict) -> dict[str, Any]:
    return {name: getattr(verdict, name) for name in type(verdict).model_fields}


def test_a_verdict_is_a_part_of_the_decision_and_all_of_it_is_compared() -> None:
    decision = decide_origin(dict(LOADED.cases[0].facts), engine="python")
    assert set(Verdict.model_fields) <= set(Decision.model_fields) | {"missing_facts"}
    assert set(_as_verdict(decision)) == set(Verdict.model_fields)


@pytest.mark.parametrize("engine", ["python", "durable"])
@pytest.mark.parametrize("case", [c for c in LOADED.cases if not c.xfail], ids=lambda c: c.id)
def test_every_case_gets_the_verdict_of_its_decision(case: Case, engine: str) -> None:
    kwargs: dict[str, Any] = {
        "decision_date": case.options.get("decision_date"),
        "interpretations": case.options.get("interpretations"),
        "ruleset": case.options.get("ruleset"),
        "engine": engine,
    }
    verdict = decide_verdict(dict(case.facts), **kwargs)
    assert _fields(verdict) == _as_verdict(decide_origin(dict(case.facts), **kwargs))


# A quarter of the profile's examples (500 in CI): the YAML cases above cover every rule.
@settings(max_examples=max(100, settings().max_examples // 4))
@given(applicants() | graduate_workers() | hk_mo_tw_students(), READINGS)
def test_generated_applicants_get_the_verdict_of_their_decision(
    applicant: Applicant, readings: dict[str, str]
) -> None:
    verdict = decide_verdict(applicant, interpretations=readings, engine="python")
    decision = decide_origin(applicant, interpretations=readings, engine="python")
    assert _fields(verdict) == _as_verdict(decision)


def test_a_verdict_rejects_what_a_decision_rejects() -> None:
    with pytest.raises(InvalidFactsError):
        decide_verdict({"degree": "bachelour"})
    case = LOADED.cases[0]
    with pytest.raises(InvalidOptionError, match="no_such_interpretation"):
        decide_verdict(dict(case.facts), interpretations={"no_such_interpretation": "x"})
    with pytest.raises(InvalidOptionError, match="engine"):
        decide_verdict(dict(case.facts), engine="drools")
