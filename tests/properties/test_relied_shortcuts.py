"""The interpretations relied on, found by their shortcuts, against the plain computation.

`relied.relied_on` keys its memo on the facts the rules it examines test, and tries
another reading only of the preparation interpretations that could still add to the
answer (`sensitivity.CAN_CHANGE`), each alone (`LazySensitivity.changes_of`); the work
part's changes are compared from the two registrations found (`work.work_changes`).
Each is checked here on generated applicants under any readings: the answer must be
`_relied_on_uncached`'s, which reads every fact and the whole sensitivity. Which
interpretations are tried at all is a quick test (`sensitivity.at_stake`): each of its
tests must say yes wherever another reading changes something, checked on applicants
whose registrations start and end on the days the readings turn on.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from origin_rules import Applicant
from origin_rules.decide import default_readings, evaluate
from origin_rules.divisions import same_prefecture
from origin_rules.divisions.registry import default_registry
from origin_rules.facts import FamilyHousehold, Gaokao, HukouHolder, HukouRecord, WorkPeriod
from origin_rules.relied import _relied_on_uncached, relied_on
from origin_rules.resolve import fired_in_precedence
from origin_rules.situation.builder import Builder
from origin_rules.situation.family import MoveTiming, family_part
from origin_rules.situation.prepare import PREPARATION_READINGS, Situation, known_on, prepare
from origin_rules.situation.sensitivity import (
    CAN_CHANGE,
    LazySensitivity,
    _held_before_enrollment,
    at_stake,
    changes,
    changes_of,
    sensitivity,
)
from origin_rules.situation.timeline import periods_overlap
from origin_rules.situation.work import (
    WorkMatch,
    hukou_at_workplace,
    hukou_before_enrollment,
    work_part,
    workplace_registration,
)
from origin_rules.testing import (
    graduate_workers,
    interpretation_choices,
)

from .generated import READINGS, RULESET, every_kind

# Graduates who worked drawn twice as often: the work readings are tried for them alone.
APPLICANTS = every_kind(graduate_workers())
WORK_INTERPRETATIONS = {
    "workplace_hukou_match",
    "graduate_hukou_reference",
    "workplace_hukou_after_work",
}
EXAMPLES = settings(max_examples=max(200, settings().max_examples // 2))


def _prepared(applicant: Applicant, readings: dict[str, str]) -> Situation:
    return prepare(
        applicant,
        readings,
        applicant.decision_date or RULESET.decision_date_default,
        RULESET.governed_cohorts,
        default_registry(),
    )


class _Parts(NamedTuple):
    """The applicant known on the decision date, prepared part by part as `prepare`
    does (the family part, then the work part), with what each part found."""

    known: Applicant
    prepared: Builder
    move_timing: MoveTiming
    work_match: WorkMatch


def _parts(applicant: Applicant, readings: dict[str, str], on: date | None = None) -> _Parts:
    on = on or applicant.decision_date or RULESET.decision_date_default
    known = known_on(applicant, on)
    prepared = Builder(on, default_registry())
    move_timing = family_part(prepared, known, readings)
    return _Parts(known, prepared, move_timing, work_part(prepared, known, readings))


@EXAMPLES
@given(applicant=APPLICANTS, readings=interpretation_choices(READINGS))
def test_relied_on_is_the_plain_computation(applicant: Applicant, readings: dict[str, str]) -> None:
    # Asked first on a decision whose sensitivity is not computed (only the
    # interpretations it could rely on are tried), then again (remembered), then on one
    # whose sensitivity is computed whole: each time what the plain computation finds.
    run = evaluate(applicant, RULESET, None, readings, "python", None)
    winner = fired_in_precedence(RULESET, run.fired, run.engine)[0]
    fresh = relied_on(RULESET, run.situation, winner)
    again = evaluate(applicant, RULESET, None, readings, "python", None)
    assert relied_on(RULESET, again.situation, winner) == fresh
    expected = frozenset(_relied_on_uncached(RULESET, run.situation, winner))
    assert fresh == expected
    assert relied_on(RULESET, run.situation, winner) == expected


@EXAMPLES
@given(applicant=APPLICANTS, readings=interpretation_choices(READINGS))
def test_what_each_reading_changes_alone_is_the_whole_mapping_s(
    applicant: Applicant, readings: dict[str, str]
) -> None:
    # Tried one interpretation at a time before the whole mapping is computed, after it,
    # and for a plain dict: the same values, each within what its part can ever change.
    interps = tuple(PREPARATION_READINGS)
    one_by_one = _prepared(applicant, readings).sensitivity
    assert isinstance(one_by_one, LazySensitivity)
    first = changes_of(one_by_one, interps[::-1])[::-1]
    whole = dict(_prepared(applicant, readings).sensitivity)
    expected = tuple(whole.get(i, frozenset()) for i in interps)
    assert first == expected
    assert dict(one_by_one) == whole  # computed whole after some were tried alone
    assert changes_of(one_by_one, interps) == expected
    assert changes_of(whole, interps) == expected
    for interp, changed in whole.items():
        assert changed
        assert changed <= CAN_CHANGE[interp]


@EXAMPLES
@given(applicant=APPLICANTS, readings=interpretation_choices(READINGS), data=st.data())
def test_what_a_few_readings_change_is_the_plain_mapping_s(
    applicant: Applicant, readings: dict[str, str], data: st.DataObject
) -> None:
    # Asked for a few interpretations at a time (one part's alone: only that part's
    # at-stake test is made; the other part's later), then whole: each time what the
    # plain `sensitivity` finds.
    known, prepared, move_timing, work_match = _parts(applicant, readings)
    plain = sensitivity(prepared, known, readings, move_timing, work_match)
    lazy = LazySensitivity(prepared, known, readings, move_timing, work_match)
    interps = st.sampled_from(tuple(PREPARATION_READINGS))
    for _ in range(3):
        asked = tuple(data.draw(st.lists(interps, max_size=4)))
        assert changes_of(lazy, asked) == tuple(plain.get(i, frozenset()) for i in asked)
    assert dict(lazy) == plain


@EXAMPLES
@given(applicant=APPLICANTS, readings=interpretation_choices(READINGS))
def test_the_parts_that_read_interpretations_set_only_what_they_can_change(
    applicant: Applicant, readings: dict[str, str]
) -> None:
    # `CAN_CHANGE` is written out by hand: every fact and place the family part sets,
    # and the work part's but whether the student worked, must be in it.
    on = date(2022, 6, 30)
    family = Builder(on, default_registry())
    family_part(family, applicant, readings)
    work = Builder(on, default_registry())
    work_part(work, applicant, readings)
    for interp, can_change in CAN_CHANGE.items():
        if interp == "move_on_enrollment_day":
            continue  # only `MoveTiming.changes`, checked above
        part = work if interp in WORK_INTERPRETATIONS else family
        written = set(part.facts) | set(part.places)
        assert written - {"worked_before_enrollment"} <= can_change, interp


def _plain_hukou_at_workplace(
    applicant: Applicant, own: list[HukouRecord], match: str, reference: str, after_work: str
) -> tuple[HukouRecord, WorkPeriod] | None:
    """`hukou_at_workplace` as the guide words it, with key functions."""

    def at_workplace(record: HukouRecord, work: WorkPeriod) -> bool:
        same_place = (
            record.place.code == work.place.code
            if match == "same_code"
            else same_prefecture(record.place.code, work.place.code)
        )
        if not same_place or record.start >= applicant.enrollment:
            return False
        if periods_overlap(record, work):
            return True
        return after_work == "counts" and work.end is not None and record.start >= work.end

    works = applicant.work_before_enrollment
    if reference == "day_before_enrollment":
        before = hukou_before_enrollment(applicant, own)
        if before is None:
            return None
        at = [w for w in works if at_workplace(before, w)]
        return (before, max(at, key=lambda w: (w.start, w.end or date.max))) if at else None
    found = [(r, w) for w in works for r in own if at_workplace(r, w)]
    if not found:
        return None
    return min(found, key=lambda rw: (rw[0].kind.value != "individual_independent", rw[0].start))


@EXAMPLES
@given(applicant=APPLICANTS | graduate_workers(), readings=interpretation_choices(READINGS))
def test_the_registration_at_a_workplace_is_the_plain_one(
    applicant: Applicant, readings: dict[str, str]
) -> None:
    own = [r for r in applicant.hukou if r.holder is HukouHolder.STUDENT]
    match = readings["workplace_hukou_match"]
    reference = readings["graduate_hukou_reference"]
    after_work = readings["workplace_hukou_after_work"]
    found = hukou_at_workplace(applicant, own, match, reference=reference, after_work=after_work)
    expected = _plain_hukou_at_workplace(applicant, own, match, reference, after_work)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert found[0] is expected[0]
        assert found[1] is expected[1]


@EXAMPLES
@given(applicant=APPLICANTS | graduate_workers(), readings=interpretation_choices(READINGS))
def test_the_registration_held_before_enrollment_is_the_one_looked_for(
    applicant: Applicant, readings: dict[str, str]
) -> None:
    # Taken from the work part's match where it has one under day_before_enrollment,
    # looked for otherwise: the same record either way.
    own = [r for r in applicant.hukou if r.holder is HukouHolder.STUDENT]
    work_match = (
        workplace_registration(applicant, readings) if applicant.work_before_enrollment else None
    )
    held = _held_before_enrollment(applicant, own, readings, work_match)
    assert held is hukou_before_enrollment(applicant, own)


@st.composite
def _on_turning_days(draw: st.DrawFn) -> Applicant:
    """A generated applicant whose registrations now and then start or end on a day the
    readings turn on (a gaokao's, an earlier attempt's, one between two attempts, an
    enrollment's, the end of a work period; or a day either side), with an earlier
    attempt added now and then and the parents' and the student's registers told apart
    now and then."""
    applicant = draw(APPLICANTS)
    gaokao = applicant.gaokao
    earlier = list(applicant.earlier_gaokao)
    if draw(st.booleans()):
        last = gaokao.date if gaokao is not None else applicant.enrollment
        before = last - timedelta(days=draw(st.integers(1, 800)))
        earlier.append(Gaokao(date=before, province="440000"))
        if draw(st.integers(0, 3)) == 0:
            gaokao = None  # only the earlier attempts known
    exams = [g.date for g in (gaokao, *earlier) if g is not None]
    days = [*exams, *exams, *exams, *exams, applicant.enrollment]  # gaokao days: more often
    days += [p.enrollment for p in applicant.earlier_programmes]
    days += [w.end for w in applicant.work_before_enrollment if w.end is not None]
    near = st.sampled_from(days).flatmap(
        lambda day: st.sampled_from((0, 0, 0, -1, 1, -2, 2)).map(lambda k: day + timedelta(k))
    )
    turning = st.sampled_from(days) | near | st.dates(min(days), max(days))
    hukou = []
    for r in applicant.hukou:
        update: dict[str, object] = {}
        if draw(st.booleans()):
            update["start"] = draw(turning)
        if draw(st.booleans()):  # (a registration in force now, too)
            update["end"] = draw(turning)
        if r.holder is HukouHolder.FAMILY and draw(st.integers(0, 3)) == 0:
            update["household_of"] = draw(st.sampled_from(FamilyHousehold))
        hukou.append(r.model_copy(update=update))
    return applicant.model_copy(
        update={"hukou": tuple(hukou), "gaokao": gaokao, "earlier_gaokao": tuple(earlier)}
    )


@settings(max_examples=max(400, settings().max_examples))
@given(applicant=_on_turning_days(), readings=interpretation_choices(READINGS))
def test_an_interpretation_not_at_stake_changes_nothing(
    applicant: Applicant, readings: dict[str, str]
) -> None:
    # Every interpretation's other readings tried, at stake or not: whatever one changes
    # must have been at stake.
    known, prepared, move_timing, work_match = _parts(applicant, readings)
    stake = at_stake(known, readings, move_timing, work_match)
    for interp in PREPARATION_READINGS:
        if changes(prepared, known, readings, move_timing, work_match, interp):
            assert interp in stake, interp


FIRST_ATTEMPT, ADMITTING = date(2017, 6, 7), date(2018, 6, 7)


def _family_moving_on(day: date) -> Applicant:
    """Two attempts a year apart, the family's registration moving on `day`."""
    return Applicant.model_validate(
        {
            "applicant_id": "two-attempts",
            "cohort": {"year": 2022, "month": 6},
            "degree": "bachelor",
            "category": "mainland",
            "enrollment": "2018-09-01",
            "gaokao": {"date": ADMITTING.isoformat(), "province": "440000"},
            "earlier_gaokao": [{"date": FIRST_ATTEMPT.isoformat(), "province": "360000"}],
            "hukou": [
                {
                    "holder": "family",
                    "kind": "family_household",
                    "place": {"code": "360124"},
                    "start": "2000-01-01",
                    "end": day.isoformat(),
                },
                {
                    "holder": "family",
                    "kind": "family_household",
                    "place": {"code": "440106"},
                    "start": day.isoformat(),
                },
            ],
        }
    )


@pytest.mark.parametrize(
    ("day", "at_stake_expected"),
    [
        (FIRST_ATTEMPT - timedelta(days=1), False),  # in force on both days either way
        (FIRST_ATTEMPT, True),  # the first boundary, its day included
        (FIRST_ATTEMPT + timedelta(days=100), True),
        (ADMITTING, True),  # the last boundary, its day included
        (ADMITTING + timedelta(days=1), False),
    ],
)
@pytest.mark.parametrize("reference_day", ["day_before_gaokao", "gaokao_day"])
def test_which_gaokao_is_at_stake_only_for_a_move_between_the_two_attempts(
    day: date, at_stake_expected: bool, reference_day: str
) -> None:
    # The boundary days by hand (the generated test above reaches them only now and
    # then): the window is exact, and wherever the other reading changes something, it
    # says so.
    applicant = _family_moving_on(day)
    readings = dict(default_readings(RULESET)) | {"gaokao_reference_day": reference_day}
    known, prepared, move_timing, work_match = _parts(
        applicant, readings, RULESET.decision_date_default
    )
    stake = at_stake(known, readings, move_timing, work_match)
    assert ("admitting_gaokao" in stake) is at_stake_expected
    changed = changes(prepared, known, readings, move_timing, work_match, "admitting_gaokao")
    assert not changed or "admitting_gaokao" in stake
    if FIRST_ATTEMPT < day < ADMITTING:  # the family registered elsewhere at each attempt
        assert "family_before_gaokao" in changed
