"""Hypothesis profiles: `ci` (the default) is derandomized, so a CI run is repeatable;
`thorough` explores ten times as many applicants with a fresh seed each run.

    ORIGIN_RULES_HYPOTHESIS_PROFILE=thorough pytest tests/test_engines_agree.py
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from _pytest.terminal import TerminalReporter
from hypothesis import HealthCheck, settings

from origin_rules.engines import uncached

settings.register_profile(
    "ci",
    max_examples=2000,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "thorough",
    max_examples=20000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("ORIGIN_RULES_HYPOTHESIS_PROFILE", "ci"))

# The differential test and the policy cases are the evidence that the engines decide
# as the rules say: they run each on every case, its memo neither read nor filled
# (src/origin_rules/engines/memo.py), so no answer they check comes from the memo.
# tests/test_engine_memo.py checks that these modules exist and that the memo agrees.
UNCACHED_MODULES = ("test_engines_agree", "test_policy_cases")


@pytest.fixture(autouse=True, scope="module")
def _engines_uncached_in_the_evidence(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.module.__name__.rpartition(".")[2] in UNCACHED_MODULES:
        with uncached():
            yield
    else:
        yield


# Reports that tests hand over to be printed at the end of the run (test_rule_coverage).
COVERAGE_REPORTS = pytest.StashKey[list[str]]()


def pytest_sessionfinish(session: pytest.Session) -> None:
    # Under pytest-xdist a worker hands its reports to the controller, which prints them.
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["coverage_reports"] = session.config.stash.get(COVERAGE_REPORTS, [])


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    reports = getattr(node, "workeroutput", {}).get("coverage_reports", [])
    node.config.stash.setdefault(COVERAGE_REPORTS, []).extend(reports)


def pytest_terminal_summary(terminalreporter: TerminalReporter, config: pytest.Config) -> None:
    for report in config.stash.get(COVERAGE_REPORTS, []):
        terminalreporter.section("rule coverage")
        terminalreporter.write(report)
