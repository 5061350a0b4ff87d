"""`origin-rules change` and `origin-rules forms`, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import openpyxl
from cli_helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "changes"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, stdin=stdin, cwd=ROOT, timeout=120)


def test_change_explains_a_change_of_origin_for_staff_in_chinese() -> None:
    done = run("change", str(EXAMPLES / "origin-parents-moved.json"), "--engine", "python")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "审核结果：受理\n" in out
    assert "    - 审核结果代码：accepted\n" in out  # the code, in the technical appendix
    assert "生源地：广东省潮州市湘桥区（445102，县级） ｜ 广东省广州市番禺区（440113，县级）" in out
    assert "「生源地变更证明材料为由当地公安机关出具的证明材料" in out


def test_change_json_and_fail_on_not_accepted() -> None:
    path = str(EXAMPLES / "department-no-reason.json")
    done = run("change", path, "--format", "json", "--engine", "python")
    assert done.returncode == 0
    decision = json.loads(done.stdout)
    assert decision["result"] == "rejected"
    assert decision["fields"][0]["rejection"]["id"] == "no_reason"
    failing = run("change", path, "--fail-on", "not-accepted", "--engine", "python")
    assert failing.returncode == 1


def test_every_jsonl_record_gives_one_output_record_and_bad_ones_name_field_and_value() -> None:
    good = json.loads((EXAMPLES / "name-change.json").read_text(encoding="utf-8"))
    bad = json.loads(json.dumps(good))
    bad["corrections"][0]["reason"] = "married"
    lines = "\n".join([json.dumps(good, ensure_ascii=False), "{not json", json.dumps(bad)]) + "\n"
    done = run("change", "-", "--jsonl", "--engine", "python", stdin=lines)
    assert done.returncode == 2
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(records) == 3
    assert records[0]["result"] == "needs_evidence"
    assert records[1]["error"]["kind"] == "invalid_json" and records[1]["line"] == 2
    assert records[2]["error"]["fields"][0] == {
        "path": "corrections.0.reason",
        "message": records[2]["error"]["fields"][0]["message"],
        "value": "married",
    }
    assert "<stdin>:3: corrections.0.reason: unknown reason" in done.stderr
    assert '(got "married")' in done.stderr


def test_an_unknown_interpretation_stops_before_any_record() -> None:
    done = run(
        "change", str(EXAMPLES / "name-change.json"), "--interpretation", "missing_reason=guess"
    )
    assert done.returncode == 2
    assert "missing_reason" in done.stderr and "guess" in done.stderr


def test_change_form_writes_xlsx_and_lists_what_it_left_out(tmp_path: Path) -> None:
    out = tmp_path / "附表1.xlsx"
    files = sorted(str(p) for p in EXAMPLES.glob("*.json"))
    done = run("forms", "change-form", *files, "-o", str(out), "--engine", "python")
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(out)["附表1"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][-1] == "错误字段更正信息"
    assert len(rows) == 3 + 3
    assert "department-no-reason.json: not on the form: department (rejected)" in done.stderr


def test_change_form_with_bad_input_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "form.csv"
    bad = tmp_path / "bad.json"
    bad.write_text('{"verified": true, "record": {}, "corrections": []}', encoding="utf-8")
    done = run("forms", "change-form", str(bad), "-o", str(out))
    assert done.returncode == 2
    assert not out.exists()
    assert "record.student_number" in done.stderr and "corrections" in done.stderr


def test_minority_summary_reports_a_missing_agreement_and_exits_1(tmp_path: Path) -> None:
    records = [
        {"student_number": "2019101", "name": "阿依古丽", "department": "法学院",
         "degree": "master", "ethnicity": "维吾尔族", "minority_programme": True,
         "agreement_on_file": True},
        {"student_number": "2019102", "name": "扎西", "department": "法学院",
         "degree": "doctor", "ethnicity": "藏族", "minority_programme": True,
         "agreement_on_file": False},
    ]  # fmt: skip
    source = tmp_path / "graduates.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    out = tmp_path / "附件2.csv"
    done = run("forms", "minority-summary", "--jsonl", str(source), "-o", str(out))
    assert done.returncode == 1
    assert "graduates.jsonl:2: 2019102 扎西: no_agreement" in done.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0].startswith("序号,培养单位,学历,姓名,学号")


def test_minority_summary_names_a_bad_record_field() -> None:
    line = json.dumps({"student_number": "1", "name": "x", "department": "d", "degree": "phd"})
    done = run("forms", "minority-summary", "-", "--jsonl", "-o", "-", stdin=line)
    assert done.returncode == 2
    assert "<stdin>:1: degree:" in done.stderr and "'phd'" in done.stderr


def test_help_shows_examples() -> None:
    for command in (["change"], ["forms"], ["forms", "change-form"]):
        done = run(*command, "--help")
        assert done.returncode == 0
        assert "Examples:" in done.stdout
