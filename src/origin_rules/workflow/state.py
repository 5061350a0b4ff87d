"""The input of a workflow diagnosis: the state of one graduate's origin record (生源记录)
in the province's system, as staff read it off the back end, and the symptom reported.

Fields the staff do not know are left out (`None`: unknown), never guessed. The model
checks the shape of each field and that the state is one the system can be in (nothing
is reviewed before it is submitted, a stage is reached only after the one before it
approved, ...); each problem is reported with its field path and value.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationError

from origin_rules.errors import FactError, InvalidFactsError
from origin_rules.facts import Day, _fact_errors


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Category(StrEnum):
    MAINLAND = "mainland"
    HK_MO_TW = "hk_mo_tw"


class Symptom(StrEnum):
    """What the student or the department reports; `none` asks only where the record
    stands and what comes next."""

    NONE = "none"
    WRONG_GRADUATION_YEAR_SHOWN = "wrong_graduation_year_shown"  # FAQ 1, FAQ 4
    CENTER_CANNOT_MATCH_STUDENT_STATUS = "center_cannot_match_student_status"  # FAQ 2
    POLITICAL_STATUS_WRONG = "political_status_wrong"  # FAQ 3
    GRADUATION_MONTH_WRONG = "graduation_month_wrong"  # FAQ 4
    APPROVED_NOT_INITIALISED = "approved_not_initialised"  # FAQ 5
    DEPARTMENT_CANNOT_SEE = "department_cannot_see"  # FAQ 6
    HK_MO_TW_ID_REJECTED = "hk_mo_tw_id_rejected"  # FAQ 7
    PHOTO_REJECTED = "photo_rejected"  # FAQ 8
    LOCKED_FIELD_WRONG = "locked_field_wrong"  # 四 流程 说明


class Stage(StrEnum):
    NOT_REACHED = "not_reached"
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ProvinceRejection(StrEnum):
    CENTER_CANNOT_MATCH = "center_cannot_match"  # 中心无法对应学籍数据
    OTHER = "other"


class Agreement(StrEnum):
    NONE = "none"
    APPLIED = "applied"
    SIGNED = "signed"


class Brackets(StrEnum):
    NONE = "none"  # the number has no brackets
    ENGLISH = "english"  # ( )
    FULL_WIDTH = "full_width"  # （ ）


Year = Annotated[StrictInt, Field(ge=2000, le=2100)]
Month = Annotated[StrictInt, Field(ge=1, le=12)]


class YearMonth(_Model):
    year: Year
    month: Month


class Binding(_Model):
    """四 流程 步骤 2: 实名认证 (mainland students only) and 学籍绑定."""

    real_name_authenticated: StrictBool
    student_status_bound: StrictBool
    failed_attempts: Annotated[StrictInt, Field(ge=0)] = Field(
        default=0, description="Failed binding attempts the student reports (FAQ 7)"
    )
    id_brackets: Brackets | None = Field(
        default=None, description="HK/MO/TW only: the brackets in the ID number entered"
    )
    id_number_as_on_record: StrictBool | None = Field(
        default=None,
        description="HK/MO/TW only: whether the number entered is the one on the "
        "student-status record (学籍信息)",
    )


class Review(_Model):
    """四 流程 步骤 3: submission, then 培养单位 → 学校 → 省中心, then 初始化."""

    submitted_on: Day | None = Field(description="The day of (the last) submission; null: never")
    department: Stage = Stage.NOT_REACHED
    school: Stage = Stage.NOT_REACHED
    province: Stage = Stage.NOT_REACHED
    province_rejection: ProvinceRejection | None = None
    initialised: StrictBool = False


class Chsi(_Model):
    """The student-status data on 学信网 (CHSI), as compared with the record (FAQ 2)."""

    other_info_matches: StrictBool | None = None
    expected_graduation_correct: StrictBool | None = None
    corrected_on: Day | None = Field(
        default=None, description="The day an error on 学信网 was corrected"
    )
    expected_graduation: YearMonth | None = Field(
        default=None, description="The expected graduation date (预毕业时间) on 学信网"
    )


class WorkflowState(_Model):
    record_id: str | None = Field(default=None, max_length=200)
    category: Category
    graduation: YearMonth = Field(description="When the graduate actually graduates")
    shown_graduation: YearMonth | None = Field(
        default=None,
        description="The graduation year and month the system shows; the year is the "
        "year the record is bound to (null: not bound, or not known)",
    )
    binding: Binding
    review: Review
    chsi: Chsi = Chsi()
    department_view_year: Year | None = Field(
        default=None, description="The year the department views in 就业管理系统 (FAQ 6)"
    )
    department_name_present: StrictBool | None = None
    political_status_needs_change: StrictBool = False
    e_agreement: Agreement = Agreement.NONE
    symptom: Symptom = Symptom.NONE
    as_of: Day | None = Field(default=None, description="The day the state was read")


def parse_state(data: Any, *, as_of: date | None = None) -> WorkflowState:
    """A `WorkflowState` from JSON-like data (a mapping, or JSON text or bytes), or
    `InvalidFactsError` listing every problem with its field path and value."""
    try:
        if isinstance(data, str | bytes):
            state = WorkflowState.model_validate_json(data)
        else:
            state = WorkflowState.model_validate(data)
    except ValidationError as exc:
        raise InvalidFactsError(_fact_errors(exc)) from None
    problems = consistency_problems(state, as_of or state.as_of)
    if problems:
        raise InvalidFactsError(problems)
    return state


def consistency_problems(state: WorkflowState, as_of: date | None) -> list[FactError]:
    """States the system cannot be in: each names the field that cannot hold its value."""
    problems: list[FactError] = []

    def bad(path: str, message: str, value: Any) -> None:
        problems.append(FactError(path, message, value))

    binding, review = state.binding, state.review
    if state.category is Category.MAINLAND:
        if binding.id_brackets is not None:
            bad(
                "binding.id_brackets",
                "is for Hong Kong, Macau and Taiwan students only",
                str(binding.id_brackets),
            )
        if binding.id_number_as_on_record is not None:
            bad(
                "binding.id_number_as_on_record",
                "is for Hong Kong, Macau and Taiwan students only",
                binding.id_number_as_on_record,
            )
    if state.shown_graduation is not None and not binding.student_status_bound:
        bad(
            "shown_graduation",
            "the system shows a graduation date only once the student status is bound "
            "(binding.student_status_bound is false)",
            state.shown_graduation.model_dump(),
        )
    submitted = review.submitted_on is not None
    if submitted and not binding.student_status_bound:
        bad(
            "review.submitted_on",
            "a record is submitted only after binding (binding.student_status_bound is false)",
            str(review.submitted_on),
        )
    if submitted and state.category is Category.MAINLAND and not binding.real_name_authenticated:
        bad(
            "review.submitted_on",
            "a mainland student submits only after real-name authentication "
            "(binding.real_name_authenticated is false)",
            str(review.submitted_on),
        )
    stages = (
        ("department", review.department),
        ("school", review.school),
        ("province", review.province),
    )
    before = "submitted" if submitted else None
    for name, stage in stages:
        if before is None and stage is not Stage.NOT_REACHED:
            bad(
                f"review.{name}",
                "cannot be reached: the record was not submitted"
                if name == "department"
                else "cannot be reached before the stage before it approved",
                str(stage),
            )
        elif before is not None and stage is Stage.NOT_REACHED:
            bad(
                f"review.{name}",
                "must be pending, approved or rejected: the record "
                + ("was submitted" if name == "department" else "was approved at the stage before"),
                str(stage),
            )
        before = name if before is not None and stage is Stage.APPROVED else None
    if review.province_rejection is not None and review.province is not Stage.REJECTED:
        bad(
            "review.province_rejection",
            "is given only when review.province is rejected",
            str(review.province_rejection),
        )
    if review.initialised and review.province is not Stage.APPROVED:
        bad(
            "review.initialised",
            "a record is initialised only after the province approved it",
            True,
        )
    if as_of is not None:
        for path, day in (
            ("review.submitted_on", review.submitted_on),
            ("chsi.corrected_on", state.chsi.corrected_on),
        ):
            if day is not None and day > as_of:
                bad(path, f"is after the day the state was read ({as_of})", str(day))
    return problems
