"""The preparation's shortcuts, against the plain helpers they stand for.

`family_part` finds the registrations in force through `registrations` (`family_and_own`
and `latest_in_force` on two days), `first_enrollment` loops rather than taking `min` of
a generator, and the consistency checks test the hukou records for an overlap in one pass
before grouping them. Each is checked here against the plain helpers, on generated applicants
(the family's facts too, end to end).
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from origin_rules import Applicant, HukouRecord
from origin_rules.divisions.registry import default_registry
from origin_rules.facts import (
    Cohort,
    DegreeLevel,
    FamilyHousehold,
    HukouHolder,
    HukouKind,
    Place,
    StudentCategory,
)
from origin_rules.situation.builder import FactValue, set_record
from origin_rules.situation.consistency import _may_overlap, _overlapping
from origin_rules.situation.family import (
    MoveTiming,
    cancelled_last,
    family_and_own,
    family_moved_on,
    first_enrollment,
    gaokao_reference_day,
    reference_gaokao,
    registrations,
)
from origin_rules.situation.prepare import known_on, prepare
from origin_rules.situation.timeline import latest_in_force, periods_overlap
from origin_rules.testing import (
    interpretation_choices,
)

from .generated import READINGS, RULESET, every_kind

APPLICANTS = every_kind()
EXAMPLES = settings(max_examples=max(100, settings().max_examples // 4))


@EXAMPLES
@given(
    applicant=APPLICANTS,
    reading=st.sampled_from(READINGS["family_registration"]),
    day_reading=st.sampled_from(READINGS["gaokao_reference_day"]),
    no_gaokao=st.booleans(),
)
def test_registrations_in_one_pass_are_what_the_helpers_find(
    applicant: Applicant, reading: str, day_reading: str, no_gaokao: bool
) -> None:
    decision_date = applicant.decision_date or RULESET.decision_date_default
    gaokao = None if no_gaokao else applicant.gaokao
    reference_day = None if gaokao is None else gaokao_reference_day(gaokao, day_reading)
    _check_registrations(applicant, reading, reference_day, decision_date)


def _check_registrations(
    applicant: Applicant, reading: str, reference_day: date | None, decision_date: date
) -> None:
    """`registrations` finds what `family_and_own` and `latest_in_force` find, the same
    records."""
    family, own = family_and_own(applicant, reading)
    found = registrations(applicant, reading, reference_day, decision_date)
    expected = (
        family,
        None if reference_day is None else latest_in_force(family, reference_day),
        latest_in_force(family, decision_date),
        None if reference_day is None else latest_in_force(own, reference_day),
    )
    assert found[0] == expected[0]
    assert all(a is b for a, b in zip(found[1:], expected[1:], strict=True))


@EXAMPLES
@given(applicant=APPLICANTS, readings=interpretation_choices(READINGS))
def test_the_family_facts_are_what_the_helpers_set(
    applicant: Applicant, readings: dict[str, str]
) -> None:
    decision_date = applicant.decision_date or RULESET.decision_date_default
    situation = prepare(
        applicant, readings, decision_date, RULESET.governed_cohorts, default_registry()
    )
    known = known_on(applicant, decision_date)
    expected: dict[str, FactValue] = {}
    for key in ("family_before_gaokao", "family_now"):
        set_record(expected, key, situation.records.get(key), situation.places)
    # The family's move, placed against the first enrollment by `MoveTiming` itself.
    family, _ = family_and_own(known, readings["family_registration"])
    gaokao = reference_gaokao(known, readings["admitting_gaokao"])
    before = (
        latest_in_force(family, gaokao_reference_day(gaokao, readings["gaokao_reference_day"]))
        if gaokao is not None
        else None
    )
    assert before is situation.records.get("family_before_gaokao")
    now = latest_in_force(family, decision_date)
    if now is None and before is not None:
        now = cancelled_last(family, before)
    moved_on = family_moved_on(family, before, now)
    timing = MoveTiming(moved_on, None, first_enrollment(known), known.enrollment)
    expected["family_move"] = timing.family_move(readings["move_on_enrollment_day"])
    assert {k: situation.facts[k] for k in expected} == expected


@EXAMPLES
@given(applicant=APPLICANTS)
def test_the_first_enrollment_is_the_earliest_stated(applicant: Applicant) -> None:
    if applicant.earlier_programmes:
        plain = min(p.enrollment for p in applicant.earlier_programmes)
        assert first_enrollment(applicant) == plain


_RECORD = HukouRecord(
    holder=HukouHolder.FAMILY,
    kind=HukouKind.FAMILY_HOUSEHOLD,
    place=Place(code="440113"),
    start=date(2000, 1, 1),
)


def _records(data: st.DataObject, count: int) -> list[HukouRecord]:
    """`count` records of one or two holders, starting in a few nearby years, so that
    overlaps, touching ends and records ending before they start all come up."""
    records = []
    for _ in range(count):
        start = date(2000, 1, 1) + timedelta(
            days=data.draw(st.sampled_from((0, 365, 730)) | st.integers(0, 3000))
        )
        length = data.draw(st.none() | st.integers(-30, 2000))
        holder = data.draw(st.sampled_from(HukouHolder))
        household = data.draw(st.none() | st.sampled_from(FamilyHousehold))
        records.append(
            _RECORD.model_copy(
                update={
                    "start": start,
                    "end": None if length is None else start + timedelta(days=length),
                    "holder": holder,
                    "household_of": household if holder is HukouHolder.FAMILY else None,
                }
            )
        )
    return records


@EXAMPLES
@given(data=st.data(), count=st.integers(0, 9))
def test_the_quick_overlap_test_says_yes_to_every_overlap_the_grouping_finds(
    data: st.DataObject, count: int
) -> None:
    records = _records(data, count)
    assert _may_overlap(records) or not _any_overlap(records)
    # Exact where the records come as a timeline does, in start order, each one a period
    # (the usual input: there it spares the grouping).
    timeline = sorted((r for r in records if r.end is None or r.start < r.end), key=_start)
    assert _may_overlap(timeline) == _any_overlap(timeline)
    for holder in HukouHolder:
        indexed = [(i, r) for i, r in enumerate(records) if r.holder is holder]
        if _overlapping(indexed):
            assert _may_overlap(records)


def _any_overlap(records: list[HukouRecord]) -> bool:
    return any(a.holder is b.holder and periods_overlap(a, b) for a, b in combinations(records, 2))


def _start(record: HukouRecord) -> date:
    return record.start


_APPLICANT = Applicant(
    cohort=Cohort(year=2022, month=6),
    degree=DegreeLevel.BACHELOR,
    category=StudentCategory.MAINLAND,
    enrollment=date(2018, 9, 1),
)


@EXAMPLES
@given(
    data=st.data(),
    count=st.integers(0, 7),
    reading=st.sampled_from(READINGS["family_registration"]),
    reference=st.none() | st.integers(0, 4000),
    decided=st.integers(0, 4000),
)
def test_registrations_among_overlapping_records_are_what_the_helpers_find(
    data: st.DataObject, count: int, reading: str, reference: int | None, decided: int
) -> None:
    # Records that overlap, start on one day or end before they start: which one is in
    # force is then a question of order and ties.
    applicant = _APPLICANT.model_copy(update={"hukou": tuple(_records(data, count))})
    reference_day = None if reference is None else date(2000, 1, 1) + timedelta(days=reference)
    decision_date = date(2000, 1, 1) + timedelta(days=decided)
    _check_registrations(applicant, reading, reference_day, decision_date)
