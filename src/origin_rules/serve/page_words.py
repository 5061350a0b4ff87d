"""The staff page's own words (headings, labels, buttons), Chinese first, English too.
What the page says about a decision is the report's (`origin_rules.render`)."""

from __future__ import annotations

import re

WORDS: dict[str, tuple[str, str]] = {
    "title": ("生源地判定", "Place-of-origin decisions"),
    "intro": (
        "填写一名毕业生的事实，或粘贴其 JSON，或上传多名毕业生的文件；判定按规则集的默认解读。",
        "Enter one graduate's facts, paste their JSON, or upload a file of many; decided "
        "with the ruleset's default interpretations.",
    ),
    "switch": ("English", "中文"),
    "one": ("一名毕业生", "One graduate"),
    "applicant_id": ("编号（可选）", "Identifier (optional)"),
    "cohort_year": ("毕业年份", "Graduation year"),
    "cohort_month": ("毕业月份", "Graduation month"),
    "degree": ("学历层次", "Degree"),
    "category": ("学生类别", "Category"),
    "programme": ("入学方式", "Programme entered as"),
    "normal_university": ("师范生", "Normal-university student"),
    "minority_programme": ("少数民族高层次骨干人才计划", "Minority programme (少干计划)"),
    "enrollment": ("入学日期", "Enrollment date"),
    "gaokao_date": ("高考日期", "Gaokao date"),
    "gaokao_province": ("高考省份代码", "Gaokao province code"),
    "decision_date": ("判定日（可选）", "Decision date (optional)"),
    "hukou": ("户籍记录", "Hukou records"),
    "holder": ("户籍属于", "Whose"),
    "kind": ("户口类型", "Kind"),
    "code": ("区划代码", "Division code"),
    "name": ("地名", "Place name"),
    "township": ("乡镇/街道", "Township / street"),
    "start": ("起始日期", "From"),
    "end": ("截止日期", "Until"),
    "end_reason": ("结束方式", "How it ended"),
    "cancellation_reason": ("注销原因", "Cancelled because"),
    "work": ("入学前工作经历", "Work before enrollment"),
    "add_row": ("添加一行", "Add a row"),
    "remove_row": ("删除", "Remove"),
    "none_chosen": ("（未填）", "(not stated)"),
    "decide": ("判定", "Decide"),
    "paste": ("粘贴 JSON", "Paste JSON"),
    "paste_hint": (
        "一名毕业生的 JSON（字段见 GET /v1/schema）",
        "One graduate's JSON (fields: GET /v1/schema)",
    ),
    "upload": ("上传文件（多名毕业生）", "Upload a file (many graduates)"),
    "upload_hint": (
        "JSON Lines（每行一名）、JSON（一名或数组）或 CSV（列见 docs/integrators.md）",
        "JSON Lines (one per line), JSON (one or an array) or CSV (columns: docs/integrators.md)",
    ),
    "upload_noscript": (
        "上传需要浏览器启用 JavaScript；也可使用 POST /v1/decisions:batch。",
        "Uploading needs JavaScript in the browser; or use POST /v1/decisions:batch.",
    ),
    "decide_file": ("判定文件", "Decide the file"),
    "report": ("判定报告", "Decision report"),
    "no_report": (
        "填写或粘贴事实后点击“判定”，报告显示在此处。",
        "Enter or paste facts and press Decide: the report appears here.",
    ),
    "download_report": ("下载报告（HTML）", "Download the report (HTML)"),
    "download_json": ("下载判定（JSON）", "Download the decision (JSON)"),
    "download_csv": ("下载判定表（CSV）", "Download the decisions (CSV)"),
    "download_xlsx": ("下载判定表（XLSX）", "Download the decisions (XLSX)"),
    "errors": ("事实有误，未能判定：", "The facts are malformed, nothing was decided:"),
    "file_error": ("文件无法读取：", "The file cannot be read:"),
    "batch": ("文件判定结果", "Decisions for the file"),
    "batch_counts": (
        "共 {n} 条：判定 {d} 条，出错 {e} 条。",
        "{n} records: {d} decided, {e} errors.",
    ),
    "line": ("行号", "line"),
    "outcome": ("结论", "outcome"),
    "origin_code": ("生源地代码", "origin code"),
    "origin_name": ("生源地", "origin"),
    "decided_by": ("判定规则", "deciding rule"),
    "error": ("错误", "error"),
    "not_in_form": (
        "这些事实含有表单没有的字段，表单未填入，请在“粘贴 JSON”中查看和修改：",
        "These facts have fields the form has no input for, so the form is left empty; "
        "see and change them under Paste JSON:",
    ),
    "row": ("第{n}行", "row {n}"),
}


def word(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return zh if lang == "zh" else en


_ROW_PATH = re.compile(r"^(hukou|work_before_enrollment)\.(\d+)\.(?:place\.)?(\w+)")


def field_label(path: str, lang: str) -> str:
    """Where on the form a field path is, in words: `hukou.1.start` -> 户籍记录 第2行 ·
    起始日期. A path the form has no input for (pasted JSON) is left to its path."""
    found = _ROW_PATH.match(path)
    if found:
        table, index, column = found.groups()
        heading = word("hukou" if table == "hukou" else "work", lang)
        row = word("row", lang).format(n=int(index) + 1)
        column_word = word(column, lang) if column in WORDS else column
        return f"{heading} {row} · {column_word}"
    key = {"cohort.year": "cohort_year", "cohort.month": "cohort_month"}.get(path)
    key = key or path.replace(".", "_")
    if key in WORDS:
        return word(key, lang)
    return ""
