"""`origin-rules diagnose` and `origin-rules workflow-rules`, run as a subprocess the way
staff and scripts run them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import run_cli as run

from origin_rules.ruleset.bundled import rulesets_folder

from .states import pending_review_state

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "workflow"
PY = ["--engine", "python"]

# What each shipped example is there to show.
EXAMPLE_DIAGNOSES = {
    "approved-not-initialised.json": "review.province_pending",
    "center-cannot-match.json": "faq2.awaiting_sync",
    "department-cannot-see.json": "faq6.department_name_missing",
    "earlier-year-binding.json": "faq1.bound_to_earlier_year",
    "hong-kong-id-rejected.json": "faq7.department_assists",
    "late-not-bound.json": "window.late_school_decides",
    "month-wrong-after-e-agreement.json": "e_agreement.graduation_date_locked",
}


def state(**changes: Any) -> dict[str, Any]:
    return pending_review_state("cli-1", **changes)


def test_every_example_is_listed_here() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.json")) == sorted(EXAMPLE_DIAGNOSES)


def test_examples_give_their_diagnosis_on_the_default_engine() -> None:
    files = sorted(str(p) for p in EXAMPLES.glob("*.json"))
    result = run("diagnose", *files, "--format", "json")
    assert result.returncode == 0, result.stderr
    diagnoses = json.loads(result.stdout)
    assert [d["engine"] for d in diagnoses] == ["durable"] * len(files)
    assert {Path(f).name: d["diagnosis"] for f, d in zip(files, diagnoses, strict=True)} == (
        EXAMPLE_DIAGNOSES
    )


def test_text_in_chinese_by_default() -> None:
    result = run("diagnose", str(EXAMPLES / "department-cannot-see.json"), *PY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("生源记录诊断：2022-0417\n")
    assert "诊断：院系看不到：生源信息缺少院系名称" in result.stdout
    assert "【院系（培养单位）】院系老师联系学职办" in result.stdout


def test_english_markdown() -> None:
    result = run(
        "diagnose", str(EXAMPLES / "late-not-bound.json"), "--lang", "en", "--format", "md", *PY
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Origin record diagnosis: 2022-1010\n")
    assert "## Diagnosis: Past the verification deadline" in result.stdout


def test_stdin_symptom_and_as_of_options() -> None:
    data = json.dumps(state(shown_graduation={"year": 2021, "month": 6}))
    result = run(
        "diagnose",
        "-",
        "--symptom",
        "department_cannot_see",
        "--as-of",
        "2021-09-25",
        "--format",
        "json",
        *PY,
        stdin=data,
    )
    assert result.returncode == 0, result.stderr
    d = json.loads(result.stdout)
    assert (d["diagnosis"], d["symptom"], d["options"]["as_of"]) == (
        "faq6.bound_year_wrong",
        "department_cannot_see",
        "2021-09-25",
    )


def test_interpretation_option_is_used_and_an_unknown_one_refused() -> None:
    data = json.dumps(state(review={"submitted_on": None}, as_of="2021-10-11"))
    chosen = run(
        "diagnose",
        "-",
        "--format",
        "json",
        "--interpretation",
        "late_record=review_continues",
        *PY,
        stdin=data,
    )
    assert chosen.returncode == 0, chosen.stderr
    uses = json.loads(chosen.stdout)["interpretations"]
    assert [(u["id"], u["reading"], u["is_default"]) for u in uses] == [
        ("late_record", "review_continues", False)
    ]
    refused = run("diagnose", "-", "--interpretation", "late_record=never", *PY, stdin=data)
    assert refused.returncode == 2
    assert "'never' is not a reading of late_record" in refused.stderr


def test_jsonl_gives_one_record_per_line_and_names_bad_fields() -> None:
    lines = [
        json.dumps(state()),
        "{not json",
        json.dumps(state(review={"submitted_on": None, "department": "approved"})),
        "",
        json.dumps(state(category="international")),
    ]
    result = run("diagnose", "--jsonl", "-", "--format", "json", *PY, stdin="\n".join(lines))
    assert result.returncode == 2
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4
    assert out[0]["diagnosis"] == "review.department_pending"
    assert out[1] == {
        "error": {
            "kind": "invalid_json",
            "message": "Expecting property name enclosed in double quotes",
            "column": 2,
        },
        "file": "<stdin>",
        "line": 2,
    }
    assert out[2]["line"] == 3
    assert out[2]["error"]["fields"] == [
        {
            "path": "review.department",
            "message": "cannot be reached: the record was not submitted",
            "value": "approved",
        }
    ]
    assert out[3]["line"] == 5 and out[3]["error"]["fields"][0]["path"] == "category"
    assert (
        '<stdin>:3: review.department: cannot be reached: the record was not submitted (got "approved")'
        in result.stderr
    )
    assert "<stdin>:5: category: " in result.stderr and '(got "international")' in result.stderr


def test_an_array_file_gives_an_array_with_error_records_in_place(tmp_path: Path) -> None:
    path = tmp_path / "states.json"
    path.write_text(json.dumps([state(), {"category": "mainland"}]), encoding="utf-8")
    result = run("diagnose", str(path), "--format", "json", *PY)
    assert result.returncode == 2
    out = json.loads(result.stdout)
    assert out[0]["diagnosis"] == "review.department_pending"
    assert out[1]["input_index"] == 1 and out[1]["error"]["kind"] == "invalid_facts"


def test_text_output_heads_each_record_and_shows_errors(tmp_path: Path) -> None:
    path = tmp_path / "states.json"
    path.write_text(
        json.dumps([state(), state(graduation={"year": 2022, "month": 0})]), encoding="utf-8"
    )
    result = run("diagnose", str(path), *PY)
    assert result.returncode == 2
    assert f"==== {path}[0] " in result.stdout and f"==== {path}[1] " in result.stdout
    assert f"输入有误：{path}[1]\n  - graduation.month: " in result.stdout


def test_an_unreadable_file_is_an_error_record() -> None:
    result = run("diagnose", "no-such-state.json", "--format", "json", *PY)
    assert result.returncode == 2
    assert json.loads(result.stdout)["error"]["kind"] == "unreadable"


def test_workflow_rules_lists_rules_symptoms_and_interpretations() -> None:
    result = run("workflow-rules")
    assert result.returncode == 0, result.stderr
    assert "按优先级从高到低：" in result.stdout
    assert "  1. faq6.bound_year_wrong  → 诊断（学生）" in result.stdout
    assert "department_cannot_see" in result.stdout
    assert "   * school_decides：" in result.stdout
    english = run("workflow-rules", "--lang", "en")
    assert "Rules, highest precedence first:" in english.stdout


def test_workflow_rules_check_reports_problems(tmp_path: Path) -> None:
    folder = tmp_path / "workflow-2022"
    shutil.copytree(rulesets_folder() / "workflow-2022", folder)
    (tmp_path / "guide-2022").mkdir()
    shutil.copy(rulesets_folder() / "guide-2022" / "source.md", tmp_path / "guide-2022")
    ok = run("workflow-rules", "--check", str(folder))
    assert ok.returncode == 0, ok.stderr
    assert (
        ok.stdout == f"{folder}: workflow-2022 1.0.0 OK: 41 rules, 14 clauses, 3 interpretations\n"
    )
    clauses = folder / "clauses.yaml"
    clauses.write_text(
        clauses.read_text(encoding="utf-8").replace("重新上传", "请重新上传"), encoding="utf-8"
    )
    bad = run("workflow-rules", "--check", str(folder))
    assert bad.returncode == 2
    assert f"{clauses}: faq.8: text: is not verbatim in the source document" in bad.stderr


def test_help_shows_examples() -> None:
    for command in ("diagnose", "workflow-rules"):
        result = run(command, "--help")
        assert result.returncode == 0
        assert "Examples:\n  origin-rules " + command in result.stdout


@pytest.mark.parametrize("engine", ["python", "durable"])
def test_both_engines_from_the_command_line(engine: str) -> None:
    result = run(
        "diagnose",
        str(EXAMPLES / "hong-kong-id-rejected.json"),
        "--format",
        "json",
        "--engine",
        engine,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["engine"] == engine
