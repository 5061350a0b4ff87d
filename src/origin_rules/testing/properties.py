"""Properties of the policy that hold for every applicant, each naming its clause.

Each property takes an applicant and a ruleset and returns None when it holds, or a
sentence saying how it failed. They are plain functions so that a property suite can
run them under hypothesis, and a mutation check can show that a broken ruleset is
caught by at least one of them.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from origin_rules.decide import Detailed, decide_in_detail
from origin_rules.decision import Decision
from origin_rules.divisions.registry import default_registry
from origin_rules.facts import Applicant, HukouHolder, HukouKind, HukouRecord, Place
from origin_rules.ruleset.model import Outcome, Ruleset

Check = Callable[[Applicant, Ruleset], str | None]

_NEVER_ORIGIN = {HukouKind.TEMPORARY_COLLECTIVE.value, HukouKind.SCHOOL_COLLECTIVE.value}
_REGIONS = {"810000", "820000", "710000"}


@dataclass(frozen=True)
class Property:
    id: str
    clause: str  # the clause id in the ruleset it expresses
    statement: str
    check: Check


def _detail(applicant: Applicant, ruleset: Ruleset) -> Detailed:
    return decide_in_detail(applicant, ruleset=ruleset, engine="python")


def _comparable(decision: Decision) -> dict[str, Any]:
    """What a decision concludes, and through which rules; not its wording, which numbers
    records by their position in the input."""
    return {
        "outcome": decision.outcome,
        "origin": decision.origin,
        "decided_by": decision.decided_by,
        "trace": [(s.rule, s.role) for s in decision.trace],
        "interpretations": [(i.id, i.reading) for i in decision.interpretations],
        "missing": [m.fact for m in decision.missing_facts],
        "reasons": sorted(r.code for r in decision.reasons),
        "candidates": decision.candidate_origins,
    }


def _origin_source(detail: Detailed) -> str | None:
    if detail.ruleset is None or detail.decision.decided_by is None:
        return None
    return detail.ruleset.rules_by_id[detail.decision.decided_by].conclusion.origin


def every_applicant_gets_one_outcome(applicant: Applicant, ruleset: Ruleset) -> str | None:
    """Totality: a valid applicant is decided without an exception, with one outcome and,
    where a rule decided, exactly one step in the trace that decided."""
    try:
        decision = _detail(applicant, ruleset).decision
    except Exception as exc:  # the property is that nothing is raised
        return f"deciding raised {type(exc).__name__}: {exc}"
    deciding = [s.rule for s in decision.trace if s.role == "decided"]
    if decision.decided_by is None:
        return None if not deciding else f"steps decided {deciding} but decided_by is empty"
    if deciding != [decision.decided_by]:
        return f"decided_by {decision.decided_by} but the deciding steps are {deciding}"
    if (decision.outcome is Outcome.DETERMINED) != (decision.origin is not None):
        return f"outcome {decision.outcome.value} with origin {decision.origin}"
    return None


def deciding_twice_gives_the_same_decision(applicant: Applicant, ruleset: Ruleset) -> str | None:
    """Determinism: the same facts decided again give the same decision, word for word
    (nothing is kept between calls)."""
    first = _detail(applicant, ruleset).decision.model_dump(mode="json")
    _detail(applicant.model_copy(update={"applicant_id": "另一位"}), ruleset)  # in between
    again = _detail(applicant, ruleset).decision.model_dump(mode="json")
    return None if first == again else "the same facts decided twice gave different decisions"


_LISTS = ("hukou", "earlier_gaokao", "earlier_programmes", "work_before_enrollment")


def shuffled(applicant: Applicant) -> Applicant:
    """The same facts in another order: every list shuffled, and the JSON's keys given in
    reverse. The shuffle is seeded by the facts, so a failure reproduces."""
    data = applicant.model_dump(mode="json")
    seed = hashlib.sha256(repr(data).encode()).digest()
    rng = random.Random(seed)
    for name in _LISTS:
        items = list(data[name])
        rng.shuffle(items)
        if len(items) > 1 and items == data[name]:
            items.reverse()
        data[name] = items
    return Applicant.model_validate(_reversed_keys(data))


def _reversed_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _reversed_keys(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [_reversed_keys(v) for v in value]
    return value


def order_of_facts_does_not_matter(applicant: Applicant, ruleset: Ruleset) -> str | None:
    """Order independence: the decision does not depend on the order of the records,
    earlier gaokao sittings, programmes or work periods, nor on the order of keys."""
    first = _comparable(_detail(applicant, ruleset).decision)
    second = _comparable(_detail(shuffled(applicant), ruleset).decision)
    if first == second:
        return None
    changed = sorted(k for k in first if first[k] != second[k])
    return f"the same facts in another order changed {', '.join(changed)}"


def never_a_temporary_or_school_collective(applicant: Applicant, ruleset: Ruleset) -> str | None:
    detail = _detail(applicant, ruleset)
    source = _origin_source(detail)
    if detail.decision.outcome is not Outcome.DETERMINED or source in (None, "region"):
        return None
    assert detail.situation is not None
    kind = detail.situation.facts.get(f"{source}_kind")
    if kind in _NEVER_ORIGIN:
        return f"the origin came from a {kind} registration ({detail.decision.decided_by})"
    return None


def employer_collective_never_yields_the_workplace(
    applicant: Applicant, ruleset: Ruleset
) -> str | None:
    detail = _detail(applicant, ruleset)
    assert detail.situation is not None or detail.ruleset is None
    if detail.situation is None:
        return None
    kind = detail.situation.facts.get("work_hukou_kind")
    if kind == HukouKind.EMPLOYER_COLLECTIVE.value and _origin_source(detail) == "work_hukou":
        return f"an employer collective hukou at the workplace gave the origin ({detail.decision.decided_by})"
    return None


_WORKPLACE_RULE = "origin.graduate_workplace_individual_hukou"


def individual_hukou_at_the_workplace_yields_it(
    applicant: Applicant, ruleset: Ruleset
) -> str | None:
    """For a graduate student who worked, the student's own employer collective or
    individual hukou, made an individual independent one, makes the workplace rule (or a
    rule that refines it) decide, unless a rule of higher precedence decides. Only where
    the preparation finds it at the workplace as the hukou before enrollment (under
    graduate_hukou_reference: by default the registration in force on the day before
    enrollment) does the rule apply, so only there is it checked."""
    if applicant.degree.value == "bachelor" or not applicant.work_before_enrollment:
        return None
    qualifying = (HukouKind.EMPLOYER_COLLECTIVE, HukouKind.INDIVIDUAL_INDEPENDENT)
    records = tuple(
        r.model_copy(update={"kind": HukouKind.INDIVIDUAL_INDEPENDENT})
        if r.holder is HukouHolder.STUDENT and r.kind in qualifying
        else r
        for r in applicant.hukou
    )
    if not any(r.holder is HukouHolder.STUDENT and r.kind in qualifying for r in applicant.hukou):
        return None
    detail = _detail(applicant.model_copy(update={"hukou": records}), ruleset)
    decided_by = detail.decision.decided_by
    if detail.ruleset is None or decided_by is None or _WORKPLACE_RULE not in ruleset.rules_by_id:
        return None
    rank = {r.id: i for i, r in enumerate(ruleset.rules)}
    decider = ruleset.rules_by_id[decided_by]
    if rank[decided_by] <= rank[_WORKPLACE_RULE] or _WORKPLACE_RULE in decider.exception_of:
        return None
    # Only a record the preparation places at the workplace before enrollment counts.
    situation = detail.situation
    if situation is None or situation.facts.get("work_hukou_kind") != "individual_independent":
        return None
    return f"an individual hukou at the workplace was decided by {decided_by}, ranked below the workplace rule"


def determined_origins_are_county_level(applicant: Applicant, ruleset: Ruleset) -> str | None:
    decision = _detail(applicant, ruleset).decision
    if decision.outcome is not Outcome.DETERMINED:
        return None
    origin = decision.origin
    if origin is None or decision.options is None:
        return "a determined decision without an origin or options"
    if origin.code in _REGIONS:
        return None
    on = decision.options.decision_date
    if origin.level == "county":
        if default_registry().in_force(origin.code, on):
            return None
        return f"origin {origin.code} is not a division in force on {on}"
    coarser_allowed = any(
        i.id == "workplace_precision" and i.reading == "prefecture_accepted"
        for i in decision.interpretations
    )
    if origin.level == "prefecture" and coarser_allowed:
        return None
    return f"origin {origin.code} is {origin.level} level"


def later_facts_do_not_change_the_decision(applicant: Applicant, ruleset: Ruleset) -> str | None:
    detail = _detail(applicant, ruleset)
    if detail.decision.options is None:
        return None
    after = detail.decision.options.decision_date + timedelta(days=1)
    later = HukouRecord(
        holder=HukouHolder.FAMILY,
        kind=HukouKind.FAMILY_HOUSEHOLD,
        place=Place(code="110108"),
        start=after,
    )
    extended = applicant.model_copy(update={"hukou": (*applicant.hukou, later)})
    changed = _comparable(_detail(extended, ruleset).decision)
    return (
        None
        if changed == _comparable(detail.decision)
        else "a record after the decision date changed it"
    )


def exam_migration_never_changes_the_origin(applicant: Applicant, ruleset: Ruleset) -> str | None:
    """For a bachelor's graduate, the student's own registrations (moved for the gaokao)
    never change the origin: with them and without them, a determined origin is the
    same, unless they made the facts contradictory (a case for staff)."""
    if applicant.degree.value != "bachelor" or not any(
        r.holder is HukouHolder.STUDENT for r in applicant.hukou
    ):
        return None
    with_own = _detail(applicant, ruleset).decision
    family_only = applicant.model_copy(
        update={"hukou": tuple(r for r in applicant.hukou if r.holder is HukouHolder.FAMILY)}
    )
    without = _detail(family_only, ruleset).decision
    if with_own.decided_by == "review.facts_inconsistent":
        return None
    determined = [d for d in (with_own, without) if d.outcome is Outcome.DETERMINED]
    if not determined:
        return None
    if len(determined) == 1 or with_own.origin != without.origin:
        return (
            f"the student's own registrations changed the decision from {without.outcome.value} "
            f"({without.decided_by}) to {with_own.outcome.value} ({with_own.decided_by})"
        )
    return None


def moved_after_enrollment(
    applicant: Applicant, ruleset: Ruleset, holder: HukouHolder, kind: HukouKind
) -> tuple[Decision, Decision] | None:
    """The decision, and the decision once a registration of `holder` moves to 海淀区
    110108 thirty days after enrollment; None where that does not apply (a decision
    that is not the base rule's, a move the decision date would not see)."""
    detail = _detail(applicant, ruleset)
    decision = detail.decision
    if (
        decision.decided_by != "origin.family_hukou_before_gaokao"
        or decision.options is None
        or decision.origin is None
        or decision.origin.code == "110108"
    ):
        return None
    moved_on = applicant.enrollment + timedelta(days=30)
    if moved_on >= decision.options.decision_date:
        return None
    same = [r for r in applicant.hukou if r.holder is holder]
    if holder is HukouHolder.FAMILY:
        current = [r for r in same if r.end is None]
        if len(current) != 1 or current[0].start >= moved_on:
            return None
        closed = current[0].model_copy(update={"end": moved_on})
        others = tuple(r for r in applicant.hukou if r is not current[0])
        records = (*others, closed)
    elif same:
        return None  # the student's own records would have to be rearranged
    else:
        records = applicant.hukou
    moved = HukouRecord(holder=holder, kind=kind, place=Place(code="110108"), start=moved_on)
    after = _detail(applicant.model_copy(update={"hukou": (*records, moved)}), ruleset)
    return decision, after.decision


def family_move_after_enrollment_moves_the_origin(
    applicant: Applicant, ruleset: Ruleset
) -> str | None:
    pair = moved_after_enrollment(
        applicant, ruleset, HukouHolder.FAMILY, HukouKind.FAMILY_HOUSEHOLD
    )
    if pair is None:
        return None
    _, after = pair
    if after.outcome is Outcome.DETERMINED and after.origin and after.origin.code == "110108":
        return None
    return f"a family move after enrollment gave {after.outcome.value} ({after.decided_by})"


def student_alone_moving_after_enrollment_keeps_the_origin(
    applicant: Applicant, ruleset: Ruleset
) -> str | None:
    pair = moved_after_enrollment(
        applicant, ruleset, HukouHolder.STUDENT, HukouKind.SCHOOL_COLLECTIVE
    )
    if pair is None:
        return None
    before, after = pair
    if after.outcome is Outcome.DETERMINED and after.origin == before.origin:
        return None
    return (
        f"the student's own move after enrollment gave {after.outcome.value} ({after.decided_by})"
    )


def every_step_cites_the_guide(applicant: Applicant, ruleset: Ruleset) -> str | None:
    detail = _detail(applicant, ruleset)
    if detail.ruleset is None:
        return None
    for step in detail.decision.trace:
        clause = detail.ruleset.clauses.get(step.clause.id)
        if clause is None or _squash(clause.text) != _squash(step.clause.text):
            return f"step {step.rule} cites {step.clause.id}, not a clause of the ruleset"
    return None


def _squash(text: str) -> str:
    return re.sub(r"\s", "", text)


PROPERTIES: tuple[Property, ...] = (
    Property(
        "every_applicant_gets_one_outcome",
        "origin.importance",
        "Every valid applicant gets exactly one outcome, from at most one deciding rule, "
        "and no exception.",
        every_applicant_gets_one_outcome,
    ),
    Property(
        "deciding_twice_gives_the_same_decision",
        "origin.importance",
        "The same facts decided twice give the same decision, word for word.",
        deciding_twice_gives_the_same_decision,
    ),
    Property(
        "order_of_facts_does_not_matter",
        "origin.concept",
        "The same facts in another order (every list, and the keys) give the same decision.",
        order_of_facts_does_not_matter,
    ),
    Property(
        "never_a_temporary_or_school_collective",
        "origin.concept",
        "A temporary or school collective hukou is never the origin (under the default readings).",
        never_a_temporary_or_school_collective,
    ),
    Property(
        "employer_collective_never_yields_the_workplace",
        "origin.graduate.worked",
        "An employer collective hukou at the workplace never makes the workplace the origin.",
        employer_collective_never_yields_the_workplace,
    ),
    Property(
        "individual_hukou_at_the_workplace_yields_it",
        "origin.graduate.worked",
        "The same record as an individual independent hukou, held at the workplace before "
        "enrollment, makes the workplace rule decide, where nothing of higher precedence decides.",
        individual_hukou_at_the_workplace_yields_it,
    ),
    Property(
        "determined_origins_are_county_level",
        "origin.concept",
        "A determined origin is a county-level unit in force on the decision date, a HK/MO/TW "
        "region, or a prefecture only under workplace_precision=prefecture_accepted.",
        determined_origins_are_county_level,
    ),
    Property(
        "later_facts_do_not_change_the_decision",
        "window",
        "A record dated after the decision date does not change the decision.",
        later_facts_do_not_change_the_decision,
    ),
    Property(
        "exam_migration_never_changes_the_origin",
        "origin.bachelor.exam_migration",
        "Moving only the student's own hukou never changes a bachelor's determined origin.",
        exam_migration_never_changes_the_origin,
    ),
    Property(
        "family_move_after_enrollment_moves_the_origin",
        "origin.bachelor.family_move",
        "A family move after enrollment moves a determined origin to the new place.",
        family_move_after_enrollment_moves_the_origin,
    ),
    Property(
        "student_alone_moving_after_enrollment_keeps_the_origin",
        "origin.bachelor.family_move",
        "The student's own move after enrollment (a school collective) keeps the origin.",
        student_alone_moving_after_enrollment_keeps_the_origin,
    ),
    Property(
        "every_step_cites_the_guide",
        "origin.importance",
        "Every trace step cites a clause of the ruleset, verbatim.",
        every_step_cites_the_guide,
    ),
)
