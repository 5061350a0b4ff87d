"""The facts a caller states about one graduate: the input of `decide_origin`.

The model only checks that facts are well formed (types, known kinds, dates, six-digit
codes). Facts that are well formed but contradict each other (an enrollment before the
gaokao, overlapping family records) are not rejected here: the ruleset turns them into
`needs_review` with the reason, because staff can settle them and a caller cannot.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    ValidationError,
    model_validator,
)

from origin_rules.errors import FactError, InvalidFactsError
from origin_rules.identity import DocumentKind, mask_number

DivisionCode = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{6}$"),
    Field(description="GB/T 2260 six-digit administrative division code, e.g. 440113"),
]


def _iso_date_only(value: Any) -> Any:
    # pydantic would read 1535760000 or "20180901" as a date; a hukou date that arrives in
    # another shape is more likely a mistake than a timestamp, so say so.
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("a date is written YYYY-MM-DD")
    if isinstance(value, int | float):
        raise ValueError("a date is written YYYY-MM-DD, not as a number")
    return value


Day = Annotated[date, BeforeValidator(_iso_date_only)]


class _Facts(BaseModel):
    # Unknown keys are rejected so that a misspelt field is an error, not a silent default.
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class DegreeLevel(StrEnum):
    """Level of the programme the graduate completes in this cohort."""

    ASSOCIATE = "associate"  # 专科
    BACHELOR = "bachelor"  # 本科
    MASTER = "master"  # 硕士
    DOCTOR = "doctor"  # 博士
    OTHER = "other"  # anything else; reported as outside the ruleset


class StudentCategory(StrEnum):
    MAINLAND = "mainland"
    HONG_KONG = "hong_kong"
    MACAU = "macau"
    TAIWAN = "taiwan"
    INTERNATIONAL = "international"


class HukouHolder(StrEnum):
    """Whose registration a record is: the family's household, or the student's own.

    A student registered in the family's household (在家庭户口本上) is a `family` record;
    `student` records are the student's own registrations elsewhere (moved for the
    gaokao, a school collective, an individual hukou at a workplace).
    """

    STUDENT = "student"
    FAMILY = "family"


class FamilyHousehold(StrEnum):
    """Whose household a family record is, where the student and the parents are on
    different registers (the student in the grandparents' household, the parents in
    their own). Left unset on the usual family household of both."""

    PARENTS = "parents"  # the parents' own registration; the student is not on it
    RELATIVES = "relatives"  # the relatives' household the student is on; the parents are not


class HukouKind(StrEnum):
    FAMILY_HOUSEHOLD = "family_household"  # 家庭户
    INDIVIDUAL_INDEPENDENT = "individual_independent"  # 个人独立户口
    EMPLOYER_COLLECTIVE = "employer_collective"  # 单位集体户口
    SCHOOL_COLLECTIVE = "school_collective"  # 学校集体户口
    PUBLIC_COLLECTIVE = "public_collective"  # 人才中心等公共集体户口
    TEMPORARY_COLLECTIVE = "temporary_collective"  # 临时集体户口


class Place(_Facts):
    code: DivisionCode
    name: str | None = Field(
        default=None, min_length=1, description="Name as written on the record, e.g. 番禺区"
    )
    township: str | None = Field(
        default=None, min_length=1, description="Township or street (乡镇/街道), if known"
    )


class HukouRecord(_Facts):
    """One household registration, in force from `start` up to (not including) `end`."""

    holder: HukouHolder
    kind: HukouKind
    place: Place
    start: Day
    end: Day | None = Field(
        default=None, description="The day the registration moved out; open if still in force"
    )
    household_of: FamilyHousehold | None = Field(
        default=None,
        description="Family records only, where the student and the parents are registered "
        "in different households: parents (the parents' registration) or relatives (the "
        "household the student is on, e.g. the grandparents')",
    )

    @model_validator(mode="after")
    def _household_of_only_on_family_records(self) -> HukouRecord:
        if self.household_of is not None and self.holder is not HukouHolder.FAMILY:
            raise ValueError(
                f"household_of ({self.household_of.value}) is only for family records, "
                f"not holder {self.holder.value}"
            )
        return self


class Gaokao(_Facts):
    date: Day
    province: DivisionCode = Field(description="Province where the exam was sat, e.g. 440000")


class Programme(_Facts):
    """An earlier programme of higher education (the bachelor's before a master's, ...)."""

    level: DegreeLevel
    enrollment: Day
    graduation: Day | None = None


class WorkPeriod(_Facts):
    place: Place
    start: Day
    end: Day | None = None


class IdentityDocument(_Facts):
    """The identity document on the student-status record (学籍). The number is checked by
    the rules (a bad one gives needs_review, not an error) and never shown unmasked."""

    kind: DocumentKind
    number: str = Field(max_length=64, repr=False)


class Cohort(_Facts):
    year: int = Field(ge=1977, le=2100, description="Graduation year (届别)")
    month: int = Field(ge=1, le=12, description="Graduation month")


class Applicant(_Facts):
    """Everything the ruleset may ask about one graduate."""

    applicant_id: str | None = Field(default=None, description="The caller's own identifier")
    cohort: Cohort
    degree: DegreeLevel
    category: StudentCategory
    normal_university: StrictBool = Field(default=False, description="师范类 student")
    minority_programme: StrictBool = Field(default=False, description="少干计划 student")
    hukou: tuple[HukouRecord, ...] = ()
    gaokao: Gaokao | None = Field(
        default=None, description="The gaokao that led to admission to higher education"
    )
    earlier_gaokao: tuple[Gaokao, ...] = Field(
        default=(), description="Earlier gaokao attempts (复读 before the admitting one)"
    )
    enrollment: Day = Field(description="Enrollment in the programme completed in this cohort")
    earlier_programmes: tuple[Programme, ...] = ()
    work_before_enrollment: tuple[WorkPeriod, ...] = ()
    identity_document: IdentityDocument | None = None
    decision_date: Day | None = Field(
        default=None, description="The day the decision is made as of; default: the ruleset's"
    )


def parse_applicant(data: Any) -> Applicant:
    """Build an `Applicant` from JSON-like data, or raise `InvalidFactsError` listing
    every problem with its field path."""
    try:
        return Applicant.model_validate(data)
    except ValidationError as exc:
        raise InvalidFactsError(_fact_errors(exc)) from None


def parse_applicant_json(text: str | bytes) -> Applicant:
    try:
        return Applicant.model_validate_json(text)
    except ValidationError as exc:
        raise InvalidFactsError(_fact_errors(exc)) from None


def _fact_errors(exc: ValidationError) -> list[FactError]:
    return [
        FactError(
            path=".".join(str(part) for part in err["loc"]) or "(root)",
            message=err["msg"],
            value=(
                mask_number(str(err.get("input")))
                if err["loc"][:1] == ("identity_document",) and err["loc"][-1:] == ("number",)
                else _masked(err.get("input"))
            ),
        )
        for err in exc.errors(include_url=False)
    ]


def _masked(value: Any) -> Any:
    """The value an error quotes, with any identity document number masked: errors get
    logged, and a document number must never be."""
    if isinstance(value, dict):
        return {
            k: mask_number(v) if k == "number" and isinstance(v, str) else _masked(v)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_masked(v) for v in value]
    return value
