"""The facts a caller states about one graduate: the input of `decide_origin`.

The model only checks that facts are well formed (types, known kinds, dates, six-digit
codes). Facts that are well formed but contradict each other (an enrollment before the
gaokao, overlapping family records) are not rejected here: the ruleset turns them into
`needs_review` with the reason, because staff can settle them and a caller cannot.
"""

from __future__ import annotations

import codecs
import re
import sys
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetPydanticSchema,
    StrictBool,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
)
from pydantic_core import ErrorDetails, SchemaValidator, core_schema

from origin_rules import input_limits as limits
from origin_rules.errors import FactError, InvalidFactsError
from origin_rules.identity import DocumentKind, mask_number

DivisionCode = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{6}$"),
    Field(description="GB/T 2260 six-digit administrative division code, e.g. 440113"),
]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_plausible_date(value: Any, to_date: ValidatorFunctionWrapHandler) -> date:
    # pydantic would read 1535760000 or "20180901" as a date; a hukou date that arrives in
    # another shape is more likely a mistake than a timestamp, so say so.
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("a date is written YYYY-MM-DD")
    if isinstance(value, (int, float)):
        raise ValueError("a date is written YYYY-MM-DD, not as a number")
    return limits.plausible_date(to_date(value))


# Dates outside the plausible range are refused: the preparation steps back and forth by
# days, and a year-1 or year-9999 date has no day before or after it. From JSON text,
# pydantic-core reads a date strictly (YYYY-MM-DD only, no timestamps) and checks the
# range itself, with no Python call (an applicant has half a dozen dates); from Python
# data, one validator around pydantic's own date parsing. A JSON date's error message is
# worded as the Python one's (`_fact_errors`), so both ways say the same.
_PLAUSIBLE_JSON_DATE = core_schema.date_schema(
    strict=True, ge=limits.EARLIEST_DATE, le=limits.LATEST_DATE
)
_PLAUSIBLE_PYTHON_DATE = core_schema.no_info_wrap_validator_function(
    _iso_plausible_date, core_schema.date_schema()
)


def _day_schema(source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
    return core_schema.json_or_python_schema(
        json_schema=_PLAUSIBLE_JSON_DATE, python_schema=_PLAUSIBLE_PYTHON_DATE
    )


Day = Annotated[date, GetPydanticSchema(_day_schema)]
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


class ProgrammeKind(StrEnum):
    """How the programme completed in this cohort was entered. The family-move rule
    counts from the first enrollment in higher education, which for a second programme
    is an earlier programme's (`earlier_programmes`), not this one's."""

    REGULAR = "regular"  # entered from the gaokao, or a graduate programme
    ASSOCIATE_TO_BACHELOR = "associate_to_bachelor"  # 专升本, after a 专科
    SECOND_BACHELOR = "second_bachelor"  # 第二学士学位, after a first bachelor's degree
    OTHER_SECOND = "other_second"  # another programme entered after one in higher education


# The degree each second-programme kind leads to.
_PROGRAMME_DEGREES = {
    ProgrammeKind.ASSOCIATE_TO_BACHELOR: ("bachelor",),
    ProgrammeKind.SECOND_BACHELOR: ("bachelor",),
    ProgrammeKind.OTHER_SECOND: ("associate", "bachelor"),
}


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


class HukouEndReason(StrEnum):
    """Why a registration ended: it moved to another mainland registration (迁出), or it
    was cancelled (注销) with no new mainland registration to follow."""

    MOVED = "moved"  # 迁出: a new registration elsewhere follows (stated or not)
    CANCELLED = "cancelled"  # 注销: no new mainland registration follows


class CancellationReason(StrEnum):
    """Why a registration was cancelled (注销户口). Only reasons that end a registration
    without a new one on the mainland are listed; a death ends one person's entry, never
    the family's household as the origin rule reads it, and is not one of them."""

    EMIGRATED = "emigrated"  # 出国（境）定居
    SETTLED_HONG_KONG = "settled_hong_kong"  # 赴香港定居
    SETTLED_MACAU = "settled_macau"  # 赴澳门定居
    SETTLED_TAIWAN = "settled_taiwan"  # 赴台湾定居
    NATURALISED = "naturalised"  # 加入外国国籍
    ENLISTED = "enlisted"  # 应征入伍（本人户口注销）: the student's own registration only
    OTHER = "other_cancellation"  # 其他注销原因


# Cancellation reasons that can end only the student's own registration, not a family's.
OWN_REGISTRATION_ONLY = frozenset({CancellationReason.ENLISTED})
_CANCELLED = HukouEndReason.CANCELLED


class Place(_Facts):
    code: DivisionCode
    name: Name | None = Field(
        default=None, description="Name as written on the record, e.g. 番禺区"
    )
    township: Name | None = Field(
        default=None, description="Township or street (乡镇/街道), if known"
    )


class HukouRecord(_Facts):
    """One household registration, in force from `start` up to (not including) `end`.

    How it ended is optional: without `end_reason` an ended family registration is read
    as moved out (to a registration the facts may or may not state). `cancelled` says no
    mainland registration followed, and `cancellation_reason` says why."""

    holder: HukouHolder
    kind: HukouKind
    place: Place
    start: Day
    end: Day | None = Field(
        default=None,
        description="The day the registration moved out or was cancelled; open if in force",
    )
    end_reason: HukouEndReason | None = Field(
        default=None,
        description="How it ended: moved (迁出) or cancelled (注销); needs `end`",
    )
    cancellation_reason: CancellationReason | None = Field(
        default=None,
        description="Why it was cancelled (出国定居, 赴港澳台定居, 加入外国国籍, ...); "
        "required when end_reason is cancelled, and only then",
        validate_default=True,
    )

    # Field validators (not one for the whole record) so that each error names the field
    # at fault, e.g. hukou.0.cancellation_reason. They run in field order: `end` and
    # `end_reason` are in `info.data` when the later field is checked.
    @field_validator("end_reason")
    @classmethod
    def _reason_needs_end(
        cls, reason: HukouEndReason | None, info: ValidationInfo
    ) -> HukouEndReason | None:
        if reason is not None and "end" in info.data and info.data["end"] is None:
            raise ValueError(
                f"end_reason {reason.value!r} needs an end date (end): a record without "
                "one is still in force"
            )
        return reason

    @field_validator("cancellation_reason")
    @classmethod
    def _cancellation_fits(
        cls, reason: CancellationReason | None, info: ValidationInfo
    ) -> CancellationReason | None:
        data = info.data
        if reason is None:
            # Nearly every record: no reason given, and none needed unless cancelled (this
            # runs on every record, `validate_default`: one lookup settles it). Where
            # end_reason is itself wrong it is not in `data`: that error is reported.
            if data.get("end_reason") is _CANCELLED:
                raise ValueError(
                    "end_reason 'cancelled' needs a cancellation_reason: "
                    + ", ".join(r.value for r in CancellationReason)
                )
            return None
        if "end_reason" not in data:
            return reason  # end_reason itself is wrong; that error is reported
        if data["end_reason"] is not _CANCELLED:
            raise ValueError(
                f"cancellation_reason {reason.value!r} is given, but end_reason is not 'cancelled'"
            )
        if reason in OWN_REGISTRATION_ONLY and data.get("holder") is HukouHolder.FAMILY:
            raise ValueError(
                f"cancellation_reason {reason.value!r} ends only a student's own "
                "registration, not the family's (holder: family)"
            )
        return reason

    household_of: FamilyHousehold | None = Field(
        default=None,
        description="Family records only, where the student and the parents are registered "
        "in different households: parents (the parents' registration) or relatives (the "
        "household the student is on, e.g. the grandparents')",
    )

    # A field validator, like the two above: it names the field at fault, and runs only
    # where household_of is given (a model validator would run on every record).
    @field_validator("household_of")
    @classmethod
    def _household_of_only_on_family_records(
        cls, household: FamilyHousehold | None, info: ValidationInfo
    ) -> FamilyHousehold | None:
        holder = info.data.get("holder")
        if household is not None and holder is not None and holder is not HukouHolder.FAMILY:
            raise ValueError(
                f"household_of ({household.value}) is only for family records, "
                f"not holder {holder.value}"
            )
        return household


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
        default=(),
        max_length=limits.MAX_EARLIER_PROGRAMMES,
        description="Earlier programmes of higher education; the first one's enrollment is "
        "the first enrollment the family-move rule counts from",
    )
    programme: ProgrammeKind = Field(
        default=ProgrammeKind.REGULAR,
        description="How the current programme was entered: regular, associate_to_bachelor "
        "(专升本), second_bachelor (第二学士学位), other_second",
    )
    work_before_enrollment: tuple[WorkPeriod, ...] = Field(
        default=(), max_length=limits.MAX_WORK_PERIODS
    )
    identity_document: IdentityDocument | None = None
    decision_date: Day | None = Field(
        default=None, description="The day the decision is made as of; default: the ruleset's"
    )

    @field_validator("programme")
    @classmethod
    def _programme_fits_degree(cls, kind: ProgrammeKind, info: ValidationInfo) -> ProgrammeKind:
        degree = info.data.get("degree")
        allowed = _PROGRAMME_DEGREES.get(kind)
        if allowed is not None and degree is not None and degree.value not in allowed:
            raise ValueError(
                f"programme {kind.value!r} is for degree {' or '.join(allowed)}, "
                f"but degree is {degree.value!r}"
            )
        return kind


def parse_applicant(data: Any) -> Applicant:
    """Build an `Applicant` from JSON-like data or JSON text (str or bytes, as
    `parse_applicant_json`), or raise `InvalidFactsError` listing every problem with its
    field path. Data beyond the structural limits of `input_limits` (nesting, container
    sizes, string lengths) is refused before it is validated, so no input can overflow
    the stack or stall the validation."""
    if isinstance(data, str | bytes | bytearray):
        return parse_applicant_json(data)
    shape = limits.shape_problems(data)
    if shape:
        raise InvalidFactsError([FactError(path, message, value) for path, message, value in shape])
    try:
        return Applicant.model_validate(data)
    except ValidationError as exc:
        raise InvalidFactsError(_fact_errors(exc)) from None


def parse_applicant_json(text: str | bytes | bytearray) -> Applicant:
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
        # The model's validator itself: `model_validate_json` only checks its keyword
        # arguments before calling it, a tenth of the time parsing takes here.
        applicant: Applicant = Applicant.__pydantic_validator__.validate_json(text)
    except ValidationError as exc:
        raise InvalidFactsError(_fact_errors(exc)) from None
    return applicant


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
        message = _python_date_message(err) if _is_json_date_error(err) else err["msg"]
        if loc[:1] == ("identity_document",) and loc[-1:] == ("number",):
            value = mask_number(str(value)[:100])
        found.append(FactError(".".join(str(part) for part in loc) or "(root)", message, value))
    return found


_DATE_BOUNDS = {"ge": str(limits.EARLIEST_DATE), "le": str(limits.LATEST_DATE)}


def _is_json_date_error(err: ErrorDetails) -> bool:
    """Whether `err` is pydantic-core's own about a date read from JSON text (a date's
    type or shape, or the plausible range), whose words differ from the Python path's."""
    kind = err["type"]
    if kind.startswith("date_"):
        return True
    bound = {"greater_than_equal": "ge", "less_than_equal": "le"}.get(kind)
    return bound is not None and err.get("ctx", {}).get(bound) == _DATE_BOUNDS[bound]


_python_date = SchemaValidator(_PLAUSIBLE_PYTHON_DATE)


def _python_date_message(err: ErrorDetails) -> str:
    """The message the Python path gives for the same date value, so that a date is
    refused in the same words from JSON text and from Python data."""
    try:
        _python_date.validate_python(err.get("input"))
    except ValidationError as exc:
        return exc.errors(include_url=False)[0]["msg"]
    return err["msg"]  # not reached: the two accept the same dates


# With hypothesis imported first, `st.from_type(Applicant)` draws the library's
# strategies from here on; the other import order is hypothesis's entry point's job.
if sys.modules.get("hypothesis") is not None:
    from origin_rules._hypothesis_registration import register_strategies

    register_strategies()
