"""Every rule is placed in the precedence list exactly once, and the list names only
rules that exist: a rule left out never takes part in a decision."""

from __future__ import annotations

from collections.abc import Iterator

from origin_rules.lint.context import LintContext, LintProblem
from origin_rules.lint.rule import LintRule


def check(ctx: LintContext) -> Iterator[LintProblem]:
    order = ctx.head.data.get("precedence") if isinstance(ctx.head.data, dict) else None
    if not isinstance(order, list):
        return
    declared: dict[str, str] = {}
    for rule in ctx.rules():
        if rule.id in declared:
            yield LintProblem(
                rule.file.name,
                rule.line("id"),
                RULE.id,
                f"rule {rule.id} is also declared in {declared[rule.id]}",
            )
        declared.setdefault(rule.id, rule.file.name)
        if rule.id not in order:
            yield LintProblem(
                rule.file.name,
                rule.line("id"),
                RULE.id,
                f"rule {rule.id} is not in the precedence list of ruleset.yaml",
            )
    seen: set[str] = set()
    for index, rule_id in enumerate(order):
        line = ctx.head.line(("precedence", index))
        if rule_id in seen:
            yield LintProblem(ctx.head.name, line, RULE.id, f"{rule_id} is listed twice")
        seen.add(str(rule_id))
        if (
            rule_id not in declared
            and ctx.rule_files
            and all(f.error is None for f in ctx.rule_files)
        ):
            yield LintProblem(
                ctx.head.name, line, RULE.id, f"{rule_id} is not a rule of any rule file"
            )


RULE = LintRule("precedence", "every rule appears once in the precedence list", check)
