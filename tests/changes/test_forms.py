"""Form 1 (附表1) and annex 2 (附件2): the rows, the headers, CSV with its byte-order mark,
XLSX read back with openpyxl, and the minority-programme graduates reported when their
agreement is not on file."""

from __future__ import annotations

import builtins
import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from origin_rules.changes import (
    ChangeRequest,
    GraduateRecord,
    bundled_changes_policy,
    parse_request,
)
from origin_rules.forms import (
    FormsUnavailableError,
    change_form,
    csv_bytes,
    minority_summary,
    write_xlsx,
    xlsx_bytes,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "changes"
FORM_1_HEADERS = [
    "序号",
    "培养单位",
    "学历",
    "姓名",
    "学号",
    "手机号码",
    "错误字段",
    "错误字段原信息",
    "错误字段更正信息",
]
NUMBER = "44011320000101008X"
NEW_NUMBER = "110105199001011232"


def requests(*names: str) -> list[ChangeRequest]:
    policy = bundled_changes_policy()
    return [
        parse_request(json.loads((EXAMPLES / f"{n}.json").read_text(encoding="utf-8")), policy)
        for n in names
    ]


ALL = ("origin-parents-moved", "name-change", "department-no-reason", "division-change")


def test_form_1_has_a_numbered_row_per_correction_on_the_form() -> None:
    form = change_form(requests(*ALL), engine="python")
    assert list(form.table.headers) == FORM_1_HEADERS
    assert [list(r) for r in form.table.rows] == [
        ["1", "计算机学院", "本科", "李四", "1542366", "12345678913", "生源地",
         "广东省潮州市湘桥区（445102）", "广东省广州市番禺区（440113）"],
        ["2", "外国语学院", "硕士", "张三", "1122235", "12157862441", "姓名", "张三", "张珊"],
        ["3", "海洋学院", "本科", "赵六", "1830507", "13900000000", "生源地",
         "江苏省南通市崇川区（320602）", "江苏省南通市崇川区（320613）"],
    ]  # fmt: skip
    # The rejected department change is left out, and says why.
    assert [(s.student_number, s.field, s.result) for s in form.skipped] == [
        ("2018301", "department", "rejected")
    ]


def test_the_verbatim_reading_heads_the_last_column_as_printed() -> None:
    form = change_form(
        requests("name-change"),
        interpretations={"form_1_correction_header": "verbatim"},
        engine="python",
    )
    assert form.table.headers[-1] == "错误字段原更正信息"
    assert "form_1_correction_header = verbatim" in form.table.notes[0]


def test_a_student_edited_origin_is_not_on_the_form() -> None:
    (request,) = requests("origin-parents-moved")
    before = request.model_copy(update={"verified": False})
    form = change_form([before], engine="python")
    assert form.table.rows == ()
    assert [(s.field, s.result) for s in form.skipped] == [("origin", "accepted")]


def test_an_id_number_is_in_full_only_in_the_row_that_corrects_it() -> None:
    (request,) = requests("name-change")
    data = request.model_dump(mode="json")
    data["corrections"] = [
        {
            "field": "id_number",
            "new": NEW_NUMBER,
            "reason": "id_number_change",
            "evidence": ["police_change_notice_copy"],
        }
    ]
    form = change_form([parse_request(data, bundled_changes_policy())], engine="python")
    (row,) = form.table.rows
    assert row[-2:] == (NUMBER, NEW_NUMBER)
    assert NUMBER[6:14] not in form.decisions[0].model_dump_json()


def test_csv_starts_with_the_byte_order_mark_and_holds_the_headers_and_rows() -> None:
    form = change_form(requests(*ALL), engine="python")
    data = csv_bytes(form.table)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == FORM_1_HEADERS
    assert rows[1:] == [list(r) for r in form.table.rows]


def test_xlsx_read_back_has_the_title_headers_rows_and_notes(tmp_path: Path) -> None:
    form = change_form(requests(*ALL), engine="python")
    path = tmp_path / "附表1.xlsx"
    write_xlsx(form.table, path)
    book = openpyxl.load_workbook(path)
    sheet = book["附表1"]
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ["附表 1 2022 届毕业生生源信息修改申请表"]
    assert values[1] == ["填表人： 联系电话： 负责人签字： 单位盖章："]
    assert values[2] == FORM_1_HEADERS
    assert values[3:] == [list(r) for r in form.table.rows]
    assert all(isinstance(v, str) for row in values for v in row)  # 学号 stays text
    notes = [row[0] for row in book["说明"].iter_rows(values_only=True)]
    assert notes == list(form.table.notes)
    assert "错误字段更正信息" in str(notes[0])


def test_a_value_that_looks_like_a_formula_stays_text() -> None:
    graduate = record(name="=HYPERLINK(1)", agreement_on_file=True)
    summary = minority_summary([graduate], as_of=date(2022, 6, 30))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(summary.table)))["附件2"]
    assert sheet.cell(row=3, column=4).value == "=HYPERLINK(1)"
    assert sheet.cell(row=3, column=4).data_type == "s"


def record(**values: Any) -> GraduateRecord:
    base: dict[str, Any] = {
        "student_number": "2019101",
        "name": "阿依古丽",
        "department": "法学院",
        "degree": "master",
        "ethnicity": "维吾尔族",
        "origin": "650102",
        "minority_programme": True,
        "phone": "13700000000",
    }
    return GraduateRecord.model_validate({**base, **values})


def test_the_minority_summary_lists_programme_graduates_and_reports_missing_agreements() -> None:
    graduates = [
        record(agreement_on_file=True),
        record(student_number="2019102", name="扎西", ethnicity="藏族", origin="540102",
               agreement_on_file=False),
        record(student_number="2019103", name="李雷", minority_programme=False),
        record(student_number="2019104", name="巴特尔", ethnicity="蒙古族", origin="150102",
               degree="bachelor"),
    ]  # fmt: skip
    summary = minority_summary(graduates, as_of=date(2022, 6, 30))
    assert summary.table.headers == (
        "序号", "培养单位", "学历", "姓名", "学号", "民族", "生源地", "定向协议书已上传",
    )  # fmt: skip
    assert [r[3] for r in summary.table.rows] == ["阿依古丽", "扎西", "巴特尔"]
    assert summary.table.rows[0] == (
        "1", "法学院", "硕士", "阿依古丽", "2019101", "维吾尔族", "新疆维吾尔自治区乌鲁木齐市天山区", "是",
    )  # fmt: skip
    assert [(p.index, p.student_number, p.problem) for p in summary.problems] == [
        (1, "2019102", "no_agreement"),
        (3, "2019104", "agreement_unknown"),
        (3, "2019104", "degree_not_in_programme"),
    ]
    assert "本科" in summary.problems[2].text.zh
    assert all(p.clause == "minority.agreement" for p in summary.problems)


def test_the_contact_reading_adds_the_phone_number() -> None:
    summary = minority_summary(
        [record(agreement_on_file=True)],
        interpretations={"minority_summary_columns": "with_contact"},
        as_of=date(2022, 6, 30),
    )
    assert "手机号码" in summary.table.headers
    assert "13700000000" in summary.table.rows[0]


def test_no_id_number_is_on_the_minority_summary() -> None:
    summary = minority_summary([record(id_number=NUMBER, agreement_on_file=True)])
    assert NUMBER not in csv_bytes(summary.table).decode("utf-8-sig")


def test_xlsx_without_openpyxl_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_openpyxl(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("openpyxl"):
            raise ImportError("No module named 'openpyxl'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    summary = minority_summary([record(agreement_on_file=True)])
    with pytest.raises(FormsUnavailableError, match=r"origin-rules\[forms\]"):
        xlsx_bytes(summary.table)
