"""Gaps: feasible regions where no rule written for the policy decides (only the
fallback does, or nothing at all). See analyze.py for the definitions."""

from __future__ import annotations

from origin_rules.analysis.analyser import Analyser
from origin_rules.analysis.findings import Analysis, Finding, Unconfirmed
from origin_rules.analysis.space import Region, Split, merge_regions
from origin_rules.ruleset.model import Rule, Text


def find_gaps(analyser: Analyser, result: Analysis, winner_regions: dict[str, Split]) -> None:
    nothing = analyser.splitter.split([(analyser.cond(r), False) for r in analyser.deciding])
    result.regions += nothing.count()
    for region in merge_regions(list(nothing.regions()), analyser.domains):
        _gap(analyser, result, region, None)
    if analyser.fallback is not None:
        fallback_only = list(winner_regions[analyser.fallback.id].regions())
        for region in merge_regions(fallback_only, analyser.domains):
            _gap(analyser, result, region, analyser.fallback)


def _gap(analyser: Analyser, result: Analysis, region: Region, fallback: Rule | None) -> None:
    witness = analyser.finder.find(region.facts, region.extra)
    rules = (fallback.id,) if fallback else ()
    if witness is None:
        result.unconfirmed.append(Unconfirmed("gap", rules, region.facts))
        return
    where = analyser.where(region, ())
    if fallback is None:
        message = Text(
            f"没有任何规则作出判定：{where['zh']}",
            f"No rule decides: {where['en']}",
        )
    else:
        message = Text(
            f"只有兜底规则 {fallback.id} 作出判定（没有为此情形写出规则）：{where['zh']}",
            f"Only the fallback {fallback.id} decides (no rule provides for this case): "
            f"{where['en']}",
        )
    result.findings.append(
        Finding(
            kind="gap",
            severity="warning" if fallback is not None and analyser.allow_fallback else "error",
            rules=rules,
            message=message,
            region=region.facts,
            regions=1,
            witness=witness,
            expect_decided_by=fallback.id if fallback else None,
        )
    )
