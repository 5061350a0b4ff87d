"""Hypothesis strategies for workflow record states: every state generated is one the
system can be in (it passes `parse_state`), spread over every stage of the chain, the
window, the 学信网 checks, the e-agreement and every symptom."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from origin_rules.workflow.state import Agreement, Brackets, ProvinceRejection, Stage, Symptom

WINDOW_END = dt.date(2021, 10, 10)
DAYS = st.dates(min_value=dt.date(2021, 8, 1), max_value=dt.date(2022, 7, 31))


def year_months(years: tuple[int, ...] = (2020, 2021, 2022, 2023)) -> st.SearchStrategy[Any]:
    return st.fixed_dictionaries({"year": st.sampled_from(years), "month": st.integers(1, 12)})


@st.composite
def reviews(draw: st.DrawFn, as_of: dt.date) -> dict[str, Any]:
    """A review chain in a reachable state, submitted on or before `as_of`."""
    if not draw(st.booleans()):
        return {"submitted_on": None}
    submitted = draw(st.dates(min_value=dt.date(2021, 8, 1), max_value=as_of))
    review: dict[str, Any] = {"submitted_on": submitted.isoformat()}
    for stage in ("department", "school", "province"):
        state = draw(st.sampled_from([Stage.PENDING, Stage.APPROVED, Stage.REJECTED]))
        review[stage] = state.value
        if state is not Stage.APPROVED:
            break
    if review.get("province") == Stage.REJECTED.value:
        rejection = draw(st.sampled_from([None, *ProvinceRejection]))
        if rejection is not None:
            review["province_rejection"] = rejection.value
    if review.get("province") == Stage.APPROVED.value:
        review["initialised"] = draw(st.booleans())
    return review


@st.composite
def workflow_states(draw: st.DrawFn) -> dict[str, Any]:
    as_of = draw(DAYS)
    category = draw(st.sampled_from(["mainland", "hk_mo_tw"]))
    bound = draw(st.booleans())
    real_name = draw(st.booleans())
    binding: dict[str, Any] = {
        "real_name_authenticated": real_name,
        "student_status_bound": bound,
        "failed_attempts": draw(st.integers(0, 6)),
    }
    if category == "hk_mo_tw":
        brackets = draw(st.sampled_from([None, *Brackets]))
        if brackets is not None:
            binding["id_brackets"] = brackets.value
        on_record = draw(st.sampled_from([None, True, False]))
        if on_record is not None:
            binding["id_number_as_on_record"] = on_record
    can_submit = bound and (category == "hk_mo_tw" or real_name)
    state: dict[str, Any] = {
        "record_id": draw(st.one_of(st.none(), st.text(min_size=1, max_size=12))),
        "category": category,
        "graduation": draw(year_months((2022,))),
        "binding": binding,
        "review": draw(reviews(as_of)) if can_submit else {"submitted_on": None},
        "symptom": draw(st.sampled_from([Symptom.NONE, Symptom.NONE, *Symptom])).value,
        "e_agreement": draw(st.sampled_from([Agreement.NONE, Agreement.NONE, *Agreement])).value,
        "political_status_needs_change": draw(st.sampled_from([False, False, False, True])),
        "as_of": as_of.isoformat(),
    }
    if bound and draw(st.booleans()):
        state["shown_graduation"] = draw(year_months())
    chsi: dict[str, Any] = {}
    for key in ("other_info_matches", "expected_graduation_correct"):
        value = draw(st.sampled_from([None, True, False]))
        if value is not None:
            chsi[key] = value
    if draw(st.booleans()):
        chsi["corrected_on"] = draw(st.dates(dt.date(2021, 7, 1), as_of)).isoformat()
    if draw(st.booleans()):
        chsi["expected_graduation"] = draw(year_months((2021, 2022)))
    state["chsi"] = chsi
    view = draw(st.sampled_from([None, 2021, 2022, 2023]))
    if view is not None:
        state["department_view_year"] = view
    name = draw(st.sampled_from([None, True, False]))
    if name is not None:
        state["department_name_present"] = name
    return state


def readings() -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "late_record": st.sampled_from(["school_decides", "review_continues"]),
            "department_assist": st.sampled_from(
                ["after_two_failures", "after_three_failures", "not_offered"]
            ),
            "change_after_e_agreement": st.sampled_from(
                ["agreement_keeps_old_value", "cancel_and_reapply"]
            ),
        },
    )


__all__ = ["WINDOW_END", "readings", "workflow_states"]
