"""The facts a caller states about one graduate: the input of `decide_origin`.

The model only checks that facts are well formed (types, known kinds, dates, six-digit
codes). Facts that are well formed but contradict each other (an enrollment before the
gaokao, overlapping family records) are not rejected here: the ruleset turns them into
`needs_review` with the reason, because staff can settle them and a caller cannot.
"""

from __future__ import annotations

import codecs
import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    ValidationError,
)

from origin_rules import input_limits as limits
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


# Dates outside the plausible range are refused: the preparation steps back and forth by
# days, and a year-1 or year-9999 date has no day before or after it.
Day = Annotated[date, BeforeValidator(_iso_date_only), AfterValidator(limits.plausible_date)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=limits.MAX_NAME_LENGTH)]


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


class HukouKind(StrEnum):
    FAMILY_HOUSEHOLD = "family_household"  # 家庭户
    INDIVIDUAL_INDEPENDENT = "individual_independent"  # 个人独立户口
    EMPLOYER_COLLECTIVE = "employer_collective"  # 单位集体户口
    SCHOOL_COLLECTIVE = "school_collective"  # 学校集体户口
    PUBLIC_COLLECTIVE = "public_collective"  # 人才中心等公共集体户口
    TEMPORARY_COLLECTIVE = "temporary_collective"  # 临时集体户口


class Place(_Facts):
    code: DivisionCode
    name: Name | None = Field(
        default=None, description="Name as written on the record, e.g. 番禺区"
    )
    township: Name | None = Field(
        default=None, description="Township or street (乡镇/街道), if known"
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

    applicant_id: str | None = Field(
        default=None, max_length=limits.MAX_ID_LENGTH, description="The caller's own identifier"
    )
    cohort: Cohort
    degree: DegreeLevel
    category: StudentCategory
    normal_university: StrictBool = Field(default=False, description="师范类 student")
    minority_programme: StrictBool = Field(default=False, description="少干计划 student")
    hukou: tuple[HukouRecord, ...] = Field(default=(), max_length=limits.MAX_HUKOU_RECORDS)
    gaokao: Gaokao | None = Field(
        default=None, description="The gaokao that led to admission to higher education"
    )
    earlier_gaokao: tuple[Gaokao, ...] = Field(
        default=(),
        max_length=limits.MAX_GAOKAO_ATTEMPTS,
        description="Earlier gaokao attempts (复读 before the admitting one)",
    )
    enrollment: Day = Field(description="Enrollment in the programme completed in this cohort")
    earlier_programmes: tuple[Programme, ...] = Field(
        default=(), max_length=limits.MAX_EARLIER_PROGRAMMES
    )
    work_before_enrollment: tuple[WorkPeriod, ...] = Field(
        default=(), max_length=limits.MAX_WORK_PERIODS
    )
    identity_document: IdentityDocument | None = None
    decision_date: Day | None = Field(
        default=None, description="The day the decision is made as of; default: the ruleset's"
    )


def parse_applicant(data: Any) -> Applicant:
    """Build an `Applicant` from JSON-like data, or raise `InvalidFactsError` listing
    every problem with its field path. Data beyond the structural limits of
    `input_limits` (nesting, container sizes, string lengths) is refused before it is
    validated, so no input can overflow the stack or stall the validation."""
    shape = limits.shape_problems(data)
    if shape:
        raise InvalidFactsError([FactError(path, message, value) for path, message, value in shape])
    try:
        return Applicant.model_validate(data)
    except ValidationError as exc:
        raise InvalidFactsError(_fact_errors(exc)) from None


def parse_applicant_json(text: str | bytes) -> Applicant:
    """`parse_applicant` for JSON text (a byte-order mark before it is allowed)."""
    if isinstance(text, bytes | bytearray):
        text = bytes(text).removeprefix(codecs.BOM_UTF8)
    else:
        text = text.removeprefix("\ufeff")
    if len(text) > limits.MAX_JSON_CHARACTERS:
        raise InvalidFactsError(
            [
                FactError(
                    "(root)",
                    f"an applicant's JSON is at most {limits.MAX_JSON_CHARACTERS:,} "
                    f"characters; this is {len(text):,}",
                    text,
                )
            ]
        )
    try:
        return Applicant.model_validate_json(text)
    except ValidationError as exc:
        raise InvalidFactsError(_fact_errors(exc)) from None


# Below a list that is too long, each of its entries' errors is noise: left out.
_MAX_LISTED = 50


def _fact_errors(exc: ValidationError) -> list[FactError]:
    found: list[FactError] = []
    too_long: list[tuple[Any, ...]] = []
    errors = exc.errors(include_url=False)
    for err in errors:
        loc = tuple(err["loc"])
        if any(loc[: len(prefix)] == prefix and loc != prefix for prefix in too_long):
            continue
        if err["type"] == "too_long":
            too_long.append(loc)
        if len(found) == _MAX_LISTED:
            found.append(
                FactError(
                    ".".join(str(part) for part in loc) or "(root)",
                    f"and more problems: only the first {_MAX_LISTED} are listed",
                )
            )
            break
        value = err.get("input")
        if loc[:1] == ("identity_document",) and loc[-1:] == ("number",):
            value = mask_number(str(value)[:100])
        found.append(FactError(".".join(str(part) for part in loc) or "(root)", err["msg"], value))
    return found
