"""The family part of the preparation: the family's registration before the gaokao, now,
when it moved (against the first enrollment) and whether it was cancelled.

The pure timeline questions (which gaokao, which day, which registration) are small
public functions here, so tests and the explanations ask them directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from origin_rules.divisions import REGION_CODES
from origin_rules.facts import (
    Applicant,
    CancellationReason,
    FamilyHousehold,
    Gaokao,
    HukouEndReason,
    HukouHolder,
    HukouRecord,
    Place,
    ProgrammeKind,
)
from origin_rules.situation.builder import Builder, set_record
from origin_rules.situation.timeline import latest_in_force
from origin_rules.situation.vocabulary import NONE, Cancellation, FamilyMove

# The places the family part prepares: another reading of an interpretation it reads
# can change only these (and its facts).
FAMILY_PLACES = (
    "family_before_gaokao",
    "student_before_gaokao",
    "family_now",
    "family_cancelled",
    "family_region",
)


def family_part(b: Builder, applicant: Applicant, readings: Mapping[str, str]) -> None:
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
            b.record_place("family_before_gaokao", before)
            if b.explained:
                display["family_before_gaokao_start"] = before.start.isoformat()
        if student_before is not None:
            b.record_place("student_before_gaokao", student_before)
        facts["student_moved_for_gaokao"] = (
            before is not None
            and student_before is not None
            and student_before.place.code != before.place.code
        )
    else:
        facts["student_moved_for_gaokao"] = False
    set_record(facts, "family_before_gaokao", before, places)

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
        b.record_place("family_now", now)
    if moved_on is not None and b.explained:
        display["family_now_start"] = moved_on.isoformat()
    set_record(facts, "family_now", now if moved_on else None, places)
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
    b: Builder,
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
    b.record_place("family_cancelled", cancelled)
    region = SETTLED_REGIONS.get(reason)
    if region is not None:
        b.place("family_region", Place(code=region), b.decision_date)
    if b.explained:
        b.display["family_cancelled_date"] = cancelled.end.isoformat()


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
