"""What changes for whom between two rulesets: the regions of the fact space where the
deciding rule or its conclusion differs, each with a witness applicant decided both
ways.

Both rulesets' conditions are split together, so every region is exact for both: for
each pair of deciding rules (one old, one new) the regions where the old ruleset is
decided by the first and the new by the second are found; a pair is a change when the
rule or its conclusion (outcome, and which place becomes the origin) differs. The
regions of one pair are merged into as few as cover them, and described in words: each
merged region on its own (`Change.cases`), and all of them factored (`analysis/factor.py`)
into the conditions they share and the parts that differ (`Change.common`,
`Change.groups`), which is what the tables show.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from origin_rules.analysis.describe import (
    conclusion_label,
    describe_clauses,
    describe_region,
    plain_note,
    relevant_order,
)
from origin_rules.analysis.factor import Factored, factor_regions
from origin_rules.analysis.space import Region, Requirement, Splitter, domains, merge_regions
from origin_rules.analysis.witness import Witness, WitnessFinder
from origin_rules.decide import decide_in_detail
from origin_rules.decision import Decision
from origin_rules.ruleset.model import (
    All,
    Any_,
    Atom,
    Condition,
    FactValue,
    Rule,
    Ruleset,
    Text,
    interpretation_fact,
)

TRIES_PER_CHANGE = 24


@dataclass(frozen=True)
class Change:
    old_rule: str
    new_rule: str
    old: Text  # the old conclusion in words
    new: Text
    cases: tuple[Text, ...]  # each merged region in words
    # The same cases factored: the conditions all share (with the defaults prefix and
    # "其余为通常情形" when due, said once here) and, per independent group, the
    # alternatives of which one holds.
    common: Text
    groups: tuple[tuple[Text, ...], ...]
    regions: int
    witness: Witness | None  # decided under the new ruleset
    old_decision: Decision | None  # the witness decided under the old ruleset
    # True: for callers who leave the changed interpretations to their default readings.
    defaults: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "old_rule": self.old_rule,
            "new_rule": self.new_rule,
            "old": {"zh": self.old.zh, "en": self.old.en},
            "new": {"zh": self.new.zh, "en": self.new.en},
            "cases": [{"zh": c.zh, "en": c.en} for c in self.cases],
            "common": {"zh": self.common.zh, "en": self.common.en},
            "groups": [[{"zh": a.zh, "en": a.en} for a in group] for group in self.groups],
            "regions": self.regions,
            "defaults": self.defaults,
            "witness": self.witness.as_json() if self.witness else None,
        }


@dataclass
class RulesetDiff:
    old_id: str
    old_version: str
    new_id: str
    new_version: str
    changes: list[Change] = field(default_factory=list)
    # Changes in regions that no applicant was found to reach (taken as infeasible).
    unconfirmed: list[Change] = field(default_factory=list)
    regions: int = 0  # regions of the joint split
    seconds: float = 0.0

    @property
    def changed_regions(self) -> int:
        """Regions of the joint split whose decision changes (listed changes only)."""
        return sum(c.regions for c in self.changes)

    def by_size(self) -> list[Change]:
        """The changes, those affecting the most regions first (ties in the order
        found: old rule's precedence, then the new one's)."""
        return sorted(self.changes, key=lambda c: -c.regions)

    def as_json(self) -> dict[str, Any]:
        return {
            "old": {"id": self.old_id, "version": self.old_version},
            "new": {"id": self.new_id, "version": self.new_version},
            "regions": self.regions,
            "changed_regions": self.changed_regions,
            "changes": [c.as_json() for c in self.changes],
            "unconfirmed": [c.as_json() for c in self.unconfirmed],
            "seconds": round(self.seconds, 3),
        }


def diff_rulesets(old: Ruleset, new: Ruleset, *, search_examples: int = 50) -> RulesetDiff:
    """Every combination of prepared facts whose decision differs between `old` and
    `new`, grouped by the old and the new deciding rule.

    Callers who choose a reading see both rulesets read it the same way (the first
    view). When an interpretation's default reading changed, callers who leave it to
    the default see the old default under `old` and the new one under `new`: the
    changes that makes are listed too, as the second view (`Change.defaults`)."""
    started = time.perf_counter()
    changed = {
        i.id: (i.default, new.interpretations[i.id].default)
        for i in old.interpretations.values()
        if i.id in new.interpretations and new.interpretations[i.id].default != i.default
    }
    readings: dict[str, tuple[str, ...]] = {}
    for ruleset in (old, new):
        for interp in ruleset.interpretations.values():
            readings[interp.id] = tuple(
                dict.fromkeys([*readings.get(interp.id, ()), *interp.readings])
            )
    # In the defaults view the new ruleset's changed interpretations are facts of
    # their own, pinned to the new default while the old ones hold the old default.
    renamed = {interpretation_fact(k): interpretation_fact(k) + _NEW for k in changed}
    fact_domains = domains(readings)
    for interp_id in changed:
        fact_domains[interpretation_fact(interp_id) + _NEW] = readings[interp_id]
    pins: list[Requirement] = []
    for interp_id, (old_default, new_default) in changed.items():
        fact = interpretation_fact(interp_id)
        pins.append((Atom(fact, "equals", (old_default,)), True))
        pins.append((Atom(fact + _NEW, "equals", (new_default,)), True))
    old_side = _Side(old, {})
    views = [(False, old_side, _Side(new, {}))]
    if changed:
        views.append((True, old_side, _Side(new, renamed)))
    splitter = Splitter(
        [c for _, side_old, side_new in views for c in (*side_old.all(), *side_new.all())]
        + [c for c, _ in pins],
        fact_domains,
    )
    finder = WitnessFinder(new, search_examples=search_examples)
    order = relevant_order(new) + relevant_order(old)
    result = RulesetDiff(old.id, old.version, new.id, new.version)
    for defaults, side_old, side_new in views:
        for i, was in enumerate(side_old.rules):
            old_wins = side_old.winning(i)
            for j, now in enumerate(side_new.rules):
                requirements = [*old_wins, *side_new.winning(j), *(pins if defaults else [])]
                split = splitter.split(requirements)
                count = split.count()
                result.regions += count
                if not count or not _changed(was, now):
                    continue
                regions = list(split.regions())
                # What the new ruleset sees (its own readings under their real names),
                # and what staff read (the pinned readings are said once, up front).
                back = {v: k for k, v in renamed.items()} if defaults else {}
                targets = [
                    Region(
                        {
                            back.get(f, f): v
                            for f, v in r.facts.items()
                            if not (defaults and f in renamed)
                        },
                        r.extra,
                    )
                    for r in regions
                ]
                shown = [
                    Region(
                        {
                            f: v
                            for f, v in r.facts.items()
                            if not (defaults and (f in renamed or f in back))
                        },
                        r.extra,
                    )
                    for r in regions
                ]
                merged = merge_regions(shown, fact_domains)
                keep = old.facts(was) | new.facts(now)
                witness, old_decision = _witness(
                    finder, old, targets, was.id, now.id, () if defaults else tuple(changed)
                )
                prefix = _defaults_prefix(changed) if defaults else None
                common, groups = _factored(
                    factor_regions(merged, fact_domains), fact_domains, order, keep, prefix
                )
                # A change no applicant was found to reach is set apart, as the
                # analysis sets apart regions it cannot confirm.
                listed = result.changes if witness is not None else result.unconfirmed
                listed.append(
                    Change(
                        old_rule=was.id,
                        new_rule=now.id,
                        old=_label(was),
                        new=_label(now),
                        cases=tuple(_case(r, fact_domains, order, keep, prefix) for r in merged),
                        common=common,
                        groups=groups,
                        regions=count,
                        witness=witness,
                        old_decision=old_decision,
                        defaults=defaults,
                    )
                )
    result.seconds = time.perf_counter() - started
    return result


_NEW = "@new"


class _Side:
    """One ruleset's deciding rules, their conditions with some facts renamed."""

    def __init__(self, ruleset: Ruleset, renamed: dict[str, str]) -> None:
        self.rules = [r for r in ruleset.rules if not r.is_note]
        self.conditions = {r.id: _rename(ruleset.full_condition(r), renamed) for r in self.rules}

    def all(self) -> list[Condition]:
        return list(self.conditions.values())

    def winning(self, index: int) -> list[Requirement]:
        higher = [(self.conditions[r.id], False) for r in self.rules[:index]]
        return [*higher, (self.conditions[self.rules[index].id], True)]


def _rename(condition: Condition, renamed: dict[str, str]) -> Condition:
    if not renamed:
        return condition
    if isinstance(condition, Atom):
        return Atom(renamed.get(condition.fact, condition.fact), condition.op, condition.values)
    if isinstance(condition, All):
        return All(tuple(_rename(c, renamed) for c in condition.items))
    if isinstance(condition, Any_):
        return Any_(tuple(_rename(c, renamed) for c in condition.items))
    return condition


def _defaults_prefix(changed: dict[str, tuple[str, str]]) -> Text:
    zh = "；".join(f"解释“{i}”的默认解读由 {a} 改为 {b}" for i, (a, b) in changed.items())
    en = "; ".join(
        f"{i}'s default reading changed from {a} to {b}" for i, (a, b) in changed.items()
    )
    return Text(f"按默认解读（{zh}）：", f"With the default readings ({en}): ")


def _case(
    region: Region,
    fact_domains: dict[str, tuple[FactValue, ...]],
    order: list[str],
    keep: frozenset[str],
    prefix: Text | None,
) -> Text:
    zh = describe_region(region.facts, fact_domains, "zh", order, keep)
    en = describe_region(region.facts, fact_domains, "en", order, keep)
    if prefix is None:
        return Text(zh, en)
    return Text(prefix.zh + zh, prefix.en + en)


def _factored(
    factored: Factored,
    fact_domains: dict[str, tuple[FactValue, ...]],
    order: list[str],
    keep: frozenset[str],
    prefix: Text | None,
) -> tuple[Text, tuple[tuple[Text, ...], ...]]:
    """The common conditions and the groups of alternatives in words. Facts at their
    plain value are left out everywhere and "其余为通常情形" said once, after the common
    conditions; alternatives that read the same (they differ only in such facts) are
    said once, and a group all of whose alternatives read empty is dropped."""
    omitted = False

    def clauses(facts: Mapping[str, frozenset[FactValue]]) -> tuple[list[str], list[str]]:
        nonlocal omitted
        zh, left_out = describe_clauses(facts, fact_domains, "zh", order, keep)
        en, _ = describe_clauses(facts, fact_domains, "en", order, keep)
        omitted = omitted or left_out
        return zh, en

    groups: list[tuple[Text, ...]] = []
    for group in factored.groups:
        said: dict[Text, None] = {}
        for alternative in group:
            zh, en = clauses(alternative)
            said.setdefault(
                Text("；".join(zh), "; ".join(en)) if zh else Text("通常情形", "the plain case")
            )
        if any(a.zh != "通常情形" for a in said):
            groups.append(tuple(said))
    zh, en = clauses(factored.common)
    if omitted:
        zh, en = [*zh, plain_note("zh")], [*en, plain_note("en")]
    if not zh:
        zh, en = (["无"], ["none"]) if groups else (["任何情形"], ["any case"])
    common = Text("；".join(zh), "; ".join(en))
    if prefix is not None:
        common = Text(prefix.zh + common.zh, prefix.en + common.en)
    return common, tuple(groups)


def _changed(old: Rule, new: Rule) -> bool:
    return old.id != new.id or (old.conclusion.outcome, old.conclusion.origin) != (
        new.conclusion.outcome,
        new.conclusion.origin,
    )


def _label(rule: Rule) -> Text:
    return Text(conclusion_label(rule, "zh"), conclusion_label(rule, "en"))


def _witness(
    finder: WitnessFinder,
    old: Ruleset,
    regions: list[Region],
    old_rule: str,
    new_rule: str,
    explicit: tuple[str, ...],
) -> tuple[Witness | None, Decision | None]:
    """An applicant decided by `old_rule` under the old ruleset and `new_rule` under the
    new one (`explicit`: interpretations whose reading it states even when default)."""
    known = finder.ruleset.fact_names
    for search in (False, True):
        for region in regions[: TRIES_PER_CHANGE if not search else 2]:
            target = {k: v for k, v in region.facts.items() if k in known}
            witness = finder.find(target, region.extra, search=search, explicit=explicit)
            if witness is None or witness.decision.decided_by != new_rule:
                continue
            readings = {
                k: v for k, v in witness.interpretations.items() if k in old.interpretations
            }
            # Interpretations only the old ruleset has: a reading the region allows.
            for interp in old.interpretations.values():
                allowed = region.facts.get(interpretation_fact(interp.id))
                only_old = interp.id not in finder.ruleset.interpretations
                if only_old and allowed and interp.default not in allowed:
                    readings[interp.id] = str(sorted(map(str, allowed))[0])
            before = decide_in_detail(
                witness.applicant, interpretations=readings, ruleset=old, engine="python"
            ).decision
            if before.decided_by == old_rule:
                return witness, before
    return None, None
