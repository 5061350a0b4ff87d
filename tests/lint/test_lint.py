"""Lint of rule folders: each problem with the file and the line it is on, even in a
folder the loader refuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from analysis.seeded import Rules, copy_bundled, edit_head, edit_rules, rule

from origin_rules.errors import RulesetError
from origin_rules.lint import ALL_RULES, LintProblem, lint_folder
from origin_rules.ruleset import load_ruleset
from origin_rules.ruleset.bundled import rulesets_folder


def line_of(folder: Path, problem: LintProblem) -> str:
    return (folder / problem.file).read_text(encoding="utf-8").splitlines()[problem.line - 1]


def only(problems: list[LintProblem], rule_id: str) -> list[LintProblem]:
    return [p for p in problems if p.rule == rule_id]


def test_bundled_rulesets_are_clean() -> None:
    root = rulesets_folder()
    for folder in sorted(p for p in root.iterdir() if (p / "ruleset.yaml").is_file()):
        assert lint_folder(folder) == [], folder


def test_every_lint_rule_has_its_own_id() -> None:
    ids = [r.id for r in ALL_RULES]
    assert len(ids) == len(set(ids)) and len(ids) >= 6


def test_unknown_fact_is_reported_on_its_line(tmp_path: Path) -> None:
    folder = copy_bundled(tmp_path)

    def misspell(rules: Rules) -> None:
        rule(rules, "origin.exam_migration")["when"] = {
            "fact": "student_moved_for_gaokoa",
            "equals": True,
        }

    edit_rules(folder, "rules/bachelor.yaml", misspell)
    [problem] = only(lint_folder(folder), "unknown-fact")
    assert problem.file == "rules/bachelor.yaml"
    assert "student_moved_for_gaokoa" in line_of(folder, problem)
    # The loader refuses the folder too, without a line; lint still lints it.
    with pytest.raises(RulesetError):
        load_ruleset(folder)


def test_value_outside_the_domain_is_an_unknown_fact_problem(tmp_path: Path) -> None:
    folder = copy_bundled(tmp_path)

    def bad_value(rules: Rules) -> None:
        rule(rules, "scope.international_student")["when"] = {
            "fact": "category",
            "equals": "foreign",
        }

    edit_rules(folder, "rules/scope.yaml", bad_value)
    [problem] = only(lint_folder(folder), "unknown-fact")
    assert "'foreign'" in problem.message and "equals" in line_of(folder, problem)


def test_template_naming_a_missing_fact(tmp_path: Path) -> None:
    folder = copy_bundled(tmp_path)

    def typo(rules: Rules) -> None:
        rule(rules, "scope.international_student")["explain"]["en"] = "Of {nationality}."

    edit_rules(folder, "rules/scope.yaml", typo)
    [problem] = only(lint_folder(folder), "template-fact")
    assert "{nationality}" in problem.message
    assert "Of {nationality}." in line_of(folder, problem)


def test_missing_english_text(tmp_path: Path) -> None:
    folder = copy_bundled(tmp_path)

    def drop_en(rules: Rules) -> None:
        del rule(rules, "scope.normal_university")["title"]["en"]
        rule(rules, "scope.cohort_not_governed")["explain"]["zh"] = "  "

    edit_rules(folder, "rules/scope.yaml", drop_en)
    problems = only(lint_folder(folder), "missing-text")
    assert {p.message for p in problems} == {
        "rule scope.normal_university: title has no en text",
        "rule scope.cohort_not_governed: explain has no zh text",
    }
    lines = {p.message: line_of(folder, p) for p in problems}
    assert "title" in lines["rule scope.normal_university: title has no en text"]


def test_clause_section_the_policy_text_lacks(tmp_path: Path) -> None:
    folder = copy_bundled(tmp_path)
    path = folder / "clauses.yaml"
    text = path.read_text(encoding="utf-8")
    section = "（三）如何判断自己的生源地/1. 本科生的生源地判断"
    assert section in text
    path.write_text(text.replace(section, "（三）如何判断自己的生源地/9. 专科生", 1), "utf-8")

    def cite_unknown(rules: Rules) -> None:
        rule(rules, "scope.international_student")["clause"] = "origin.associate"

    edit_rules(folder, "rules/scope.yaml", cite_unknown)
    problems = only(lint_folder(folder), "clause-section")
    messages = " | ".join(p.message for p in problems)
    assert "'origin.associate'" in messages and "9. 专科生" in messages
    for problem in problems:
        assert "origin.associate" in line_of(folder, problem) or "9. 专科生" in line_of(
            folder, problem
        )


def test_interpretation_declared_but_never_used(tmp_path: Path) -> None:
    folder = copy_bundled(tmp_path)

    def stop_testing(rules: Rules) -> None:
        rules.remove(rule(rules, "review.hk_mo_tw_origin"))
        rule(rules, "origin.hk_mo_tw_region")["when"] = {
            "fact": "category",
            "in": ["hong_kong", "macau", "taiwan"],
        }

    edit_rules(folder, "rules/hk-mo-tw.yaml", stop_testing)
    edit_head(folder, lambda head: head["precedence"].remove("review.hk_mo_tw_origin"))
    [problem] = only(lint_folder(folder), "unused-interpretation")
    assert problem.file == "interpretations.yaml"
    assert "hk_mo_tw_origin" in line_of(folder, problem)
    load_ruleset(folder)  # the loader has no objection: only lint says so


def test_rule_missing_from_precedence(tmp_path: Path) -> None:
    folder = copy_bundled(tmp_path)
    edit_head(folder, lambda head: head["precedence"].remove("origin.exam_migration"))
    [problem] = only(lint_folder(folder), "precedence")
    assert problem.file == "rules/bachelor.yaml"
    assert "origin.exam_migration" in line_of(folder, problem)


def test_unparsable_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    folder = copy_bundled(tmp_path)
    path = folder / "rules" / "scope.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "  - id: [unclosed")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [problem] = only(lint_folder(folder), "yaml")
    assert problem.file == "rules/scope.yaml" and 4 <= problem.line <= 6


def test_missing_rule_file_is_reported_where_it_is_named(tmp_path: Path) -> None:
    folder = copy_bundled(tmp_path)
    (folder / "rules" / "hk-mo-tw.yaml").unlink()
    problems = only(lint_folder(folder), "yaml")
    assert [p.file for p in problems] == ["ruleset.yaml"]
    assert "rules/hk-mo-tw.yaml" in line_of(folder, problems[0])
