"""Loading the workflow rule folder: the bundled one is valid, and a broken one is
refused with every problem named by file, rule and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from origin_rules.errors import RulesetError
from origin_rules.ruleset.bundled import bundled_rulesets, rulesets_folder
from origin_rules.workflow import bundled_workflow, load_workflow

BUNDLED = rulesets_folder() / "workflow-2022"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the bundled workflow folder beside a copy of the guide it quotes."""
    shutil.copytree(BUNDLED, tmp_path / "workflow-2022")
    (tmp_path / "guide-2022").mkdir()
    shutil.copy(rulesets_folder() / "guide-2022" / "source.md", tmp_path / "guide-2022")
    return tmp_path / "workflow-2022"


def problems_of(folder: Path) -> list[tuple[str, str | None, str, str]]:
    with pytest.raises(RulesetError) as info:
        load_workflow(folder)
    return [(p.file, p.rule, p.field, p.message) for p in info.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_bundled_workflow_loads() -> None:
    workflow = bundled_workflow()
    assert workflow.id == "workflow-2022"
    assert workflow.rules[-1].id == "fallback.no_known_cause"
    assert {f"faq.{n}" for n in range(1, 9)} <= set(workflow.clauses)
    assert {"window", "flow.step1", "flow.step2", "flow.step3", "flow.note"} <= set(
        workflow.clauses
    )


def test_the_copy_loads_with_the_same_content_hash(folder: Path) -> None:
    assert load_workflow(folder).content_hash == bundled_workflow().content_hash


def test_the_workflow_folder_is_not_taken_for_an_origin_ruleset() -> None:
    assert "workflow-2022" not in bundled_rulesets()


def test_a_clause_not_verbatim_is_named(folder: Path) -> None:
    edit(folder / "clauses.yaml", "还需省中心审核和初始化", "还需省中心审核")
    assert problems_of(folder) == [
        ("clauses.yaml", "faq.5", "text", "is not verbatim in the source document")
    ]


def test_a_rule_file_that_is_not_yaml_is_named(folder: Path) -> None:
    (folder / "rules" / "faq-photo.yaml").write_text("rules: [\n  - id: x", encoding="utf-8")
    found = problems_of(folder)
    assert [(f, field) for f, _, field, _ in found] == [("rules/faq-photo.yaml", "(file)")]


def test_a_misspelt_key_and_an_unknown_actor_are_named(folder: Path) -> None:
    path = folder / "rules" / "faq-photo.yaml"
    edit(path, "    when: {fact: symptom", "    wehn: {fact: symptom")
    edit(path, "actor: student", "actor: teacher")
    fields = {(rule, field) for _, rule, field, _ in problems_of(folder)}
    assert ("faq8.photo_rejected", "rules.0.wehn") in fields
    assert ("faq8.photo_rejected", "rules.0.when") in fields
    assert ("faq8.photo_rejected", "rules.0.then.next_steps.0.actor") in fields


def test_an_unknown_fact_value_and_placeholder_are_named(folder: Path) -> None:
    path = folder / "rules" / "faq-photo.yaml"
    edit(path, "equals: photo_rejected", "equals: photo_blurred")
    edit(path, "重新上传五官清晰可辨", "重新上传{photo_size}五官清晰可辨")
    found = {(field, message) for _, _, field, message in problems_of(folder)}
    assert any(f == "when.equals" and "'photo_blurred'" in m for f, m in found)
    assert ("then.next_steps.0.zh", "names unknown placeholder {photo_size}") in found


def test_a_rule_missing_from_the_precedence_is_named(folder: Path) -> None:
    edit(folder / "workflow.yaml", "  - faq8.photo_rejected\n", "")
    assert problems_of(folder) == [
        (
            "rules/faq-photo.yaml",
            "faq8.photo_rejected",
            "id",
            "is missing from the precedence in workflow.yaml",
        )
    ]


def test_a_rule_must_come_before_the_rules_it_replaces(folder: Path) -> None:
    head = folder / "workflow.yaml"
    edit(head, "  - faq4.month_wrong\n", "")
    edit(head, "precedence:\n", "precedence:\n  - faq4.month_wrong\n")
    found = problems_of(folder)
    expected = "a rule comes before the rules it replaces (faq4.month_wrong)"
    assert ("workflow.yaml", "e_agreement.graduation_date_locked", "precedence", expected) in found
    assert (
        "workflow.yaml",
        "e_agreement.graduation_date_cancel_and_reapply",
        "precedence",
        expected,
    ) in found


def test_the_last_rule_must_always_fire(folder: Path) -> None:
    edit(folder / "workflow.yaml", "  - fallback.no_known_cause\n", "")
    edit(folder / "workflow.yaml", "precedence:\n", "precedence:\n  - fallback.no_known_cause\n")
    messages = {(rule, message) for _, rule, _, message in problems_of(folder)}
    assert ("fallback.no_known_cause", "only the last rule may always fire") in messages
    assert (
        "note.political_status_before_e_agreement",
        "the last rule must be a diagnosis that always fires (when: {always: true})",
    ) in messages


def test_an_unknown_clause_and_interpretation_are_named(folder: Path) -> None:
    path = folder / "rules" / "window.yaml"
    edit(path, "clause: window", "clause: deadline")
    edit(path, "interpretation: late_record", "interpretation: lateness")
    found = {(field, message) for _, _, field, message in problems_of(folder)}
    assert ("clause", "names unknown clause 'deadline'") in found
    assert ("when.all.2.interpretation", "names undeclared interpretation 'lateness'") in found


def test_a_missing_source_document_is_named(folder: Path) -> None:
    (folder.parent / "guide-2022" / "source.md").unlink()
    found = problems_of(folder)
    assert [(f, field) for f, _, field, _ in found] == [("workflow.yaml", "source.document")]
