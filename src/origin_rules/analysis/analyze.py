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

from origin_rules.analysis.analyser import Analyser
from origin_rules.analysis.dead_rules import find_dead_rules
from origin_rules.analysis.findings import Analysis
from origin_rules.analysis.gaps import find_gaps
from origin_rules.analysis.overlaps import find_overlaps, find_precedence_choices
from origin_rules.analysis.space import Split
from origin_rules.ruleset.model import Ruleset


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
    analyser = Analyser(ruleset, allow_fallback, precedence_choices, search_examples)
    return _run(analyser, started)


def _run(analyser: Analyser, started: float) -> Analysis:
    result = Analysis(
        ruleset_id=analyser.ruleset.id,
        ruleset_version=analyser.ruleset.version,
        facts_split=len(analyser.splitter.classes),
        regions=0,
        decided_by={},
    )
    # Regions are counted, not listed: a finding needs only its first few.
    winner_regions: dict[str, Split] = {}
    for index, rule in enumerate(analyser.deciding):
        found = analyser.splitter.split(analyser.winning(index))
        winner_regions[rule.id] = found
        result.decided_by[rule.id] = found.count()
        result.regions += result.decided_by[rule.id]
    find_gaps(analyser, result, winner_regions)
    find_overlaps(analyser, result)
    find_dead_rules(analyser, result, winner_regions)
    if analyser.with_choices:
        result.precedence_choices = find_precedence_choices(analyser)
    result.applicants_tried = analyser.finder.tried
    result.seconds = time.perf_counter() - started
    return result
