"""One analysis under way: the ruleset, its fact space split, the witness finder, and
the questions every kind of finding asks of them (a rule's full condition, what it
takes for a rule to decide, the first region a witness can be found for).

The findings themselves are gaps.py, overlaps.py and dead_rules.py; analyze.py runs them.
"""

from __future__ import annotations

from origin_rules.analysis.describe import describe_region, relevant_order
from origin_rules.analysis.overrides import overrides
from origin_rules.analysis.space import Region, Requirement, Splitter, domains
from origin_rules.analysis.witness import Witness, WitnessFinder
from origin_rules.ruleset.model import Always, Condition, Rule, Ruleset

# How many regions are tried for one finding before it is left unconfirmed.
TRIES_PER_FINDING = 24
SEARCHED_PER_FINDING = 2  # of them, searched among generated applicants too


class Analyser:
    """What the analysis of one ruleset works with, and counts (the applicants tried)."""

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

    def first_witness(self, regions: list[Region]) -> tuple[Witness | None, Region | None]:
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
