"""Overlaps: rules of equal precedence (one rule file, neither overriding the other)
that both apply somewhere and conclude differently; and, for information, the pairs of
different files that the precedence list alone orders. See analyze.py."""

from __future__ import annotations

from collections.abc import Iterator

from origin_rules.analysis.analyser import TRIES_PER_FINDING, Analyser
from origin_rules.analysis.describe import conclusion_label
from origin_rules.analysis.findings import Analysis, Finding, Unconfirmed
from origin_rules.analysis.overrides import related
from origin_rules.ruleset.model import Rule, Text


def _conflicting_pairs(analyser: Analyser, same_file: bool) -> Iterator[tuple[int, Rule, Rule]]:
    for index, higher in enumerate(analyser.deciding):
        if higher is analyser.fallback:
            continue
        for lower in analyser.deciding[index + 1 :]:
            if lower is analyser.fallback or (higher.file == lower.file) is not same_file:
                continue
            if _conclusion(higher) == _conclusion(lower):
                continue
            if related(analyser.overrides, higher.id, lower.id):
                continue
            yield index, higher, lower


def find_overlaps(analyser: Analyser, result: Analysis) -> None:
    for index, higher, lower in _conflicting_pairs(analyser, same_file=True):
        both = analyser.splitter.split([*analyser.winning(index), (analyser.cond(lower), True)])
        regions = both.first(TRIES_PER_FINDING)
        if not regions:
            continue
        witness, region = analyser.first_witness(regions)
        if witness is None or region is None:
            result.unconfirmed.append(
                Unconfirmed("overlap", (higher.id, lower.id), regions[0].facts)
            )
            continue
        where = analyser.where(region, (higher, lower))
        result.findings.append(
            Finding(
                kind="overlap",
                severity="error",
                rules=(higher.id, lower.id),
                message=Text(
                    f"同一文件（{higher.file}）中的 {higher.id}（{conclusion_label(higher, 'zh')}）"
                    f"与 {lower.id}（{conclusion_label(lower, 'zh')}）同时适用而结论不同，"
                    f"二者之间没有例外关系（exception_of/extends），只由优先级顺序决定：{where['zh']}",
                    f"In {higher.file}, {higher.id} ({conclusion_label(higher, 'en')}) and "
                    f"{lower.id} ({conclusion_label(lower, 'en')}) both apply and conclude "
                    f"differently, with no exception declared between them; only their "
                    f"order in the precedence list decides: {where['en']}",
                ),
                region=region.facts,
                regions=both.count(),
                witness=witness,
                expect_decided_by=higher.id,
                expect_in_trace=(lower.id,),
            )
        )


def find_precedence_choices(analyser: Analyser) -> list[tuple[str, str]]:
    found = []
    for index, higher, lower in _conflicting_pairs(analyser, same_file=False):
        requirements = [*analyser.winning(index), (analyser.cond(lower), True)]
        if next(analyser.splitter.regions(requirements), None) is not None:
            found.append((higher.id, lower.id))
    return found


def _conclusion(rule: Rule) -> tuple[object, object]:
    return rule.conclusion.outcome, rule.conclusion.origin
