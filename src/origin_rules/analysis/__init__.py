"""Ruleset analysis: gaps, overlaps and dead rules over the whole fact space, each with
a witness applicant, and the decision diff between two rulesets.

    from origin_rules.analysis import analyze, diff_rulesets, render_analysis, render_diff
    from origin_rules.ruleset import bundled_ruleset, load_ruleset

    result = analyze(bundled_ruleset("guide-2022"))
    result.ok, [f.kind for f in result.findings]
    changes = diff_rulesets(bundled_ruleset("guide-2022"), load_ruleset("edited/"))
    print(render_diff(changes, lang="zh", format="md"))

`docs/analysis.md` says what is proved and what is not.
"""

from origin_rules.analysis.analyze import analyze
from origin_rules.analysis.diff import Change, RulesetDiff, diff_rulesets
from origin_rules.analysis.findings import Analysis, Finding, Unconfirmed
from origin_rules.analysis.report import render_analysis, render_diff
from origin_rules.analysis.witness import Witness

__all__ = [
    "Analysis",
    "Change",
    "Finding",
    "RulesetDiff",
    "Unconfirmed",
    "Witness",
    "analyze",
    "diff_rulesets",
    "render_analysis",
    "render_diff",
]
