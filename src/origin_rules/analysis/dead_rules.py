"""Dead rules: a rule no feasible region meets, or one that applies but never decides
because a rule of higher precedence always does. See analyze.py for the definitions."""

from __future__ import annotations

from origin_rules.analysis.analyser import TRIES_PER_FINDING, Analyser
from origin_rules.analysis.describe import condition_words
from origin_rules.analysis.findings import Analysis, Finding
from origin_rules.analysis.space import Region, Requirement, Split
from origin_rules.ruleset.model import All, Condition, Rule, Text


def find_dead_rules(analyser: Analyser, result: Analysis, winner_regions: dict[str, Split]) -> None:
    for rule in analyser.ruleset.rules:
        if rule is analyser.fallback:
            continue
        if not rule.is_note and result.decided_by.get(rule.id):
            deciding = winner_regions[rule.id].first(TRIES_PER_FINDING)
            witness, _ = analyser.first_witness(deciding)
            if witness is not None:
                result.deciding_witnesses[rule.id] = witness
                continue
            result.findings.append(_undecidable(rule, deciding[0]))
            continue
        applies = analyser.splitter.split([(analyser.cond(rule), True)])
        first = applies.first(TRIES_PER_FINDING)
        if first and rule.is_note:
            witness, _ = analyser.first_witness(first)
            if witness is not None:
                result.deciding_witnesses[rule.id] = witness
            continue
        if first:
            result.findings.append(_outranked(analyser, rule, first, applies.count()))
        else:
            result.findings.append(_never_applies(analyser, rule))


def _outranked(analyser: Analyser, rule: Rule, applies: list[Region], count: int) -> Finding:
    witness, region = analyser.first_witness(applies)
    where = region or applies[0]
    deciding = witness.decision.decided_by if witness else None
    return Finding(
        kind="dead",
        severity="error",
        rules=(rule.id,),
        message=Text(
            f"{rule.id} 可能适用，但在它适用的任何情形下都有优先级更高的规则作出判定"
            f"（例如 {deciding or '—'}），它从不作出判定。",
            f"{rule.id} can apply, but wherever it does a rule of higher precedence "
            f"decides (for example {deciding or '—'}); it never decides.",
        ),
        region=where.facts,
        regions=count,
        witness=witness,
        expect_in_trace=(rule.id,),
    )


def _undecidable(rule: Rule, region: Region) -> Finding:
    return Finding(
        kind="dead",
        severity="warning",
        rules=(rule.id,),
        message=Text(
            f"{rule.id} 在事实组合上可以作出判定，但没有找到能到达这些组合的申请人。",
            f"{rule.id} decides in some combinations of prepared facts, but no applicant "
            f"was found that reaches them.",
        ),
        region=region.facts,
        regions=0,
        witness=None,
    )


def _never_applies(analyser: Analyser, rule: Rule) -> Finding:
    """A rule no region meets: the witness comes closest (all of the rule's tests but
    the first that cannot join them), and shows the rule absent from the trace."""
    parts = _conjuncts(analyser.cond(rule))
    kept: list[Requirement] = []
    closest: Region | None = None
    blocking: Condition | None = None
    for part in parts:
        region = next(analyser.splitter.regions([*kept, (part, True)]), None)
        if region is None:
            blocking = part
            break
        kept.append((part, True))
        closest = region
    if closest is None:
        closest = next(analyser.splitter.regions([]), None)
    witness = analyser.finder.find(closest.facts, closest.extra) if closest else None
    blocked = {
        lang: condition_words(blocking, lang) if blocking is not None else "?"
        for lang in ("zh", "en")
    }
    before = {
        lang: ("且" if lang == "zh" else " and ").join(
            condition_words(part, lang) for part, _ in kept
        )
        for lang in ("zh", "en")
    }
    if kept:
        why = Text(
            f"{blocked['zh']} 与其前面的条件（{before['zh']}）不能同时成立",
            f"{blocked['en']} cannot hold together with the tests before it ({before['en']})",
        )
    else:
        why = Text(f"{blocked['zh']} 不可能成立", f"{blocked['en']} can never hold")
    return Finding(
        kind="dead",
        severity="error",
        rules=(rule.id,),
        message=Text(
            f"{rule.id} 的条件在任何可能的事实组合下都不成立：{why.zh}。",
            f"{rule.id}'s condition holds for no possible combination of facts: {why.en}.",
        ),
        region=closest.facts if closest else {},
        regions=0,
        witness=witness,
        expect_not_in_trace=(rule.id,),
    )


def _conjuncts(condition: Condition) -> list[Condition]:
    if isinstance(condition, All):
        return [c for item in condition.items for c in _conjuncts(item)]
    return [condition]
