"""origin-rules: a university's graduate place-of-origin (生源地) policy as declarative
rules, decided from typed facts and explained clause by clause.

    from origin_rules import decide_origin
    decision = decide_origin({...})   # an Applicant, or its JSON
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from origin_rules.batch import RecordError, decide_many
    from origin_rules.decide import decide_origin, facts_hash
    from origin_rules.decision import Decision, Origin, TraceStep
    from origin_rules.errors import (
        FactError,
        InvalidFactsError,
        InvalidOptionError,
        OriginRulesError,
        RulesetError,
    )
    from origin_rules.facts import (
        Applicant,
        Cohort,
        DegreeLevel,
        Gaokao,
        HukouHolder,
        HukouKind,
        HukouRecord,
        Place,
        Programme,
        StudentCategory,
        WorkPeriod,
        parse_applicant,
    )
    from origin_rules.ruleset import Outcome, Ruleset, bundled_ruleset, load_ruleset
    from origin_rules.verdict import Verdict, decide_verdict

__version__ = "0.1.0"

__all__ = [
    "Applicant",
    "Cohort",
    "Decision",
    "DegreeLevel",
    "FactError",
    "Gaokao",
    "HukouHolder",
    "HukouKind",
    "HukouRecord",
    "InvalidFactsError",
    "InvalidOptionError",
    "Origin",
    "OriginRulesError",
    "Outcome",
    "Place",
    "Programme",
    "RecordError",
    "Ruleset",
    "RulesetError",
    "StudentCategory",
    "TraceStep",
    "Verdict",
    "WorkPeriod",
    "__version__",
    "bundled_ruleset",
    "decide_many",
    "decide_origin",
    "decide_verdict",
    "facts_hash",
    "load_ruleset",
    "parse_applicant",
]

# Where each public name lives. They are imported when first used, not with the package:
# `import origin_rules` (and so `origin-rules --version` and `--help`) does not load
# pydantic, the rules or the engines until something needs them.
_HOMES = {
    "RecordError": "origin_rules.batch",
    "decide_many": "origin_rules.batch",
    "decide_origin": "origin_rules.decide",
    "facts_hash": "origin_rules.decide",
    "Decision": "origin_rules.decision",
    "Origin": "origin_rules.decision",
    "TraceStep": "origin_rules.decision",
    "FactError": "origin_rules.errors",
    "InvalidFactsError": "origin_rules.errors",
    "InvalidOptionError": "origin_rules.errors",
    "OriginRulesError": "origin_rules.errors",
    "RulesetError": "origin_rules.errors",
    "Applicant": "origin_rules.facts",
    "Cohort": "origin_rules.facts",
    "DegreeLevel": "origin_rules.facts",
    "Gaokao": "origin_rules.facts",
    "HukouHolder": "origin_rules.facts",
    "HukouKind": "origin_rules.facts",
    "HukouRecord": "origin_rules.facts",
    "Place": "origin_rules.facts",
    "Programme": "origin_rules.facts",
    "StudentCategory": "origin_rules.facts",
    "WorkPeriod": "origin_rules.facts",
    "parse_applicant": "origin_rules.facts",
    "Outcome": "origin_rules.ruleset",
    "Ruleset": "origin_rules.ruleset",
    "bundled_ruleset": "origin_rules.ruleset",
    "load_ruleset": "origin_rules.ruleset",
    "Verdict": "origin_rules.verdict",
    "decide_verdict": "origin_rules.verdict",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'origin_rules' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))
