"""The `origin-rules` command, driven as a subprocess the way users and scripts run it.

Most tests use `--engine python` so they exercise the command, not the engine; one test
runs the default (durable) engine when durable_rules is importable here.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from applicants import bachelor_panyu
from cli_helpers import run_cli as run

from origin_rules import bundled_ruleset
from origin_rules.cli import examples_folder

PY = ["--engine", "python"]


def master_wuhan_prefecture(applicant_id: str = "cli-master") -> dict[str, Any]:
    """Insufficient facts by default: the workplace hukou is only known as 武汉市;
    `workplace_precision=prefecture_accepted` makes it determined."""
    return {
        "applicant_id": applicant_id,
        "cohort": {"year": 2022, "month": 6},
        "degree": "master",
        "category": "mainland",
        "hukou": [
            {
                "holder": "family",
                "kind": "family_household",
                "place": {"code": "420111", "name": "洪山区"},
                "start": "1996-01-01",
            },
            {
                "holder": "student",
                "kind": "individual_independent",
                "place": {"code": "420100", "name": "武汉市"},
                "start": "2016-08-01",
            },
        ],
        "gaokao": {"date": "2011-06-07", "province": "420000"},
        "enrollment": "2019-09-01",
        "earlier_programmes": [
            {"level": "bachelor", "enrollment": "2011-09-01", "graduation": "2015-06-30"}
        ],
        "work_before_enrollment": [
            {
                "place": {"code": "420100", "name": "武汉市"},
                "start": "2015-07-01",
                "end": "2019-08-01",
            }
        ],
    }


def malformed() -> dict[str, Any]:
    bad = bachelor_panyu("cli-bad")
    bad["hukou"][0]["place"]["code"] = "44011"  # five digits
    bad["degree"] = "bachelour"
    return bad


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def jsonl(*items: Any) -> str:
    return "".join(
        (item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)) + "\n"
        for item in items
    )


# --- demo ------------------------------------------------------------------------------


def test_demo_explains_every_shipped_example_in_chinese() -> None:
    files = sorted(examples_folder().glob("*.json"))
    assert files, f"no examples in {examples_folder()}"
    result = run("demo", *PY)
    assert result.returncode == 0, result.stderr
    assert "番禺" in result.stdout
    for file in files:
        data = json.loads(file.read_text(encoding="utf-8"))
        for applicant in data if isinstance(data, list) else [data]:
            if applicant.get("applicant_id"):
                assert f"申请人：{applicant['applicant_id']}" in result.stdout
    assert "判定过程" in result.stdout
    assert "条款" in result.stdout


def test_demo_in_english() -> None:
    result = run("demo", *PY, "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "Trace:" in result.stdout
    assert "Clause:" in result.stdout
    assert "Outcome:" in result.stdout


@pytest.mark.skipif(
    importlib.util.find_spec("durable") is None, reason="durable_rules is not installed"
)
def test_demo_with_the_default_engine() -> None:
    result = run("demo")
    assert result.returncode == 0, result.stderr
    assert "规则引擎：durable" in result.stdout
    assert "番禺" in result.stdout


def test_demo_reports_a_bad_example_and_explains_the_others(tmp_path: Path) -> None:
    write_json(tmp_path / "a.json", bachelor_panyu("demo-a"))
    write_json(tmp_path / "b.json", [master_wuhan_prefecture("demo-b")])
    write_json(tmp_path / "c.json", malformed())
    result = run("demo", *PY, "--examples", str(tmp_path))
    assert result.returncode == 2
    out = result.stdout
    assert out.index("申请人：demo-a") < out.index("申请人：demo-b") < out.index("输入有误：c.json")
    assert "生源地：广东省广州市番禺区（440113，县级）" in out
    assert "1. 【作出判定】生源地为高考前家庭常驻户籍所在地" in out
    # the interpretation the master's decision relied on, marked as the default reading
    assert "仍须具体到区、县，只有地级市时要求补充（默认解读）" in out
    # its id and the reading taken are in the technical appendix, not in the sentences
    assert "解释及所取解读：workplace_precision = county_required" in out
    assert "需补充的事实" in out
    assert "c.json: hukou.0.place.code:" in result.stderr


def test_demo_names_a_missing_examples_folder(tmp_path: Path) -> None:
    result = run("demo", *PY, "--examples", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "no examples folder" in result.stderr
    assert str(tmp_path / "nowhere") in result.stderr


# --- decide: input and output shapes -------------------------------------------------------


def test_decide_one_file_gives_one_object(tmp_path: Path) -> None:
    path = write_json(tmp_path / "a.json", bachelor_panyu())
    result = run("decide", *PY, str(path))
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert decision["applicant_id"] == "cli-bachelor"
    assert decision["outcome"] == "determined"
    assert decision["origin"]["code"] == "440113"
    assert decision["engine"] == "python"
    assert decision["trace"][0]["role"] == "decided"


def test_decide_from_stdin() -> None:
    result = run("decide", *PY, "-", stdin=json.dumps(bachelor_panyu()))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["origin"]["code"] == "440113"


def test_decide_several_files_and_arrays_give_an_array_in_order(tmp_path: Path) -> None:
    one = write_json(tmp_path / "one.json", bachelor_panyu("first"))
    many = write_json(
        tmp_path / "many.json", [master_wuhan_prefecture("second"), bachelor_panyu("third")]
    )
    result = run("decide", *PY, str(one), str(many))
    assert result.returncode == 0, result.stderr
    decisions = json.loads(result.stdout)
    assert [d["applicant_id"] for d in decisions] == ["first", "second", "third"]

    alone = run("decide", *PY, str(many))
    assert isinstance(json.loads(alone.stdout), list)


def test_decide_jsonl_in_and_out(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(jsonl(bachelor_panyu("l1"), "", master_wuhan_prefecture("l3")), "utf-8")
    result = run("decide", *PY, "--jsonl", str(path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2  # the blank line is not a record
    decisions = [json.loads(line) for line in lines]
    assert [d["applicant_id"] for d in decisions] == ["l1", "l3"]
    assert [d["outcome"] for d in decisions] == ["determined", "insufficient_facts"]


def test_decide_jsonl_from_stdin() -> None:
    result = run("decide", *PY, "--jsonl", "-", stdin=jsonl(bachelor_panyu("s1")))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["applicant_id"] == "s1"


def test_decide_text_output(tmp_path: Path) -> None:
    path = write_json(tmp_path / "a.json", bachelor_panyu())
    result = run("decide", *PY, str(path), "--format", "text")
    assert result.returncode == 0, result.stderr
    assert "生源地：广东省广州市番禺区（440113，县级）" in result.stdout
    assert "「本科毕业生的生源地指的是该生高考前家庭常驻户籍所在地" in result.stdout


# --- decide: bad input ----------------------------------------------------------------------


def test_bad_json_is_exit_2_naming_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"cohort":\n', encoding="utf-8")
    result = run("decide", *PY, str(path))
    assert result.returncode == 2
    assert str(path) in result.stderr
    assert "invalid JSON at line 2" in result.stderr
    record = json.loads(result.stdout)
    assert record["error"]["kind"] == "invalid_json"
    assert record["file"] == str(path)


def test_malformed_applicant_is_exit_2_with_every_field_path(tmp_path: Path) -> None:
    path = write_json(tmp_path / "bad.json", malformed())
    result = run("decide", *PY, str(path))
    assert result.returncode == 2
    assert f"{path}: hukou.0.place.code:" in result.stderr
    assert f"{path}: degree:" in result.stderr
    assert "Traceback" not in result.stderr
    record = json.loads(result.stdout)
    assert record["error"]["kind"] == "invalid_facts"
    assert {f["path"] for f in record["error"]["fields"]} == {"hukou.0.place.code", "degree"}


def test_a_bad_record_does_not_stop_the_batch(tmp_path: Path) -> None:
    path = write_json(tmp_path / "mixed.json", [bachelor_panyu("ok-1"), malformed(), 42])
    missing = tmp_path / "missing.json"
    result = run("decide", *PY, str(path), str(missing))
    assert result.returncode == 2
    records = json.loads(result.stdout)
    assert len(records) == 4  # one output record per input record, in order
    assert records[0]["applicant_id"] == "ok-1"
    assert records[1]["input_index"] == 1
    assert records[1]["error"]["kind"] == "invalid_facts"
    assert records[2]["input_index"] == 2
    assert records[3]["error"]["kind"] == "unreadable"
    assert f"{path}[1]: hukou.0.place.code:" in result.stderr
    assert f"{missing}: cannot read" in result.stderr


def test_jsonl_gives_one_error_record_per_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(
        jsonl(bachelor_panyu("l1"), "{not json", malformed(), master_wuhan_prefecture("l4")),
        encoding="utf-8",
    )
    result = run("decide", *PY, "--jsonl", str(path))
    assert result.returncode == 2
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 4
    assert records[0]["applicant_id"] == "l1"
    assert records[1] == {
        "error": records[1]["error"],
        "file": str(path),
        "line": 2,
    }
    assert records[1]["error"]["kind"] == "invalid_json"
    assert records[2]["line"] == 3
    assert records[2]["error"]["kind"] == "invalid_facts"
    assert records[3]["applicant_id"] == "l4"
    assert f"{path}:2: invalid JSON" in result.stderr
    assert f"{path}:3: hukou.0.place.code:" in result.stderr


# --- decide: options ------------------------------------------------------------------------


def test_fail_on_review(tmp_path: Path) -> None:
    determined = write_json(tmp_path / "determined.json", bachelor_panyu())
    insufficient = write_json(tmp_path / "insufficient.json", master_wuhan_prefecture())
    assert run("decide", *PY, str(determined), "--fail-on", "review").returncode == 0
    assert run("decide", *PY, str(insufficient)).returncode == 0
    failed = run("decide", *PY, str(determined), str(insufficient), "--fail-on", "review")
    assert failed.returncode == 1
    assert len(json.loads(failed.stdout)) == 2  # the output is still complete


def test_interpretation_and_decision_date_options(tmp_path: Path) -> None:
    path = write_json(tmp_path / "m.json", master_wuhan_prefecture())
    result = run(
        "decide",
        *PY,
        str(path),
        "--interpretation",
        "workplace_precision=prefecture_accepted",
        "--decision-date",
        "2022-06-30",
    )
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert decision["outcome"] == "determined"
    assert decision["origin"]["code"] == "420100"
    assert decision["options"]["decision_date"] == "2022-06-30"
    assert decision["options"]["interpretations"]["workplace_precision"] == "prefecture_accepted"
    relied = {i["id"]: i["is_default"] for i in decision["interpretations"]}
    assert relied["workplace_precision"] is False


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--interpretation", "no_such=thing"], "unknown interpretation 'no_such'"),
        (["--interpretation", "workplace_precision=maybe"], "county_required"),
        (["--interpretation", "workplace_precision"], "expected ID=READING"),
        (["--decision-date", "2022-13-01"], "YYYY-MM-DD"),
        (["--engine", "prolog"], "invalid choice"),
    ],
)
def test_bad_options_are_exit_2(tmp_path: Path, option: list[str], message: str) -> None:
    path = write_json(tmp_path / "a.json", bachelor_panyu())
    result = run("decide", *PY, str(path), *option)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


# --- decide and demo: Markdown ---------------------------------------------------------------


def test_decide_markdown_output(tmp_path: Path) -> None:
    path = write_json(tmp_path / "a.json", bachelor_panyu())
    result = run("decide", *PY, str(path), "--format", "md", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Origin decision: cli-bachelor\n")
    assert "> 本科毕业生的生源地指的是该生高考前家庭常驻户籍所在地" in result.stdout
    assert "| Facts tested | Value |" in result.stdout
    assert "## Why not" not in result.stdout  # a decision, not an explanation


def test_demo_in_markdown() -> None:
    result = run("demo", *PY, "--format", "md")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# 生源地判定示例")
    assert "<!-- bachelor-panyu.json -->" in result.stdout
    assert "# 生源地判定：example-panyu" in result.stdout


# --- explain ----------------------------------------------------------------------------------


def test_explain_a_file_in_chinese_by_default(tmp_path: Path) -> None:
    path = write_json(tmp_path / "a.json", bachelor_panyu())
    result = run("explain", str(path))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("申请人：cli-bachelor\n")  # one record: no file header
    assert "生源地：广东省广州市番禺区（440113，县级）" in out
    assert "规则引擎：python" in out  # explain defaults to the pure-Python engine
    assert "「本科毕业生的生源地指的是该生高考前家庭常驻户籍所在地" in out
    assert "  - 高考前家庭户籍的户口类型：家庭户口" in out
    parts = ["判定过程：", "结论：", "为什么不是……：", "如果……："]
    assert [out.index(p) for p in parts] == sorted(out.index(p) for p in parts)
    assert "review.family_hukou_not_permanent" in out  # a why-not, with its failed test
    assert "未满足的条件：高考前家庭户籍的户口类型为“家庭户口”" in out
    # a counterfactual, naming the record as the list at the top numbers it
    assert "户籍记录（下文按此编号）：\n  1. 家庭户籍，家庭户口，" in out
    assert "1. 若第1条户籍记录（家庭户籍，" in out
    assert out.index("技术附录（供系统对接与核对）：") > out.index("如果……：")
    assert result.stderr == ""


def test_explain_from_stdin_in_english() -> None:
    result = run("explain", "-", "--lang", "en", stdin=json.dumps(master_wuhan_prefecture()))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Outcome: insufficient facts\n" in out
    assert "Outcome code: insufficient_facts" in out  # in the technical appendix
    assert "What staff must ask for:" in out
    assert "Field path: hukou[holder=student,kind=individual_independent].place.code" in out
    assert "Why not:" in out
    assert "What would change it:" in out
    assert "If the place of hukou record 2 (the student's own registration," in out


def test_explain_markdown(tmp_path: Path) -> None:
    path = write_json(tmp_path / "a.json", bachelor_panyu())
    result = run("explain", str(path), "--format", "md")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("# 生源地判定：cli-bachelor\n")
    assert "### 1. 【作出判定】生源地为高考前家庭常驻户籍所在地" in out
    assert "> 本科毕业生的生源地指的是该生高考前家庭常驻户籍所在地" in out
    assert "| 高考前家庭户籍的户口类型 | 家庭户口 |" in out
    assert "## 为什么不是……" in out
    assert "## 如果……" in out


def test_explain_json_is_the_explanation(tmp_path: Path) -> None:
    path = write_json(tmp_path / "a.json", bachelor_panyu())
    result = run("explain", str(path), "--format", "json", "--budget", "10")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["counterfactuals", "decision", "search", "why_not"]  # sorted keys
    assert data["decision"]["origin"]["code"] == "440113"
    assert data["search"]["seconds_budget"] == 10
    assert data["search"]["complete"] is True
    assert {w["rule"] for w in data["why_not"]} >= {"review.family_hukou_not_permanent"}
    assert "番禺区" in result.stdout  # not escaped


def test_explain_several_records(tmp_path: Path) -> None:
    one = write_json(tmp_path / "one.json", bachelor_panyu("first"))
    many = write_json(tmp_path / "many.json", [master_wuhan_prefecture("second")])
    as_json = run("explain", str(one), str(many), "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    assert [e["decision"]["applicant_id"] for e in json.loads(as_json.stdout)] == [
        "first",
        "second",
    ]
    as_text = run("explain", str(one), str(many))
    assert as_text.returncode == 0, as_text.stderr
    assert f"==== {one} " in as_text.stdout
    assert f"==== {many}[0] " in as_text.stdout
    assert as_text.stdout.index("申请人：first") < as_text.stdout.index("申请人：second")


def test_explain_jsonl_gives_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(jsonl(bachelor_panyu("l1"), "", malformed()), encoding="utf-8")
    result = run("explain", "--jsonl", str(path), "--format", "json")
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["decision"]["applicant_id"] == "l1"
    assert json.loads(lines[1])["line"] == 3
    assert f"{path}:3: hukou.0.place.code:" in result.stderr


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_explain_bad_input_is_exit_2_with_the_field_path(tmp_path: Path, fmt: str) -> None:
    path = write_json(tmp_path / "bad.json", malformed())
    result = run("explain", str(path), "--format", fmt)
    assert result.returncode == 2
    assert f"{path}: hukou.0.place.code:" in result.stderr
    assert f"{path}: degree:" in result.stderr
    assert "Traceback" not in result.stderr
    if fmt == "json":
        assert json.loads(result.stdout)["error"]["kind"] == "invalid_facts"
    else:
        assert "hukou.0.place.code" in result.stdout


def test_explain_invalid_json_on_stdin_is_exit_2() -> None:
    result = run("explain", "-", stdin='{"cohort": ')
    assert result.returncode == 2
    assert "<stdin>: invalid JSON at line 1" in result.stderr


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--budget", "0"], "positive number of seconds"),
        (["--budget", "soon"], "positive number of seconds"),
        (["--format", "pdf"], "invalid choice"),
        (["--lang", "fr"], "invalid choice"),
        (["--interpretation", "no_such=thing"], "unknown interpretation 'no_such'"),
    ],
)
def test_explain_bad_options_are_exit_2(tmp_path: Path, option: list[str], message: str) -> None:
    path = write_json(tmp_path / "a.json", bachelor_panyu())
    result = run("explain", str(path), *option)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_explain_options_and_fail_on_review(tmp_path: Path) -> None:
    path = write_json(tmp_path / "m.json", master_wuhan_prefecture())
    assert run("explain", str(path), "--fail-on", "review").returncode == 1
    chosen = run(
        "explain",
        str(path),
        "--interpretation",
        "workplace_precision=prefecture_accepted",
        "--decision-date",
        "2022-06-30",
        "--fail-on",
        "review",
    )
    assert chosen.returncode == 0, chosen.stderr
    assert "生源地：湖北省武汉市（420100，地级）" in chosen.stdout
    assert "判定日期：2022-06-30" in chosen.stdout
    assert "（非默认解读，由调用方选择）" in chosen.stdout
    assert "解释及所取解读：workplace_precision = prefecture_accepted" in chosen.stdout


# --- check ------------------------------------------------------------------------------------


BUNDLED_RULESET = Path(__file__).resolve().parents[1] / "rulesets" / "guide-2022"


def test_check_passes_the_bundled_rulesets() -> None:
    result = run("check")
    assert result.returncode == 0, result.stderr
    ruleset = bundled_ruleset("guide-2022")
    assert (
        f"guide-2022 {ruleset.version} OK: {len(ruleset.rules)} rules, "
        f"{len(ruleset.clauses)} clauses, {len(ruleset.interpretations)} interpretations"
    ) in result.stdout
    assert result.stderr == ""


def test_check_names_file_rule_and_field_of_each_problem(tmp_path: Path) -> None:
    folder = tmp_path / "guide-2022"
    shutil.copytree(BUNDLED_RULESET, folder)
    rule_file = folder / "rules" / "bachelor.yaml"
    text = rule_file.read_text(encoding="utf-8")
    assert text.count("clause: origin.bachelor.exam_migration\n") == 1
    rule_file.write_text(
        text.replace("clause: origin.bachelor.exam_migration\n", "clause: origin.nowhere\n"),
        encoding="utf-8",
    )
    result = run("check", str(folder), str(BUNDLED_RULESET))
    assert result.returncode == 2
    expected = f"{rule_file}: origin.exam_migration: clause: "
    assert expected in result.stderr, result.stderr
    assert "origin.nowhere" in result.stderr
    assert f"{folder}: 1 problem(s)" in result.stderr
    assert "guide-2022 1.0.0 OK" in result.stdout  # the other folder is still checked


def test_check_a_folder_that_is_not_a_ruleset(tmp_path: Path) -> None:
    empty = run("check", str(tmp_path))
    assert empty.returncode == 2
    assert f"{tmp_path}: not a rule folder: it holds none of ruleset.yaml" in empty.stderr
    missing = run("check", str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert f"{tmp_path / 'nowhere'}: not a folder" in missing.stderr


# --- schema, rules, help ------------------------------------------------------------------


def test_schema_is_the_applicant_json_schema() -> None:
    result = run("schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["title"] == "Applicant"
    assert {"cohort", "degree", "hukou", "gaokao"} <= set(schema["properties"])


def test_the_published_schema_in_docs_is_current() -> None:
    # Integrators read docs/applicant.schema.json; regenerate it with
    # `origin-rules schema > docs/applicant.schema.json` when the fact model changes.
    published = Path(__file__).resolve().parents[1] / "docs" / "applicant.schema.json"
    result = run("schema")
    assert result.returncode == 0, result.stderr
    assert json.loads(published.read_text(encoding="utf-8")) == json.loads(result.stdout)


def test_rules_are_listed_in_precedence_order() -> None:
    result = run("rules", "--lang", "en")
    assert result.returncode == 0, result.stderr
    ids = [r.id for r in bundled_ruleset("guide-2022").rules]
    positions = [result.stdout.index(f". {rule_id}  ") for rule_id in ids]
    assert positions == sorted(positions)
    assert "[origin.bachelor]" in result.stdout
    assert "* county_required" in result.stdout


@pytest.mark.parametrize("command", ["demo", "decide", "explain", "schema", "rules", "check"])
def test_every_subcommand_help_shows_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout
    assert f"origin-rules {command}" in result.stdout


def test_the_installed_script_runs() -> None:
    script = shutil.which("origin-rules", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the origin-rules script is not installed next to this interpreter")
    result = subprocess.run(
        [script, "schema"], capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "Applicant"
