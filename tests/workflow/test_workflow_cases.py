"""The workflow, case by case: every YAML file under tests/workflow/cases/ is a list of
cases named after what they test, each run on both engines.

    - name: deferred student still bound to 2021 is told to unbind and bind 2022
      description: optional free text
      state: {...}                       # the WorkflowState JSON, as YAML
      options:                           # optional
        symptom: department_cannot_see   # overrides the state's symptom
        as_of: 2021-10-20                # overrides the state's as_of
        interpretations: {late_record: review_continues}
      expected:
        diagnosis: faq1.bound_to_earlier_year   # required
        also: []                                # further diagnoses, in order
        status: [review.complete]               # the record's status beside a diagnosis
        notes: []                               # a set
        replaced: []                            # a set
        interpretations_relied_on: []           # a set
        actors: [student, student]              # who takes each next step, in order

Only the expected keys given are compared. Unknown keys are errors of the case file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from origin_rules.workflow import Diagnosis, bundled_workflow, diagnose

CASES_DIR = Path(__file__).parent / "cases"
ENGINES = ("python", "durable")
CASE_KEYS = frozenset({"name", "description", "state", "options", "expected"})
OPTION_KEYS = frozenset({"symptom", "as_of", "interpretations"})
EXPECTED_KEYS = frozenset(
    {"diagnosis", "also", "status", "notes", "replaced", "interpretations_relied_on", "actors"}
)
FAQ_CLAUSES = [f"faq.{n}" for n in range(1, 9)]


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            where = f"{path.stem}::{case.get('name')}"
            assert isinstance(case, dict), where
            assert set(case) <= CASE_KEYS, f"{where}: unknown keys {set(case) - CASE_KEYS}"
            assert {"name", "state", "expected"} <= set(case), f"{where}: missing keys"
            assert set(case.get("options") or {}) <= OPTION_KEYS, f"{where}: options"
            assert set(case["expected"]) <= EXPECTED_KEYS, f"{where}: expected keys"
            assert "diagnosis" in case["expected"], f"{where}: expected.diagnosis is required"
            cases.append((where, case))
    return cases


CASES = load_cases()


def run_case(case: dict[str, Any], engine: str) -> Diagnosis:
    options = case.get("options") or {}
    as_of = options.get("as_of")
    assert as_of is None or isinstance(as_of, dt.date)
    return diagnose(
        case["state"],
        symptom=options.get("symptom"),
        as_of=as_of,
        interpretations=options.get("interpretations"),
        engine=engine,
    )


def roles(d: Diagnosis, role: str) -> list[str]:
    return [f.rule for f in d.findings if f.role == role]


def check(d: Diagnosis, expected: dict[str, Any]) -> None:
    assert d.diagnosis == expected["diagnosis"]
    assert d.findings[0].rule == d.diagnosis and d.findings[0].role == "diagnosis"
    if "also" in expected:
        assert roles(d, "also") == expected["also"]
    if "status" in expected:
        assert roles(d, "status") == expected["status"]
    if "notes" in expected:
        assert set(roles(d, "note")) == set(expected["notes"])
    if "replaced" in expected:
        assert set(roles(d, "replaced")) == set(expected["replaced"])
    if "interpretations_relied_on" in expected:
        assert {i.id for i in d.interpretations} == set(expected["interpretations_relied_on"])
    if "actors" in expected:
        assert [s.actor for s in d.next_steps] == expected["actors"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("where", "case"), CASES, ids=[w for w, _ in CASES])
def test_case(where: str, case: dict[str, Any], engine: str) -> None:
    d = run_case(case, engine)
    assert d.engine == engine
    check(d, case["expected"])


@pytest.mark.parametrize(("where", "case"), CASES, ids=[w for w, _ in CASES])
def test_both_engines_give_the_same_diagnosis(where: str, case: dict[str, Any]) -> None:
    by_engine = [run_case(case, engine).model_dump(exclude={"engine"}) for engine in ENGINES]
    assert by_engine[0] == by_engine[1]


def test_every_faq_item_has_a_case_diagnosed_by_its_clause() -> None:
    workflow = bundled_workflow()
    diagnosed: set[str] = set()
    for _, case in CASES:
        rule = workflow.rules_by_id[case["expected"]["diagnosis"]]
        diagnosed.add(rule.clause)
    assert [c for c in FAQ_CLAUSES if c not in diagnosed] == []


def test_every_rule_is_reported_by_some_case() -> None:
    reported: set[str] = set()
    for _, case in CASES:
        expected = case["expected"]
        reported.add(expected["diagnosis"])
        for key in ("also", "status", "notes", "replaced"):
            reported.update(expected.get(key, []))
    missing = [r.id for r in bundled_workflow().rules if r.id not in reported]
    assert missing == []


def test_case_names_are_unique() -> None:
    names = [where for where, _ in CASES]
    assert len(names) == len(set(names))
