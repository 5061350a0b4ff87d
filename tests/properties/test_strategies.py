"""The library's own strategies generate what they promise."""

from __future__ import annotations

import pytest
from hypothesis import find, given, settings

from origin_rules import (
    Applicant,
    DegreeLevel,
    HukouHolder,
    HukouKind,
    InvalidFactsError,
    StudentCategory,
    parse_applicant,
)
from origin_rules.ruleset import bundled_ruleset
from origin_rules.testing import (
    applicants,
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
@given(family_movers())
def test_family_movers_have_more_than_one_family_record(applicant: Applicant) -> None:
    assert sum(r.holder.value == "family" for r in applicant.hukou) >= 2


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
