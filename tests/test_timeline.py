"""Dated records (in force, latest, overlaps) and the temporal questions that preparation
answers from them (reference day, family-move timing, first enrollment, workplace
hukou, facts known on the decision date)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from origin_rules.facts import (
    Applicant,
    DegreeLevel,
    Gaokao,
    HukouHolder,
    HukouKind,
    HukouRecord,
    Place,
    parse_applicant,
)
from origin_rules.situation.family import (
    family_move_timing,
    first_enrollment,
    gaokao_reference_day,
)
from origin_rules.situation.prepare import known_on
from origin_rules.situation.timeline import in_force_on, latest_in_force, overlapping_groups
from origin_rules.situation.vocabulary import FamilyMove
from origin_rules.situation.work import hukou_at_workplace, hukou_before_enrollment


@dataclass(frozen=True)
class Span:
    start: date
    end: date | None = None
    label: str = ""


D = date


# --- in_force_on ----------------------------------------------------------------------


def test_record_is_in_force_on_its_start_day() -> None:
    assert in_force_on(Span(D(2010, 3, 1), D(2015, 1, 1)), D(2010, 3, 1))


def test_record_is_not_in_force_the_day_before_its_start() -> None:
    assert not in_force_on(Span(D(2010, 3, 1), D(2015, 1, 1)), D(2010, 2, 28))


def test_record_is_in_force_on_the_day_before_its_end() -> None:
    assert in_force_on(Span(D(2010, 3, 1), D(2015, 1, 1)), D(2014, 12, 31))


def test_record_is_not_in_force_on_its_end_day() -> None:
    assert not in_force_on(Span(D(2010, 3, 1), D(2015, 1, 1)), D(2015, 1, 1))


def test_open_ended_record_is_in_force_on_any_later_day() -> None:
    record = Span(D(2010, 3, 1))
    assert in_force_on(record, D(2010, 3, 1))
    assert in_force_on(record, D(9999, 12, 31))
    assert not in_force_on(record, D(2010, 2, 28))


def test_record_ending_on_its_start_day_is_never_in_force() -> None:
    assert not in_force_on(Span(D(2010, 3, 1), D(2010, 3, 1)), D(2010, 3, 1))


def test_hukou_record_uses_the_same_boundaries() -> None:
    record = HukouRecord(
        holder=HukouHolder.FAMILY,
        kind=HukouKind.FAMILY_HOUSEHOLD,
        place=Place(code="440113"),
        start=D(2000, 1, 1),
        end=D(2018, 6, 7),
    )
    assert in_force_on(record, D(2018, 6, 6))
    assert not in_force_on(record, D(2018, 6, 7))


# --- latest_in_force ------------------------------------------------------------------


def test_latest_in_force_of_no_records_is_none() -> None:
    assert latest_in_force([], D(2018, 6, 6)) is None


def test_latest_in_force_of_one_record_in_force_is_that_record() -> None:
    only = Span(D(2000, 1, 1), D(2019, 1, 1))
    assert latest_in_force([only], D(2018, 6, 6)) is only


def test_latest_in_force_of_one_record_ended_on_the_day_is_none() -> None:
    assert latest_in_force([Span(D(2000, 1, 1), D(2018, 6, 6))], D(2018, 6, 6)) is None


def test_latest_in_force_of_two_consecutive_records_on_the_handover_day_is_the_new_one() -> None:
    old = Span(D(2000, 1, 1), D(2018, 6, 6), "old")
    new = Span(D(2018, 6, 6), None, "new")
    assert latest_in_force([old, new], D(2018, 6, 6)) is new
    assert latest_in_force([new, old], D(2018, 6, 5)) is old


def test_latest_in_force_of_two_overlapping_records_is_the_one_started_last() -> None:
    earlier = Span(D(2000, 1, 1), None, "earlier")
    later = Span(D(2010, 1, 1), None, "later")
    assert latest_in_force([earlier, later], D(2018, 6, 6)) is later
    assert latest_in_force([later, earlier], D(2018, 6, 6)) is later


def test_latest_in_force_ignores_a_record_that_started_later_but_ended() -> None:
    lasting = Span(D(2000, 1, 1), None, "lasting")
    ended = Span(D(2010, 1, 1), D(2012, 1, 1), "ended")
    assert latest_in_force([lasting, ended], D(2018, 6, 6)) is lasting


# --- overlapping_groups -------------------------------------------------------------


def test_touching_records_end_equal_start_do_not_overlap() -> None:
    assert overlapping_groups([Span(D(2000, 1, 1), D(2010, 1, 1)), Span(D(2010, 1, 1))]) == []


def test_records_sharing_one_day_overlap() -> None:
    records = [Span(D(2000, 1, 1), D(2010, 1, 2)), Span(D(2010, 1, 1))]
    assert overlapping_groups(records) == [[0, 1]]


def test_two_open_ended_records_overlap() -> None:
    assert overlapping_groups([Span(D(2000, 1, 1)), Span(D(2020, 1, 1))]) == [[0, 1]]


def test_records_linked_by_overlaps_are_one_group_even_where_two_of_them_only_touch() -> None:
    records = [
        Span(D(2000, 1, 1), D(2005, 1, 1)),
        Span(D(2005, 1, 1), D(2010, 1, 1)),
        Span(D(2004, 1, 1), D(2006, 1, 1)),  # overlaps both
    ]
    assert overlapping_groups(records) == [[0, 1, 2]]


def test_separate_overlaps_are_separate_groups_in_the_order_of_their_first_record() -> None:
    records = [
        Span(D(2010, 1, 1), D(2012, 1, 1)),
        Span(D(2000, 1, 1), D(2003, 1, 1)),
        Span(D(2011, 1, 1), D(2013, 1, 1)),
        Span(D(2002, 1, 1), D(2004, 1, 1)),
        Span(D(2005, 1, 1), D(2006, 1, 1)),  # overlaps nothing
    ]
    assert overlapping_groups(records) == [[0, 2], [1, 3]]


def test_a_hundred_thousand_identical_open_records_are_one_group_found_quickly() -> None:
    records = [Span(D(2000, 1, 1))] * 100_000
    started = time.perf_counter()
    assert overlapping_groups(records) == [list(range(100_000))]
    assert time.perf_counter() - started < 5


def test_record_ending_before_it_starts_overlaps_nothing_even_when_its_dates_span_another() -> None:
    backwards = Span(D(2015, 1, 1), D(2001, 1, 1))  # would cover 2001-2015 if read forwards
    inside = Span(D(2005, 1, 1), D(2006, 1, 1))
    assert overlapping_groups([backwards, inside]) == []
    assert overlapping_groups([inside, backwards, Span(D(2000, 1, 1))]) == [[0, 2]]


def test_record_ending_on_its_start_day_overlaps_nothing() -> None:
    assert overlapping_groups([Span(D(2005, 1, 1), D(2005, 1, 1)), Span(D(2000, 1, 1))]) == []


# --- helpers for prepare-level functions ----------------------------------------------


def applicant(**overrides: Any) -> Applicant:
    data: dict[str, Any] = {
        "cohort": {"year": 2022, "month": 6},
        "degree": "bachelor",
        "category": "mainland",
        "gaokao": {"date": "2018-06-07", "province": "440000"},
        "enrollment": "2018-09-01",
    }
    data.update(overrides)
    return parse_applicant(data)


def own(kind: HukouKind, code: str, start: date, end: date | None = None) -> HukouRecord:
    return HukouRecord(
        holder=HukouHolder.STUDENT, kind=kind, place=Place(code=code), start=start, end=end
    )


def master_who_worked(
    work_code: str = "420106", start: str = "2016-07-01", end: str | None = "2019-08-01"
) -> Applicant:
    return applicant(
        degree="master",
        cohort={"year": 2022, "month": 6},
        gaokao={"date": "2011-06-07", "province": "420000"},
        enrollment="2019-09-01",
        work_before_enrollment=[{"place": {"code": work_code}, "start": start, "end": end}],
    )


# --- gaokao_reference_day -------------------------------------------------------------


def test_gaokao_reference_day_before_gaokao_is_the_previous_day() -> None:
    gaokao = Gaokao(date=D(2018, 6, 7), province="440000")
    assert gaokao_reference_day(gaokao, "day_before_gaokao") == D(2018, 6, 6)


def test_gaokao_reference_day_gaokao_day_is_the_exam_day() -> None:
    gaokao = Gaokao(date=D(2018, 6, 7), province="440000")
    assert gaokao_reference_day(gaokao, "gaokao_day") == D(2018, 6, 7)


def test_gaokao_reference_day_before_a_gaokao_on_the_first_of_a_month_crosses_the_month() -> None:
    gaokao = Gaokao(date=D(2018, 3, 1), province="440000")
    assert gaokao_reference_day(gaokao, "day_before_gaokao") == D(2018, 2, 28)


# --- family_move_timing ---------------------------------------------------------------

FIRST = D(2018, 9, 1)
CURRENT = D(2022, 9, 1)


def test_move_on_the_first_enrollment_day_is_not_after_under_not_after() -> None:
    assert family_move_timing(FIRST, FIRST, CURRENT, "not_after") == FamilyMove.BEFORE_ENROLLMENT


def test_move_on_the_first_enrollment_day_is_after_under_after() -> None:
    assert family_move_timing(FIRST, FIRST, CURRENT, "after") == FamilyMove.AFTER_ENROLLMENT


@pytest.mark.parametrize("reading", ["not_after", "after"])
def test_move_the_day_after_first_enrollment_is_after_under_both_readings(reading: str) -> None:
    assert family_move_timing(D(2018, 9, 2), FIRST, CURRENT, reading) == FamilyMove.AFTER_ENROLLMENT


@pytest.mark.parametrize("reading", ["not_after", "after"])
def test_move_the_day_before_first_enrollment_is_before_under_both_readings(reading: str) -> None:
    assert (
        family_move_timing(D(2018, 8, 31), FIRST, CURRENT, reading) == FamilyMove.BEFORE_ENROLLMENT
    )


def test_move_before_first_but_after_current_enrollment_is_judged_against_the_first() -> None:
    # the first enrollment is what counts, even though the move precedes the current one
    assert (
        family_move_timing(D(2020, 1, 1), FIRST, CURRENT, "not_after")
        == FamilyMove.AFTER_ENROLLMENT
    )


@pytest.mark.parametrize("reading", ["not_after", "after"])
def test_first_enrollment_unknown_move_after_current_enrollment_is_after(reading: str) -> None:
    assert family_move_timing(D(2022, 9, 2), None, CURRENT, reading) == FamilyMove.AFTER_ENROLLMENT


@pytest.mark.parametrize("reading", ["not_after", "after"])
def test_first_enrollment_unknown_move_before_current_enrollment_is_timing_unknown(
    reading: str,
) -> None:
    assert family_move_timing(D(2020, 1, 1), None, CURRENT, reading) == FamilyMove.TIMING_UNKNOWN


def test_first_enrollment_unknown_move_on_current_enrollment_day_is_after_under_after() -> None:
    assert family_move_timing(CURRENT, None, CURRENT, "after") == FamilyMove.AFTER_ENROLLMENT


# --- first_enrollment -----------------------------------------------------------------


def test_first_enrollment_of_a_bachelor_without_earlier_programmes_is_its_own() -> None:
    assert first_enrollment(applicant()) == D(2018, 9, 1)


def test_first_enrollment_of_a_bachelor_after_an_associate_programme_is_the_associate() -> None:
    a = applicant(
        enrollment="2019-09-01",
        earlier_programmes=[{"level": "associate", "enrollment": "2016-09-01"}],
    )
    assert first_enrollment(a) == D(2016, 9, 1)


@pytest.mark.parametrize("programme", ["associate_to_bachelor", "second_bachelor", "other_second"])
def test_first_enrollment_of_a_second_programme_without_earlier_programmes_is_unknown(
    programme: str,
) -> None:
    # 专升本, 第二学士学位: the first enrollment was an earlier programme's, not stated.
    assert first_enrollment(applicant(enrollment="2020-09-01", programme=programme)) is None


def test_first_enrollment_of_an_associate_to_bachelor_is_the_listed_associate() -> None:
    a = applicant(
        enrollment="2020-09-01",
        programme="associate_to_bachelor",
        earlier_programmes=[{"level": "associate", "enrollment": "2017-09-01"}],
    )
    assert first_enrollment(a) == D(2017, 9, 1)


def test_first_enrollment_of_a_master_without_earlier_programmes_is_unknown() -> None:
    assert first_enrollment(applicant(degree="master", enrollment="2019-09-01")) is None


def test_first_enrollment_of_a_master_is_the_bachelor_enrollment() -> None:
    a = applicant(
        degree="master",
        enrollment="2019-09-01",
        earlier_programmes=[{"level": "bachelor", "enrollment": "2015-09-01"}],
    )
    assert first_enrollment(a) == D(2015, 9, 1)


def test_first_enrollment_of_a_doctor_is_the_earliest_of_several_programmes() -> None:
    a = applicant(
        degree="doctor",
        enrollment="2019-09-01",
        earlier_programmes=[
            {"level": "master", "enrollment": "2016-09-01"},
            {"level": "bachelor", "enrollment": "2012-09-01"},
        ],
    )
    assert a.degree is DegreeLevel.DOCTOR
    assert first_enrollment(a) == D(2012, 9, 1)


# --- hukou_at_workplace ---------------------------------------------------------------


def workplace_record(
    a: Applicant,
    records: list[HukouRecord],
    match: str,
    reference: str = "day_before_enrollment",
    after_work: str = "counts",
) -> HukouRecord | None:
    found = hukou_at_workplace(a, records, match, reference=reference, after_work=after_work)
    if found is None:
        return None
    record, work = found
    assert work in a.work_before_enrollment
    return record


IND = HukouKind.INDIVIDUAL_INDEPENDENT
EMP = HukouKind.EMPLOYER_COLLECTIVE


def test_workplace_hukou_in_another_district_of_the_same_city_matches_same_prefecture() -> None:
    record = own(IND, "420102", D(2017, 1, 1))  # 武昌区; work in 洪山区 420106
    assert workplace_record(master_who_worked("420106"), [record], "same_prefecture") is record


def test_workplace_hukou_in_another_district_does_not_match_same_code() -> None:
    record = own(IND, "420102", D(2017, 1, 1))
    assert workplace_record(master_who_worked("420106"), [record], "same_code") is None


def test_workplace_hukou_with_the_same_code_matches_same_code() -> None:
    record = own(IND, "420106", D(2017, 1, 1))
    assert workplace_record(master_who_worked("420106"), [record], "same_code") is record


def test_workplace_hukou_in_another_prefecture_does_not_match_same_prefecture() -> None:
    record = own(IND, "420502", D(2017, 1, 1))  # 宜昌
    assert workplace_record(master_who_worked("420106"), [record], "same_prefecture") is None


@pytest.mark.parametrize("match", ["same_prefecture", "same_code"])
def test_province_direct_county_codes_4290xx_sharing_a_prefix_do_not_match(match: str) -> None:
    record = own(IND, "429005", D(2017, 1, 1))  # 潜江; work in 仙桃 429004
    assert workplace_record(master_who_worked("429004"), [record], match) is None


@pytest.mark.parametrize("match", ["same_prefecture", "same_code"])
def test_province_direct_county_code_4290xx_matches_only_itself(match: str) -> None:
    record = own(IND, "429004", D(2017, 1, 1))
    assert workplace_record(master_who_worked("429004"), [record], match) is record


def test_employer_collective_is_returned_when_no_individual_hukou_matches() -> None:
    collective = own(EMP, "420106", D(2016, 8, 1))
    assert (
        workplace_record(master_who_worked("420106"), [collective], "same_prefecture") is collective
    )


def test_individual_hukou_is_preferred_over_an_earlier_employer_collective() -> None:
    collective = own(EMP, "420106", D(2016, 8, 1), D(2017, 3, 1))
    individual = own(IND, "420111", D(2017, 3, 1))
    for records in ([collective, individual], [individual, collective]):
        assert (
            workplace_record(master_who_worked("420106"), records, "same_prefecture") is individual
        )


def test_held_while_working_takes_the_employer_collective_if_the_individual_is_elsewhere() -> None:
    collective = own(EMP, "420106", D(2016, 8, 1))
    elsewhere = own(IND, "440113", D(2017, 3, 1))
    a = master_who_worked("420106")
    found = workplace_record(a, [elsewhere, collective], "same_prefecture", "held_while_working")
    assert found is collective


def test_the_hukou_before_enrollment_elsewhere_is_not_at_the_workplace() -> None:
    at_work = own(IND, "420106", D(2016, 8, 1), D(2019, 3, 1))
    elsewhere = own(IND, "440113", D(2019, 3, 1))
    a = master_who_worked("420106")
    assert workplace_record(a, [at_work, elsewhere], "same_prefecture") is None
    held = workplace_record(a, [at_work, elsewhere], "same_prefecture", "held_while_working")
    assert held is at_work


def test_an_individual_hukou_that_ended_before_enrollment_is_not_the_hukou_before_it() -> None:
    ended = own(IND, "420106", D(2016, 8, 1), D(2019, 8, 31))  # back on the family's register
    a = master_who_worked("420106")
    assert hukou_before_enrollment(a, [ended]) is None
    assert workplace_record(a, [ended], "same_prefecture") is None
    assert workplace_record(a, [ended], "same_prefecture", "held_while_working") is ended


def test_an_individual_hukou_ending_on_the_enrollment_day_is_the_hukou_before_it() -> None:
    ending = own(IND, "420106", D(2016, 8, 1), D(2019, 9, 1))
    assert hukou_before_enrollment(master_who_worked("420106"), [ending]) is ending


def test_a_school_collective_before_enrollment_shows_the_registration_it_replaced() -> None:
    individual = own(IND, "420106", D(2016, 8, 1), D(2019, 8, 25))
    school = own(HukouKind.SCHOOL_COLLECTIVE, "440106", D(2019, 8, 25))
    a = master_who_worked("420106")
    assert hukou_before_enrollment(a, [school, individual]) is individual


def test_a_school_collective_entered_from_the_family_register_shows_none() -> None:
    school = own(HukouKind.SCHOOL_COLLECTIVE, "440106", D(2019, 8, 25))
    assert hukou_before_enrollment(master_who_worked("420106"), [school]) is None


def test_an_individual_hukou_set_up_after_the_work_ended_counts_only_under_counts() -> None:
    a = master_who_worked("420106", end="2019-06-28")
    after = own(IND, "420106", D(2019, 7, 15))
    assert workplace_record(a, [after], "same_prefecture") is after
    assert workplace_record(a, [after], "same_prefecture", after_work="must_overlap_work") is None


def test_workplace_hukou_starting_after_enrollment_is_ignored() -> None:
    a = master_who_worked("420106", end=None)  # work continues past enrollment 2019-09-01
    late = own(IND, "420106", D(2019, 10, 1))
    assert workplace_record(a, [late], "same_prefecture") is None


def test_workplace_hukou_starting_on_the_enrollment_day_is_ignored() -> None:
    a = master_who_worked("420106", end=None)
    on_the_day = own(IND, "420106", D(2019, 9, 1))
    assert workplace_record(a, [on_the_day], "same_prefecture") is None


def test_workplace_hukou_starting_the_day_before_enrollment_counts() -> None:
    a = master_who_worked("420106", end=None)
    day_before = own(IND, "420106", D(2019, 8, 31))
    assert workplace_record(a, [day_before], "same_prefecture") is day_before


def test_workplace_hukou_ending_on_the_first_work_day_does_not_overlap_the_work() -> None:
    a = master_who_worked("420106", start="2016-07-01")
    ended = own(IND, "420106", D(2015, 1, 1), D(2016, 7, 1))
    assert workplace_record(a, [ended], "same_prefecture") is None


def test_no_work_before_enrollment_means_no_workplace_hukou() -> None:
    a = applicant(degree="master", enrollment="2019-09-01")
    assert workplace_record(a, [own(IND, "420106", D(2017, 1, 1))], "same_prefecture") is None


# --- known_on -------------------------------------------------------------------------


def test_known_on_drops_facts_dated_after_the_decision_date_and_keeps_those_on_it() -> None:
    a = applicant(
        degree="master",
        enrollment="2019-09-01",
        hukou=[
            {
                "holder": "family",
                "kind": "family_household",
                "place": {"code": "440113"},
                "start": "2000-01-01",
            },
            {
                "holder": "family",
                "kind": "family_household",
                "place": {"code": "440106"},
                "start": "2021-10-10",
            },
            {
                "holder": "family",
                "kind": "family_household",
                "place": {"code": "440104"},
                "start": "2021-10-11",
            },
        ],
        earlier_gaokao=[
            {"date": "2021-10-11", "province": "440000"},
            {"date": "2017-06-07", "province": "440000"},
        ],
        earlier_programmes=[
            {"level": "bachelor", "enrollment": "2021-10-11"},
            {"level": "bachelor", "enrollment": "2014-09-01"},
        ],
        work_before_enrollment=[
            {"place": {"code": "420106"}, "start": "2021-10-11"},
            {"place": {"code": "420106"}, "start": "2021-10-10"},
        ],
    )
    known = known_on(a, D(2021, 10, 10))
    assert [r.place.code for r in known.hukou] == ["440113", "440106"]
    assert [g.date for g in known.earlier_gaokao] == [D(2017, 6, 7)]
    assert [p.enrollment for p in known.earlier_programmes] == [D(2014, 9, 1)]
    assert [w.start for w in known.work_before_enrollment] == [D(2021, 10, 10)]


def test_known_on_keeps_a_record_that_ends_after_the_decision_date() -> None:
    a = applicant(
        hukou=[
            {
                "holder": "family",
                "kind": "family_household",
                "place": {"code": "440113"},
                "start": "2000-01-01",
                "end": "2030-01-01",
            },
        ]
    )
    assert known_on(a, D(2021, 10, 10)).hukou == a.hukou


def test_known_on_leaves_the_applicant_itself_unchanged() -> None:
    a = applicant(
        hukou=[
            {
                "holder": "family",
                "kind": "family_household",
                "place": {"code": "440113"},
                "start": "2025-01-01",
            },
        ]
    )
    assert known_on(a, D(2021, 10, 10)).hukou == ()
    assert len(a.hukou) == 1


def test_workplace_hukou_comes_with_the_work_period_it_matched() -> None:
    a = applicant(
        degree="master",
        gaokao={"date": "2011-06-07", "province": "420000"},
        enrollment="2019-09-01",
        work_before_enrollment=[
            {"place": {"code": "440106"}, "start": "2015-07-01", "end": "2016-12-31"},
            {"place": {"code": "420106"}, "start": "2017-01-01", "end": "2019-08-01"},
        ],
    )
    record = own(IND, "420102", D(2017, 2, 1))
    assert hukou_at_workplace(a, [record], "same_prefecture") == (
        record,
        a.work_before_enrollment[1],
    )


def test_first_enrollment_unknown_move_on_current_enrollment_day_is_after_under_not_after() -> None:
    # The unstated first enrollment came before the current one, so a move on the current
    # enrollment day is after the first enrollment whatever the enrollment-day reading.
    assert family_move_timing(CURRENT, None, CURRENT, "not_after") == FamilyMove.AFTER_ENROLLMENT
