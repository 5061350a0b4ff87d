"""Which combinations of prepared facts an applicant can produce at all.

The rules test flat facts, but `situation/prepare.py` derives them from one applicant,
so some combinations never occur: a registration's kind without its place, a family
move without a registration before the gaokao. Each constraint below says one such
thing, as `if` ⇒ `then` over the same conditions the rules are written in, and names
the preparation step it follows from. The analysis drops the regions a constraint
rules out; every region it reports is confirmed by an applicant anyway, so a
constraint missing here costs time (a region tried and found infeasible), never a
wrong answer, while a constraint that is too strong would hide regions: the test
`tests/analysis/test_constraints.py` checks them all against generated applicants.
"""

from __future__ import annotations

from dataclasses import dataclass

from origin_rules.analysis.logic import truth
from origin_rules.ruleset.model import All, Atom, Condition, FactValue
from origin_rules.situation.vocabulary import NONE, Cancellation, FamilyMove


@dataclass(frozen=True)
class Constraint:
    id: str
    when: Condition
    then: Condition
    why: str  # the preparation step it follows from

    def holds(self, facts: dict[str, FactValue]) -> bool:
        concrete = {k: frozenset([v]) for k, v in facts.items()}
        return truth(self.when, concrete) is not True or truth(self.then, concrete) is True


def _is(fact: str, *values: FactValue) -> Atom:
    return Atom(fact, "in", values)


def _not(fact: str, *values: FactValue) -> Atom:
    return Atom(fact, "not_in", values)


def _record_constraints(key: str) -> list[Constraint]:
    why = "builder.set_record: a registration's kind, level and division state come together"
    kind, level, division = f"{key}_kind", f"{key}_level", f"{key}_division"
    return [
        Constraint(f"{key}.level_with_kind", _is(kind, NONE), _is(level, NONE), why),
        Constraint(f"{key}.kind_with_level", _not(kind, NONE), _not(level, NONE), why),
        Constraint(f"{key}.division_with_kind", _is(kind, NONE), _is(division, NONE), why),
        Constraint(f"{key}.kind_with_division", _not(kind, NONE), _not(division, NONE), why),
    ]


CONSTRAINTS: tuple[Constraint, ...] = (
    *_record_constraints("family_before_gaokao"),
    *_record_constraints("family_now"),
    *_record_constraints("work_hukou"),
    Constraint(
        "no_gaokao.no_record_before_it",
        _is("gaokao_known", False),
        _is("family_before_gaokao_kind", NONE),
        "family.family_part: the registration before the gaokao is looked up only with a gaokao",
    ),
    Constraint(
        "no_gaokao.no_move_for_it",
        _is("gaokao_known", False),
        _is("student_moved_for_gaokao", False),
        "family.family_part: without a gaokao nobody moved for it",
    ),
    Constraint(
        "moved_for_gaokao.family_stayed",
        _is("student_moved_for_gaokao", True),
        _not("family_before_gaokao_kind", NONE),
        "family.family_part: moving for the gaokao is measured against the family's registration",
    ),
    Constraint(
        "move.from_a_registration",
        _not("family_move", FamilyMove.NONE),
        _not("family_before_gaokao_kind", NONE),
        "family_moved_on: a move is away from the registration before the gaokao",
    ),
    Constraint(
        "registration_now.only_after_a_move",
        _not("family_now_kind", NONE),
        _not("family_move", FamilyMove.NONE),
        "family.family_part: the current registration is a fact only when the family moved",
    ),
    Constraint(
        "cancelled.reason_with_timing",
        _is("family_cancelled", NONE),
        _is("family_cancelled_timing", NONE),
        "family.family_part: a cancellation's reason and timing come together",
    ),
    Constraint(
        "cancelled.timing_with_reason",
        _not("family_cancelled", NONE),
        _not("family_cancelled_timing", NONE),
        "family.family_part: a cancellation's reason and timing come together",
    ),
    Constraint(
        "cancelled_before_gaokao.no_record_before_it",
        _is("family_cancelled_timing", Cancellation.BEFORE_GAOKAO),
        _is("family_before_gaokao_kind", NONE),
        "cancelled_before: looked for only when no family registration was in force then",
    ),
    Constraint(
        "cancelled_after_gaokao.from_a_registration",
        _not("family_cancelled_timing", NONE, Cancellation.BEFORE_GAOKAO),
        _not("family_before_gaokao_kind", NONE),
        "cancelled_last: a later cancellation ends a registration since the one before the gaokao",
    ),
    Constraint(
        "cancelled.only_with_a_gaokao",
        _not("family_cancelled_timing", NONE),
        _is("gaokao_known", True),
        "family.family_part: a cancellation is placed against the gaokao",
    ),
    Constraint(
        "cancelled_after_a_move.the_registration_moved_to",
        All((_not("family_move", FamilyMove.NONE), _not("family_cancelled", NONE))),
        _not("family_now_kind", NONE),
        "family.family_part: a registration cancelled after a move is the one moved to, read as now",
    ),
    Constraint(
        "cancelled_unknown_timing.no_move_after_enrollment",
        _is("family_cancelled_timing", Cancellation.TIMING_UNKNOWN),
        _not("family_move", FamilyMove.AFTER_ENROLLMENT, FamilyMove.BEFORE_ENROLLMENT),
        "family_move_timing: a cancellation follows the move to the registration it ends",
    ),
    Constraint(
        "cancelled_before_enrollment.no_move_after_it",
        _is("family_cancelled_timing", Cancellation.BEFORE_ENROLLMENT),
        _not("family_move", FamilyMove.AFTER_ENROLLMENT, FamilyMove.TIMING_UNKNOWN),
        "family_move_timing: a cancellation follows the move to the registration it ends",
    ),
    Constraint(
        "no_work.no_workplace_hukou",
        _is("worked_before_enrollment", False),
        _is("work_hukou_kind", NONE),
        "hukou_at_workplace: a registration at a workplace needs work",
    ),
)
