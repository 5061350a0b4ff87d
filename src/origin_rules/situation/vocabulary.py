"""The vocabulary the rules are written in: the prepared facts and their values.

Rule conditions may only test the facts listed in `FACTS` (booleans and enumerated
strings: the engine sees nothing else). Explanation templates may also name the
`DISPLAY` values (places, dates), which are rendered for people and never matched.
Every value has a Chinese and an English label so a trace reads in either language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from origin_rules.divisions import DivisionLevel
from origin_rules.facts import (
    OWN_REGISTRATION_ONLY,
    CancellationReason,
    DegreeLevel,
    HukouKind,
    StudentCategory,
)
from origin_rules.situation.places import DIVISION_STATES

NONE = "none"  # a prepared fact that has no value for this applicant


@dataclass(frozen=True)
class FactSpec:
    name: str
    zh: str
    en: str
    values: tuple[str, ...]  # the domain; ("true", "false") stands for a boolean

    @property
    def is_bool(self) -> bool:
        return self.values == BOOL


BOOL = ("true", "false")
_KINDS = (*tuple(k.value for k in HukouKind), NONE)
_LEVELS = (*tuple(lv.value for lv in DivisionLevel), NONE)


class FamilyMove:
    """When the family's permanent registration moved away from its place before the
    gaokao, relative to the first enrollment in higher education."""

    NONE = NONE
    AFTER_ENROLLMENT = "after_enrollment"
    BEFORE_ENROLLMENT = "before_enrollment"  # after the gaokao, before enrollment
    TIMING_UNKNOWN = "timing_unknown"  # first enrollment not stated for a graduate student

    ALL = (NONE, AFTER_ENROLLMENT, BEFORE_ENROLLMENT, TIMING_UNKNOWN)


class Cancellation:
    """The family's registration cancelled (注销) with no new mainland registration: the
    reason (`family_cancelled`) and when (`family_cancelled_timing`: before the gaokao,
    or placed against the first enrollment as a move is)."""

    REASONS = (
        NONE,
        *(r.value for r in CancellationReason if r not in OWN_REGISTRATION_ONLY),
    )
    SETTLED_IN_REGION = (
        CancellationReason.SETTLED_HONG_KONG.value,
        CancellationReason.SETTLED_MACAU.value,
        CancellationReason.SETTLED_TAIWAN.value,
    )
    BEFORE_GAOKAO = "before_gaokao"
    BEFORE_ENROLLMENT = "after_gaokao_before_enrollment"
    AFTER_ENROLLMENT = "after_first_enrollment"
    TIMING_UNKNOWN = "first_enrollment_unknown"  # not placeable against first enrollment
    TIMINGS = (NONE, BEFORE_GAOKAO, BEFORE_ENROLLMENT, AFTER_ENROLLMENT, TIMING_UNKNOWN)
    # The timing of a move, said of a cancellation on the same day.
    FROM_MOVE: ClassVar[dict[str, str]] = {
        FamilyMove.BEFORE_ENROLLMENT: BEFORE_ENROLLMENT,
        FamilyMove.AFTER_ENROLLMENT: AFTER_ENROLLMENT,
        FamilyMove.TIMING_UNKNOWN: TIMING_UNKNOWN,
    }


class IdDocument:
    """The identity document's check. A failed check is told apart by the document: the
    guide speaks of Hong Kong, Macau and Taiwan numbers (五、7) and of the mainland ID
    number as a field on the record (四、说明), and the rules treat them differently."""

    VALID = "valid"
    NORMALISED = "normalised"  # valid once written the standard way (ASCII brackets, ...)
    INVALID_MAINLAND_ID = "invalid_mainland_id"  # a mainland resident identity card
    INVALID_HK_MO_TW = "invalid_hk_mo_tw"  # a Hong Kong, Macau or Taiwan document

    ALL = (NONE, VALID, NORMALISED, INVALID_MAINLAND_ID, INVALID_HK_MO_TW)


_FACT_LIST = [
    FactSpec(
        "cohort_governed",
        "届别属于本规则集适用范围",
        "the cohort is governed by this ruleset",
        BOOL,
    ),
    FactSpec("category", "学生类别", "student category", tuple(c.value for c in StudentCategory)),
    FactSpec("degree", "学历层次", "degree level", tuple(d.value for d in DegreeLevel)),
    FactSpec("normal_university", "师范类学生", "normal-university (师范) student", BOOL),
    FactSpec(
        "minority_programme",
        "少干计划学生",
        "student of the minority cadre programme (少干计划)",
        BOOL,
    ),
    FactSpec("facts_consistent", "所填事实相互一致", "the stated facts are consistent", BOOL),
    FactSpec(
        "id_document", "证件号码校验结果", "the identity document number's check", IdDocument.ALL
    ),
    FactSpec("gaokao_known", "已知高考时间", "the gaokao date is known", BOOL),
    FactSpec(
        "family_before_gaokao_kind",
        "高考前家庭户籍的户口类型",
        "kind of the family's registration before the gaokao",
        _KINDS,
    ),
    FactSpec(
        "family_before_gaokao_level",
        "高考前家庭户籍所在地的行政级别",
        "division level of the family's registration before the gaokao",
        _LEVELS,
    ),
    FactSpec(
        "student_moved_for_gaokao",
        "高考时本人户口在外地、家庭户籍未迁",
        "the student's own registration was elsewhere at the gaokao, the family's stayed",
        BOOL,
    ),
    FactSpec(
        "family_move",
        "家庭户籍迁移的时间",
        "when the family's registration moved",
        FamilyMove.ALL,
    ),
    FactSpec(
        "family_now_kind",
        "现家庭户籍的户口类型",
        "kind of the family's current registration",
        _KINDS,
    ),
    FactSpec(
        "family_now_level",
        "现家庭户籍所在地的行政级别",
        "division level of the family's current registration",
        _LEVELS,
    ),
    FactSpec(
        "family_cancelled",
        "家庭户籍注销（无新的内地户籍）的原因",
        "why the family's registration was cancelled, with no new mainland registration",
        Cancellation.REASONS,
    ),
    FactSpec(
        "family_cancelled_timing",
        "家庭户籍注销的时间",
        "when the family's registration was cancelled",
        Cancellation.TIMINGS,
    ),
    FactSpec("worked_before_enrollment", "入学前有工作经历", "worked before enrollment", BOOL),
    FactSpec(
        "work_hukou_kind",
        "入学前在工作地的本人户口类型",
        "kind of the student's own registration at the workplace before enrollment",
        _KINDS,
    ),
    FactSpec(
        "work_hukou_level",
        "工作地户口所在地的行政级别",
        "division level of the registration at the workplace",
        _LEVELS,
    ),
]
_DIVISIONS = (*DIVISION_STATES, NONE)
for _key, _zh, _en in (
    ("family_before_gaokao", "高考前家庭户籍", "the family's registration before the gaokao"),
    ("family_now", "现家庭户籍", "the family's current registration"),
    ("work_hukou", "工作地户口", "the registration at the workplace"),
):
    _FACT_LIST.append(
        FactSpec(
            f"{_key}_division",
            f"{_zh}所在行政区划在判定日的状态",
            f"what the division of {_en} is on the decision date",
            _DIVISIONS,
        )
    )
FACTS: dict[str, FactSpec] = {spec.name: spec for spec in _FACT_LIST}

# Values rendered into explanations; never matched by a condition.
DISPLAY: dict[str, tuple[str, str]] = {
    "cohort": ("届别", "cohort"),
    "decision_date": ("判定日期", "decision date"),
    "gaokao_date": ("高考时间", "gaokao date"),
    "gaokao_reference_date": (
        "据以判断“高考前”户籍的日期",
        "day whose registration counts as before the gaokao",
    ),
    "enrollment": ("本阶段入学时间", "enrollment in the current programme"),
    "programme": ("本阶段学段的类型", "kind of the current programme"),
    "first_enrollment": ("首次入学（升学）时间", "first enrollment in higher education"),
    "family_before_gaokao_place": (
        "高考前家庭户籍所在地",
        "the family's registration before the gaokao",
    ),
    "family_before_gaokao_start": ("该家庭户籍的起始日期", "start of that family registration"),
    "student_before_gaokao_place": (
        "高考时本人户口所在地",
        "the student's own registration at the gaokao",
    ),
    "family_now_place": ("现家庭户籍所在地", "the family's current registration"),
    "family_now_start": ("现家庭户籍的迁入日期", "date the family's current registration started"),
    "work_place": ("入学前工作地", "workplace before enrollment"),
    "work_period": ("入学前工作时间", "period of work before enrollment"),
    "work_hukou_basis": (
        "据以判断“入学前户口性质”的本人户口",
        "the student's registration the graduate-student rule looks at",
    ),
    "work_hukou_place": ("工作地户口所在地", "the registration at the workplace"),
    "region_place": ("港澳台地区", "Hong Kong, Macau or Taiwan region"),
    "family_before_gaokao_recorded_place": (
        "户籍记录上的高考前家庭户籍地",
        "the family's place before the gaokao as recorded",
    ),
    "family_before_gaokao_change": ("该区划此后的变更", "the division changes since"),
    "family_now_recorded_place": (
        "户籍记录上的现家庭户籍地",
        "the family's current place as recorded",
    ),
    "family_now_change": ("该区划此后的变更", "the division changes since"),
    "work_hukou_recorded_place": (
        "户籍记录上的工作地户口所在地",
        "the workplace registration as recorded",
    ),
    "work_hukou_change": ("该区划此后的变更", "the division changes since"),
    "family_cancelled_place": ("被注销的家庭户籍所在地", "the family's cancelled registration"),
    "family_cancelled_recorded_place": (
        "户籍记录上的被注销家庭户籍地",
        "the family's cancelled registration as recorded",
    ),
    "family_cancelled_change": ("该区划此后的变更", "the division changes since"),
    "family_region_place": ("家庭定居的港澳台地区", "the region the family settled in"),
    "family_region_recorded_place": ("家庭定居的港澳台地区", "the region the family settled in"),
    "family_region_change": ("该区划此后的变更", "the division changes since"),
    "family_cancelled_date": ("家庭户籍注销日期", "date the family's registration was cancelled"),
    "inconsistencies": ("不一致之处", "inconsistencies"),
    "id_document_kind": ("证件类型", "identity document"),
    "id_document_number": ("证件号码（已遮蔽）", "document number (masked)"),
    "id_document_problems": ("证件号码的问题", "problems with the document number"),
    "id_document_changes": ("证件号码的规范化处理", "how the document number was normalised"),
}

VALUE_LABELS: dict[str, tuple[str, str]] = {
    "true": ("是", "yes"),
    "false": ("否", "no"),
    NONE: ("无", "none"),
    # hukou kinds
    "family_household": ("家庭户口", "family household"),
    "individual_independent": ("个人独立户口", "individual independent hukou"),
    "employer_collective": ("工作单位集体户口", "employer collective hukou"),
    "school_collective": ("学校集体户口", "school collective hukou"),
    "public_collective": (
        "人才中心等公共集体户口",
        "talent-centre or other public collective hukou",
    ),
    "temporary_collective": ("临时集体户口", "temporary collective hukou"),
    # levels
    "province": ("省级", "province level"),
    "prefecture": ("地级", "prefecture level"),
    "county": ("县级", "county level"),
    # categories
    "mainland": ("内地学生", "mainland student"),
    "hong_kong": ("香港学生", "Hong Kong student"),
    "macau": ("澳门学生", "Macau student"),
    "taiwan": ("台湾学生", "Taiwan student"),
    "international": ("国际学生", "international student"),
    # degrees
    "associate": ("专科", "associate (专科)"),
    "bachelor": ("本科", "bachelor"),
    "master": ("硕士研究生", "master"),
    "doctor": ("博士研究生", "doctor"),
    "other": ("其他学历层次", "other level"),
    # family move timing
    FamilyMove.AFTER_ENROLLMENT: ("入学后迁移", "moved after enrollment"),
    FamilyMove.BEFORE_ENROLLMENT: (
        "高考后、入学前迁移",
        "moved after the gaokao, before enrollment",
    ),
    # how the current programme was entered
    "regular": ("普通入学", "regular entry"),
    "associate_to_bachelor": ("专升本", "associate-to-bachelor (专升本)"),
    "second_bachelor": ("第二学士学位", "second bachelor's degree (第二学士学位)"),
    "other_second": ("其他再次入学的学段", "another second programme"),
    # cancellations (注销) and their timing
    "emigrated": ("出国（境）定居注销户口", "cancelled on emigration (出国定居)"),
    "settled_hong_kong": ("赴香港定居注销户口", "cancelled on settling in Hong Kong"),
    "settled_macau": ("赴澳门定居注销户口", "cancelled on settling in Macau"),
    "settled_taiwan": ("赴台湾定居注销户口", "cancelled on settling in Taiwan"),
    "naturalised": ("加入外国国籍注销户口", "cancelled on naturalisation abroad"),
    "enlisted": ("应征入伍注销户口", "cancelled on enlistment"),
    "other_cancellation": ("其他原因注销户口", "cancelled for another reason"),
    Cancellation.BEFORE_GAOKAO: ("高考前注销", "cancelled before the gaokao"),
    Cancellation.BEFORE_ENROLLMENT: (
        "高考后、入学前注销",
        "cancelled after the gaokao, before enrollment",
    ),
    Cancellation.AFTER_ENROLLMENT: ("首次入学后注销", "cancelled after the first enrollment"),
    Cancellation.TIMING_UNKNOWN: (
        "注销时间与首次入学的先后不明",
        "cancellation not placeable against the first enrollment",
    ),
    # identity document checks
    IdDocument.VALID: ("校验通过", "valid"),
    IdDocument.NORMALISED: ("规范书写后校验通过", "valid once written the standard way"),
    IdDocument.INVALID_MAINLAND_ID: (
        "居民身份证号码未通过校验",
        "a mainland ID number that fails its check",
    ),
    IdDocument.INVALID_HK_MO_TW: (
        "港澳台证件号码未通过校验",
        "a Hong Kong, Macau or Taiwan document number that fails its check",
    ),
    "mainland_resident_id": ("居民身份证", "mainland resident identity card"),
    "hong_kong_identity_card": ("香港身份证", "Hong Kong identity card"),
    "macau_identity_card": ("澳门身份证", "Macau identity card"),
    "taiwan_compatriot_permit": (
        "台湾居民来往大陆通行证",
        "Mainland travel permit for Taiwan residents",
    ),
    "taiwan_identity_card": ("台湾身份证", "Taiwan identity card"),
    "residence_permit_hmt": (
        "港澳台居民居住证",
        "residence permit for Hong Kong, Macau and Taiwan residents",
    ),
    # division states
    "in_force": ("判定日仍在使用", "in force on the decision date"),
    "succeeded": (
        "已撤销，全部区域由唯一的承继区划承继",
        "abolished, all of it taken over by one successor",
    ),
    "settled_by_township": (
        "已撤销，按乡镇（街道）确定承继区划",
        "abolished; the township settles the successor",
    ),
    "uncertain": (
        "已撤销，原区域分属多个区划，或其承继区划不能确定",
        "abolished; its area was divided, or its successor cannot be established",
    ),
    "unknown_code": ("记录日期时不存在该代码", "no such code on the record's date"),
    "name_mismatch": ("代码与所填名称不符", "the code does not fit the name written"),
    FamilyMove.TIMING_UNKNOWN: (
        "迁移时间与首次入学的先后不明",
        "move not placeable against first enrollment",
    ),
}


def value_label(value: str, lang: str) -> str:
    zh, en = VALUE_LABELS.get(value, (value, value))
    return zh if lang == "zh" else en


# A fact that is "none" for an applicant says that something does not exist; staff read
# that as a statement ("家庭户籍未迁移"), not as a value ("家庭户籍迁移的时间为“无”").
_NO_FAMILY_BEFORE_GAOKAO = (
    "高考前没有有效的家庭户籍记录",
    "no family registration is on record for the day before the gaokao",
)
_NO_FAMILY_NOW = ("没有现家庭户籍记录", "no current family registration is on record")
_NO_WORK_HUKOU = (
    "入学前在工作地没有本人户口记录",
    "no registration of the student's own at the workplace before enrollment is on record",
)
_NOT_CANCELLED = ("家庭户籍未注销", "the family's registration was not cancelled")
NONE_SAID: dict[str, tuple[str, str]] = {
    "id_document": ("未填写港澳台或内地证件号码", "no identity document number is given"),
    # A record's kind, level and division are none alike when there is no record.
    **dict.fromkeys(
        (
            "family_before_gaokao_kind",
            "family_before_gaokao_level",
            "family_before_gaokao_division",
        ),
        _NO_FAMILY_BEFORE_GAOKAO,
    ),
    **dict.fromkeys(("family_now_kind", "family_now_level", "family_now_division"), _NO_FAMILY_NOW),
    **dict.fromkeys(("work_hukou_kind", "work_hukou_level", "work_hukou_division"), _NO_WORK_HUKOU),
    "family_move": ("家庭户籍未迁移", "the family's registration did not move"),
    "family_cancelled": _NOT_CANCELLED,
    "family_cancelled_timing": _NOT_CANCELLED,
}
