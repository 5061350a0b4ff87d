"""Prepare an applicant's facts for the rules: all the temporal reasoning happens here.

The rules engine only matches patterns over one flat fact. Questions about time (which
registration was in force before the gaokao, did the family move after enrollment,
which registration did a graduate student hold at the workplace) are answered by small
named functions, and their answers become that flat fact.

This module is the entry point: it cuts the applicant to what is known on the decision
date, assembles the parts (`family.py`, `work.py`, `id_document.py`, the consistency
checks) into one `Situation`, and prepares again under other readings only the part that
reads each interpretation, to find which interpretations a decision relied on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from origin_rules.divisions import REGION_CODES, Divisions
from origin_rules.facts import Applicant, HukouHolder, HukouRecord, Place
from origin_rules.ruleset.model import interpretation_fact
from origin_rules.situation.builder import Builder, FactValue
from origin_rules.situation.consistency import Inconsistency, find_inconsistencies
from origin_rules.situation.family import FAMILY_PLACES, family_part
from origin_rules.situation.id_document import identity_document
from origin_rules.situation.places import PlaceRef
from origin_rules.situation.vocabulary import value_label
from origin_rules.situation.work import WORK_PLACES, work_part

# Interpretations that act while facts are prepared, with the readings this code knows.
# The ruleset must declare each of them (and chooses the default reading).
PREPARATION_READINGS: dict[str, tuple[str, ...]] = {
    "gaokao_reference_day": ("day_before_gaokao", "gaokao_day"),
    "admitting_gaokao": ("admitting", "first_attempt"),
    "move_on_enrollment_day": ("not_after", "after"),
    "workplace_hukou_match": ("same_prefecture", "same_code"),
    "graduate_hukou_reference": ("day_before_enrollment", "held_while_working"),
    "family_registration": ("parents", "student_household"),
    "workplace_hukou_after_work": ("counts", "must_overlap_work"),
}


@dataclass(frozen=True)
class Situation:
    """The prepared facts of one applicant under one choice of interpretations."""

    facts: dict[str, FactValue]
    places: dict[str, PlaceRef]
    # The values an explanation shows (labels, dates, change texts); empty when the
    # preparation was not `explained` (a verdict shows none of them).
    display: dict[str, str | tuple[str, str]]
    inconsistencies: tuple[Inconsistency, ...]
    decision_date: date
    # interpretation id -> prepared facts whose value another reading would change here
    sensitivity: dict[str, frozenset[str]] = field(default_factory=dict)
    # place key -> the applicant's hukou record it was read from (the same object)
    records: dict[str, HukouRecord] = field(default_factory=dict)


def prepare(
    applicant: Applicant,
    readings: Mapping[str, str],
    decision_date: date,
    governed_cohorts: frozenset[int],
    divisions: Divisions,
    *,
    explained: bool = True,
) -> Situation:
    """The facts the rules test and the places behind them; and, when `explained` (the
    default, what `decide_origin` needs), the display values its explanation quotes and
    which facts another reading of each interpretation would change (the interpretations
    relied on). `explained=False` is the verdict's preparation: the same facts and places
    from the same code, without the values only an explanation uses."""
    known = known_on(applicant, decision_date)
    situation = _prepare_once(
        known, readings, decision_date, governed_cohorts, divisions, explained
    )
    sensitivity = {}
    for interp, alternatives in PREPARATION_READINGS.items():
        if not explained or not _may_matter(interp, applicant):
            continue
        # Only the part of the preparation that reads this interpretation can differ
        # under another reading, so only that part is prepared again and compared.
        part, part_places = _PARTS[interp]
        changed: set[str] = set()
        for reading in alternatives:
            if reading == readings[interp]:
                continue
            other = Builder(decision_date, divisions, explained=False)
            part(other, known, {**readings, interp: reading})
            changed |= {k for k, v in other.facts.items() if situation.facts[k] != v}
            changed |= {
                k
                for k in part_places
                if _code(situation.places.get(k)) != _code(other.places.get(k))
            }
        if changed:
            sensitivity[interp] = frozenset(changed)
    # The chosen readings travel with the facts, so conditions can test them.
    facts = situation.facts
    for interp, reading in readings.items():
        facts[_interpretation_fact(interp)] = reading
    return Situation(
        facts=facts,
        places=situation.places,
        display=situation.display,
        inconsistencies=situation.inconsistencies,
        decision_date=decision_date,
        sensitivity=sensitivity,
        records=situation.records,
    )


@cache
def _interpretation_fact(interp: str) -> str:
    # Looked up for every reading of every decision; the names are a ruleset's few ids.
    return interpretation_fact(interp)


def _code(place: PlaceRef | None) -> str | None:
    return place.code if place else None


def _may_matter(interp: str, applicant: Applicant) -> bool:
    """A cheap pre-check so the alternative readings are only tried where they can differ."""
    if interp == "gaokao_reference_day":
        days = {g.date for g in (applicant.gaokao, *applicant.earlier_gaokao) if g}
        return any(r.start in days or r.end in days for r in applicant.hukou)
    if interp == "family_registration":
        return any(r.household_of is not None for r in applicant.hukou)
    if interp == "admitting_gaokao":
        return bool(applicant.earlier_gaokao)
    if interp == "move_on_enrollment_day":
        enrollments = {applicant.enrollment, *(p.enrollment for p in applicant.earlier_programmes)}
        return any(r.start in enrollments or r.end in enrollments for r in applicant.hukou)
    if interp in (
        "workplace_hukou_match",
        "graduate_hukou_reference",
        "workplace_hukou_after_work",
    ):
        return bool(applicant.work_before_enrollment) and any(
            r.holder is HukouHolder.STUDENT for r in applicant.hukou
        )
    return True


def _prepare_once(
    applicant: Applicant,
    readings: Mapping[str, str],
    decision_date: date,
    governed_cohorts: frozenset[int],
    divisions: Divisions,
    explained: bool,
) -> Situation:
    """The facts of an applicant already cut to what is known on the decision date."""
    b = Builder(decision_date, divisions, explained=explained)
    facts, display = b.facts, b.display
    if explained:
        display["cohort"] = f"{applicant.cohort.year}-{applicant.cohort.month:02d}"
        display["decision_date"] = decision_date.isoformat()
        display["enrollment"] = applicant.enrollment.isoformat()
        display["programme"] = (
            value_label(applicant.programme.value, "zh"),
            value_label(applicant.programme.value, "en"),
        )
    facts["cohort_governed"] = applicant.cohort.year in governed_cohorts
    facts["category"] = applicant.category.value
    facts["degree"] = applicant.degree.value
    facts["normal_university"] = applicant.normal_university
    facts["minority_programme"] = applicant.minority_programme

    region = REGION_CODES.get(applicant.category.value)
    if region:
        b.place("region", Place(code=region), decision_date)

    identity_document(applicant, decision_date, facts, display if explained else None)

    inconsistencies = find_inconsistencies(applicant, decision_date)
    facts["facts_consistent"] = not inconsistencies
    if explained:
        display["inconsistencies"] = (
            "；".join(i.zh for i in inconsistencies) or "无",
            "; ".join(i.en for i in inconsistencies) or "none",
        )

    family_part(b, applicant, readings)
    work_part(b, applicant, readings)

    return Situation(
        facts=facts,
        places=b.places,
        display=display,
        inconsistencies=tuple(inconsistencies),
        decision_date=decision_date,
        records=b.records,
    )


Part = Callable[[Builder, Applicant, Mapping[str, str]], None]

# Each interpretation read while preparing: the part that reads it and the places that
# part prepares (the rest of the preparation reads no interpretation).
_PARTS: dict[str, tuple[Part, tuple[str, ...]]] = {
    "gaokao_reference_day": (family_part, FAMILY_PLACES),
    "admitting_gaokao": (family_part, FAMILY_PLACES),
    "move_on_enrollment_day": (family_part, FAMILY_PLACES),
    "family_registration": (family_part, FAMILY_PLACES),
    "workplace_hukou_match": (work_part, WORK_PLACES),
    "graduate_hukou_reference": (work_part, WORK_PLACES),
    "workplace_hukou_after_work": (work_part, WORK_PLACES),
}


def known_on(applicant: Applicant, decision_date: date) -> Applicant:
    """The applicant as known on the decision date: records, attempts and work that
    start later are left out, so facts dated after the decision never change it."""
    if (
        all(r.start <= decision_date for r in applicant.hukou)
        and all(g.date <= decision_date for g in applicant.earlier_gaokao)
        and all(p.enrollment <= decision_date for p in applicant.earlier_programmes)
        and all(w.start <= decision_date for w in applicant.work_before_enrollment)
    ):
        return applicant  # nothing to leave out (the model is frozen: sharing it is safe)
    return applicant.model_copy(
        update={
            "hukou": tuple(r for r in applicant.hukou if r.start <= decision_date),
            "earlier_gaokao": tuple(g for g in applicant.earlier_gaokao if g.date <= decision_date),
            "earlier_programmes": tuple(
                p for p in applicant.earlier_programmes if p.enrollment <= decision_date
            ),
            "work_before_enrollment": tuple(
                w for w in applicant.work_before_enrollment if w.start <= decision_date
            ),
        }
    )
