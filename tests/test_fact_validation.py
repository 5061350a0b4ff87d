"""Malformed facts raise one `InvalidFactsError` listing every problem with its field
path; well-formed facts that contradict each other are not errors but `needs_review`."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from applicants import bachelor_panyu

from origin_rules import (
    Applicant,
    InvalidFactsError,
    Outcome,
    decide_origin,
    parse_applicant,
)
from origin_rules.errors import FactError


def valid() -> dict[str, Any]:
    return bachelor_panyu("s-1", start="2000-01-01")


def errors_of(data: Any) -> list[FactError]:
    with pytest.raises(InvalidFactsError) as caught:
        parse_applicant(data)
    return caught.value.errors


def paths(errors: list[FactError]) -> list[str]:
    return [e.path for e in errors]


def test_the_valid_baseline_parses_so_each_single_break_below_is_the_only_problem() -> None:
    assert isinstance(parse_applicant(valid()), Applicant)


@pytest.mark.parametrize("encode", [json.dumps, lambda d: json.dumps(d).encode("utf-8")])
def test_parse_applicant_takes_json_text_as_well_as_parsed_data(
    encode: Callable[[Any], str | bytes],
) -> None:
    assert parse_applicant(encode(valid())) == parse_applicant(valid())
    with pytest.raises(InvalidFactsError) as caught:
        parse_applicant(encode({**valid(), "degree": "diploma"}))
    assert [e.path for e in caught.value.errors] == ["degree"]


def test_cohort_year_that_is_not_a_number_is_reported_at_cohort_year() -> None:
    data = valid()
    data["cohort"]["year"] = "abc"
    [error] = errors_of(data)
    assert error.path == "cohort.year"
    assert error.value == "abc"
    assert "integer" in error.message


def test_unknown_hukou_kind_is_reported_at_hukou_0_kind() -> None:
    data = valid()
    data["hukou"][0]["kind"] = "family_house"
    [error] = errors_of(data)
    assert error.path == "hukou.0.kind"
    assert error.value == "family_house"
    assert "family_household" in error.message  # names the kinds that are accepted


def test_hukou_kind_in_the_second_record_is_reported_at_index_1() -> None:
    data = valid()
    data["hukou"].append({**copy.deepcopy(data["hukou"][0]), "kind": "collective"})
    assert paths(errors_of(data)) == ["hukou.1.kind"]


def test_household_of_on_a_student_record_is_reported_with_its_value() -> None:
    data = valid()
    data["hukou"].append(
        {
            "holder": "student",
            "kind": "school_collective",
            "place": {"code": "440106"},
            "start": "2018-09-05",
            "household_of": "relatives",
        }
    )
    [error] = errors_of(data)
    assert error.path == "hukou.1.household_of"
    assert error.value == "relatives"
    assert "household_of (relatives) is only for family records" in error.message


def test_unknown_household_of_is_reported_at_its_field() -> None:
    data = valid()
    data["hukou"][0]["household_of"] = "grandparents"
    [error] = errors_of(data)
    assert error.path == "hukou.0.household_of"
    assert error.value == "grandparents"


def test_month_13_in_a_date_is_reported_at_enrollment() -> None:
    data = valid()
    data["enrollment"] = "2018-13-01"
    [error] = errors_of(data)
    assert error.path == "enrollment"
    assert error.value == "2018-13-01"


def test_day_31_of_a_30_day_month_is_reported() -> None:
    data = valid()
    data["gaokao"]["date"] = "2018-06-31"
    assert paths(errors_of(data)) == ["gaokao.date"]


@pytest.mark.parametrize("code", ["44011", "44011a", "4401130", "４４０１１３", "440113\n", ""])
def test_place_code_that_is_not_exactly_six_ascii_digits_is_reported(code: str) -> None:
    data = valid()
    data["hukou"][0]["place"]["code"] = code
    [error] = errors_of(data)
    assert error.path == "hukou.0.place.code"
    assert error.value == code


def test_gaokao_province_that_is_not_six_digits_is_reported() -> None:
    data = valid()
    data["gaokao"]["province"] = "44"
    assert paths(errors_of(data)) == ["gaokao.province"]


def test_misspelt_required_field_is_reported_as_unknown_and_the_real_one_as_missing() -> None:
    data = valid()
    data["enrolment"] = data.pop("enrollment")
    errors = errors_of(data)
    assert sorted(paths(errors)) == ["enrollment", "enrolment"]
    [extra] = [e for e in errors if e.path == "enrolment"]
    assert extra.value == "2018-09-01"


def test_misspelt_optional_field_is_an_error_not_a_silent_default() -> None:
    data = valid()
    data["normal_univeristy"] = True
    [error] = errors_of(data)
    assert error.path == "normal_univeristy"
    assert error.value is True


def test_unknown_key_inside_a_nested_record_is_reported_with_its_path() -> None:
    data = valid()
    data["hukou"][0]["place"]["town"] = "市桥街道"
    assert paths(errors_of(data)) == ["hukou.0.place.town"]


def test_several_problems_at_once_are_all_listed_in_one_error() -> None:
    data = valid()
    data["cohort"]["year"] = "abc"
    data["hukou"][0]["kind"] = "family_house"
    data["hukou"][0]["place"]["code"] = "44011"
    data["hukou"].append({**copy.deepcopy(valid()["hukou"][0]), "place": {"code": "44011a"}})
    data["enrollment"] = "2018-13-01"
    data["normal_univeristy"] = True
    with pytest.raises(InvalidFactsError) as caught:
        parse_applicant(data)
    expected = {
        "cohort.year",
        "hukou.0.kind",
        "hukou.0.place.code",
        "hukou.1.place.code",
        "enrollment",
        "normal_univeristy",
    }
    assert sorted(paths(caught.value.errors)) == sorted(expected)
    message = str(caught.value)
    assert message.startswith("6 problem(s)")
    for path in expected:
        assert f"{path}:" in message


def test_missing_required_fields_are_each_listed() -> None:
    assert sorted(paths(errors_of({}))) == ["category", "cohort", "degree", "enrollment"]


def test_input_that_is_not_an_object_is_reported_at_the_root() -> None:
    assert paths(errors_of([valid()])) == ["(root)"]


def test_invalid_facts_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_applicant({})


# --- JSON text via decide_origin -------------------------------------------------------


def test_decide_origin_on_json_text_lists_every_problem_with_its_path() -> None:
    data = valid()
    data["cohort"]["year"] = "abc"
    data["hukou"][0]["kind"] = "family_house"
    data["hukou"][0]["place"]["code"] = "44011a"
    data["enrollment"] = "2018-13-01"
    data["enrolment"] = "2018-09-01"
    with pytest.raises(InvalidFactsError) as caught:
        decide_origin(json.dumps(data, ensure_ascii=False), engine="python")
    assert sorted(paths(caught.value.errors)) == sorted(
        ["cohort.year", "hukou.0.kind", "hukou.0.place.code", "enrollment", "enrolment"]
    )


def test_decide_origin_on_json_bytes_reports_the_same_paths_as_on_a_mapping() -> None:
    data = valid()
    data["hukou"][0]["place"]["code"] = "44011"
    data["enrollment"] = "2018-13-01"
    with pytest.raises(InvalidFactsError) as from_bytes:
        decide_origin(json.dumps(data).encode("utf-8"), engine="python")
    with pytest.raises(InvalidFactsError) as from_mapping:
        decide_origin(data, engine="python")
    assert paths(from_bytes.value.errors) == paths(from_mapping.value.errors)
    assert sorted(paths(from_bytes.value.errors)) == ["enrollment", "hukou.0.place.code"]


def test_text_that_is_not_json_is_one_problem_at_the_root() -> None:
    with pytest.raises(InvalidFactsError) as caught:
        decide_origin('{"cohort": ', engine="python")
    [error] = caught.value.errors
    assert error.path == "(root)"
    assert "JSON" in error.message


def test_valid_json_text_is_decided() -> None:
    decision = decide_origin(json.dumps(valid(), ensure_ascii=False), engine="python")
    assert decision.outcome is Outcome.DETERMINED
    assert decision.origin is not None and decision.origin.code == "440113"


# --- well formed but inconsistent: not an error ----------------------------------------


def _enrollment_before_gaokao(data: dict[str, Any]) -> None:
    data["enrollment"] = "2018-06-01"


def _enrollment_on_gaokao_day(data: dict[str, Any]) -> None:
    data["enrollment"] = "2018-06-07"


def _overlapping_family_records(data: dict[str, Any]) -> None:
    data["hukou"].append(
        {
            "holder": "family",
            "kind": "family_household",
            "place": {"code": "440106"},
            "start": "2010-01-01",
        }
    )


def _hukou_ends_before_it_starts(data: dict[str, Any]) -> None:
    data["hukou"][0]["end"] = "1999-01-01"


def _graduation_before_enrollment(data: dict[str, Any]) -> None:
    data["cohort"] = {"year": 2022, "month": 6}
    data["enrollment"] = "2022-09-01"
    data["decision_date"] = "2022-10-01"


def _earlier_programme_not_earlier(data: dict[str, Any]) -> None:
    data["degree"] = "master"
    data["earlier_programmes"] = [{"level": "bachelor", "enrollment": "2019-09-01"}]


@pytest.mark.parametrize(
    ("break_facts", "code"),
    [
        (_enrollment_before_gaokao, "enrollment_not_after_gaokao"),
        (_enrollment_on_gaokao_day, "enrollment_not_after_gaokao"),
        (_overlapping_family_records, "overlapping_family_records"),
        (_hukou_ends_before_it_starts, "hukou_ends_before_start"),
        (_graduation_before_enrollment, "graduation_not_after_enrollment"),
        (_earlier_programme_not_earlier, "earlier_programme_not_earlier"),
    ],
)
def test_well_formed_but_inconsistent_facts_need_review_instead_of_raising(
    break_facts: Callable[[dict[str, Any]], None], code: str
) -> None:
    data = valid()
    break_facts(data)
    applicant = parse_applicant(data)  # well formed: no InvalidFactsError
    decision = decide_origin(applicant, engine="python")
    assert decision.outcome is Outcome.NEEDS_REVIEW
    assert decision.decided_by == "review.facts_inconsistent"
    assert decision.origin is None
    assert code in [r.code for r in decision.reasons]


def test_touching_family_records_are_consistent_and_decided() -> None:
    data = valid()
    data["hukou"][0]["end"] = "2010-01-01"
    data["hukou"].append(
        {
            "holder": "family",
            "kind": "family_household",
            "place": {"code": "440106"},
            "start": "2010-01-01",
        }
    )
    decision = decide_origin(data, engine="python")
    assert decision.outcome is Outcome.DETERMINED
    assert decision.origin is not None and decision.origin.code == "440106"


# --- how a registration ended, and the kind of programme ----------------------------------


def _ended(**ending: str) -> dict[str, Any]:
    data = valid()
    data["hukou"][0].update({"end": "2020-06-30", **ending})
    return data


def test_a_cancelled_record_with_its_reason_parses() -> None:
    applicant = parse_applicant(_ended(end_reason="cancelled", cancellation_reason="emigrated"))
    record = applicant.hukou[0]
    assert (record.end_reason, record.cancellation_reason) == ("cancelled", "emigrated")


def test_an_end_reason_without_an_end_date_is_reported_at_end_reason() -> None:
    data = valid()
    data["hukou"][0].update(end_reason="cancelled", cancellation_reason="emigrated")
    [error] = errors_of(data)
    assert error.path == "hukou.0.end_reason"
    assert "needs an end date" in error.message


def test_a_cancellation_without_its_reason_is_reported_at_cancellation_reason() -> None:
    [error] = errors_of(_ended(end_reason="cancelled"))
    assert error.path == "hukou.0.cancellation_reason"
    assert "emigrated" in error.message  # the reasons to choose from are listed


@pytest.mark.parametrize("end_reason", [None, "moved"])
def test_a_cancellation_reason_on_a_record_not_cancelled_is_reported(
    end_reason: str | None,
) -> None:
    ending = {"cancellation_reason": "naturalised"}
    if end_reason:
        ending["end_reason"] = end_reason
    [error] = errors_of(_ended(**ending))
    assert error.path == "hukou.0.cancellation_reason"
    assert error.value == "naturalised"


def test_enlistment_cannot_end_the_familys_registration() -> None:
    [error] = errors_of(_ended(end_reason="cancelled", cancellation_reason="enlisted"))
    assert error.path == "hukou.0.cancellation_reason"
    assert "holder: family" in error.message
    data = _ended(end_reason="cancelled", cancellation_reason="enlisted")
    data["hukou"][0]["holder"] = "student"
    assert parse_applicant(data).hukou[0].cancellation_reason == "enlisted"


def test_an_unknown_end_reason_is_reported_with_the_choices() -> None:
    [error] = errors_of(_ended(end_reason="gone"))
    assert error.path == "hukou.0.end_reason"
    assert "'moved' or 'cancelled'" in error.message


@pytest.mark.parametrize("programme", ["associate_to_bachelor", "second_bachelor"])
def test_a_bachelors_second_programme_on_a_masters_degree_is_reported(programme: str) -> None:
    data = valid()
    data.update(degree="master", programme=programme)
    [error] = errors_of(data)
    assert error.path == "programme"
    assert "'master'" in error.message


def test_an_unknown_programme_kind_is_reported_at_programme() -> None:
    data = valid()
    data["programme"] = "专升本"
    [error] = errors_of(data)
    assert error.path == "programme"
