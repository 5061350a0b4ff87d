"""A record state that is malformed, or that the system cannot be in, is refused with
every problem named by its field path and value; options that are not known are refused
naming them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from origin_rules.errors import InvalidFactsError, InvalidOptionError
from origin_rules.workflow import WorkflowState, diagnose, parse_state

from .states import pending_review_state


def bound_state(**changes: Any) -> dict[str, Any]:
    return pending_review_state("state-test", **changes)


def problems(data: Any) -> dict[str, tuple[str, Any]]:
    with pytest.raises(InvalidFactsError) as info:
        parse_state(data)
    return {e.path: (e.message, e.value) for e in info.value.errors}


def test_a_valid_state_parses_from_a_mapping_and_from_json() -> None:
    state = parse_state(bound_state())
    assert isinstance(state, WorkflowState)
    assert parse_state(state.model_dump_json()) == state


def test_shape_errors_name_every_field_and_value() -> None:
    found = problems(
        bound_state(
            category="international",
            graduation={"year": 2022, "month": 13},
            symptom="cannot_log_in",
            e_agreement=True,
        )
    )
    assert found["category"][1] == "international"
    assert found["graduation.month"][1] == 13
    assert found["symptom"][1] == "cannot_log_in"
    assert found["e_agreement"][1] is True


def test_a_date_in_another_shape_is_refused_not_guessed() -> None:
    found = problems(bound_state(review={"submitted_on": "20210901", "department": "pending"}))
    assert found["review.submitted_on"][1] == "20210901"


def test_a_bool_written_as_a_string_is_refused() -> None:
    found = problems(
        bound_state(binding={"real_name_authenticated": "yes", "student_status_bound": True})
    )
    assert "binding.real_name_authenticated" in found


def test_unknown_fields_are_refused() -> None:
    assert "review.approved_by_school" in problems(
        bound_state(review={"submitted_on": None, "approved_by_school": True})
    )


def test_review_not_reached_without_submission() -> None:
    found = problems(bound_state(review={"submitted_on": None, "department": "approved"}))
    assert found["review.department"] == (
        "cannot be reached: the record was not submitted",
        "approved",
    )


def test_submitted_record_is_at_least_pending_at_the_department() -> None:
    assert "review.department" in problems(bound_state(review={"submitted_on": "2021-09-01"}))


def test_school_stage_only_after_department_approved() -> None:
    found = problems(
        bound_state(
            review={"submitted_on": "2021-09-01", "department": "pending", "school": "approved"}
        )
    )
    assert found["review.school"][1] == "approved"


def test_initialised_only_after_the_province_approved() -> None:
    found = problems(
        bound_state(
            review={
                "submitted_on": "2021-09-01",
                "department": "approved",
                "school": "approved",
                "province": "pending",
                "initialised": True,
            }
        )
    )
    assert "review.initialised" in found


def test_submitted_without_binding_is_impossible() -> None:
    found = problems(
        bound_state(
            shown_graduation=None,
            binding={"real_name_authenticated": True, "student_status_bound": False},
        )
    )
    assert "review.submitted_on" in found


def test_mainland_student_submits_only_after_real_name_authentication() -> None:
    found = problems(
        bound_state(binding={"real_name_authenticated": False, "student_status_bound": True})
    )
    assert found["review.submitted_on"][1] == "2021-09-01"


def test_hk_mo_tw_id_fields_are_refused_for_a_mainland_student() -> None:
    binding = {
        "real_name_authenticated": True,
        "student_status_bound": True,
        "id_brackets": "full_width",
    }
    assert problems(bound_state(binding=binding))["binding.id_brackets"][1] == "full_width"


def test_submission_after_the_day_the_state_was_read_is_refused() -> None:
    found = problems(bound_state(as_of="2021-08-30"))
    assert found["review.submitted_on"][1] == "2021-09-01"


def test_as_of_argument_is_used_for_the_consistency_check() -> None:
    with pytest.raises(InvalidFactsError) as info:
        diagnose(bound_state(), as_of=dt.date(2021, 8, 1), engine="python")
    assert [e.path for e in info.value.errors] == ["review.submitted_on"]


def test_unknown_symptom_option_names_it() -> None:
    with pytest.raises(InvalidOptionError, match="symptom: 'lost_password'"):
        diagnose(bound_state(), symptom="lost_password", engine="python")


def test_unknown_interpretation_and_reading_are_named() -> None:
    with pytest.raises(InvalidOptionError) as info:
        diagnose(
            bound_state(),
            interpretations={"late_record": "ignored", "deadline": "x"},
            engine="python",
        )
    message = str(info.value)
    assert "interpretations.late_record: 'ignored'" in message
    assert "interpretations.deadline" in message


def test_unknown_engine_is_named() -> None:
    with pytest.raises(InvalidOptionError, match="engine: 'drools'"):
        diagnose(bound_state(), engine="drools")


def test_a_workflow_state_instance_is_checked_too() -> None:
    state = WorkflowState.model_validate(
        bound_state(review={"submitted_on": None, "school": "pending"})
    )
    with pytest.raises(InvalidFactsError) as info:
        diagnose(state, engine="python")
    assert {e.path for e in info.value.errors} == {"review.school"}


def test_as_of_defaults_to_today() -> None:
    state = bound_state()
    del state["as_of"]
    assert diagnose(state, engine="python").options.as_of == dt.date.today()
