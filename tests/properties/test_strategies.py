"""The library's own strategies generate what they promise."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.internal import observability
from hypothesis.internal.observability import TestCaseObservation, with_observability_callback

from origin_rules import (
    Applicant,
    DegreeLevel,
    HukouHolder,
    HukouKind,
    InvalidFactsError,
    StudentCategory,
    parse_applicant,
)
from origin_rules.facts import HukouEndReason
from origin_rules.ruleset import bundled_ruleset
from origin_rules.testing import (
    applicants,
    cancelled_families,
    exam_migrants,
    family_movers,
    graduate_workers,
    hk_mo_tw_students,
    malformed_applicants,
)
from origin_rules.testing.properties import (
    employer_collective_never_yields_the_workplace,
    exam_migration_never_changes_the_origin,
    moved_after_enrollment,
)

RULESET = bundled_ruleset("guide-2022")
CANCELLED = HukouEndReason.CANCELLED
FEW = settings(max_examples=60)


@FEW
@given(malformed_applicants())
def test_a_malformed_applicant_is_rejected_naming_the_broken_field(
    case: tuple[dict[str, object], str],
) -> None:
    data, path = case
    with pytest.raises(InvalidFactsError) as caught:
        parse_applicant(data)
    assert path in {e.path for e in caught.value.errors}, caught.value


def _moved_for_gaokao(applicant: Applicant) -> bool:
    # The student's own hukou elsewhere than the family's on the day before the gaokao.
    assert applicant.gaokao is not None
    day = applicant.gaokao.date - timedelta(days=1)
    held = [r for r in applicant.hukou if r.start <= day and (r.end is None or day < r.end)]
    family = {r.place.code for r in held if r.holder is HukouHolder.FAMILY}
    own = {r.place.code for r in held if r.holder is HukouHolder.STUDENT}
    return bool(family) and bool(own) and not family & own


def _family_moved(applicant: Applicant) -> bool:
    # A family record that ended other than by cancellation: it moved out.
    return any(
        r.holder is HukouHolder.FAMILY and r.end is not None and r.end_reason is not CANCELLED
        for r in applicant.hukou
    )


def _family_cancelled(applicant: Applicant) -> bool:
    return any(
        r.holder is HukouHolder.FAMILY and r.end_reason is CANCELLED for r in applicant.hukou
    )


def _draws(
    strategy: st.SearchStrategy[Applicant],
    promise: Callable[[Applicant], bool],
    examples: int,
    monkeypatch: pytest.MonkeyPatch,
) -> Counter[str]:
    """Test cases by status, and draws retried to satisfy a filter or discarded (given
    up on, but for hypothesis's own overruns of its size budget, which any strategy
    has), over `examples` applicants that must keep `promise`."""
    # Line coverage, which observability collects by default, would slow the run tenfold.
    monkeypatch.setattr(observability, "OBSERVABILITY_COLLECT_COVERAGE", False)
    seen: Counter[str] = Counter()

    def observe(observation: object) -> None:
        if isinstance(observation, TestCaseObservation):
            seen[observation.status] += 1
            seen["retried"] += sum("satisfy filter" in k for k in observation.features)
            overrun = "maximum test case size" in observation.status_reason
            seen["discarded"] += observation.status == "gave_up" and not overrun

    @settings(max_examples=examples, database=None, derandomize=True)
    @given(strategy)
    def keeps(applicant: Applicant) -> None:
        assert promise(applicant)

    with with_observability_callback(observe):
        keeps()
    return seen


@pytest.mark.parametrize(
    ("strategy", "promise", "examples"),
    [
        (exam_migrants(), _moved_for_gaokao, 100),
        (family_movers(), _family_moved, 50),
        (cancelled_families(), _family_cancelled, 50),
    ],
    ids=["exam_migrants", "family_movers", "cancelled_families"],
)
def test_targeted_strategies_build_what_they_promise_without_discarding_a_draw(
    strategy: st.SearchStrategy[Applicant],
    promise: Callable[[Applicant], bool],
    examples: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = _draws(strategy, promise, examples, monkeypatch)
    assert seen["passed"] == examples
    assert seen["retried"] == seen["discarded"] == 0, seen


def test_a_filtered_strategy_is_seen_discarding(monkeypatch: pytest.MonkeyPatch) -> None:
    # The control: what exam_migrants() was, a filter over applicants().
    filtered = applicants(degrees=(DegreeLevel.BACHELOR,)).filter(_moved_for_gaokao_if_any)
    seen = _draws(filtered, _moved_for_gaokao, 30, monkeypatch)
    assert seen["retried"] + seen["discarded"] > 0, seen


def _moved_for_gaokao_if_any(applicant: Applicant) -> bool:
    return applicant.gaokao is not None and _moved_for_gaokao(applicant)


@FEW
@given(exam_migrants())
def test_exam_migrants_keep_the_original_place(applicant: Applicant) -> None:
    assert exam_migration_never_changes_the_origin(applicant, RULESET) is None


@FEW
@given(graduate_workers())
def test_graduate_workers_worked_and_hold_a_hukou_of_their_own(applicant: Applicant) -> None:
    assert applicant.degree.value in ("master", "doctor")
    assert applicant.work_before_enrollment
    assert any(r.holder.value == "student" for r in applicant.hukou)
    assert employer_collective_never_yields_the_workplace(applicant, RULESET) is None


@FEW
@given(hk_mo_tw_students())
def test_hk_mo_tw_students_are_of_those_categories(applicant: Applicant) -> None:
    assert applicant.category in (
        StudentCategory.HONG_KONG,
        StudentCategory.MACAU,
        StudentCategory.TAIWAN,
    )


@pytest.mark.parametrize("holder", [HukouHolder.FAMILY, HukouHolder.STUDENT])
def test_the_move_after_enrollment_properties_are_not_vacuous(holder: HukouHolder) -> None:
    # Their precondition (a base-rule decision the move can follow) is met by generated
    # applicants, so the properties check something.
    kind = (
        HukouKind.FAMILY_HOUSEHOLD if holder is HukouHolder.FAMILY else HukouKind.SCHOOL_COLLECTIVE
    )
    found = find(
        applicants(degrees=(DegreeLevel.BACHELOR,), categories=(StudentCategory.MAINLAND,)),
        lambda a: moved_after_enrollment(a, RULESET, holder, kind) is not None,
        settings=settings(max_examples=500, database=None, derandomize=True),
    )
    assert moved_after_enrollment(found, RULESET, holder, kind) is not None
