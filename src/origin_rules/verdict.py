"""`decide_verdict`: the outcome of `decide_origin` without its explanation, for bulk
screening.

A verdict carries what a provincial centre screens millions of records for (the
outcome, the origin, the deciding rule, the facts still missing, the candidates offered
to staff) and what makes it reproducible (ruleset hash, engine, decision date, the
readings in force). It leaves out the trace with its clause quotations and texts, the
interpretations the decision relied on, the reasons' wording and the input hash, which a
decision computes when first read or serialised, and the preparation they need (the
display values, the facts under other readings; docs/performance.md). Every field it has
equals the same field of `decide_origin`'s decision for the same call, so a flagged
record is explained later with `decide_origin` or `explain` on the same facts and
options.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from origin_rules.decide import (
    as_applicant,
    check_call_options,
    choose_ruleset,
    evaluate,
    no_ruleset,
)
from origin_rules.decision import Options, Origin, RulesetRef, _Out, built
from origin_rules.divisions import Divisions
from origin_rules.facts import Applicant
from origin_rules.resolve import candidates, fired_in_precedence, origin_from, ruleset_ref
from origin_rules.ruleset.model import Outcome, Rule, Ruleset
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
    deciding rule, missing facts, candidates, ruleset, options and engine, without the
    trace, the interpretations relied on, the reasons or the input hash. Raises as
    `decide_origin` does (`InvalidFactsError`, `InvalidOptionError`)."""
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
        )
    run = evaluate(
        facts, chosen, decision_date, interpretations, engine, divisions, explained=False
    )
    situation = run.situation
    winner, missing = first_deciding(chosen, run.fired, run.engine)
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
        candidate_origins=candidates(situation, c.candidates) if c.candidates else (),
        ruleset=ruleset_ref(chosen),
        options=built(Options, decision_date=situation.decision_date, interpretations=run.readings),
        engine=run.engine,
    )


# ruleset content hash -> deciding rule id -> (its place in precedence order, the rule,
# the facts it says are missing): what a verdict reads of the rule that decides.
_deciding: dict[str, dict[str, tuple[int, Rule, tuple[str, ...]]]] = {}


def first_deciding(
    ruleset: Ruleset, fired: Collection[str], engine: str
) -> tuple[Rule, tuple[str, ...]]:
    """The deciding rule that fired first in precedence order (`fired_in_precedence`'s
    first, without ordering the rest) and the fact paths it says are missing."""
    ranked = _deciding.get(ruleset.content_hash)
    if ranked is None:
        ranked = {
            rule.id: (rank, rule, tuple(m.fact for m in rule.conclusion.missing))
            for rank, rule in enumerate(r for r in ruleset.rules if not r.is_note)
        }
        _deciding[ruleset.content_hash] = ranked
    best: tuple[int, Rule, tuple[str, ...]] | None = None
    for rule_id in fired:
        found = ranked.get(rule_id)
        if found is not None and (best is None or found[0] < best[0]):
            best = found
    if best is None:
        return fired_in_precedence(ruleset, fired, engine)[0], ()  # raises: none fired
    return best[1], best[2]
