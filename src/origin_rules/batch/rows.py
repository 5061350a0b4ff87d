"""What one output row of a batch holds, computed without the rest of the decision.

A CSV row (`csv_layout.OUTPUT_COLUMNS`) holds the outcome, the origin's code and name,
the deciding rule and the interpretations the decision relied on: not the trace, its
clause quotations and bilingual texts, the reasons, the missing facts' wording, the
candidates or the input hash. `decide_row` computes only the row's values, from the same
functions `decide_origin` uses (the same preparation, engine and precedence, the same
interpretations relied on), so its row is the decision's row; `DecisionRow.of` reads
the same values from a `Decision` or a `Verdict`, and tests/batch/test_rows.py checks
the two agree on generated applicants under random readings, on both engines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from origin_rules.decide import (
    as_applicant,
    check_call_options,
    choose_ruleset,
    evaluate,
    no_ruleset,
)
from origin_rules.decision import Decision, Origin
from origin_rules.facts import Applicant
from origin_rules.relied import relied_on
from origin_rules.resolve import fired_in_precedence, origin_from
from origin_rules.verdict import Verdict
from origin_rules.versions import decision_versions


@dataclass(frozen=True)
class DecisionRow:
    """The values of a decision's output row. `interpretations` are the (id, reading)
    pairs of the interpretations relied on, in the ruleset's order (empty for a verdict,
    which does not work them out)."""

    applicant_id: str | None
    outcome: str
    origin: Origin | None
    decided_by: str | None
    interpretations: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, decision: Decision | Verdict) -> DecisionRow:
        relied = decision.interpretations if isinstance(decision, Decision) else ()
        return cls(
            decision.applicant_id,
            decision.outcome.value,
            decision.origin,
            decision.decided_by,
            tuple((i.id, i.reading) for i in relied),
        )


def decide_row(
    applicant: Applicant,
    *,
    decision_date: date | None = None,
    interpretations: Mapping[str, str] | None = None,
    engine: str = "durable",
) -> DecisionRow:
    """The row of `decide_origin(applicant, ...)` with the same arguments (the bundled
    ruleset of the applicant's cohort, the bundled division registry). Raises as
    `decide_origin` does (`InvalidOptionError` for a reading the ruleset does not
    declare)."""
    check_call_options(engine, decision_date, interpretations, None)
    facts = as_applicant(applicant)
    chosen = choose_ruleset(None, facts)
    if chosen is None:
        # Rare (a cohort no ruleset governs): the decision is cheap and says it all.
        return DecisionRow.of(no_ruleset(facts, engine, decision_versions(None)))
    # The preparation as a decision's: the interpretations relied on need the facts
    # another reading would change (`Situation.sensitivity`).
    run = evaluate(facts, chosen, decision_date, interpretations, engine, None)
    winner = fired_in_precedence(chosen, run.fired, run.engine)[0]
    c = winner.conclusion
    assert c.outcome is not None  # notes never decide
    relied = relied_on(chosen, run.situation, winner)
    return DecisionRow(
        facts.applicant_id,
        c.outcome.value,
        origin_from(run.situation, c.origin, winner) if c.origin else None,
        winner.id,
        tuple((i, run.readings[i]) for i in chosen.interpretations if i in relied),
    )
