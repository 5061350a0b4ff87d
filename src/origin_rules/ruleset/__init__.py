"""Rulesets: the policy as data (rule files), loaded and validated."""

from origin_rules.ruleset.bundled import bundled_ruleset, bundled_rulesets, ruleset_for_cohort
from origin_rules.ruleset.load import load_ruleset
from origin_rules.ruleset.model import Outcome, Ruleset

__all__ = [
    "Outcome",
    "Ruleset",
    "bundled_ruleset",
    "bundled_rulesets",
    "load_ruleset",
    "ruleset_for_cohort",
]
