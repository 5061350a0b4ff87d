"""The change policy files load, and a broken one is reported entry by entry: a clause
that is not verbatim in the guide, a value missing for a reading, unknown evidence, form
headers that are not the guide's."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from origin_rules.changes import bundled_changes_policy, load_changes_policy
from origin_rules.errors import InvalidOptionError, RulesetError
from origin_rules.ruleset.bundled import rulesets_folder

POLICY = rulesets_folder() / "changes-2022"


def test_the_bundled_policy_loads_with_every_locked_field_of_the_guide() -> None:
    policy = bundled_changes_policy()
    locked = {"department", "major", "student_number", "id_number", "name", "gender"}
    assert locked <= set(policy.fields)
    for field_id in locked:
        assert policy.fields[field_id].before_verification == "form"
        assert policy.fields[field_id].after_verification == "form"
    named = {"exam_migration", "division_change", "family_move_after_enrollment"}
    assert all(policy.reasons[r].fields == ["origin"] for r in named)
    assert policy.content_hash.startswith("sha256:")


def _broken(tmp_path: Path, file: str, edit: Callable[[str], str]) -> RulesetError:
    """A copy of the policy (with the guide beside it, where changes.yaml points) with
    one file edited; the error loading it."""
    shutil.copytree(POLICY, tmp_path / "changes-2022")
    (tmp_path / "guide-2022").mkdir()
    shutil.copy(rulesets_folder() / "guide-2022" / "source.md", tmp_path / "guide-2022")
    load_changes_policy(tmp_path / "changes-2022")  # the copy itself is sound
    target = tmp_path / "changes-2022" / file
    before = target.read_text(encoding="utf-8")
    after = edit(before)
    assert after != before, "the edit must change the file"
    target.write_text(after, encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        load_changes_policy(tmp_path / "changes-2022")
    return caught.value


def test_a_clause_not_verbatim_in_the_guide_is_reported(tmp_path: Path) -> None:
    error = _broken(
        tmp_path, "clauses.yaml", lambda t: t.replace("户口本和身份证", "户口本或身份证")
    )
    assert [(p.file, p.rule, p.field) for p in error.problems] == [
        ("clauses.yaml", "change.evidence", "text")
    ]


def test_a_reading_without_a_value_is_reported(tmp_path: Path) -> None:
    error = _broken(
        tmp_path,
        "changes.yaml",
        lambda t: t.replace(
            "by_reading: {student_edits: student, form: form}",
            "by_reading: {student_edits: student}",
        ),
    )
    assert any(p.rule == "origin" and "by_reading" in p.field for p in error.problems)


def test_unknown_evidence_in_a_reason_is_reported(tmp_path: Path) -> None:
    error = _broken(
        tmp_path,
        "changes.yaml",
        lambda t: t.replace(
            "default: [hukou_booklet, id_card]", "default: [hukou_book, id_card]", 1
        ),
    )
    assert any("hukou_book" in p.message for p in error.problems)


def test_form_headers_that_are_not_the_guides_are_reported(tmp_path: Path) -> None:
    error = _broken(tmp_path, "forms.yaml", lambda t: t.replace("header: 手机号码", "header: 电话"))
    assert [(p.file, p.field) for p in error.problems] == [("forms.yaml", "columns")]


def test_a_rejection_the_code_gives_must_be_declared(tmp_path: Path) -> None:
    error = _broken(
        tmp_path, "changes.yaml", lambda t: t.replace("id: rebind_instead", "id: rebind")
    )
    assert any(p.rule == "rebind_instead" for p in error.problems)


def test_an_unknown_reading_is_refused_naming_it() -> None:
    with pytest.raises(InvalidOptionError, match="missing_reason"):
        bundled_changes_policy().readings({"missing_reason": "guess"})
    with pytest.raises(InvalidOptionError, match="no_such_point"):
        bundled_changes_policy().readings({"no_such_point": "x"})


def test_a_reason_naming_an_unknown_origin_rule_is_reported(tmp_path: Path) -> None:
    error = _broken(
        tmp_path,
        "changes.yaml",
        lambda t: t.replace(
            "redecided_by: [origin.exam_migration]", "redecided_by: [origin.exam_migrant]"
        ),
    )
    assert [(p.rule, p.field) for p in error.problems] == [("exam_migration", "redecided_by")]
    assert "origin.exam_migrant" in error.problems[0].message


def test_a_flag_with_a_placeholder_the_code_does_not_fill_is_reported(tmp_path: Path) -> None:
    error = _broken(
        tmp_path,
        "changes.yaml",
        lambda t: t.replace("请培养单位核实原因。", "请培养单位核实{decided}。"),
    )
    assert [(p.rule, p.field) for p in error.problems] == [("reason_disagrees", "text.zh")]
