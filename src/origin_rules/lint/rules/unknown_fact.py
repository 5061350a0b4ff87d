"""A condition names a fact the preparation never produces, an interpretation the
ruleset does not declare, or a value outside the fact's domain: the test could never
be true as written (the loader refuses it; lint says on which line)."""

from __future__ import annotations

from collections.abc import Iterator

from origin_rules.lint.context import LintContext, LintProblem, atoms
from origin_rules.lint.rule import LintRule
from origin_rules.situation.vocabulary import FACTS


def check(ctx: LintContext) -> Iterator[LintProblem]:
    readings = {
        str(item.get("id")): set(item.get("readings") or {})
        for _, item in ctx.interpretations()
        if isinstance(item.get("readings"), dict)
    }
    for rule in ctx.rules():
        for path, atom in atoms(rule.data.get("when"), ("when",)):
            domain: set[object] | None = None
            if "fact" in atom:
                fact = atom["fact"]
                spec = FACTS.get(str(fact))
                if spec is None:
                    yield LintProblem(
                        rule.file.name,
                        rule.line(*path, "fact"),
                        RULE.id,
                        f"rule {rule.id}: unknown fact {fact!r} (not in the vocabulary)",
                    )
                    continue
                domain = {True, False} if spec.is_bool else set(spec.values)
            elif "interpretation" in atom:
                interp = str(atom["interpretation"])
                if interp not in readings:
                    yield LintProblem(
                        rule.file.name,
                        rule.line(*path, "interpretation"),
                        RULE.id,
                        f"rule {rule.id}: interpretation {interp!r} is not declared in "
                        "interpretations.yaml",
                    )
                    continue
                domain = set(readings[interp])
            for op in ("equals", "not_equals", "in", "not_in"):
                if op not in atom:
                    continue
                values = atom[op] if isinstance(atom[op], list) else [atom[op]]
                for value in values:
                    if domain is not None and value not in domain:
                        yield LintProblem(
                            rule.file.name,
                            rule.line(*path, op),
                            RULE.id,
                            f"rule {rule.id}: {value!r} is not a value of "
                            f"{atom.get('fact') or atom.get('interpretation')} "
                            f"(one of {sorted(map(str, domain))})",
                        )


RULE = LintRule(
    "unknown-fact",
    "conditions name only known facts, declared interpretations and their values",
    check,
)
