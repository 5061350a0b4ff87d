"""The lint rules, one module each; `ALL_RULES` in the order they report."""

from origin_rules.lint.rule import LintRule
from origin_rules.lint.rules import (
    clause_section,
    missing_text,
    precedence,
    template_fact,
    unknown_fact,
    unused_interpretation,
)

ALL_RULES: tuple[LintRule, ...] = (
    unknown_fact.RULE,
    template_fact.RULE,
    missing_text.RULE,
    clause_section.RULE,
    unused_interpretation.RULE,
    precedence.RULE,
)

__all__ = ["ALL_RULES", "LintRule"]
