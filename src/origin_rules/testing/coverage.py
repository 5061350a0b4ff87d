"""Which rules and clauses a set of decisions reached: a coverage report of the policy.

    coverage = RuleCoverage(ruleset, sources=("cases", "generated"))
    for decision in decisions_of_the_yaml_cases:
        coverage.add("cases", decision)
    ...
    print(coverage.report())
    assert not coverage.unreached("cases")

A rule is *reached* by a decision when it decided it or, for a note, when it noted
something in it: the rule's conclusion is what the decision rests on. A rule that
applied but was outranked or overridden is counted apart (`applied`): it shows the
rule's condition held, not that its conclusion was ever used.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from origin_rules.decision import Decision
from origin_rules.facts import Applicant
from origin_rules.ruleset.model import Always, Ruleset

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

_CONCLUDING = frozenset({"decided", "noted"})


@dataclass
class _Tally:
    reached: Counter[str] = field(default_factory=Counter)  # decided or noted
    applied: Counter[str] = field(default_factory=Counter)  # in the trace in any role
    decisions: int = 0


class RuleCoverage:
    """Counts, per source of decisions, how often each rule of a ruleset was reached."""

    def __init__(self, ruleset: Ruleset, sources: Sequence[str]) -> None:
        if not sources or len(set(sources)) != len(sources):
            raise ValueError(f"sources: expected distinct names, got {list(sources)!r}")
        self.ruleset = ruleset
        self._tallies = {name: _Tally() for name in sources}

    def add(self, source: str, decision: Decision) -> None:
        tally = self._tally(source)
        if decision.ruleset is not None and decision.ruleset.id != self.ruleset.id:
            raise ValueError(
                f"a decision under ruleset {decision.ruleset.id!r} counted for {self.ruleset.id!r}"
            )
        tally.decisions += 1
        for step in decision.trace:
            tally.applied[step.rule] += 1
            if step.role in _CONCLUDING:
                tally.reached[step.rule] += 1

    def _tally(self, source: str) -> _Tally:
        if source not in self._tallies:
            raise ValueError(f"source: {source!r} is not one of {list(self._tallies)}")
        return self._tallies[source]

    def decisions(self, source: str) -> int:
        return self._tally(source).decisions

    def reached(self, source: str, rule_id: str) -> int:
        return self._tally(source).reached[rule_id]

    def unreached(self, source: str) -> list[str]:
        """Rules that no decision of `source` reached, in precedence order. The
        always-firing fallback is left out: it decides only where the ruleset has a gap."""
        tally = self._tally(source)
        return [
            r.id
            for r in self.ruleset.rules
            if not isinstance(r.condition, Always) and tally.reached[r.id] == 0
        ]

    def clauses(self, source: str) -> dict[str, int]:
        """Per clause that some rule encodes, how many times its rules were reached."""
        tally = self._tally(source)
        counts: dict[str, int] = {c: 0 for c in self.ruleset.clauses if c in self._encoded}
        for rule in self.ruleset.rules:
            counts[rule.clause] += tally.reached[rule.id]
        return counts

    @property
    def _encoded(self) -> frozenset[str]:
        return frozenset(r.clause for r in self.ruleset.rules)

    def report(self) -> str:
        """A plain-text table: one row per rule in precedence order, then per clause."""
        names = list(self._tallies)
        width = max(len(r.id) for r in self.ruleset.rules)
        head = "".join(f"{n:>22}" for n in names)
        lines = [
            f"Rule coverage of {self.ruleset.id} {self.ruleset.version}: decisions "
            + ", ".join(f"{n} {self._tallies[n].decisions:,}" for n in names),
            "(reached = decided or noted; applied = in the trace in any role)",
            "",
            f"{'rule':<{width}}{head}",
        ]
        for rule in self.ruleset.rules:
            cells = "".join(
                f"{self._tallies[n].reached[rule.id]:>10,} /{self._tallies[n].applied[rule.id]:>9,}"
                for n in names
            )
            lines.append(f"{rule.id:<{width}}{cells}")
        lines += ["", f"{'clause':<{width}}" + "".join(f"{n:>22}" for n in names)]
        per_clause = {n: self.clauses(n) for n in names}
        for clause_id in self.ruleset.clauses:
            if clause_id not in self._encoded:
                lines.append(f"{clause_id:<{width}}{'(no rule encodes it)':>22}")
                continue
            cells = "".join(f"{per_clause[n][clause_id]:>22,}" for n in names)
            lines.append(f"{clause_id:<{width}}{cells}")
        for n in names:
            missing = self.unreached(n)
            lines.append("")
            lines.append(
                f"reached by no {n} decision: {', '.join(missing)}"
                if missing
                else f"every rule reached by some {n} decision"
            )
        return "\n".join(lines) + "\n"


def strategy_coverage(
    strategies: Mapping[str, tuple[SearchStrategy[Applicant], int]], ruleset: Ruleset
) -> RuleCoverage:
    """How often a number of applicants of each strategy (name -> (strategy, number))
    reach each rule of `ruleset`,
    decided under it (so other cohorts reach its scope rule) by the python engine: every
    fourth applicant under the default readings, the rest under readings chosen at
    random (most rules turn on a reading somewhere), each interpretation's reading uniformly from a generator seeded with the
    applicant's number (independent of hypothesis, whose draws follow one another).
    Derandomized: the same strategies and hypothesis version give the same counts."""
    coverage = RuleCoverage(ruleset, sources=tuple(strategies))
    for name, (strategy, examples) in strategies.items():
        _count(name, strategy, coverage, examples)
    return coverage


def readings_for(ruleset: Ruleset, number: int) -> dict[str, str]:
    """The readings `strategy_coverage` decides its `number`th applicant under."""
    if number % 4 == 0:
        return {}
    rng = random.Random(number)
    return {i.id: rng.choice(sorted(i.readings)) for i in ruleset.interpretations.values()}


def _count(
    name: str, strategy: SearchStrategy[Applicant], coverage: RuleCoverage, examples: int
) -> None:
    from hypothesis import HealthCheck, Phase, given, settings

    from origin_rules.decide import decide_origin

    @settings(
        max_examples=examples,
        database=None,
        derandomize=True,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def count(applicant: Applicant) -> None:
        chosen = readings_for(coverage.ruleset, coverage.decisions(name))
        decision = decide_origin(
            applicant, interpretations=chosen, engine="python", ruleset=coverage.ruleset
        )
        coverage.add(name, decision)

    count()


def markdown_table(coverage: RuleCoverage) -> str:
    """One row per rule in precedence order, one column per source: how many of its
    decisions the rule reached; unreached rules marked, the fallback left out."""
    names = list(coverage._tallies)
    lines = [
        "| rule | " + " | ".join(f"`{n}`" for n in names) + " |",
        "|---|" + "---:|" * len(names),
    ]
    for rule in coverage.ruleset.rules:
        if isinstance(rule.condition, Always):
            continue
        cells = [str(coverage.reached(n, rule.id)) or "0" for n in names]
        cells = ["**0**" if c == "0" else c for c in cells]
        lines.append(f"| `{rule.id}` | " + " | ".join(cells) + " |")
    lines.append("| decisions | " + " | ".join(str(coverage.decisions(n)) for n in names) + " |")
    return "\n".join(lines) + "\n"
