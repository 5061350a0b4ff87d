"""Rule files are validated on load: each test copies the bundled ruleset, breaks it in
one way, and checks that the problem names the right file, rule and field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from origin_rules import RulesetError, bundled_ruleset, load_ruleset
from origin_rules.errors import RuleFileProblem

BUNDLED = Path(__file__).resolve().parents[1] / "rulesets" / "guide-2022"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "guide-2022"
    shutil.copytree(BUNDLED, copy)
    return copy


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur exactly once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def problems_of(folder: Path) -> list[RuleFileProblem]:
    with pytest.raises(RulesetError) as caught:
        load_ruleset(folder)
    assert caught.value.problems, "a RulesetError lists at least one problem"
    return caught.value.problems


def find(
    problems: list[RuleFileProblem], file: str, rule: str | None, field: str
) -> RuleFileProblem:
    matching = [p for p in problems if (p.file, p.rule, p.field) == (file, rule, field)]
    assert matching, f"no problem at {(file, rule, field)} in:\n" + "\n".join(map(str, problems))
    return matching[0]


# --- the bundled ruleset ---------------------------------------------------------------


def test_bundled_ruleset_loads_with_no_problems() -> None:
    ruleset = load_ruleset(BUNDLED)
    assert ruleset.id == "guide-2022"
    assert ruleset.governed_cohorts == frozenset({2022})
    assert ruleset.rules[0].id == "scope.cohort_not_governed"
    assert ruleset.rules[-1].id == "fallback.no_rule_decided"
    # Every rule of every rule file is loaded (counted from the files, so that adding a
    # rule does not need this test edited).
    files = yaml.safe_load((BUNDLED / "ruleset.yaml").read_text(encoding="utf-8"))["rule_files"]
    written = sum(
        len(yaml.safe_load((BUNDLED / f).read_text(encoding="utf-8"))["rules"]) for f in files
    )
    assert len(ruleset.rules) == written > 30
    assert ruleset.content_hash.startswith("sha256:")


def test_unchanged_copy_loads_with_the_same_content_hash_as_the_bundled_one(folder: Path) -> None:
    assert load_ruleset(folder).content_hash == bundled_ruleset("guide-2022").content_hash


def test_content_hash_changes_when_a_rule_file_gains_one_byte(folder: Path) -> None:
    before = load_ruleset(folder).content_hash
    path = folder / "rules" / "bachelor.yaml"
    path.write_bytes(path.read_bytes() + b"\n")
    after = load_ruleset(folder)  # still valid
    assert after.content_hash != before


def test_content_hash_changes_when_one_byte_of_a_rule_file_changes(folder: Path) -> None:
    before = load_ruleset(folder).content_hash
    path = folder / "rules" / "fallback.yaml"
    data = bytearray(path.read_bytes())
    assert data[0:1] == b"#"
    data[1:2] = b"!" if data[1:2] != b"!" else b"?"  # inside the leading comment
    path.write_bytes(bytes(data))
    assert load_ruleset(folder).content_hash != before


def test_content_hash_changes_when_the_source_document_changes(folder: Path) -> None:
    before = load_ruleset(folder).content_hash
    path = folder / "source.md"
    path.write_bytes(path.read_bytes() + b"\n")
    assert load_ruleset(folder).content_hash != before


# --- conditions ---------------------------------------------------------------------------


def test_unknown_fact_name_in_a_condition(folder: Path) -> None:
    edit(
        folder,
        "rules/bachelor.yaml",
        "{fact: degree, in: [associate, bachelor, master, doctor]}",
        "{fact: degre, in: [associate, bachelor, master, doctor]}",
    )
    problems = problems_of(folder)
    p = find(
        problems, "rules/bachelor.yaml", "origin.family_hukou_before_gaokao", "when.all.0.fact"
    )
    assert "degre" in p.message
    assert len(problems) == 1


def test_value_outside_the_facts_domain(folder: Path) -> None:
    edit(
        folder,
        "rules/bachelor.yaml",
        "{fact: degree, in: [associate, bachelor, master, doctor]}",
        "{fact: degree, in: [associate, bachelor, masters, doctor]}",
    )
    problems = problems_of(folder)
    p = find(problems, "rules/bachelor.yaml", "origin.family_hukou_before_gaokao", "when.all.0.in")
    assert "masters" in p.message
    assert len(problems) == 1


def test_string_true_is_outside_a_boolean_facts_domain(folder: Path) -> None:
    edit(
        folder,
        "rules/bachelor.yaml",
        "{fact: student_moved_for_gaokao, equals: true}",
        "{fact: student_moved_for_gaokao, equals: 'true'}",
    )
    problems = problems_of(folder)
    find(problems, "rules/bachelor.yaml", "origin.exam_migration", "when.equals")
    assert len(problems) == 1


def test_undeclared_interpretation_in_a_condition(folder: Path) -> None:
    edit(
        folder,
        "rules/hk-mo-tw.yaml",
        "{interpretation: hk_mo_tw_origin, equals: region}",
        "{interpretation: hk_mo_tw_orign, equals: region}",
    )
    problems = problems_of(folder)
    p = find(problems, "rules/hk-mo-tw.yaml", "origin.hk_mo_tw_region", "when.all.1.interpretation")
    assert "hk_mo_tw_orign" in p.message
    assert len(problems) == 1


def test_reading_outside_an_interpretations_readings(folder: Path) -> None:
    edit(
        folder,
        "rules/hk-mo-tw.yaml",
        "{interpretation: hk_mo_tw_origin, equals: region}",
        "{interpretation: hk_mo_tw_origin, equals: regoin}",
    )
    problems = problems_of(folder)
    p = find(problems, "rules/hk-mo-tw.yaml", "origin.hk_mo_tw_region", "when.all.1.equals")
    assert "regoin" in p.message


# --- clauses and text -------------------------------------------------------------------


def test_rule_naming_an_unknown_clause_id(folder: Path) -> None:
    edit(
        folder,
        "rules/bachelor.yaml",
        "    clause: origin.bachelor\n",
        "    clause: origin.bachelour\n",
    )
    problems = problems_of(folder)
    p = find(problems, "rules/bachelor.yaml", "origin.family_hukou_before_gaokao", "clause")
    assert "origin.bachelour" in p.message
    assert len(problems) == 1


def test_interpretation_naming_an_unknown_clause_id(folder: Path) -> None:
    edit(folder, "interpretations.yaml", "    clause: scope\n", "    clause: scopee\n")
    problems = problems_of(folder)
    find(problems, "interpretations.yaml", "hk_mo_tw_origin", "clause")
    assert len(problems) == 1


def test_clause_text_not_verbatim_in_the_source(folder: Path) -> None:
    edit(
        folder,
        "clauses.yaml",
        "text: 即日起至 2021 年 10 月 10 日。",
        "text: 即日起至 2021 年 10 月 11 日。",
    )
    problems = problems_of(folder)
    p = find(problems, "clauses.yaml", "window", "text")
    assert "verbatim" in p.message
    assert len(problems) == 1


def test_clause_text_across_a_line_break_of_the_source_is_still_verbatim(folder: Path) -> None:
    # origin.importance is split over two lines in source.md ("如不能正" / "确判断...")
    source = (folder / "source.md").read_text(encoding="utf-8")
    assert "如不能正\n" in source
    load_ruleset(folder)


def test_template_naming_an_unknown_fact(folder: Path) -> None:
    edit(folder, "rules/bachelor.yaml", "zh: 高考（{gaokao_date}）", "zh: 高考（{gaokao_dat}）")
    problems = problems_of(folder)
    p = find(problems, "rules/bachelor.yaml", "origin.family_hukou_before_gaokao", "explain.zh")
    assert "gaokao_dat" in p.message
    assert len(problems) == 1


def test_missing_zh_text_of_a_rule_title(folder: Path) -> None:
    edit(folder, "rules/bachelor.yaml", '{zh: "生源地为高考前家庭常驻户籍所在地", ', "{")
    problems = problems_of(folder)
    p = find(
        problems, "rules/bachelor.yaml", "origin.family_hukou_before_gaokao", "rules.0.title.zh"
    )
    assert "required" in p.message.lower()


def test_empty_zh_text_of_an_interpretation_question(folder: Path) -> None:
    edit(
        folder,
        "interpretations.yaml",
        "      zh: 港澳台学生在范围内，但指引未写其生源地如何判断。\n",
        '      zh: ""\n',
    )
    problems = problems_of(folder)
    find(problems, "interpretations.yaml", "hk_mo_tw_origin", "interpretations.15.question.zh")


# --- interpretations -----------------------------------------------------------------------


def test_default_reading_not_among_the_readings(folder: Path) -> None:
    edit(folder, "interpretations.yaml", "default: day_before_gaokao", "default: day_before")
    problems = problems_of(folder)
    p = find(problems, "interpretations.yaml", "gaokao_reference_day", "default")
    assert "day_before" in p.message
    assert len(problems) == 1


# --- precedence and rule relations ---------------------------------------------------------


def test_rule_missing_from_the_precedence(folder: Path) -> None:
    edit(folder, "ruleset.yaml", "  - origin.exam_migration\n", "")
    problems = problems_of(folder)
    p = find(problems, "rules/bachelor.yaml", "origin.exam_migration", "id")
    assert "precedence" in p.message
    assert len(problems) == 1


def test_precedence_entry_that_is_no_rule(folder: Path) -> None:
    edit(
        folder,
        "ruleset.yaml",
        "  - origin.exam_migration\n",
        "  - origin.exam_migration\n  - origin.no_such_rule\n",
    )
    problems = problems_of(folder)
    precedence = yaml.safe_load((folder / "ruleset.yaml").read_text(encoding="utf-8"))["precedence"]
    at = precedence.index("origin.no_such_rule")
    find(problems, "ruleset.yaml", "origin.no_such_rule", f"precedence.{at}")
    assert len(problems) == 1


def test_exception_listed_after_its_base_in_the_precedence(folder: Path) -> None:
    edit(
        folder,
        "ruleset.yaml",
        "  - origin.exam_migration\n  - origin.family_hukou_before_gaokao\n",
        "  - origin.family_hukou_before_gaokao\n  - origin.exam_migration\n",
    )
    problems = problems_of(folder)
    p = find(problems, "ruleset.yaml", "origin.exam_migration", "precedence")
    assert "origin.family_hukou_before_gaokao" in p.message
    assert len(problems) == 1


def test_extends_naming_an_unknown_rule(folder: Path) -> None:
    edit(
        folder,
        "rules/bachelor.yaml",
        "extends: origin.family_hukou_before_gaokao",
        "extends: origin.family_hukou_before_gaokao_x",
    )
    problems = problems_of(folder)
    [p] = problems
    assert (p.file, p.rule) == ("rules/bachelor.yaml", "origin.exam_migration")
    assert "extends" in p.field.split("/")
    assert "origin.family_hukou_before_gaokao_x" in p.message


def test_exception_of_naming_an_unknown_rule(folder: Path) -> None:
    edit(
        folder,
        "rules/family-move.yaml",
        "exception_of: [origin.family_hukou_before_gaokao,",
        "exception_of: [origin.family_hukou_before_gaokao_x,",
    )
    problems = problems_of(folder)
    [p] = problems
    assert (p.file, p.rule) == ("rules/family-move.yaml", "origin.family_move_after_enrollment")
    assert "exception_of" in p.field.split("/")
    assert "origin.family_hukou_before_gaokao_x" in p.message


def test_rule_extending_itself_is_a_problem(folder: Path) -> None:
    edit(
        folder,
        "rules/bachelor.yaml",
        "extends: origin.family_hukou_before_gaokao",
        "extends: origin.exam_migration",
    )
    problems = problems_of(folder)
    [p] = [p for p in problems if p.rule == "origin.exam_migration"]
    assert p.file in ("rules/bachelor.yaml", "ruleset.yaml")
    assert "extends" in p.field or "precedence" in p.field


def test_two_rules_extending_each_other_is_a_problem(folder: Path) -> None:
    # origin.exam_migration already extends origin.family_hukou_before_gaokao
    edit(
        folder,
        "rules/bachelor.yaml",
        '    clause: origin.bachelor\n    title: {zh: "生源地',
        '    clause: origin.bachelor\n    extends: origin.exam_migration\n    title: {zh: "生源地',
    )
    problems = problems_of(folder)
    find(problems, "ruleset.yaml", "origin.family_hukou_before_gaokao", "precedence")


def test_last_rule_in_the_precedence_that_does_not_always_fire(folder: Path) -> None:
    edit(
        folder,
        "rules/fallback.yaml",
        "when: {always: true}",
        "when: {fact: facts_consistent, equals: true}",
    )
    problems = problems_of(folder)
    p = find(problems, "ruleset.yaml", "fallback.no_rule_decided", "precedence")
    assert "always" in p.message
    assert len(problems) == 1


def test_always_rule_that_is_not_last(folder: Path) -> None:
    edit(
        folder,
        "rules/scope.yaml",
        "when: {fact: category, equals: international}",
        "when: {always: true}",
    )
    problems = problems_of(folder)
    find(problems, "rules/scope.yaml", "scope.international_student", "when")
    assert len(problems) == 1


# --- file level -------------------------------------------------------------------------


def test_yaml_syntax_error_names_the_file(folder: Path) -> None:
    edit(folder, "rules/bachelor.yaml", "rules:\n", "rules:\n  - id: [unclosed\n")
    problems = problems_of(folder)
    p = find(problems, "rules/bachelor.yaml", None, "(file)")
    assert "YAML" in p.message
    assert "line" in p.message


def test_rule_level_unknown_key_is_a_problem_not_ignored(folder: Path) -> None:
    # a misspelt `extends` would otherwise silently drop what the rule extends
    edit(
        folder,
        "rules/bachelor.yaml",
        "    extends: origin.family_hukou_before_gaokao\n",
        "    extend: origin.family_hukou_before_gaokao\n",
    )
    problems = problems_of(folder)
    p = find(problems, "rules/bachelor.yaml", "origin.exam_migration", "rules.1.extend")
    assert "extra" in p.message.lower() or "not permitted" in p.message


def test_misspelt_required_rule_key_reports_both_the_typo_and_the_missing_key(
    folder: Path,
) -> None:
    edit(
        folder,
        "rules/bachelor.yaml",
        "    clause: origin.bachelor\n",
        "    clasue: origin.bachelor\n",
    )
    problems = problems_of(folder)
    find(problems, "rules/bachelor.yaml", "origin.family_hukou_before_gaokao", "rules.0.clasue")
    find(problems, "rules/bachelor.yaml", "origin.family_hukou_before_gaokao", "rules.0.clause")


def test_every_problem_is_collected_in_one_error(folder: Path) -> None:
    edit(
        folder,
        "rules/bachelor.yaml",
        "{fact: degree, in: [associate, bachelor, master, doctor]}",
        "{fact: degre, in: [associate, bachelor, master, doctor]}",
    )
    edit(folder, "interpretations.yaml", "default: day_before_gaokao", "default: day_before")
    edit(
        folder,
        "clauses.yaml",
        "text: 即日起至 2021 年 10 月 10 日。",
        "text: 即日起至 2021 年 10 月 11 日。",
    )
    problems = problems_of(folder)
    find(problems, "rules/bachelor.yaml", "origin.family_hukou_before_gaokao", "when.all.0.fact")
    find(problems, "interpretations.yaml", "gaokao_reference_day", "default")
    find(problems, "clauses.yaml", "window", "text")
    assert len(problems) == 3


def test_python_object_tag_is_rejected_without_running_code(folder: Path, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    command = json.dumps([f"touch {marker}"])
    edit(
        folder,
        "ruleset.yaml",
        'version: "1.0.0"',
        f"version: !!python/object/apply:os.system {command}",
    )
    problems = problems_of(folder)
    p = find(problems, "ruleset.yaml", None, "(file)")
    assert "python/object" in p.message
    assert not marker.exists()


def test_python_object_tag_in_a_rule_file_is_rejected(folder: Path, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    edit(
        folder,
        "rules/fallback.yaml",
        "    when: {always: true}",
        f"    when: !!python/object/apply:os.system {json.dumps([f'touch {marker}'])}",
    )
    problems = problems_of(folder)
    find(problems, "rules/fallback.yaml", None, "(file)")
    assert not marker.exists()


@pytest.mark.parametrize("ruleset_id", ["guide-2022"])
def test_no_clause_quote_stops_at_a_lead_in_that_introduces_what_it_leaves_out(
    ruleset_id: str,
) -> None:
    # "……分两种情况：" quoted alone tells staff nothing of the case that applies.
    ruleset = bundled_ruleset(ruleset_id)
    dangling = [c.id for c in ruleset.clauses.values() if c.text.rstrip().endswith(("：", ":"))]
    assert dangling == []
