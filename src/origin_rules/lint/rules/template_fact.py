"""An explanation, reason or missing-fact text names a placeholder that is neither a
prepared fact nor a display value: it would print as "(unknown)"."""

from __future__ import annotations

import string
from collections.abc import Iterator
from typing import Any

from origin_rules.lint.context import LintContext, LintProblem
from origin_rules.lint.rule import LintRule
from origin_rules.ruleset.model import interpretation_fact
from origin_rules.situation.vocabulary import DISPLAY, FACTS


def texts(rule: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text of a rule that is filled in with the graduate's facts."""
    for lang in ("zh", "en"):
        yield ("explain", lang), _str(rule.get("explain"), lang)
        then: dict[str, Any] = rule["then"] if isinstance(rule.get("then"), dict) else {}
        if isinstance(then.get("reason"), dict):
            yield ("then", "reason", lang), _str(then["reason"], lang)
        for index, missing in enumerate(then.get("missing") or []):
            yield ("then", "missing", index, lang), _str(missing, lang)


def _str(node: Any, lang: str) -> str:
    value = node.get(lang) if isinstance(node, dict) else None
    return value if isinstance(value, str) else ""


def check(ctx: LintContext) -> Iterator[LintProblem]:
    known = set(FACTS) | set(DISPLAY) | {interpretation_fact(i) for i in ctx.interpretation_ids()}
    for rule in ctx.rules():
        for path, text in texts(rule.data):
            try:
                names = [name for _, name, _, _ in string.Formatter().parse(text) if name]
            except ValueError as exc:
                yield LintProblem(
                    rule.file.name,
                    rule.line(*path),
                    RULE.id,
                    f"rule {rule.id}: {'.'.join(map(str, path))} is not a valid template ({exc})",
                )
                continue
            for name in names:
                if name not in known:
                    yield LintProblem(
                        rule.file.name,
                        rule.line(*path),
                        RULE.id,
                        f"rule {rule.id}: {'.'.join(map(str, path))} names {{{name}}}, "
                        "which is neither a fact nor a display value",
                    )


RULE = LintRule(
    "template-fact",
    "explanation, reason and missing-fact texts name only facts and display values",
    check,
)
