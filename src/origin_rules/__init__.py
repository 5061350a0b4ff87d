"""origin-rules: a university's graduate place-of-origin (生源地) policy as declarative
rules, decided from typed facts and explained clause by clause.

    from origin_rules import decide_origin
    decision = decide_origin({...})   # an Applicant, or its JSON
"""

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
