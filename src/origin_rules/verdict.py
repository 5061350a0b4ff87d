"""`decide_verdict`: the outcome of `decide_origin` without its explanation, for bulk
screening.

A verdict carries what a provincial centre screens millions of records for (the
outcome, the origin, the deciding rule, the facts still missing, the candidates offered
to staff) and what makes it reproducible (ruleset hash, engine, decision date, the
readings in force, the versions of the library and of the division data). It leaves out
the trace with its clause quotations and texts, the interpretations the decision relied
on, the reasons' wording and the input hash, which a decision computes when first read
or serialised, and the preparation they need (the display values, the facts under other
readings; docs/performance.md). Every field it has equals the same field of
`decide_origin`'s decision for the same call, so a flagged record is explained later
with `decide_origin` or `explain` on the same facts and options.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from origin_rules.decide import (
    as_applicant,
    check_call_options,
    choose_ruleset,
    no_ruleset,
    prepared_for_rules,
)
from origin_rules.decision import Options, Origin, RulesetRef, Versions, _Out, built
from origin_rules.divisions import Divisions
from origin_rules.engines import Engine
from origin_rules.engines.memo import MemoisedEngine
from origin_rules.engines.python import FirstFired, PythonEngine
from origin_rules.facts import Applicant
from origin_rules.resolve import (
    candidates,
    deciding_rules,
    fired_in_precedence,
    origin_from,
    ruleset_ref,
)
from origin_rules.ruleset.model import FactValue, Outcome, Rule, Ruleset
from origin_rules.versions import decision_versions


class Verdict(_Out):
    """The outcome of a decision without its explanation (see the module's docstring)."""

    applicant_id: str | None
    outcome: Outcome
    origin: Origin | None
    decided_by: str | None
    missing_facts: tuple[str, ...]  # fact paths, as `Decision.missing_facts[*].fact`
    candidate_origins: tuple[Origin, ...]
    ruleset: RulesetRef | None
    options: Options | None
    engine: str
    # The library's version and the division data's, as the decision records them: what
    # a replay of the verdict needs besides the ruleset.
    versions: Versions


def decide_verdict(
    applicant: Applicant | Mapping[str, Any] | str | bytes,
    *,
    decision_date: date | None = None,
    interpretations: Mapping[str, str] | None = None,
    engine: str = "durable",
    ruleset: Ruleset | str | None = None,
    divisions: Divisions | None = None,
) -> Verdict:
    """The verdict of `decide_origin` with the same arguments: the same outcome, origin,
    deciding rule, missing facts, candidates, ruleset, options, engine and versions,
    without the trace, the interpretations relied on, the reasons or the input hash.
    Raises as `decide_origin` does (`InvalidFactsError`, `InvalidOptionError`)."""
    check_call_options(engine, decision_date, interpretations, ruleset)
    facts = as_applicant(applicant)
    chosen = choose_ruleset(ruleset, facts)
    if chosen is None:
        # Rare (a cohort no ruleset governs): the decision is cheap and says it all.
        decision = no_ruleset(facts, engine, decision_versions(divisions))
        return Verdict(
            applicant_id=decision.applicant_id,
            outcome=decision.outcome,
            origin=decision.origin,
            decided_by=decision.decided_by,
            missing_facts=tuple(m.fact for m in decision.missing_facts),
            candidate_origins=decision.candidate_origins,
            ruleset=None,
            options=None,
            engine=engine,
            versions=decision.versions,
        )
    readings, compiled, situation = prepared_for_rules(
        facts, chosen, decision_date, interpretations, engine, divisions, explained=False
    )
    winner, missing = deciding_rule(chosen, compiled, situation.facts)
    c = winner.conclusion
    assert c.outcome is not None  # notes never decide
    # Every value below is the library's own, built and checked already: the models are
    # assembled without validating them again (`built`), equal to validating them.
    return built(
        Verdict,
        applicant_id=facts.applicant_id,
        outcome=c.outcome,
        origin=origin_from(situation, c.origin, winner) if c.origin else None,
        decided_by=winner.id,
        missing_facts=missing,
        candidate_origins=candidates(situation, c.candidates),
        ruleset=ruleset_ref(chosen),
        options=built(Options, decision_date=situation.decision_date, interpretations=readings),
        engine=compiled.name,
        versions=decision_versions(divisions),
    )


class _DecidingRules:
    """A ruleset's deciding rules as a verdict reads them: by id, each rule's place in
    precedence order, the rule and the fact paths it says are missing; and, made when
    first needed, the python engine's function that finds the first that holds."""

    __slots__ = ("order", "python_first", "ranked")

    def __init__(self, ruleset: Ruleset) -> None:
        deciding = deciding_rules(ruleset)
        self.order = tuple(r.id for r in deciding)
        self.ranked = {
            rule.id: (rank, rule, tuple(m.fact for m in rule.conclusion.missing))
            for rank, rule in enumerate(deciding)
        }
        self.python_first: FirstFired | None = None


# ruleset content hash -> its deciding rules, made once per ruleset.
_deciding: dict[str, _DecidingRules] = {}


def _deciding_rules(ruleset: Ruleset) -> _DecidingRules:
    found = _deciding.get(ruleset.content_hash)
    if found is None:
        found = _deciding[ruleset.content_hash] = _DecidingRules(ruleset)
    return found


def deciding_rule(
    ruleset: Ruleset, compiled: Engine, facts: dict[str, FactValue]
) -> tuple[Rule, tuple[str, ...]]:
    """The rule that decides (`fired_in_precedence(...)[0]` over the rules `compiled`
    matches on `facts`) and the fact paths it says are missing. The python engine tries
    the deciding rules in precedence order and stops at the first that holds; another
    engine reports every rule that matched, and the first in precedence is taken (the
    python engine's memo is passed by: stopping at the first rule that holds costs no
    more than the memo's key, measured on the benchmark's applicants)."""
    python = compiled.engine if isinstance(compiled, MemoisedEngine) else compiled
    if not isinstance(python, PythonEngine):
        return first_deciding(ruleset, compiled.fired(facts), compiled.name)
    rules = _deciding_rules(ruleset)
    first = rules.python_first
    if first is None:  # two threads may both make it: the same function
        first = rules.python_first = python.first_fired(rules.order)
    rule_id = first(facts)
    if rule_id is None:
        return fired_in_precedence(ruleset, (), compiled.name)[0], ()  # raises: none fired
    _, rule, missing = rules.ranked[rule_id]
    return rule, missing


def first_deciding(
    ruleset: Ruleset, fired: Collection[str], engine: str
) -> tuple[Rule, tuple[str, ...]]:
    """The deciding rule among `fired` that comes first in precedence order
    (`fired_in_precedence`'s first, without ordering the rest) and the fact paths it
    says are missing."""
    ranked = _deciding_rules(ruleset).ranked
    best: tuple[int, Rule, tuple[str, ...]] | None = None
    for rule_id in fired:
        found = ranked.get(rule_id)
        if found is not None and (best is None or found[0] < best[0]):
            best = found
    if best is None:
        return fired_in_precedence(ruleset, fired, engine)[0], ()  # raises: none fired
    return best[1], best[2]
