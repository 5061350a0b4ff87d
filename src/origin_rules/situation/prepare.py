"""Prepare an applicant's facts for the rules: all the temporal reasoning happens here.

The rules engine only matches patterns over one flat fact. Questions about time (which
registration was in force before the gaokao, did the family move after enrollment,
which registration did a graduate student hold at the workplace) are answered by small
named functions, and their answers become that flat fact.

This module is the entry point: it cuts the applicant to what is known on the decision
date and assembles the parts (`family.py`, `work.py`, `id_document.py`, the consistency
checks) into one `Situation`. Places are described once and remembered (`places.py`);
the values only an explanation quotes are worded when read (`display.py`); and which
facts another reading of an interpretation would change, to find the interpretations a
decision relied on, is tried only where it can matter, on the part that reads it
(`sensitivity.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from origin_rules.divisions import REGION_CODES, Divisions
from origin_rules.divisions.answer_cache import remember
from origin_rules.facts import Applicant, HukouRecord
from origin_rules.ruleset.model import interpretation_fact
from origin_rules.situation.builder import Builder, FactValue
from origin_rules.situation.consistency import Inconsistency, find_inconsistencies
from origin_rules.situation.display import DisplaySources, DisplayValue, LazyDisplay
from origin_rules.situation.family import REGION_PLACES, family_part
from origin_rules.situation.id_document import identity_document
from origin_rules.situation.places import PlaceRef
from origin_rules.situation.sensitivity import PREPARATION_READINGS as PREPARATION_READINGS
from origin_rules.situation.sensitivity import LazySensitivity
from origin_rules.situation.work import work_part


@dataclass(frozen=True)
class Situation:
    """The prepared facts of one applicant under one choice of interpretations."""

    facts: dict[str, FactValue]
    places: dict[str, PlaceRef]
    # The values an explanation shows (labels, dates, change texts), worded on the first
    # read (`display.py`); empty when the preparation was not `explained` (a verdict
    # shows none of them).
    display: Mapping[str, DisplayValue]
    inconsistencies: tuple[Inconsistency, ...]
    decision_date: date
    # interpretation id -> prepared facts whose value another reading would change here
    # (computed on the first read: `sensitivity.LazySensitivity`)
    sensitivity: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # place key -> the applicant's hukou record it was read from (the same object)
    records: dict[str, HukouRecord] = field(default_factory=dict)


_NOT_EXPLAINED: Mapping[str, DisplayValue] = MappingProxyType({})


def prepare(
    applicant: Applicant,
    readings: Mapping[str, str],
    decision_date: date,
    governed_cohorts: frozenset[int],
    divisions: Divisions,
    *,
    explained: bool = True,
    reading_facts: dict[str, FactValue] | None = None,
) -> Situation:
    """The facts the rules test and the places behind them; and, when `explained` (the
    default, what `decide_origin` needs), the display values its explanation quotes and
    which facts another reading of each interpretation would change (the interpretations
    relied on). `explained=False` is the verdict's preparation: the same facts and places
    from the same code, without the values only an explanation uses. `reading_facts`
    is `readings_as_facts(readings)`, when the caller has made it already."""
    known = known_on(applicant, decision_date)
    # The chosen readings travel with the facts, so conditions can test them: the facts
    # start as theirs (first in the facts' order, which only the engine memo's key
    # follows). A copy of a dict keeps the size of its table, so the facts set below
    # grow it once, where a dict grown from empty is made anew three times on the way
    # to a decision's forty facts.
    facts = readings_as_facts(readings) if reading_facts is None else reading_facts.copy()
    facts["cohort_governed"] = known.cohort.year in governed_cohorts
    facts["category"] = known.category._value_  # the enums' values (`.value` is slower)
    facts["degree"] = known.degree._value_
    facts["normal_university"] = known.normal_university
    facts["minority_programme"] = known.minority_programme
    b = Builder(decision_date, divisions, facts)

    region = REGION_CODES.get(known.category)
    if region:
        b.place("region", REGION_PLACES[region], decision_date)

    identity_check = identity_document(known, decision_date, facts)
    inconsistencies = tuple(find_inconsistencies(known, decision_date))
    facts["facts_consistent"] = not inconsistencies

    move_timing = family_part(b, known, readings)
    work_match = work_part(b, known, readings)
    # Which facts another reading would change: tried when first read (a decision reads
    # it only for the interpretations it relied on, a deferred part of it).
    relied: Mapping[str, frozenset[str]] = (
        LazySensitivity(b, known, readings, move_timing, work_match) if explained else {}
    )
    return _situation(
        facts=facts,
        places=b.places,
        display=LazyDisplay(
            # In field order, by position: a keyword call of a NamedTuple costs twice.
            DisplaySources(
                known,  # applicant
                decision_date,
                readings["graduate_hukou_reference"],
                b.places,
                b.dates,
                b.work_period,
                inconsistencies,
                identity_check,
            )
        )
        if explained
        else _NOT_EXPLAINED,
        inconsistencies=inconsistencies,
        decision_date=decision_date,
        sensitivity=relied,
        records=b.records,
    )


def _situation(**fields: object) -> Situation:
    """`Situation(**fields)`, every field given, at a third of its cost: a frozen
    dataclass sets each field through `object.__setattr__`, and a decision makes one
    (tests/properties/test_lean_paths.py compares the two)."""
    situation = object.__new__(Situation)
    object.__setattr__(situation, "__dict__", fields)
    return situation


def readings_as_facts(readings: Mapping[str, str]) -> dict[str, FactValue]:
    """The facts that carry the chosen readings (interp_<id>: reading), which `prepare`
    starts the facts from. A caller that prepares many applicants under the same readings
    makes them once and passes them (`reading_facts`)."""
    names = _READING_FACTS
    found: dict[str, FactValue] = {}
    for interp, reading in readings.items():
        try:
            name = names[interp]
        except KeyError:
            name = remember(names, interp, interpretation_fact(interp), 1_000)
        found[name] = reading
    return found


# interpretation id -> the fact that carries its reading (interp_<id>), for the few ids
# of the rulesets in use.
_READING_FACTS: dict[str, str] = {}


def known_on(applicant: Applicant, decision_date: date) -> Applicant:
    """The applicant as known on the decision date: records, attempts and work that
    start later are left out, so facts dated after the decision never change it."""
    if _all_known(applicant, decision_date):
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


def _all_known(applicant: Applicant, decision_date: date) -> bool:
    # Plain loops: this runs for every decision, and nearly always finds nothing later.
    for r in applicant.hukou:
        if r.start > decision_date:
            return False
    for g in applicant.earlier_gaokao:
        if g.date > decision_date:
            return False
    for p in applicant.earlier_programmes:
        if p.enrollment > decision_date:
            return False
    works = applicant.work_before_enrollment  # most applicants have none: no generator
    return not works or all(w.start <= decision_date for w in works)
