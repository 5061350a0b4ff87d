"""Which rules and clauses the YAML cases and the generated applicants reach.

Every rule (but the always-firing fallback) must be reached by at least one YAML case,
judged by the decisions actually made, not by what the cases expect. Generated
applicants are counted beside them, for the report: a rule they never reach shows
where the strategies are thin. The report is printed at the end of the pytest run and,
with ORIGIN_RULES_COVERAGE_REPORT=FILE, written to FILE.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest
from conftest import COVERAGE_REPORTS
from hypothesis import given, settings
from hypothesis import strategies as st
from test_policy_cases import LOADED

from origin_rules import Applicant, DegreeLevel, StudentCategory, decide_origin
from origin_rules.ruleset import bundled_ruleset
from origin_rules.testing import (
    applicants,
    exam_migrants,
    family_movers,
    graduate_workers,
    hk_mo_tw_students,
    interpretation_choices,
)
from origin_rules.testing.coverage import RuleCoverage, markdown_table

RULESET = bundled_ruleset("guide-2022")
GENERATED = (
    applicants()
    | applicants(degrees=(DegreeLevel.BACHELOR,), categories=(StudentCategory.MAINLAND,))
    | exam_migrants()
    | family_movers()
    | graduate_workers()
    | hk_mo_tw_students()
)
# Half the generated applicants are decided under the default readings, half under any.
READINGS = interpretation_choices(
    {i.id: tuple(i.readings) for i in RULESET.interpretations.values()}
)
CHOICES: st.SearchStrategy[dict[str, str]] = st.just({}) | READINGS


def test_every_rule_is_reached_by_a_case_and_the_report_is_written(
    request: pytest.FixtureRequest,
) -> None:
    coverage = RuleCoverage(RULESET, sources=("cases", "generated"))
    for case in LOADED.cases:
        if case.xfail or case.ruleset_dir != RULESET.id:
            continue
        options = case.options
        decision = decide_origin(
            dict(case.facts),
            decision_date=options.get("decision_date"),
            interpretations=options.get("interpretations"),
            ruleset=options.get("ruleset"),
            engine="python",
        )
        if decision.ruleset is not None:
            coverage.add("cases", decision)

    # A quarter of the profile's examples (500 in CI, 5,000 thorough).
    @settings(max_examples=max(100, settings().max_examples // 4))
    @given(GENERATED, CHOICES)
    def count(applicant: Applicant, chosen: dict[str, str]) -> None:
        decision = decide_origin(applicant, interpretations=chosen, engine="python")
        if decision.ruleset is not None and decision.ruleset.id == RULESET.id:
            coverage.add("generated", decision)

    count()
    report = coverage.report()
    request.config.stash.setdefault(COVERAGE_REPORTS, []).append(report)
    if target := os.environ.get("ORIGIN_RULES_COVERAGE_REPORT"):
        Path(target).write_text(report, encoding="utf-8")

    assert coverage.decisions("cases") > 100
    assert coverage.decisions("generated") > 0
    assert not coverage.unreached("cases"), (
        f"rules of {RULESET.id} that no YAML case reaches: {coverage.unreached('cases')}"
    )


def test_a_rule_no_case_reaches_is_reported() -> None:
    # The check itself can fail: with only the bachelor's cases, the graduate-student
    # workplace rule is reached by none.
    coverage = RuleCoverage(RULESET, sources=("cases",))
    for case in LOADED.cases:
        if case.file.startswith("bachelor") and not case.xfail:
            coverage.add("cases", decide_origin(dict(case.facts), engine="python"))
    assert coverage.decisions("cases") > 0
    assert "origin.graduate_workplace_individual_hukou" in coverage.unreached("cases")
    assert "reached by no cases decision" in coverage.report()


@functools.cache
def _per_strategy() -> tuple[ModuleType, RuleCoverage]:
    """scripts/strategy_coverage.py and its counts, computed once for the tests below."""
    script = Path(__file__).parents[1] / "scripts" / "strategy_coverage.py"
    spec = importlib.util.spec_from_file_location("strategy_coverage", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, module.coverage()


def test_applicants_reach_every_rule_and_other_cohorts_the_scope_rule() -> None:
    module, coverage = _per_strategy()
    assert coverage.decisions("applicants") == module.APPLICANTS_EXAMPLES == 1000
    # Every rule in 1,000 draws (derandomized), but the scope rule of other cohorts:
    # every applicant of applicants() is of a governed cohort.
    assert coverage.unreached("applicants") == ["scope.cohort_not_governed"]
    reached = coverage.reached("other_cohorts", "scope.cohort_not_governed")
    assert reached == coverage.decisions("other_cohorts") > 0


def test_the_coverage_per_strategy_table_in_the_testing_guide_is_current() -> None:
    module, coverage = _per_strategy()
    page = module.PAGE.read_text(encoding="utf-8")
    assert module.page_with(markdown_table(coverage), page) == page, (
        "docs/testing.md: the rule coverage per strategy is not current; run "
        "python scripts/strategy_coverage.py --write"
    )
