"""Copies of the bundled ruleset with one defect seeded in each, for the analysis and
diff tests. Edits are made on the parsed YAML, so they follow the bundled files."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from origin_rules.ruleset.bundled import rulesets_folder

Rules = list[dict[str, Any]]


def copy_bundled(tmp_path: Path, name: str = "edited") -> Path:
    target = tmp_path / name
    shutil.copytree(rulesets_folder() / "guide-2022", target)
    return target


def edit_rules(folder: Path, file: str, change: Callable[[Rules], None]) -> None:
    path = folder / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["rules"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit_head(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = folder / "ruleset.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def rule(rules: Rules, rule_id: str) -> dict[str, Any]:
    return next(r for r in rules if r["id"] == rule_id)


def add_rule_file(folder: Path, file: str, rules: Rules, *, before: str) -> None:
    """A new rule file, its rules placed in the precedence just above `before`."""
    (folder / file).write_text(
        yaml.safe_dump({"rules": rules}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )

    def register(head: dict[str, Any]) -> None:
        head["rule_files"].insert(0, file)
        at = head["precedence"].index(before)
        head["precedence"][at:at] = [r["id"] for r in rules]

    edit_head(folder, register)


def seed_gap(tmp_path: Path) -> Path:
    """Nothing says what to do without a gaokao date."""
    folder = copy_bundled(tmp_path, "gap")
    edit_rules(
        folder,
        "rules/origin-concept.yaml",
        lambda rules: rules.remove(rule(rules, "insufficient.gaokao_unknown")),
    )
    edit_head(folder, lambda head: head["precedence"].remove("insufficient.gaokao_unknown"))
    return folder


def seed_overlap(tmp_path: Path) -> Path:
    """The Hong Kong, Macau and Taiwan review no longer waits for its reading: both
    rules of hk-mo-tw.yaml apply to every such student and conclude differently."""
    folder = copy_bundled(tmp_path, "overlap")

    def drop_reading(rules: Rules) -> None:
        review = rule(rules, "review.hk_mo_tw_origin")
        review["when"] = {"fact": "category", "in": ["hong_kong", "macau", "taiwan"]}

    edit_rules(folder, "rules/hk-mo-tw.yaml", drop_reading)
    return folder


def _rule(rule_id: str, when: dict[str, Any], then: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": rule_id,
        "clause": "origin.bachelor",
        "title": {"zh": "测试规则", "en": "A test rule"},
        "when": when,
        "then": then,
        "explain": {"zh": "测试。", "en": "A test."},
    }


SHADOWED = "origin.seeded_shadowed"
IMPOSSIBLE = "origin.seeded_impossible"


def seed_dead(tmp_path: Path) -> Path:
    """Two dead rules in a file of their own: one that a bachelor's family registration
    always outranks, one whose condition no applicant can meet (a registration before
    a gaokao that is not known)."""
    folder = copy_bundled(tmp_path, "dead")
    shadowed = _rule(
        SHADOWED,
        {
            "all": [
                {"fact": "degree", "equals": "bachelor"},
                {"fact": "family_before_gaokao_kind", "equals": "family_household"},
            ]
        },
        {"outcome": "determined", "origin": "family_now"},
    )
    impossible = _rule(
        IMPOSSIBLE,
        {
            "all": [
                {"fact": "gaokao_known", "equals": False},
                {"fact": "family_before_gaokao_kind", "equals": "family_household"},
            ]
        },
        {"outcome": "determined", "origin": "family_before_gaokao"},
    )
    add_rule_file(
        folder, "rules/seeded-shadowed.yaml", [shadowed], before="fallback.no_rule_decided"
    )
    add_rule_file(
        folder, "rules/seeded-impossible.yaml", [impossible], before="scope.cohort_not_governed"
    )
    return folder


def seed_wider_workplace(tmp_path: Path) -> Path:
    """A graduate student with an employer's collective hukou at the former workplace
    takes the workplace too, not only one with an individual hukou there: many cases
    change, from many old rules, which is what the diff table must keep readable."""
    folder = copy_bundled(tmp_path, "workplace")

    def widen(rules: Rules) -> None:
        tests = rule(rules, "origin.graduate_workplace_individual_hukou")["when"]["all"]
        kind = next(t for t in tests if t.get("fact") == "work_hukou_kind")
        kind.pop("equals")
        kind["in"] = ["individual_independent", "employer_collective"]

    edit_rules(folder, "rules/graduate-workplace.yaml", widen)
    return folder
