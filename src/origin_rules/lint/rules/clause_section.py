"""Every rule cites a clause declared in clauses.yaml, and every clause's section
heading and text are found in the policy text (the verbatim check of the loader, with
lines)."""

from __future__ import annotations

from collections.abc import Iterator

from origin_rules.lint.context import LintContext, LintProblem
from origin_rules.lint.rule import LintRule
from origin_rules.ruleset.load import squash


def check(ctx: LintContext) -> Iterator[LintProblem]:
    declared = {str(item.get("id")) for _, item in ctx.clauses()}
    for rule in ctx.rules():
        clause = rule.data.get("clause")
        if str(clause) not in declared:
            yield LintProblem(
                rule.file.name,
                rule.line("clause"),
                RULE.id,
                f"rule {rule.id}: cites clause {clause!r}, which clauses.yaml does not declare",
            )
    if ctx.source is None:
        yield LintProblem(
            ctx.head.name,
            ctx.head.line(("source", "document")),
            RULE.id,
            "the policy text (source.document) cannot be read",
        )
        return
    flat = squash(ctx.source)
    file = ctx.clauses_file
    for index, item in ctx.clauses():
        section = item.get("section")
        heading = squash(str(section)).split("/")[-1] if section else ""
        if not heading or heading not in flat:
            yield LintProblem(
                file.name,
                file.line(("clauses", index, "section")),
                RULE.id,
                f"clause {item.get('id')}: section {section!r} is not a heading of the policy text",
            )
        text = item.get("text")
        if not isinstance(text, str) or squash(text) not in flat:
            yield LintProblem(
                file.name,
                file.line(("clauses", index, "text")),
                RULE.id,
                f"clause {item.get('id')}: text is not verbatim in the policy text",
            )


RULE = LintRule(
    "clause-section",
    "rules cite declared clauses; clause sections and texts are in the policy text",
    check,
)
