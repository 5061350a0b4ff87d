"""The policy, case by case: every YAML file under tests/cases/<ruleset id>/ is a list of
cases in the style of openfisca's YAML tests, one file per clause or topic. The file
format, and the reading and running of cases, are the library's (origin_rules.cases,
also run by `origin-rules test CASES_DIR`); here each case runs once per engine as a
pytest test, with ids like `family-move-after-enrollment::family moved the day after
enrollment[python]`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from origin_rules import bundled_ruleset
from origin_rules.cases import ENGINES, Case, load_cases, run_case
from origin_rules.ruleset.model import Always

CASES_DIR = Path(__file__).parent / "cases"


LOADED = load_cases(CASES_DIR)


def _params() -> Iterator[Any]:
    for case in LOADED.cases:
        marks = (
            [pytest.mark.xfail(reason=case.xfail, strict=True, raises=AssertionError)]
            if case.xfail
            else []
        )
        for engine in ENGINES:
            yield pytest.param(case, engine, id=f"{case.id}[{engine}]", marks=marks)


def test_case_files_are_well_formed() -> None:
    assert LOADED.files, f"no case files under {CASES_DIR}"
    assert not LOADED.problems, "problems in the case files:\n" + "\n".join(LOADED.problems)


@pytest.mark.parametrize(("case", "engine"), list(_params()))
def test_policy_case(case: Case, engine: str) -> None:
    result = run_case(case, engine)
    assert result.matches, f"{case.id} ({engine}):\n  " + "\n  ".join(result.differences)


def test_every_rule_decides_at_least_one_case() -> None:
    # A note concludes nothing: it must instead be among the `notes` of some case.
    by_ruleset: dict[str, set[str]] = {}
    for case in LOADED.cases:
        if case.xfail:
            continue
        ruleset_id = case.options.get("ruleset", case.ruleset_dir)
        reached = by_ruleset.setdefault(ruleset_id, set())
        decided_by = case.expected.get("decided_by")
        if isinstance(decided_by, str):
            reached.add(decided_by)
        reached.update(case.expected.get("notes", []))
    folders = sorted({c.ruleset_dir for c in LOADED.cases})
    assert folders, f"no cases under {CASES_DIR}"
    for ruleset_id in folders:
        ruleset = bundled_ruleset(ruleset_id)
        # The always-firing fallback decides only when the ruleset has a gap.
        needed = [r.id for r in ruleset.rules if not isinstance(r.condition, Always)]
        assert len(needed) == len(ruleset.rules) - 1
        uncovered = [r for r in needed if r not in by_ruleset.get(ruleset_id, set())]
        assert not uncovered, f"rules of {ruleset_id} that decide no (non-xfail) case: {uncovered}"
