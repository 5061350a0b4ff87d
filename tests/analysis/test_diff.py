"""The decision diff between a ruleset and an edited copy: which cases change, each with
an applicant decided both ways, as a table staff can read."""

from __future__ import annotations

import csv
import io
import json
import random
import re
from math import prod
from pathlib import Path

import pytest
import yaml

from origin_rules import decide_origin
from origin_rules.analysis.diff import Change, RulesetDiff, diff_rulesets
from origin_rules.analysis.factor import factor_regions
from origin_rules.analysis.report import CSV_CELL_LIMIT, _fit_cell, render_diff
from origin_rules.analysis.space import Region
from origin_rules.ruleset import Ruleset, bundled_ruleset, load_ruleset
from origin_rules.ruleset.model import FactValue

from .seeded import Rules, copy_bundled, edit_rules, rule, seed_gap, seed_wider_workplace

BUNDLED = bundled_ruleset("guide-2022")


def decided_both_ways(change: Change, old: Ruleset, new: Ruleset) -> None:
    assert change.witness is not None
    witness = json.loads(json.dumps(change.witness.as_json()))
    before = decide_origin(
        witness["applicant"], interpretations=witness["interpretations"], ruleset=old
    )
    after = decide_origin(
        witness["applicant"], interpretations=witness["interpretations"], ruleset=new
    )
    assert (before.decided_by, after.decided_by) == (change.old_rule, change.new_rule)


@pytest.mark.slow
def test_an_unedited_copy_changes_nothing(tmp_path: Path) -> None:
    copy = load_ruleset(copy_bundled(tmp_path))
    assert diff_rulesets(BUNDLED, copy, search_examples=0).changes == []


@pytest.mark.slow
def test_removing_the_missing_gaokao_rule_sends_those_cases_to_the_fallback(
    tmp_path: Path,
) -> None:
    new = load_ruleset(seed_gap(tmp_path))
    result = diff_rulesets(BUNDLED, new)
    assert [(c.old_rule, c.new_rule) for c in result.changes] == [
        ("insufficient.gaokao_unknown", "fallback.no_rule_decided")
    ]
    change = result.changes[0]
    decided_both_ways(change, BUNDLED, new)
    assert all("已知高考时间：否" in case.zh for case in change.cases)
    # Said once, as a common condition, not in each alternative.
    assert "已知高考时间：否" in change.common.zh
    assert not any("已知高考时间" in a.zh for group in change.groups for a in group)


def associates_out_of_scope(tmp_path: Path) -> Ruleset:
    """Associate (专科) graduates are put out of scope again, whatever the reading of
    associate_graduates."""
    folder = copy_bundled(tmp_path)

    def associate_too(rules: Rules) -> None:
        rule(rules, "scope.degree_outside_ruleset")["when"] = {
            "fact": "degree",
            "in": ["associate", "other"],
        }

    edit_rules(folder, "rules/scope.yaml", associate_too)
    return load_ruleset(folder)


@pytest.mark.slow
def test_a_wider_scope_changes_only_associate_graduates(tmp_path: Path) -> None:
    new = associates_out_of_scope(tmp_path)
    result = diff_rulesets(BUNDLED, new)
    assert result.changes
    for change in result.changes:
        assert change.new_rule == "scope.degree_outside_ruleset"
        assert all("专科" in case.zh for case in change.cases)
        decided_both_ways(change, BUNDLED, new)


def staff_table(tmp_path: Path) -> RulesetDiff:
    return diff_rulesets(BUNDLED, load_ruleset(seed_gap(tmp_path)), search_examples=0)


@pytest.mark.slow
def test_markdown_has_a_summary_then_each_change_with_its_example(tmp_path: Path) -> None:
    table = render_diff(staff_table(tmp_path), lang="zh", format="md")
    assert "| 序号 | 原结论 | 新结论 | 区域数 | 详情 |" in table
    assert "[变化 1](#变化-1)" in table and "\n## 变化 1\n" in table
    assert "**共同条件**：已知高考时间：否" in table
    # The missing-gaokao cases vary in the degree and, independently, in the 师范 mark
    # (decided by the ordinary rules under normal_university_graduates=same_rules).
    assert "另在以下每组中各满足一项：" in table
    assert "\n- 学历层次：本科\n" in table
    assert "```json" in table


@pytest.mark.slow
def test_csv_is_utf8_with_bom_one_row_per_change(tmp_path: Path) -> None:
    result = staff_table(tmp_path)
    text = render_diff(result, lang="zh", format="csv")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == ["序号", "原结论", "新结论", "区域数", "共同条件", "另满足其一", "示例"]
    assert len(rows) == 1 + len(result.changes)
    [change] = result.changes
    number, _, _, regions, common, alternatives, example = rows[1]
    assert (number, regions, common) == ("1", str(change.regions), change.common.zh)
    # Three groups (the degree; an ID number that fails its check, noted; the 师范 mark):
    # each group's alternatives after its label.
    assert len(change.groups) == 3
    for i, group in enumerate(change.groups, start=1):
        assert f"【第 {i} 组】" in alternatives
        assert all(a.zh in alternatives for a in group)
    assert set(json.loads(example)) == {"applicant", "interpretations"}


@pytest.mark.slow
def test_english_table(tmp_path: Path) -> None:
    table = render_diff(staff_table(tmp_path), lang="en", format="md")
    assert "| # | Old conclusion | New conclusion | Regions | Detail |" in table
    assert "[Change 1](#change-1)" in table and "\n## Change 1\n" in table
    assert "**Common conditions**: the gaokao date is known: no" in table
    assert "And one of each group:" in table
    assert "\n- degree level: bachelor\n" in table


# --- a wide change: one edit, many old rules, cases in independent groups ------------


@pytest.fixture(scope="module")
def wider(tmp_path_factory: pytest.TempPathFactory) -> tuple[Ruleset, RulesetDiff]:
    new = load_ruleset(seed_wider_workplace(tmp_path_factory.mktemp("wider")))
    return new, diff_rulesets(BUNDLED, new)


@pytest.mark.slow
def test_every_witness_of_a_wide_change_is_decided_both_ways(
    wider: tuple[Ruleset, RulesetDiff],
) -> None:
    new, result = wider
    assert len(result.changes) > 20 and not result.unconfirmed
    for change in result.changes:
        assert change.new_rule.startswith(("origin.", "precision.", "review.")), change
        decided_both_ways(change, BUNDLED, new)


def _summary(table: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in table.splitlines()
        if re.match(r"\| \d+ \|", line)
    ]


@pytest.mark.slow
def test_summary_counts_add_up_and_the_largest_change_comes_first(
    wider: tuple[Ruleset, RulesetDiff],
) -> None:
    _, result = wider
    table = render_diff(result, lang="zh", format="md")
    rows = _summary(table)
    assert [int(r[0]) for r in rows] == list(range(1, len(result.changes) + 1))
    sizes = [int(r[3]) for r in rows]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1]
    assert sum(sizes) == result.changed_regions == sum(c.regions for c in result.changes)
    assert f"| | **合计** | | **{result.changed_regions}** | |" in table
    # One row per change: each pair of deciding rules once, with its own count.
    listed = [(re.findall(r"\[([\w.]+)\]", r[1]), re.findall(r"\[([\w.]+)\]", r[2])) for r in rows]
    assert sorted((o[0], n[0]) for o, n in listed) == sorted(
        (c.old_rule, c.new_rule) for c in result.changes
    )
    by_pair = {(c.old_rule, c.new_rule): c.regions for c in result.changes}
    assert [by_pair[o[0], n[0]] for o, n in listed] == sizes
    for row in rows:
        name = f"变化 {row[0]}"
        assert row[4] == f"[{name}](#变化-{row[0]})" and f"\n## {name}\n" in table


def _clauses(text: str) -> set[str]:
    return set(text.split("；")) - {"其余为通常情形"}


@pytest.mark.slow
def test_common_conditions_are_said_once_and_the_alternatives_cover_the_cases(
    wider: tuple[Ruleset, RulesetDiff],
) -> None:
    _, result = wider
    table = render_diff(result, lang="zh", format="md")
    sections = table.split("\n## 变化 ")[1:]
    assert len(sections) == len(result.changes)
    # The workplace's level and the family's move vary independently: two groups.
    assert any(len(c.groups) > 1 for c in result.changes)
    for change, section in zip(result.by_size(), sections, strict=True):
        common = _clauses(change.common.zh)
        assert common
        # Truly common: every case (merged region) says each of them.
        assert all(common <= _clauses(case.zh) for case in change.cases)
        for group in change.groups:
            for alternative in group:
                if alternative.zh == "通常情形":
                    # The plain case: some case says none of the group's other words.
                    others = set().union(*(_clauses(a.zh) for a in group)) - {"通常情形"}
                    assert any(not others & _clauses(case.zh) for case in change.cases)
                    continue
                said = _clauses(alternative.zh)
                assert said and not said & common
                # Faithful: each alternative's words are those of some case.
                assert any(said <= _clauses(case.zh) for case in change.cases)
        # Exact: one case per choice of an alternative in every group.
        assert prod(len(g) for g in change.groups) == len(change.cases)
        for clause in common:
            assert section.count(clause) == 1, clause
        assert section.count("其余为通常情形") == 1
        # The original, unfactored words repeat what the factored ones say once.
        if len(change.cases) > 1:
            assert sum(len(c.zh) for c in change.cases) > len(change.common.zh) + sum(
                len(a.zh) for g in change.groups for a in g
            )


@pytest.mark.slow
def test_the_english_table_factors_the_same_way(wider: tuple[Ruleset, RulesetDiff]) -> None:
    _, result = wider
    table = render_diff(result, lang="en", format="md")
    first = result.by_size()[0]
    assert len(_summary(table)) == len(result.changes)
    assert f"**Common conditions**: {first.common.en}" in table
    assert "And one of each group:" in table and "*Group 2*" in table
    assert "otherwise the plain case" not in "".join(a.en for g in first.groups for a in g)


@pytest.mark.slow
def test_csv_alternatives_and_groups(wider: tuple[Ruleset, RulesetDiff]) -> None:
    _, result = wider
    text = render_diff(result, lang="en", format="csv")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))[1:]
    assert sum(int(r[3]) for r in rows) == result.changed_regions
    assert any(len(r[5]) > 20_000 for r in rows), "no change is wide enough to test the limit"
    for row, change in zip(rows, result.by_size(), strict=True):
        assert row[4] == change.common.en
        assert len(row[5]) <= CSV_CELL_LIMIT  # what a spreadsheet cell holds
        total = sum(len(g) for g in change.groups)
        if row[5].endswith("more than a cell holds: see --format md or json)"):
            assert f"({total} in all" in row[5]
            continue
        alternatives = row[5].split(" | ")
        assert len(alternatives) == total - len(change.groups) + 1
        if len(change.groups) > 1:
            assert row[5].startswith("【Group 1】") and "【Group 2】" in row[5]


@pytest.mark.slow
def test_json_keeps_the_cases_and_adds_the_factoring(wider: tuple[Ruleset, RulesetDiff]) -> None:
    _, result = wider
    data = json.loads(render_diff(result, format="json"))
    assert data["changed_regions"] == result.changed_regions
    for out, change in zip(data["changes"], result.changes, strict=True):
        assert len(out["cases"]) == len(change.cases)
        assert out["common"]["zh"] == change.common.zh
        assert [[a["en"] for a in g] for g in out["groups"]] == [
            [a.en for a in g] for g in change.groups
        ]


# --- the factoring itself -------------------------------------------------------------

DOMAINS: dict[str, tuple[FactValue, ...]] = {
    "a": ("1", "2", "3"),
    "b": ("x", "y"),
    "c": ("p", "q", "r"),
    "d": (True, False),
    "e": ("u", "v"),
}


def _spelled(facts: dict[str, frozenset[FactValue]]) -> tuple[tuple[str, str], ...]:
    full = {f: facts.get(f, frozenset(values)) for f, values in DOMAINS.items()}
    return tuple((f, repr(sorted(v, key=str))) for f, v in sorted(full.items()))


def _boxes() -> list[dict[str, frozenset[FactValue]]]:
    """d=True everywhere; a in {1} or {2,3}; (b, c) one of three; e free."""
    first: list[dict[str, frozenset[FactValue]]] = [
        {"a": frozenset({"1"})},
        {"a": frozenset({"2", "3"})},
    ]
    second: list[dict[str, frozenset[FactValue]]] = [
        {"b": frozenset({"x"})},
        {"b": frozenset({"y"}), "c": frozenset({"p"})},
        {"b": frozenset({"y"}), "c": frozenset({"q", "r"})},
    ]
    return [{"d": frozenset({True}), **one, **two} for one in first for two in second]


def test_a_product_of_regions_factors_into_its_groups() -> None:
    boxes = _boxes()
    random.Random(7).shuffle(boxes)
    factored = factor_regions([Region(b, {}) for b in boxes], DOMAINS)
    assert factored.common == {"d": frozenset({True})}
    assert sorted(len(g) for g in factored.groups) == [2, 3]
    assert sorted({f for a in g for f in a} == {"a"} for g in factored.groups) == [False, True]
    assert sorted(map(_spelled, factored.regions(DOMAINS))) == sorted(map(_spelled, boxes))


def test_regions_that_are_not_a_product_stay_one_exact_group() -> None:
    boxes = _boxes()[:-1]
    factored = factor_regions([Region(b, {}) for b in boxes], DOMAINS)
    assert factored.common == {"d": frozenset({True})}
    assert [len(g) for g in factored.groups] == [5]
    assert sorted(map(_spelled, factored.regions(DOMAINS))) == sorted(map(_spelled, boxes))


def test_one_region_is_all_common() -> None:
    [box] = _boxes()[:1]
    factored = factor_regions([Region(box, {})], DOMAINS)
    assert factored.common == box and factored.groups == ()


@pytest.mark.slow
def test_a_changed_default_reading_changes_decisions_of_callers_who_keep_defaults(
    tmp_path: Path,
) -> None:
    folder = copy_bundled(tmp_path)
    path = folder / "interpretations.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    precision = next(i for i in data["interpretations"] if i["id"] == "workplace_precision")
    precision["default"] = "prefecture_accepted"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    new = load_ruleset(folder)
    result = diff_rulesets(BUNDLED, new)
    # A caller who names a reading gets the same decision under both.
    assert all(c.defaults for c in result.changes)
    assert ("precision.work_hukou", "origin.graduate_workplace_individual_hukou") in {
        (c.old_rule, c.new_rule) for c in result.changes
    }
    for change in result.changes:
        prefix = "按默认解读（解释“workplace_precision”的默认解读由"
        assert change.cases[0].zh.startswith(prefix) and change.common.zh.startswith(prefix)
        # Said once for the change, never again in an alternative.
        assert not any("默认解读" in a.zh for group in change.groups for a in group)
        decided_both_ways(change, BUNDLED, new)
        assert change.witness is not None
        assert "workplace_precision" not in change.witness.interpretations


def test_csv_cell_past_the_spreadsheet_limit_keeps_whole_alternatives_and_says_how_many() -> None:
    alternatives = " | ".join(f"alternative {i:05d}" for i in range(3_000))
    fitted = _fit_cell(alternatives, 3_000, "en")
    assert len(fitted) <= CSV_CELL_LIMIT
    kept, note = fitted.split(" ... ")
    assert alternatives.startswith(kept) and kept.endswith(
        ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")
    )
    assert note == "(3000 in all, more than a cell holds: see --format md or json)"
    assert "共 3000 项" in _fit_cell(alternatives, 3_000, "zh")
    assert _fit_cell("a | b", 2, "en") == "a | b"
