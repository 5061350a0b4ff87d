"""The CSV path decides each record only as far as its row needs (`decide_row`): the
row must be the row of the full decision, for every applicant, reading and engine."""

from __future__ import annotations

from hypothesis import given, settings

from origin_rules import Applicant, decide_origin, decide_verdict
from origin_rules.batch.csv_layout import decision_row
from origin_rules.batch.rows import DecisionRow, decide_row
from origin_rules.ruleset import bundled_ruleset
from origin_rules.testing import (
    applicants,
    cancelled_families,
    exam_migrants,
    family_movers,
    graduate_workers,
    hk_mo_tw_students,
    interpretation_choices,
    other_cohorts,
)

READINGS = {i.id: tuple(i.readings) for i in bundled_ruleset("guide-2022").interpretations.values()}
APPLICANTS = (
    applicants()
    | graduate_workers()
    | exam_migrants()
    | family_movers()
    | cancelled_families()
    | hk_mo_tw_students()
    | other_cohorts()  # no ruleset governs some of them: decided without one
)


@settings(max_examples=300)
@given(applicant=APPLICANTS, readings=interpretation_choices(READINGS))
def test_the_row_is_the_decision_s_row(applicant: Applicant, readings: dict[str, str]) -> None:
    for engine in ("python", "durable"):
        decision = decide_origin(applicant, interpretations=readings, engine=engine)
        row = decide_row(applicant, interpretations=readings, engine=engine)
        assert row == DecisionRow.of(decision)
        assert decision_row(3, 2, row) == decision_row(3, 2, decision)


def test_relied_on_interpretations_reach_the_row() -> None:
    # Guards the comparison above against rows that agree because both are empty.
    seen: set[str] = set()

    @settings(max_examples=150)
    @given(applicant=APPLICANTS, readings=interpretation_choices(READINGS))
    def collect(applicant: Applicant, readings: dict[str, str]) -> None:
        row = decide_row(applicant, interpretations=readings, engine="python")
        seen.update(i for i, _ in row.interpretations)

    collect()
    assert len(seen) >= 3, seen


@given(applicant=APPLICANTS)
@settings(max_examples=100)
def test_a_verdict_s_row_has_no_interpretations(applicant: Applicant) -> None:
    verdict = decide_verdict(applicant, engine="python")
    row = DecisionRow.of(verdict)
    assert row.interpretations == ()
    full = DecisionRow.of(decide_origin(applicant, engine="python"))
    assert row == DecisionRow(
        full.applicant_id, full.outcome, full.origin, full.decided_by, interpretations=()
    )
