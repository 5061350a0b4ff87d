"""The vocabulary the rules are written in: the prepared facts and their values.

Rule conditions may only test the facts listed in `FACTS` (booleans and enumerated
strings: the engine sees nothing else). Explanation templates may also name the
`DISPLAY` values (places, dates), which are rendered for people and never matched.
Every value has a Chinese and an English label so a trace reads in either language.
"""

from __future__ import annotations

from dataclasses import dataclass

from origin_rules.divisions import DivisionLevel
from origin_rules.facts import DegreeLevel, HukouKind, StudentCategory
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


class IdDocument:
    """The identity document's check."""

    VALID = "valid"
    NORMALISED = "normalised"  # valid once written the standard way (ASCII brackets, ...)
    INVALID = "invalid"

    ALL = (NONE, VALID, NORMALISED, INVALID)


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
    # identity document checks
    IdDocument.VALID: ("校验通过", "valid"),
    IdDocument.NORMALISED: ("规范书写后校验通过", "valid once written the standard way"),
    IdDocument.INVALID: ("未通过校验", "failed the check"),
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
    "succeeded": ("已撤销，由唯一的承继区划取代", "abolished, taken over by one successor"),
    "settled_by_township": (
        "已撤销，按乡镇（街道）确定承继区划",
        "abolished; the township settles the successor",
    ),
    "uncertain": (
        "已撤销，承继区划可能只含原区域的一部分",
        "abolished; a successor may hold only part of it",
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
