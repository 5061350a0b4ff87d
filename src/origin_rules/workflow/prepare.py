"""From a record's state to the flat facts the workflow rules test, and the values their
texts show. All comparisons of dates and years are made here, in code: the engines only
test flat values (strings and booleans)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from origin_rules.ruleset.model import FactValue, Text, interpretation_fact
from origin_rules.workflow.model import WorkflowRuleset
from origin_rules.workflow.state import (
    Agreement,
    Brackets,
    Category,
    ProvinceRejection,
    Symptom,
    WorkflowState,
    YearMonth,
)
from origin_rules.workflow.vocabulary import UNKNOWN


@dataclass(frozen=True)
class Prepared:
    facts: dict[str, FactValue]
    display: dict[str, Text]  # placeholder -> its value in zh and en


def prepare(
    state: WorkflowState, as_of: date, readings: dict[str, str], ruleset: WorkflowRuleset
) -> Prepared:
    binding, review, chsi = state.binding, state.review, state.chsi
    bound = binding.student_status_bound
    shown = state.shown_graduation
    year_shown = _year_shown(bound, shown, state.graduation)
    month_shown = _month_shown(bound, shown, state.graduation, year_shown)
    sync_due = (
        chsi.corrected_on + timedelta(days=ruleset.chsi_sync_days) if chsi.corrected_on else None
    )
    hk = state.category is Category.HK_MO_TW
    facts: dict[str, FactValue] = {
        "category": state.category.value,
        "symptom": state.symptom.value,
        "real_name_authenticated": binding.real_name_authenticated,
        "student_status_bound": bound,
        "graduation_year_shown": year_shown,
        "graduation_month_shown": month_shown,
        "graduation_date_change": _date_change(state.symptom, year_shown, month_shown),
        "political_status_change": state.political_status_needs_change
        or state.symptom is Symptom.POLITICAL_STATUS_WRONG,
        "submitted": review.submitted_on is not None,
        "window": _window(review.submitted_on, as_of, ruleset.window_end),
        "department_review": review.department.value,
        "school_review": review.school.value,
        "province_review": review.province.value,
        "initialised": review.initialised,
        "center_cannot_match": review.province_rejection is ProvinceRejection.CENTER_CANNOT_MATCH
        or state.symptom is Symptom.CENTER_CANNOT_MATCH_STUDENT_STATUS,
        "chsi": _chsi(state, as_of, sync_due),
        "department_view_year": _view_year(state, shown),
        "department_name_present": _yes_no(state.department_name_present),
        "e_agreement": state.e_agreement.value,
        "id_brackets": (binding.id_brackets.value if binding.id_brackets else "unknown")
        if hk
        else "not_applicable",
        "id_number_as_on_record": _yes_no(binding.id_number_as_on_record)
        if hk
        else "not_applicable",
        "failed_attempts": ("none", "one", "two")[binding.failed_attempts]
        if binding.failed_attempts < 3
        else "three_or_more",
    }
    for interp_id, reading in readings.items():
        facts[interpretation_fact(interp_id)] = reading
    return Prepared(facts, _display(state, as_of, ruleset, sync_due))


def _year_shown(bound: bool, shown: YearMonth | None, actual: YearMonth) -> str:
    if not bound:
        return "not_bound"
    if shown is None:
        return "unknown"
    if shown.year == actual.year:
        return "correct"
    return "earlier" if shown.year < actual.year else "later"


def _month_shown(bound: bool, shown: YearMonth | None, actual: YearMonth, year: str) -> str:
    if not bound:
        return "not_bound"
    if shown is None:
        return "unknown"
    if year != "correct":
        return "year_wrong"
    return "correct" if shown.month == actual.month else "wrong"


def _date_change(symptom: Symptom, year: str, month: str) -> str:
    """What must change in the graduation date. The record, where it shows the date,
    outranks the symptom; where it does not, the reported symptom is taken as stated."""
    if year in ("earlier", "later"):
        return "year"
    if month == "wrong":
        return "month"
    if year == "unknown" and symptom is Symptom.WRONG_GRADUATION_YEAR_SHOWN:
        return "year"
    if month == "unknown" and symptom is Symptom.GRADUATION_MONTH_WRONG:
        return "month"
    return "none"


def _window(submitted_on: date | None, as_of: date, window_end: date) -> str:
    if submitted_on is not None:
        return "submitted_in_time" if submitted_on <= window_end else "submitted_late"
    return "open" if as_of <= window_end else "closed_not_submitted"


def _chsi(state: WorkflowState, as_of: date, sync_due: date | None) -> str:
    chsi = state.chsi
    expected_wrong = chsi.expected_graduation_correct is False or (
        chsi.expected_graduation is not None and chsi.expected_graduation != state.graduation
    )
    if chsi.other_info_matches is False:
        return "other_info_differs"
    if sync_due is not None:
        return "corrected_awaiting_sync" if as_of < sync_due else "corrected_synced"
    if expected_wrong:
        return "expected_graduation_wrong"
    if chsi.other_info_matches is None:
        return "not_checked"
    # Everything else matches: the guide's likeliest cause is the expected graduation date,
    # unless it was checked too.
    if chsi.expected_graduation_correct is True or chsi.expected_graduation is not None:
        return "consistent"
    return "expected_graduation_suspect"


def _view_year(state: WorkflowState, shown: YearMonth | None) -> str:
    if state.department_view_year is None:
        return "unknown"
    right = shown.year if shown is not None else state.graduation.year
    return "correct" if state.department_view_year == right else "wrong"


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


# --- what the texts show --------------------------------------------------------------


def _ym(value: YearMonth | None) -> Text:
    if value is None:
        return UNKNOWN
    return Text(f"{value.year} 年 {value.month} 月", f"{value.year}-{value.month:02d}")


def _day(value: date | None) -> Text:
    return UNKNOWN if value is None else Text(value.isoformat(), value.isoformat())


def _same(value: object) -> Text:
    return Text(str(value), str(value))


_CATEGORY = {
    Category.MAINLAND: Text("内地学生", "mainland student"),
    Category.HK_MO_TW: Text("港澳台学生", "Hong Kong, Macau or Taiwan student"),
}
_AGREEMENT = {
    Agreement.NONE: Text("未申请", "not applied for"),
    Agreement.APPLIED: Text("申请", "applied for"),
    Agreement.SIGNED: Text("签订", "signed"),
}
_BRACKETS = {
    Brackets.NONE: Text("无括号", "none"),
    Brackets.ENGLISH: Text("英文格式", "English"),
    Brackets.FULL_WIDTH: Text("中文（全角）格式", "Chinese (full-width)"),
}
_YES_NO = {True: Text("是", "yes"), False: Text("否", "no"), None: UNKNOWN}


def _display(
    state: WorkflowState, as_of: date, ruleset: WorkflowRuleset, sync_due: date | None
) -> dict[str, Text]:
    shown = state.shown_graduation
    submitted_on = state.review.submitted_on
    if submitted_on is not None:
        window_state = Text(f"于 {submitted_on} 提交", f"was submitted on {submitted_on}")
    else:
        window_state = Text(f"到 {as_of} 仍未提交", f"was still not submitted on {as_of}")
    brackets = state.binding.id_brackets
    name = state.department_name_present
    return {
        "as_of": _day(as_of),
        "category": _CATEGORY[state.category],
        "chsi_corrected_on": _day(state.chsi.corrected_on),
        "chsi_expected": _ym(state.chsi.expected_graduation),
        "chsi_sync_due": _day(sync_due),
        "department_name": UNKNOWN
        if name is None
        else Text("有", "present")
        if name
        else Text("缺失", "missing"),
        "department_view_year": UNKNOWN
        if state.department_view_year is None
        else _same(state.department_view_year),
        "e_agreement": _AGREEMENT[state.e_agreement],
        "failed_attempts": _same(state.binding.failed_attempts),
        "graduation_date": _ym(state.graduation),
        "graduation_year": _same(state.graduation.year),
        "id_brackets": UNKNOWN if brackets is None else _BRACKETS[brackets],
        "id_number_as_on_record": _YES_NO[state.binding.id_number_as_on_record],
        "shown_date": _ym(shown),
        "shown_year": UNKNOWN if shown is None else _same(shown.year),
        "window_end": _day(ruleset.window_end),
        "window_state": window_state,
    }
