"""Prepare an applicant's facts for the rules: all the temporal reasoning happens here.

The rules engine only matches patterns over one flat fact. Questions about time (which
registration was in force before the gaokao, did the family move after enrollment,
which registration did a graduate student hold at the workplace) are answered here by
small named functions, and their answers become that flat fact.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from origin_rules.divisions import REGION_CODES, Divisions, same_prefecture
from origin_rules.facts import (
    Applicant,
    CancellationReason,
    FamilyHousehold,
    Gaokao,
    HukouEndReason,
    HukouHolder,
    HukouKind,
    HukouRecord,
    Place,
    ProgrammeKind,
    WorkPeriod,
)
from origin_rules.identity import DocumentKind, check_document
from origin_rules.ruleset.model import interpretation_fact
from origin_rules.situation.consistency import Inconsistency, find_inconsistencies
from origin_rules.situation.places import PlaceRef, describe
from origin_rules.situation.timeline import latest_in_force, periods_overlap
from origin_rules.situation.vocabulary import (
    NONE,
    Cancellation,
    FamilyMove,
    IdDocument,
    value_label,
)

FactValue = str | bool

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
            other = _Builder(decision_date, divisions, explained=False)
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


class _Builder:
    """The prepared facts, places and display values as they are gathered. Display values
    are gathered only when `explained`: the facts never depend on them."""

    def __init__(self, decision_date: date, divisions: Divisions, *, explained: bool) -> None:
        self.decision_date = decision_date
        self.divisions = divisions
        self.explained = explained
        self.facts: dict[str, FactValue] = {}
        self.places: dict[str, PlaceRef] = {}
        self.display: dict[str, str | tuple[str, str]] = {}

    def place(self, key: str, p: Place, start: date, end: date | None = None) -> PlaceRef:
        ref = describe(p, start, end, self.decision_date, self.divisions)
        self.places[key] = ref
        if self.explained:
            self.display[f"{key}_place"] = ref.label()
            self.display[f"{key}_recorded_place"] = ref.recorded_label()
            self.display[f"{key}_change"] = ref.change()
        return ref


def _prepare_once(
    applicant: Applicant,
    readings: Mapping[str, str],
    decision_date: date,
    governed_cohorts: frozenset[int],
    divisions: Divisions,
    explained: bool,
) -> Situation:
    """The facts of an applicant already cut to what is known on the decision date."""
    b = _Builder(decision_date, divisions, explained=explained)
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

    _identity_document(applicant, decision_date, facts, display if explained else None)

    inconsistencies = find_inconsistencies(applicant, decision_date)
    facts["facts_consistent"] = not inconsistencies
    if explained:
        display["inconsistencies"] = (
            "；".join(i.zh for i in inconsistencies) or "无",
            "; ".join(i.en for i in inconsistencies) or "none",
        )

    _family_part(b, applicant, readings)
    _work_part(b, applicant, readings)

    return Situation(
        facts=facts,
        places=b.places,
        display=display,
        inconsistencies=tuple(inconsistencies),
        decision_date=decision_date,
    )


def _family_part(b: _Builder, applicant: Applicant, readings: Mapping[str, str]) -> None:
    """The family's registration before the gaokao, now, and when it moved."""
    facts, places, display = b.facts, b.places, b.display
    family, own = family_and_own(applicant, readings["family_registration"])
    gaokao = reference_gaokao(applicant, readings["admitting_gaokao"])
    facts["gaokao_known"] = gaokao is not None
    before: HukouRecord | None = None
    if gaokao is not None:
        reference_day = gaokao_reference_day(gaokao, readings["gaokao_reference_day"])
        if b.explained:
            display["gaokao_date"] = gaokao.date.isoformat()
            display["gaokao_reference_date"] = reference_day.isoformat()
        before = latest_in_force(family, reference_day)
        student_before = latest_in_force(own, reference_day)
        if before is not None:
            b.place("family_before_gaokao", before.place, before.start, before.end)
            if b.explained:
                display["family_before_gaokao_start"] = before.start.isoformat()
        if student_before is not None:
            b.place(
                "student_before_gaokao",
                student_before.place,
                student_before.start,
                student_before.end,
            )
        facts["student_moved_for_gaokao"] = (
            before is not None
            and student_before is not None
            and student_before.place.code != before.place.code
        )
    else:
        facts["student_moved_for_gaokao"] = False
    _set_record(facts, "family_before_gaokao", before, places)

    now = latest_in_force(family, b.decision_date)
    cancelled = None
    if gaokao is not None and before is None:
        cancelled = cancelled_before(family, reference_day)
    elif now is None and before is not None:
        # Cancelled with no new mainland registration: the family's last permanent
        # registration stays the one to read, as its current one.
        cancelled = cancelled_last(family, before)
        now = cancelled
    moved_on = family_moved_on(family, before, now)
    if now is not None and moved_on is not None:
        b.place("family_now", now.place, now.start, now.end)
    if moved_on is not None and b.explained:
        display["family_now_start"] = moved_on.isoformat()
    _set_record(facts, "family_now", now if moved_on else None, places)
    first = first_enrollment(applicant)
    if first is not None and b.explained:
        display["first_enrollment"] = first.isoformat()
    facts["family_move"] = (
        family_move_timing(
            moved_on, first, applicant.enrollment, readings["move_on_enrollment_day"]
        )
        if moved_on is not None
        else FamilyMove.NONE
    )
    _cancellation(b, applicant, cancelled, before, first, readings)


def _cancellation(
    b: _Builder,
    applicant: Applicant,
    cancelled: HukouRecord | None,
    before: HukouRecord | None,
    first: date | None,
    readings: Mapping[str, str],
) -> None:
    """The family's registration cancelled with no new mainland registration: why, and
    when (before the gaokao, or placed against the first enrollment like a move)."""
    if cancelled is None or cancelled.end is None or cancelled.cancellation_reason is None:
        b.facts["family_cancelled"] = NONE
        b.facts["family_cancelled_timing"] = NONE
        return
    reason = cancelled.cancellation_reason
    b.facts["family_cancelled"] = reason.value
    b.facts["family_cancelled_timing"] = (
        Cancellation.BEFORE_GAOKAO
        if before is None
        else Cancellation.FROM_MOVE[
            family_move_timing(
                cancelled.end, first, applicant.enrollment, readings["move_on_enrollment_day"]
            )
        ]
    )
    b.place("family_cancelled", cancelled.place, cancelled.start, cancelled.end)
    region = SETTLED_REGIONS.get(reason)
    if region is not None:
        b.place("family_region", Place(code=region), b.decision_date)
    if b.explained:
        b.display["family_cancelled_date"] = cancelled.end.isoformat()


def _work_part(b: _Builder, applicant: Applicant, readings: Mapping[str, str]) -> None:
    """Work before enrollment and the student's own registration at the workplace."""
    own = [r for r in applicant.hukou if r.holder is HukouHolder.STUDENT]
    b.facts["worked_before_enrollment"] = bool(applicant.work_before_enrollment)
    reference = readings["graduate_hukou_reference"]
    matched = hukou_at_workplace(
        applicant,
        own,
        readings["workplace_hukou_match"],
        reference=reference,
        after_work=readings["workplace_hukou_after_work"],
    )
    if b.explained:
        day = (applicant.enrollment - timedelta(days=1)).isoformat()
        b.display["work_hukou_basis"] = (
            (
                f"入学前（{day}）的本人户口",
                f"the student's own registration before enrollment ({day})",
            )
            if reference == "day_before_enrollment"
            else (
                "入学前工作期间在工作地的本人户口",
                "the student's own registration at the workplace while working before enrollment",
            )
        )
    work_hukou, work = matched if matched else (None, None)
    work = work or next(iter(applicant.work_before_enrollment), None)
    if work is not None:
        b.place("work", work.place, work.start, work.end)
        if b.explained:
            b.display["work_period"] = f"{work.start.isoformat()} – {_iso(work.end)}"
    if work_hukou is not None:
        b.place("work_hukou", work_hukou.place, work_hukou.start, work_hukou.end)
    _set_record(b.facts, "work_hukou", work_hukou, b.places)


Part = Callable[[_Builder, Applicant, Mapping[str, str]], None]

# Each interpretation read while preparing: the part that reads it and the places that
# part prepares (the rest of the preparation reads no interpretation).
_FAMILY_PLACES = (
    "family_before_gaokao",
    "student_before_gaokao",
    "family_now",
    "family_cancelled",
    "family_region",
)
_PARTS: dict[str, tuple[Part, tuple[str, ...]]] = {
    "gaokao_reference_day": (_family_part, _FAMILY_PLACES),
    "admitting_gaokao": (_family_part, _FAMILY_PLACES),
    "move_on_enrollment_day": (_family_part, _FAMILY_PLACES),
    "family_registration": (_family_part, _FAMILY_PLACES),
    "workplace_hukou_match": (_work_part, ("work", "work_hukou")),
    "graduate_hukou_reference": (_work_part, ("work", "work_hukou")),
    "workplace_hukou_after_work": (_work_part, ("work", "work_hukou")),
}


def _identity_document(
    applicant: Applicant,
    decision_date: date,
    facts: dict[str, FactValue],
    display: dict[str, str | tuple[str, str]] | None,
) -> None:
    """Check the identity document's number; only its masked form reaches the decision.
    The check's words go to `display` when it is given (an explained preparation)."""
    document = applicant.identity_document
    if document is None:
        facts["id_document"] = NONE
        return
    check = check_document(document.kind, document.number, as_of=decision_date)
    invalid = (
        IdDocument.INVALID_MAINLAND_ID
        if document.kind is DocumentKind.MAINLAND_RESIDENT_ID
        else IdDocument.INVALID_HK_MO_TW
    )
    facts["id_document"] = (
        invalid if not check.valid else IdDocument.NORMALISED if check.changes else IdDocument.VALID
    )
    if display is None:
        return
    display["id_document_kind"] = (
        value_label(document.kind.value, "zh"),
        value_label(document.kind.value, "en"),
    )
    display["id_document_number"] = check.normalised_masked
    display["id_document_problems"] = (
        "；".join(p.zh for p in check.problems) or "无",
        "; ".join(p.en for p in check.problems) or "none",
    )
    display["id_document_changes"] = (
        "；".join(check.change_notes("zh")) or "无",
        "; ".join(check.change_notes("en")) or "none",
    )


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "至今"


def _set_record(
    facts: dict[str, FactValue],
    key: str,
    record: HukouRecord | None,
    places: Mapping[str, PlaceRef],
) -> None:
    facts[f"{key}_kind"] = record.kind.value if record else NONE
    facts[f"{key}_level"] = places[key].level if record else NONE
    facts[f"{key}_division"] = places[key].division if record else NONE


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


def family_and_own(
    applicant: Applicant, reading: str
) -> tuple[list[HukouRecord], list[HukouRecord]]:
    """The family's registrations (家庭常驻户籍) and the student's own, under a reading of
    `family_registration`.

    Where the student and the parents are on different registers (`household_of`), the
    family is the parents' registration under `parents`, and the relatives' household
    the student is on is then the student's own registration, as a hukou moved for the
    gaokao is; under `student_household` the family is the household the student is
    on, and the parents' registration plays no part.
    """
    family: list[HukouRecord] = []
    own: list[HukouRecord] = []
    for r in applicant.hukou:
        relatives = r.household_of is FamilyHousehold.RELATIVES
        if r.holder is HukouHolder.STUDENT or (relatives and reading == "parents"):
            own.append(r)
        elif r.household_of is not FamilyHousehold.PARENTS or reading == "parents":
            family.append(r)
    return family, own


def reference_gaokao(applicant: Applicant, reading: str) -> Gaokao | None:
    """The gaokao whose 'before' the origin rule means."""
    if reading == "first_attempt" and applicant.earlier_gaokao:
        return min(
            (applicant.gaokao, *applicant.earlier_gaokao)
            if applicant.gaokao
            else applicant.earlier_gaokao,
            key=lambda g: g.date,
        )
    return applicant.gaokao


def gaokao_reference_day(gaokao: Gaokao, reading: str) -> date:
    """The day whose registration counts as 'before the gaokao' (高考前)."""
    if reading == "gaokao_day":
        return gaokao.date
    return gaokao.date - timedelta(days=1)


def family_moved_on(
    family: list[HukouRecord], before: HukouRecord | None, now: HukouRecord | None
) -> date | None:
    """The day the family's registration last moved away from its place before the
    gaokao, or None if it is still there (or was never known).

    `now` is the registration in force now, or the last one if it was cancelled with no
    new mainland registration (a cancellation is not a move). With neither, the family
    moved out of its last known registration on that record's end date, to a place the
    facts do not state.
    """
    if before is None:
        return None
    if now is not None:
        return now.start if now.place.code != before.place.code else None
    return _last_since(family, before).end


def _last_since(family: list[HukouRecord], before: HukouRecord) -> HukouRecord:
    return max((r for r in family if r.start >= before.start), key=lambda r: r.start)


def cancelled_last(family: list[HukouRecord], before: HukouRecord) -> HukouRecord | None:
    """The family's last registration since the one before the gaokao, if it ended by
    cancellation (注销) and nothing followed it (no record is in force now)."""
    last = _last_since(family, before)
    return last if last.end_reason is HukouEndReason.CANCELLED else None


def cancelled_before(family: list[HukouRecord], reference_day: date) -> HukouRecord | None:
    """With no family registration in force before the gaokao: the last one that ended by
    then, if it ended by cancellation (the family had no mainland registration left)."""
    ended = [r for r in family if r.end is not None and r.end <= reference_day]
    if not ended:
        return None
    last = max(ended, key=lambda r: (r.end or r.start, r.start))
    return last if last.end_reason is HukouEndReason.CANCELLED else None


# The region a family settles in when its registration is cancelled on settling there.
SETTLED_REGIONS: dict[CancellationReason, str] = {
    CancellationReason.SETTLED_HONG_KONG: REGION_CODES["hong_kong"],
    CancellationReason.SETTLED_MACAU: REGION_CODES["macau"],
    CancellationReason.SETTLED_TAIWAN: REGION_CODES["taiwan"],
}


def first_enrollment(applicant: Applicant) -> date | None:
    """First enrollment in higher education, where the facts state it.

    The earliest earlier programme's, when any is stated. Otherwise a regular bachelor's
    own enrollment is its first; a second programme's (专升本, 第二学士学位, ...) and a
    graduate student's first enrollment was an earlier programme's, unknown here.
    """
    if applicant.earlier_programmes:
        return min(p.enrollment for p in applicant.earlier_programmes)
    if applicant.programme is not ProgrammeKind.REGULAR:
        return None
    if applicant.degree.value in ("bachelor", "associate"):
        return applicant.enrollment
    return None


def family_move_timing(
    moved_on: date, first: date | None, current_enrollment: date, on_enrollment_day: str
) -> str:
    """Place a family move against the first enrollment (入学后 or not)."""

    def after(day: date) -> bool:
        return moved_on > day or (moved_on == day and on_enrollment_day == "after")

    if first is not None:
        return FamilyMove.AFTER_ENROLLMENT if after(first) else FamilyMove.BEFORE_ENROLLMENT
    # The first enrollment is not stated, but it came before the current one: a move on
    # or after the current enrollment is after it; an earlier move could be either side.
    if moved_on >= current_enrollment:
        return FamilyMove.AFTER_ENROLLMENT
    return FamilyMove.TIMING_UNKNOWN


def hukou_at_workplace(
    applicant: Applicant,
    own: list[HukouRecord],
    match: str,
    *,
    reference: str = "day_before_enrollment",
    after_work: str = "counts",
) -> tuple[HukouRecord, WorkPeriod] | None:
    """The student's own registration at a place of work before enrollment that the
    graduate-student rule asks about, with that work period.

    Under `reference` day_before_enrollment it is the registration the student held
    before enrollment (`hukou_before_enrollment`), if it lies at a place the student
    worked; under held_while_working, any own registration at a workplace during the
    work, an individual independent hukou preferred over any other kind. `after_work`
    says whether a registration set up at the former workplace after the work ended
    (still before enrollment) counts as "at the workplace".
    """

    def at_workplace(record: HukouRecord, work: WorkPeriod) -> bool:
        same_place = (
            record.place.code == work.place.code
            if match == "same_code"
            else same_prefecture(record.place.code, work.place.code)
        )
        if not same_place or record.start >= applicant.enrollment:
            return False
        if periods_overlap(record, work):
            return True
        return after_work == "counts" and work.end is not None and record.start >= work.end

    works = applicant.work_before_enrollment
    if reference == "day_before_enrollment":
        before = hukou_before_enrollment(applicant, own)
        if before is None:
            return None
        at = [w for w in works if at_workplace(before, w)]
        # Of several periods at that place, the latest is the one the hukou followed.
        return (before, max(at, key=lambda w: (w.start, w.end or date.max))) if at else None
    found = [(r, w) for w in works for r in own if at_workplace(r, w)]
    if not found:
        return None
    return min(found, key=lambda rw: (rw[0].kind.value != "individual_independent", rw[0].start))


def hukou_before_enrollment(applicant: Applicant, own: list[HukouRecord]) -> HukouRecord | None:
    """The student's own registration in force on the day before enrollment in the
    current programme (入学前), or None when the student was on the family's register.

    A school collective is where a student's hukou goes because of a programme, not a
    registration the student chose: the registration it replaced (ending the day the
    school collective started) is the one before enrollment. So a hukou moved into the
    school a week before enrollment, or into an earlier programme's school before going
    straight on, still shows the registration held before study.
    """
    record = latest_in_force(own, applicant.enrollment - timedelta(days=1))
    seen: set[int] = set()
    while record is not None and record.kind is HukouKind.SCHOOL_COLLECTIVE:
        seen.add(id(record))
        replaced = [r for r in own if r.end == record.start and id(r) not in seen]
        record = max(replaced, key=lambda r: r.start) if replaced else None
    return record
