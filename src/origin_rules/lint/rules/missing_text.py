"""Every text staff read comes in Chinese and in English: a missing or blank one would
leave a decision half explained."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from origin_rules.lint.context import LintContext, LintProblem
from origin_rules.lint.located import LocatedFile, Path
from origin_rules.lint.rule import LintRule

LANGS = ("zh", "en")


def _pairs(data: dict[str, Any]) -> Iterator[tuple[Path, Any]]:
    """The bilingual texts of one rule as written: title, explain, reason, missing."""
    yield ("title",), data.get("title")
    yield ("explain",), data.get("explain")
    then: dict[str, Any] = data["then"] if isinstance(data.get("then"), dict) else {}
    if "reason" in then:
        yield ("then", "reason"), then.get("reason")
    for index, missing in enumerate(then.get("missing") or []):
        yield ("then", "missing", index), missing


def _check_pair(
    file: LocatedFile, path: Path, node: Any, owner: str, within: int = 0
) -> Iterator[LintProblem]:
    """`within`: how much of `path` leads to the owner (left out of the message)."""
    where = ".".join(map(str, path[within:]))
    for lang in LANGS:
        value = node.get(lang) if isinstance(node, dict) else None
        if not isinstance(value, str) or not value.strip():
            line = (
                file.line((*path, lang))
                if isinstance(node, dict) and lang in node
                else file.line(path)
            )
            yield LintProblem(file.name, line, RULE.id, f"{owner}: {where} has no {lang} text")


def check(ctx: LintContext) -> Iterator[LintProblem]:
    if ctx.head.data is not None:
        yield from _check_pair(ctx.head, ("title",), ctx.head.data.get("title"), "ruleset")
    for rule in ctx.rules():
        for path, node in _pairs(rule.data):
            yield from _check_pair(
                rule.file, (*rule.path, *path), node, f"rule {rule.id}", len(rule.path)
            )
    file = ctx.interpretations_file
    for index, item in ctx.interpretations():
        owner = f"interpretation {item.get('id')}"
        base: Path = ("interpretations", index)
        for key in ("question", "why_default"):
            yield from _check_pair(file, (*base, key), item.get(key), owner, len(base))
        readings = item.get("readings")
        for reading, text in (readings or {}).items() if isinstance(readings, dict) else ():
            yield from _check_pair(file, (*base, "readings", str(reading)), text, owner, len(base))


RULE = LintRule(
    "missing-text", "every title, explanation, reason and question has zh and en", check
)
