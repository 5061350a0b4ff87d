"""Prove, over the whole fact space, that a ruleset gives every case one outcome, that
rules of equal precedence never disagree, and that every rule can decide.

Definitions (docs/analysis.md explains them for staff):

- **gap**: a feasible region where no rule written for the policy decides, so only the
  ruleset's last, always-firing rule (the fallback, "no rule could decide") does; or,
  in a ruleset without one, where nothing decides at all. The fallback is an outcome
  (`needs_review`), so no graduate is ever left without one; but a region that only it
  reaches is a case the rules do not provide for, and is reported (as an error, or a
  warning with `allow_fallback=True`).
- **overlap**: two rules of equal precedence that both apply in a feasible region and
  conclude differently (outcome, or origin), where the higher of them decides. The
  precedence list orders every rule, so "equal precedence" is defined by what it
  cannot mean there: two rules are of equal precedence when they encode the same
  section of the guide (the same rule file, like the rows of one decision table) and
  neither overrides the other (`overrides.py`: declared exceptions and refinements).
  Rules of different files are ordered by the precedence list on purpose (scope before
  everything, a missing fact before the origin rules); those pairs are listed apart as
  `precedence_choices`, for information.
- **dead rule**: a rule whose condition no feasible region meets, or (a deciding rule
  other than the fallback) one that applies somewhere but decides nowhere, because
  wherever it applies a rule of higher precedence decides. A rule that can decide but
  for which no applicant could be written or found is reported as a warning.

Each finding carries a witness: an applicant that, decided by `decide_origin` with the
witness's interpretation readings, shows it (the fallback deciding; the higher rule
deciding with the other in its trace; the dead rule outranked, or absent).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from origin_rules.analysis.describe import (
    conclusion_label,
    condition_words,
    describe_region,
    relevant_order,
)
from origin_rules.analysis.findings import Analysis, Finding, Unconfirmed
from origin_rules.analysis.overrides import overrides, related
from origin_rules.analysis.space import (
    Region,
    Requirement,
    Split,
    Splitter,
    domains,
    merge_regions,
)
from origin_rules.analysis.witness import Witness, WitnessFinder
from origin_rules.ruleset.model import All, Always, Condition, Rule, Ruleset, Text

# How many regions are tried for one finding before it is left unconfirmed.
TRIES_PER_FINDING = 24
SEARCHED_PER_FINDING = 2  # of them, searched among generated applicants too


def analyze(
    ruleset: Ruleset,
    *,
    allow_fallback: bool = False,
    precedence_choices: bool = False,
    search_examples: int = 100,
) -> Analysis:
    """Analyse `ruleset` over every combination of prepared facts its rules tell apart.

    `allow_fallback` reports regions only the fallback decides as warnings instead of
    errors; `precedence_choices` also lists the pairs of rules that precedence alone
    orders (slower); `search_examples` bounds the search among generated applicants
    for a witness the written ones miss (0: written applicants only).
    """
    started = time.perf_counter()
    return _Analyser(ruleset, allow_fallback, precedence_choices, search_examples).run(started)


class _Analyser:
    def __init__(
        self, ruleset: Ruleset, allow_fallback: bool, with_choices: bool, search_examples: int
    ) -> None:
        self.ruleset = ruleset
        self.allow_fallback = allow_fallback
        self.with_choices = with_choices
        self.domains = domains({i.id: tuple(i.readings) for i in ruleset.interpretations.values()})
        self.splitter = Splitter([c for _, c in ruleset.conditions], self.domains)
        self.finder = WitnessFinder(ruleset, search_examples=search_examples)
        self.deciding = [r for r in ruleset.rules if not r.is_note]
        self.overrides = overrides(ruleset)
        self.order = relevant_order(ruleset)
        last = ruleset.rules[-1]
        self.fallback = (
            last if isinstance(last.condition, Always) and last.extends is None else None
        )

    def cond(self, rule: Rule) -> Condition:
        return self.ruleset.full_condition(rule)

    def where(self, region: Region, rules: tuple[Rule, ...]) -> dict[str, str]:
        keep = {f for rule in rules for f in self.ruleset.facts(rule)}
        return {
            lang: describe_region(region.facts, self.domains, lang, self.order, keep)
            for lang in ("zh", "en")
        }

    def winning(self, index: int) -> list[Requirement]:
        """Requirements for `self.deciding[index]` to decide."""
        higher = [(self.cond(r), False) for r in self.deciding[:index]]
        return [*higher, (self.cond(self.deciding[index]), True)]

    def run(self, started: float) -> Analysis:
        result = Analysis(
            ruleset_id=self.ruleset.id,
            ruleset_version=self.ruleset.version,
            facts_split=len(self.splitter.classes),
            regions=0,
            decided_by={},
        )
        # Regions are counted, not listed: a finding needs only its first few.
        winner_regions: dict[str, Split] = {}
        for index, rule in enumerate(self.deciding):
            found = self.splitter.split(self.winning(index))
            winner_regions[rule.id] = found
            result.decided_by[rule.id] = found.count()
            result.regions += result.decided_by[rule.id]
        self._gaps(result, winner_regions)
        self._overlaps(result)
        self._dead(result, winner_regions)
        if self.with_choices:
            result.precedence_choices = self._precedence_choices()
        result.applicants_tried = self.finder.tried
        result.seconds = time.perf_counter() - started
        return result

    # --- gaps --------------------------------------------------------------------------

    def _gaps(self, result: Analysis, winner_regions: dict[str, Split]) -> None:
        nothing = self.splitter.split([(self.cond(r), False) for r in self.deciding])
        result.regions += nothing.count()
        for region in merge_regions(list(nothing.regions()), self.domains):
            self._gap(result, region, None)
        if self.fallback is not None:
            fallback_only = list(winner_regions[self.fallback.id].regions())
            for region in merge_regions(fallback_only, self.domains):
                self._gap(result, region, self.fallback)

    def _gap(self, result: Analysis, region: Region, fallback: Rule | None) -> None:
        witness = self.finder.find(region.facts, region.extra)
        rules = (fallback.id,) if fallback else ()
        if witness is None:
            result.unconfirmed.append(Unconfirmed("gap", rules, region.facts))
            return
        where = self.where(region, ())
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
                severity="warning" if fallback is not None and self.allow_fallback else "error",
                rules=rules,
                message=message,
                region=region.facts,
                regions=1,
                witness=witness,
                expect_decided_by=fallback.id if fallback else None,
            )
        )

    # --- overlaps ----------------------------------------------------------------------

    def _conflicting_pairs(self, same_file: bool) -> Iterator[tuple[int, Rule, Rule]]:
        for index, higher in enumerate(self.deciding):
            if higher is self.fallback:
                continue
            for lower in self.deciding[index + 1 :]:
                if lower is self.fallback or (higher.file == lower.file) is not same_file:
                    continue
                if _conclusion(higher) == _conclusion(lower):
                    continue
                if related(self.overrides, higher.id, lower.id):
                    continue
                yield index, higher, lower

    def _overlaps(self, result: Analysis) -> None:
        for index, higher, lower in self._conflicting_pairs(same_file=True):
            both = self.splitter.split([*self.winning(index), (self.cond(lower), True)])
            regions = both.first(TRIES_PER_FINDING)
            if not regions:
                continue
            witness, region = self._first_witness(regions)
            if witness is None or region is None:
                result.unconfirmed.append(
                    Unconfirmed("overlap", (higher.id, lower.id), regions[0].facts)
                )
                continue
            where = self.where(region, (higher, lower))
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

    def _precedence_choices(self) -> list[tuple[str, str]]:
        found = []
        for index, higher, lower in self._conflicting_pairs(same_file=False):
            requirements = [*self.winning(index), (self.cond(lower), True)]
            if next(self.splitter.regions(requirements), None) is not None:
                found.append((higher.id, lower.id))
        return found

    # --- dead rules --------------------------------------------------------------------

    def _dead(self, result: Analysis, winner_regions: dict[str, Split]) -> None:
        for rule in self.ruleset.rules:
            if rule is self.fallback:
                continue
            if not rule.is_note and result.decided_by.get(rule.id):
                deciding = winner_regions[rule.id].first(TRIES_PER_FINDING)
                witness, _ = self._first_witness(deciding)
                if witness is not None:
                    result.deciding_witnesses[rule.id] = witness
                    continue
                result.findings.append(self._undecidable(rule, deciding[0]))
                continue
            applies = self.splitter.split([(self.cond(rule), True)])
            first = applies.first(TRIES_PER_FINDING)
            if first and rule.is_note:
                witness, _ = self._first_witness(first)
                if witness is not None:
                    result.deciding_witnesses[rule.id] = witness
                continue
            if first:
                result.findings.append(self._outranked(rule, first, applies.count()))
            else:
                result.findings.append(self._never_applies(rule))

    def _outranked(self, rule: Rule, applies: list[Region], count: int) -> Finding:
        witness, region = self._first_witness(applies)
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

    def _undecidable(self, rule: Rule, region: Region) -> Finding:
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

    def _never_applies(self, rule: Rule) -> Finding:
        """A rule no region meets: the witness comes closest (all of the rule's tests but
        the first that cannot join them), and shows the rule absent from the trace."""
        parts = _conjuncts(self.cond(rule))
        kept: list[Requirement] = []
        closest: Region | None = None
        blocking: Condition | None = None
        for part in parts:
            region = next(self.splitter.regions([*kept, (part, True)]), None)
            if region is None:
                blocking = part
                break
            kept.append((part, True))
            closest = region
        if closest is None:
            closest = next(self.splitter.regions([]), None)
        witness = self.finder.find(closest.facts, closest.extra) if closest else None
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

    def _first_witness(self, regions: list[Region]) -> tuple[Witness | None, Region | None]:
        # Written applicants for every region first: a search is far slower.
        for region in regions[:TRIES_PER_FINDING]:
            witness = self.finder.find(region.facts, region.extra, search=False)
            if witness is not None:
                return witness, region
        for region in regions[:SEARCHED_PER_FINDING]:
            witness = self.finder.find(region.facts, region.extra)
            if witness is not None:
                return witness, region
        return None, None


def _conclusion(rule: Rule) -> tuple[object, object]:
    return rule.conclusion.outcome, rule.conclusion.origin


def _conjuncts(condition: Condition) -> list[Condition]:
    if isinstance(condition, All):
        return [c for item in condition.items for c in _conjuncts(item)]
    return [condition]
