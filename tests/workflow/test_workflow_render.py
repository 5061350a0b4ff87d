"""A diagnosis rendered for staff (text and Markdown, 中文 and English) and as JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest

from origin_rules.errors import InvalidOptionError
from origin_rules.workflow import Diagnosis, diagnose, render_diagnosis


def late_unbound() -> dict[str, Any]:
    """Late, unbound, with a note and an interpretation: every section shows."""
    return {
        "record_id": "render-1",
        "category": "hk_mo_tw",
        "graduation": {"year": 2022, "month": 6},
        "binding": {
            "real_name_authenticated": False,
            "student_status_bound": False,
            "id_brackets": "full_width",
            "failed_attempts": 3,
        },
        "review": {"submitted_on": None},
        "symptom": "hk_mo_tw_id_rejected",
        "as_of": "2021-10-12",
    }


@pytest.fixture(scope="module")
def diagnosis() -> Diagnosis:
    return diagnose(late_unbound(), engine="python")


def test_chinese_text_quotes_the_clause_and_lists_steps_by_actor(diagnosis: Diagnosis) -> None:
    text = render_diagnosis(diagnosis)
    assert text.startswith("生源记录诊断：render-1\n问题：港澳台学生提示证件号有误\n")
    assert "诊断：港澳台证件号：括号须用英文格式" in text
    assert "「答：一般应使用学籍信息上的证件号码，如证件号中有括号，则应使用英文格式。" in text
    assert "另需处理：" in text and "提示：" in text and "所依据的解释：" in text
    assert "\n    按正确格式失败两次及以上，院系协助填写生源信息并审核（默认）\n" in text
    # the interpretation's id and reading are in the technical appendix, not above it
    staff, appendix = text.split("\n技术附录（供系统对接与核对）：\n")
    assert "department_assist" not in staff
    assert "department_assist = after_two_failures" in appendix
    assert "  1. 【学生】重新输入证件号，括号使用英文格式" in text
    assert "【院系（培养单位）】在后台协助该生填写生源信息并审核。" in text
    assert "【学校（就业指导中心）】决定该记录是否继续受理及如何处理。" in text


def test_english_text_says_the_same_in_english(diagnosis: Diagnosis) -> None:
    text = render_diagnosis(diagnosis, lang="en")
    assert "Diagnosis: Hong Kong, Macau, Taiwan ID number: brackets in English format" in text
    assert "Also to act on:" in text and "Interpretations relied on:" in text
    assert "[Department (培养单位)] Fill in the student's origin record from the back end" in text
    assert (
        "after two or more failed attempts with a correctly formatted number"
        in text.split("Technical appendix:")[0]
    )
    assert "department_assist = after_two_failures" in text.split("Technical appendix:")[1]


def test_markdown_has_a_section_per_role(diagnosis: Diagnosis) -> None:
    md = render_diagnosis(diagnosis, format="md")
    assert md.startswith("# 生源记录诊断：render-1\n")
    for heading in (
        "## 诊断：",
        "## 另需处理",
        "## 提示",
        "## 所依据的解释",
        "## 全部下一步（按先后）",
        "## 技术附录（供系统对接与核对）",
    ):
        assert heading in md
    assert "\n> 答：一般应使用学籍信息上的证件号码" in md
    en = render_diagnosis(diagnosis, lang="en", format="md")
    assert "## Every next step, in order" in en


def test_json_is_the_diagnosis_with_keys_sorted(diagnosis: Diagnosis) -> None:
    text = render_diagnosis(diagnosis, format="json")
    assert Diagnosis.model_validate_json(text) == diagnosis
    data = json.loads(text)
    assert list(data) == sorted(data)


def test_replaced_rules_are_listed_with_what_covers_them() -> None:
    state = late_unbound() | {
        "category": "mainland",
        "binding": {"real_name_authenticated": True, "student_status_bound": True},
        "graduation": {"year": 2022, "month": 12},
        "shown_graduation": {"year": 2022, "month": 6},
        "review": {"submitted_on": "2021-09-01", "department": "pending"},
        "e_agreement": "signed",
        "symptom": "graduation_month_wrong",
    }
    d = diagnose(state, engine="python")
    zh = render_diagnosis(d)
    assert (
        "  - 仅毕业月份有误：提交修改申请表，由院系更改——由“毕业时间需更改，但已申请电子协议”涵盖\n"
        in zh
    )
    en = render_diagnosis(d, lang="en")
    assert (
        "  - Only the graduation month is wrong: change request form, the department corrects it"
        " — covered by “The graduation date must change, but the e-agreement was already"
        " applied for”\n"
    ) in en
    # the rules' ids are in the technical appendix
    assert "      涵盖它的规则：e_agreement.graduation_date_locked\n" in zh


@pytest.mark.parametrize(("lang", "fmt"), [("fr", "text"), ("zh", "pdf")])
def test_unknown_lang_or_format_is_named(diagnosis: Diagnosis, lang: str, fmt: str) -> None:
    with pytest.raises(InvalidOptionError, match=repr(lang if lang == "fr" else fmt)):
        render_diagnosis(diagnosis, lang=lang, format=fmt)
