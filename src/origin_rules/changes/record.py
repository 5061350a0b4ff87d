"""A graduate's record as the employment system holds it once bound (学籍绑定): the
fields a change request corrects and the forms list. Field names are the change policy's
field ids (rulesets/changes-2022/changes.yaml)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from origin_rules.facts import DegreeLevel, DivisionCode
from origin_rules.identity import DocumentKind


class GraduateRecord(BaseModel):
    """One graduate's record. Only what identifies the graduate is required; a field a
    correction concerns is compared with the record when the record has it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    student_number: str = Field(min_length=1, description="学号")
    name: str = Field(min_length=1, description="姓名")
    department: str = Field(min_length=1, description="院系 / 培养单位")
    degree: DegreeLevel = Field(description="学历: the programme completed in this cohort")
    major: str | None = Field(default=None, min_length=1, description="专业")
    gender: str | None = Field(default=None, min_length=1, description="性别")
    id_number: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        repr=False,
        description="身份证号; masked in output",
    )
    id_kind: DocumentKind = Field(
        default=DocumentKind.MAINLAND_RESIDENT_ID, description="the kind of `id_number`"
    )
    origin: DivisionCode | None = Field(default=None, description="生源地, as verified")
    political_status: str | None = Field(default=None, min_length=1, description="政治面貌")
    graduation_year: int | None = Field(default=None, ge=1977, le=2100, description="毕业年份")
    graduation_month: int | None = Field(default=None, ge=1, le=12, description="毕业月份")
    phone: str | None = Field(default=None, min_length=1, description="手机号码")
    ethnicity: str | None = Field(default=None, min_length=1, description="民族")
    minority_programme: StrictBool = Field(default=False, description="少干计划 student")
    agreement_on_file: StrictBool | None = Field(
        default=None,
        description="少干计划: the stamped agreement (定向协议书) is uploaded; None if unknown",
    )

    def value_of(self, field: str) -> str | None:
        """The record's value of a change-policy field, as text (None if absent)."""
        value = getattr(self, field)
        return None if value is None else str(value)
