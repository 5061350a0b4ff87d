"""Applicants written for a region of prepared facts, the plainest first.

For each fact of the region a value is chosen (the plainest allowed one first, then
what the feasibility constraints hint) and the applicant those values call for is
written: a cohort, dates in a realistic order, household registrations at catalogued
places whose state on the decision date is the one asked for. Whether it really lands
in the region is for the witness finder (witness.py) to check by preparing it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from pydantic import ValidationError

from origin_rules.facts import (
    Applicant,
    CancellationReason,
    Cohort,
    DegreeLevel,
    Gaokao,
    HukouEndReason,
    HukouHolder,
    HukouKind,
    HukouRecord,
    IdentityDocument,
    Place,
    Programme,
    ProgrammeKind,
    StudentCategory,
    WorkPeriod,
)
from origin_rules.identity import DocumentKind, gb11643_check_character
from origin_rules.ruleset.model import FactValue, Ruleset
from origin_rules.situation.vocabulary import NONE, Cancellation, FamilyMove, IdDocument

# Codes whose only clean succession happened before the usual start of a registration
# before the gaokao: a registration from then on.
_EARLY_RECORDS = {"441000": date(1985, 3, 1), "652400": date(1982, 3, 1)}
_RECORDS = ("family_before_gaokao", "family_now", "work_hukou")

# Places of each level and state on the decision date (for a record starting some years
# before the gaokao, or after enrollment); several per pair, tried in turn. Whether a
# place has the state asked for is always checked by preparing the applicant.
_PLACES: dict[tuple[str, str], tuple[Place, ...]] = {
    ("county", "in_force"): (Place(code="440113"), Place(code="440106"), Place(code="110108")),
    ("county", "succeeded"): (Place(code="320602"), Place(code="350403"), Place(code="371202")),
    ("county", "settled_by_township"): (Place(code="330104", township="下沙街道"),),
    ("county", "uncertain"): (Place(code="330104"), Place(code="341424")),  # splits
    ("county", "unknown_code"): (Place(code="440199"),),
    ("county", "name_mismatch"): (Place(code="440113", name="海淀区"),),
    ("prefecture", "in_force"): (Place(code="440100"), Place(code="420100")),
    # Taken over whole by one successor: 莱芜市 (by 济南市, 2019), 哈密地区 (哈密市,
    # 2016); 441000 and 652400 in the 1980s, for a registration since then.
    ("prefecture", "succeeded"): (
        Place(code="371200"),
        Place(code="652200"),
        Place(code="441000"),
        Place(code="652400"),
    ),
    ("prefecture", "uncertain"): (Place(code="341400"),),  # 巢湖市, divided among three
    ("prefecture", "unknown_code"): (Place(code="449900"),),
    ("prefecture", "name_mismatch"): (Place(code="440100", name="武汉市"),),
    ("province", "in_force"): (Place(code="440000"), Place(code="420000")),
    ("province", "unknown_code"): (Place(code="830000"),),
    ("province", "name_mismatch"): (Place(code="440000", name="湖北省"),),
}

# The order in which a fact's values are tried: the plainest case first.
_PREFERRED: dict[str, tuple[FactValue, ...]] = {
    "cohort_governed": (True, False),
    "category": ("mainland", "hong_kong", "macau", "taiwan", "international"),
    "degree": ("bachelor", "master", "doctor", "associate", "other"),
    "normal_university": (False, True),
    "facts_consistent": (True, False),
    "minority_programme": (False, True),
    "id_document": (
        NONE,
        IdDocument.VALID,
        IdDocument.NORMALISED,
        IdDocument.INVALID_MAINLAND_ID,
        IdDocument.INVALID_HK_MO_TW,
    ),
    "gaokao_known": (True, False),
    "student_moved_for_gaokao": (False, True),
    "family_move": (
        FamilyMove.NONE,
        FamilyMove.AFTER_ENROLLMENT,
        FamilyMove.BEFORE_ENROLLMENT,
        FamilyMove.TIMING_UNKNOWN,
    ),
    "worked_before_enrollment": (False, True),
    "family_cancelled": Cancellation.REASONS,
    "family_cancelled_timing": (
        NONE,
        Cancellation.AFTER_ENROLLMENT,
        Cancellation.BEFORE_GAOKAO,
        Cancellation.BEFORE_ENROLLMENT,
        Cancellation.TIMING_UNKNOWN,
    ),
}
_KINDS = (
    HukouKind.FAMILY_HOUSEHOLD.value,
    HukouKind.INDIVIDUAL_INDEPENDENT.value,
    HukouKind.EMPLOYER_COLLECTIVE.value,
    HukouKind.PUBLIC_COLLECTIVE.value,
    HukouKind.SCHOOL_COLLECTIVE.value,
    HukouKind.TEMPORARY_COLLECTIVE.value,
)
for _key in _RECORDS:
    _kinds = (HukouKind.INDIVIDUAL_INDEPENDENT.value, *_KINDS) if _key == "work_hukou" else _KINDS
    _PREFERRED[f"{_key}_kind"] = (*dict.fromkeys(_kinds), NONE)
    _PREFERRED[f"{_key}_level"] = ("county", "prefecture", "province", NONE)
    _PREFERRED[f"{_key}_division"] = (
        "in_force",
        "succeeded",
        "settled_by_township",
        "uncertain",
        "unknown_code",
        "name_mismatch",
        NONE,
    )

# The values a region allows for each fact (interpretation facts included).
Target = Mapping[str, frozenset[FactValue]]


def written_applicants(ruleset: Ruleset, target: Target, hints: Target) -> Iterator[Applicant]:
    """Applicants written for the target, the plainest first."""
    names = sorted(set(_PREFERRED) | set(target))
    options: list[list[Any]] = []
    for name in names:
        preferred = _PREFERRED.get(name, ())
        allowed = target.get(name)
        if allowed is None:
            # Free: the plainest value, then what the feasibility constraints hinted.
            hinted = sorted(hints.get(name, ()), key=str)
            options.append(list(dict.fromkeys([*preferred[:1], *hinted])))
        else:
            ordered = [v for v in preferred if v in allowed]
            ordered += sorted((v for v in allowed if v not in ordered), key=str)
            options.append(ordered)
    options += [list(range(3)) for _ in _RECORDS]  # which catalogued place
    for combo in _near_first(options):
        values = dict(zip(names, combo[: len(names)], strict=True))
        picks = dict(zip(_RECORDS, combo[len(names) :], strict=True))
        try:
            applicant = _write(ruleset, values, picks)
        except ValidationError:
            continue  # e.g. a cohort year the fact model does not accept
        if applicant is not None:
            yield applicant


def _write(ruleset: Ruleset, v: dict[str, FactValue], picks: dict[str, int]) -> Applicant | None:
    governed = sorted(ruleset.governed_cohorts)
    year = governed[0] if v["cohort_governed"] else governed[0] - 1
    degree = DegreeLevel(str(v["degree"]))
    move = str(v["family_move"])
    cancelled = str(v["family_cancelled"])
    cancelled_when = str(v["family_cancelled_timing"])
    # A first enrollment the facts do not state: a graduate's earlier programme, or
    # the 专科 before a 专升本 bachelor's (another second programme for an associate).
    unstated_first = (
        move == FamilyMove.TIMING_UNKNOWN or cancelled_when == Cancellation.TIMING_UNKNOWN
    )
    graduate = degree not in (DegreeLevel.BACHELOR, DegreeLevel.ASSOCIATE)
    second = unstated_first and not graduate
    years = 2 if second else 3 if degree is DegreeLevel.ASSOCIATE or graduate else 4
    enrollment = date(year - years, 9, 1)
    programmes: tuple[Programme, ...] = ()
    kind = ProgrammeKind.REGULAR
    if graduate:
        first_year = enrollment.year - 6
        if not unstated_first:
            programmes = (Programme(level=DegreeLevel.BACHELOR, enrollment=date(first_year, 9, 1)),)
        first = date(first_year, 9, 1)
        work = (date(first_year + 4, 8, 1), date(enrollment.year, 7, 1))
    elif second:
        kind = (
            ProgrammeKind.ASSOCIATE_TO_BACHELOR
            if degree is DegreeLevel.BACHELOR
            else ProgrammeKind.OTHER_SECOND
        )
        first = date(enrollment.year - 3, 9, 1)
        work = (date(enrollment.year - 2, 1, 1), date(enrollment.year - 1, 1, 1))
    else:
        first = enrollment
        work = (date(enrollment.year - 2, 1, 1), date(enrollment.year - 1, 1, 1))
    gaokao_day = date(first.year, 6, 7)
    cancelled_on = {
        # After a move after enrollment (December of the enrollment year), and
        # before the decision date even for a two-year 专升本.
        Cancellation.AFTER_ENROLLMENT: date(enrollment.year + 1, 3, 1),
        Cancellation.BEFORE_ENROLLMENT: date(gaokao_day.year, 8, 1),
        Cancellation.TIMING_UNKNOWN: date(gaokao_day.year + 2, 5, 1),
        Cancellation.BEFORE_GAOKAO: date(gaokao_day.year - 1, 3, 1),
    }.get(cancelled_when)
    ending: dict[str, Any] = (
        {
            "end_reason": HukouEndReason.CANCELLED,
            "cancellation_reason": CancellationReason(cancelled),
        }
        if cancelled != NONE
        else {}
    )

    def place_for(key: str, avoid: str | None = None) -> Place | None:
        level, division = str(v[f"{key}_level"]), str(v[f"{key}_division"])
        candidates = [p for p in _PLACES.get((level, division), ()) if p.code != avoid]
        return candidates[picks[key] % len(candidates)] if candidates else None

    hukou: list[HukouRecord] = []
    gaokao = Gaokao(date=gaokao_day, province="440000") if v["gaokao_known"] else None
    before_place: Place | None = None
    if cancelled_on is not None and cancelled_when == Cancellation.BEFORE_GAOKAO:
        hukou.append(
            HukouRecord(
                holder=HukouHolder.FAMILY,
                kind=HukouKind.FAMILY_HOUSEHOLD,
                place=Place(code="440113"),
                start=date(gaokao_day.year - 10, 3, 1),
                end=cancelled_on,
                **ending,
            )
        )
        cancelled_on = None
    if gaokao is not None and v["family_before_gaokao_kind"] != NONE:
        before_place = place_for("family_before_gaokao")
        if before_place is None:
            return None
        moved_on = {
            FamilyMove.AFTER_ENROLLMENT: date(enrollment.year, 12, 1),
            FamilyMove.BEFORE_ENROLLMENT: date(gaokao_day.year, 7, 15),
            FamilyMove.TIMING_UNKNOWN: date(gaokao_day.year + 2, 3, 1),
        }.get(move)
        if moved_on is not None and cancelled_on is not None and cancelled_on <= moved_on:
            return None  # a cancellation ends the registration moved to, later
        hukou.append(
            HukouRecord(
                holder=HukouHolder.FAMILY,
                kind=HukouKind(str(v["family_before_gaokao_kind"])),
                place=before_place,
                start=_EARLY_RECORDS.get(before_place.code, date(gaokao_day.year - 10, 3, 1)),
                end=moved_on or cancelled_on,
                **({} if moved_on else ending),
            )
        )
        if moved_on is not None and v["family_now_kind"] != NONE:
            now_place = place_for("family_now", avoid=before_place.code)
            if now_place is None:
                return None
            hukou.append(
                HukouRecord(
                    holder=HukouHolder.FAMILY,
                    kind=HukouKind(str(v["family_now_kind"])),
                    place=now_place,
                    start=moved_on,
                    end=cancelled_on,
                    **ending,
                )
            )
        if v["student_moved_for_gaokao"]:
            # The student's own registration in another city for the exam.
            hukou.append(
                HukouRecord(
                    holder=HukouHolder.STUDENT,
                    kind=HukouKind.FAMILY_HOUSEHOLD,
                    place=Place(code="440304" if before_place.code != "440304" else "440106"),
                    start=date(gaokao_day.year - 1, 9, 1),
                    end=enrollment,
                )
            )
    periods: tuple[WorkPeriod, ...] = ()
    if v["worked_before_enrollment"]:
        work_place = Place(code="420106")
        if v["work_hukou_kind"] != NONE:
            hukou_place = place_for("work_hukou")
            if hukou_place is None:
                return None
            work_place = Place(code=hukou_place.code)
            hukou.append(
                HukouRecord(
                    holder=HukouHolder.STUDENT,
                    kind=HukouKind(str(v["work_hukou_kind"])),
                    place=hukou_place,
                    start=date(work[0].year, work[0].month + 1, 1),
                    # Held up to enrollment: the hukou before enrollment is what counts.
                    end=enrollment,
                )
            )
        periods = (WorkPeriod(place=work_place, start=work[0], end=work[1]),)
    if not v["facts_consistent"]:
        # A record that ends before it starts: a contradiction that touches no other
        # prepared fact (it is in force on no day).
        hukou.append(
            HukouRecord(
                holder=HukouHolder.STUDENT,
                kind=HukouKind.TEMPORARY_COLLECTIVE,
                place=Place(code="440113"),
                start=date(1990, 2, 1),
                end=date(1990, 1, 1),
            )
        )
    return Applicant(
        applicant_id="witness",
        cohort=Cohort(year=year, month=6),
        degree=degree,
        category=StudentCategory(str(v["category"])),
        normal_university=bool(v["normal_university"]),
        minority_programme=bool(v["minority_programme"]),
        hukou=tuple(hukou),
        gaokao=gaokao,
        enrollment=enrollment,
        earlier_programmes=programmes,
        programme=kind,
        work_before_enrollment=periods,
        identity_document=_document(str(v["id_document"])),
    )


# --- searched applicants ---------------------------------------------------------


def _near_first(options: list[list[Any]]) -> Iterator[tuple[Any, ...]]:
    """Each dimension's first option, then every choice that differs in one dimension,
    then in two: the plainest combinations first, without the whole product."""
    base = [o[0] if o else None for o in options]
    if any(not o for o in options):
        return
    yield tuple(base)
    varied = [i for i, o in enumerate(options) if len(o) > 1]
    for size in (1, 2):
        for dims in itertools.combinations(varied, size):
            for alternatives in itertools.product(*(options[i][1:] for i in dims)):
                combo = list(base)
                for i, value in zip(dims, alternatives, strict=True):
                    combo[i] = value
                yield tuple(combo)


def _document(state: str) -> IdentityDocument | None:
    if state == NONE:
        return None
    if state == IdDocument.INVALID_HK_MO_TW:
        # A Hong Kong card whose check digit should be 3.
        return IdentityDocument(kind=DocumentKind.HONG_KONG_IDENTITY_CARD, number="A123456(4)")
    body = "44011320000101001"
    number = body + gb11643_check_character(body)
    if state == IdDocument.NORMALISED:
        number = f" {number} "
    elif state == IdDocument.INVALID_MAINLAND_ID:
        number = body + ("0" if number[-1] != "0" else "1")
    return IdentityDocument(kind=DocumentKind.MAINLAND_RESIDENT_ID, number=number)
