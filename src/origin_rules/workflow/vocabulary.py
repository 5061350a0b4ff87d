"""The flat facts the workflow rules test, with every value each can take, and the
names a rule's text may show ({placeholder}). The preparation step (`prepare.py`) is
the only producer of both; the loader checks rule files against them."""

from __future__ import annotations

from origin_rules.ruleset.model import FactValue, Text
from origin_rules.workflow.state import Agreement, Category, Stage, Symptom

BOOL: tuple[FactValue, ...] = (True, False)
STAGES: tuple[FactValue, ...] = tuple(s.value for s in Stage)

FACTS: dict[str, tuple[FactValue, ...]] = {
    "category": tuple(c.value for c in Category),
    "symptom": tuple(s.value for s in Symptom),
    "real_name_authenticated": BOOL,
    "student_status_bound": BOOL,
    # The year the record is bound to (the year shown) against the actual graduation.
    "graduation_year_shown": ("not_bound", "unknown", "correct", "earlier", "later"),
    # The month shown, compared only when the year is right.
    "graduation_month_shown": ("not_bound", "unknown", "correct", "wrong", "year_wrong"),
    # What must change, from the record or, where it is silent, from the symptom.
    "graduation_date_change": ("none", "month", "year"),
    "political_status_change": BOOL,
    "submitted": BOOL,
    "window": ("open", "submitted_in_time", "submitted_late", "closed_not_submitted"),
    "department_review": STAGES,
    "school_review": STAGES,
    "province_review": STAGES,
    "initialised": BOOL,
    # 中心无法对应学籍数据: the province's remark or the symptom reported.
    "center_cannot_match": BOOL,
    "chsi": (
        "not_checked",
        "other_info_differs",
        "expected_graduation_suspect",
        "expected_graduation_wrong",
        "corrected_awaiting_sync",
        "corrected_synced",
        "consistent",
    ),
    "department_view_year": ("unknown", "correct", "wrong"),
    "department_name_present": ("yes", "no", "unknown"),
    "e_agreement": tuple(a.value for a in Agreement),
    "id_brackets": ("not_applicable", "unknown", "none", "english", "full_width"),
    "id_number_as_on_record": ("not_applicable", "unknown", "yes", "no"),
    "failed_attempts": ("none", "one", "two", "three_or_more"),
}

# What a rule's explanation and next steps may show, filled per language.
DISPLAY = (
    "as_of",
    "category",
    "chsi_corrected_on",
    "chsi_expected",
    "chsi_sync_due",
    "department_name",
    "department_view_year",
    "e_agreement",
    "failed_attempts",
    "graduation_date",
    "graduation_year",
    "id_brackets",
    "id_number_as_on_record",
    "shown_date",
    "shown_year",
    "window_end",
    "window_state",
)

ACTORS: dict[str, Text] = {
    "student": Text("学生", "Student"),
    "department": Text("院系（培养单位）", "Department (培养单位)"),
    "school": Text("学校（就业指导中心）", "School (careers centre)"),
    "province_center": Text("省中心", "Province centre (省中心)"),
}

UNKNOWN = Text("未知", "unknown")

SYMPTOMS: dict[str, Text] = {
    "none": Text("未报告问题（查询进度与下一步）", "none reported (where the record stands)"),
    "wrong_graduation_year_shown": Text("毕业年份显示错误", "wrong graduation year shown"),
    "center_cannot_match_student_status": Text(
        "显示“中心无法对应学籍数据”", "“centre cannot match the student-status data”"
    ),
    "political_status_wrong": Text("政治面貌有误", "political status wrong"),
    "graduation_month_wrong": Text("毕业月份有误", "graduation month wrong"),
    "approved_not_initialised": Text("学校审核完成但显示未初始化", "approved but not initialised"),
    "department_cannot_see": Text(
        "院系在系统中无法查看审核", "the department cannot see the record"
    ),
    "hk_mo_tw_id_rejected": Text("港澳台学生提示证件号有误", "HK/MO/TW ID number rejected"),
    "photo_rejected": Text("简历照片不合格", "résumé photo rejected"),
    "locked_field_wrong": Text(
        "无法修改的初始信息有误（院系、专业、学号、身份证号、姓名、性别）",
        "a pre-filled item the student cannot edit is wrong",
    ),
}
