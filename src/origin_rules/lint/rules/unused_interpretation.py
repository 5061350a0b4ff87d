"""An interpretation that no rule condition tests and the preparation does not read
changes no decision: a reading chosen for it would be silently ignored."""

from __future__ import annotations

from collections.abc import Iterator

from origin_rules.lint.context import LintContext, LintProblem, atoms
from origin_rules.lint.rule import LintRule
from origin_rules.situation.prepare import PREPARATION_READINGS


def check(ctx: LintContext) -> Iterator[LintProblem]:
    used = {
        str(atom["interpretation"])
        for rule in ctx.rules()
        for _, atom in atoms(rule.data.get("when"), ("when",))
        if "interpretation" in atom
    }
    file = ctx.interpretations_file
    for index, item in ctx.interpretations():
        interp = str(item.get("id"))
        if interp not in used and interp not in PREPARATION_READINGS:
            yield LintProblem(
                file.name,
                file.line(("interpretations", index, "id")),
                RULE.id,
                f"interpretation {interp} is declared but no rule condition tests it "
                "and the preparation of facts does not read it",
            )


RULE = LintRule(
    "unused-interpretation",
    "every declared interpretation is used by a rule or the preparation",
    check,
)
