"""`origin-rules analyze`, `diff` and `lint`, run as a subprocess as CI runs them:
output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import run_cli as run

from origin_rules.ruleset.bundled import rulesets_folder

from .seeded import copy_bundled, edit_head, seed_gap, seed_overlap

BUNDLED = rulesets_folder() / "guide-2022"


def test_analyze_bundled_passes() -> None:
    done = run("analyze")
    assert done.returncode == 0, done.stderr
    assert "通过：缺口 0，重叠 0，无效规则 0。" in done.stdout


def test_analyze_a_seeded_overlap_fails_with_its_witness(tmp_path: Path) -> None:
    done = run("analyze", str(seed_overlap(tmp_path)), "--format", "json", "--search", "0")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    [overlap] = [f for f in report["findings"] if f["kind"] == "overlap"]
    assert overlap["witness"]["applicant"]["category"] in ("hong_kong", "macau", "taiwan")
    assert overlap["witness_decision"]["decided_by"] == "origin.hk_mo_tw_region"


def test_analyze_allow_fallback_passes_a_gap_with_warnings(tmp_path: Path) -> None:
    done = run("analyze", str(seed_gap(tmp_path)), "--allow-fallback", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "[warning] gap: fallback.no_rule_decided" in done.stdout


def test_analyze_a_folder_that_does_not_load(tmp_path: Path) -> None:
    folder = copy_bundled(tmp_path)
    edit_head(folder, lambda head: head["precedence"].remove("origin.exam_migration"))
    done = run("analyze", str(folder))
    assert done.returncode == 2
    assert "origin.exam_migration" in done.stderr and "origin-rules lint" in done.stderr


def test_analyze_not_a_folder(tmp_path: Path) -> None:
    done = run("analyze", str(tmp_path / "nowhere"))
    assert done.returncode == 2 and "not a rule folder" in done.stderr


def test_diff_writes_a_csv_table(tmp_path: Path) -> None:
    out = tmp_path / "changes.csv"
    done = run(
        "diff", str(BUNDLED), str(seed_gap(tmp_path)), "--format", "csv", "--output", str(out)
    )
    assert done.returncode == 1, done.stderr
    data = out.read_bytes()
    assert data.startswith("\ufeff序号,原结论,新结论,区域数,共同条件,另满足其一,示例".encode())


def test_diff_of_identical_rulesets_exits_0(tmp_path: Path) -> None:
    done = run("diff", str(BUNDLED), str(copy_bundled(tmp_path)), "--search", "0")
    assert done.returncode == 0, done.stderr
    assert "没有判定变化" in done.stdout


def test_lint_prints_file_line_rule_message(tmp_path: Path) -> None:
    folder = copy_bundled(tmp_path)
    edit_head(folder, lambda head: head["precedence"].remove("origin.exam_migration"))
    done = run("lint", str(folder))
    assert done.returncode == 1
    [line] = done.stdout.splitlines()
    file, number, rule, message = line.split(":", 3)
    assert file == str(folder / "rules" / "bachelor.yaml")
    assert int(number) > 0 and rule == " precedence"
    assert "origin.exam_migration" in message


def test_lint_bundled_is_clean() -> None:
    done = run("lint")
    assert done.returncode == 0, done.stdout
    assert done.stdout == ""
