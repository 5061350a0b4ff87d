"""The family part of the preparation: the family's registration before the gaokao, now,
when it moved (against the first enrollment) and whether it was cancelled.

The pure timeline questions (which gaokao, which day, which registration) are small
public functions here, so tests and the explanations ask them directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import NamedTuple

from origin_rules.divisions import REGION_CODES
from origin_rules.facts import (
    Applicant,
    CancellationReason,
    DegreeLevel,
    FamilyHousehold,
    Gaokao,
    HukouEndReason,
    HukouHolder,
    HukouRecord,
    Place,
    ProgrammeKind,
)
from origin_rules.situation.builder import Builder, FactValue, set_record
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


def family_part(b: Builder, applicant: Applicant, readings: Mapping[str, str]) -> MoveTiming:
    """The family's registration before the gaokao, now, and when it moved. Returns what
    places the move against the first enrollment (the only part that reads
    `move_on_enrollment_day`), so another reading of it can be tried on that alone."""
    facts, places, dates = b.facts, b.places, b.dates
    # Which gaokao is a question only with earlier attempts (`reference_gaokao`).
    gaokao = (
        reference_gaokao(applicant, readings["admitting_gaokao"])
        if applicant.earlier_gaokao
        else applicant.gaokao
    )
    reference_day = (
        None if gaokao is None else gaokao_reference_day(gaokao, readings["gaokao_reference_day"])
    )
    family, before, now, student_before = registrations(
        applicant, readings["family_registration"], reference_day, b.decision_date
    )
    if gaokao is not None and reference_day is not None:  # (one is None only with the other)
        facts["gaokao_known"] = True
        dates["gaokao_date"] = gaokao.date
        dates["gaokao_reference_date"] = reference_day
        if before is not None:
            b.record_place("family_before_gaokao", before)
            dates["family_before_gaokao_start"] = before.start
        if student_before is not None:
            b.record_place("student_before_gaokao", student_before)
        facts["student_moved_for_gaokao"] = (
            before is not None
            and student_before is not None
            and student_before.place.code != before.place.code
        )
    else:
        facts["gaokao_known"] = False
        facts["student_moved_for_gaokao"] = False
    set_record(facts, "family_before_gaokao", before, places)

    cancelled = None
    if reference_day is not None and before is None:
        cancelled = cancelled_before(family, reference_day)
    elif now is None and before is not None:
        # Cancelled with no new mainland registration: the family's last permanent
        # registration stays the one to read, as its current one.
        cancelled = cancelled_last(family, before)
        now = cancelled
    moved_on = family_moved_on(family, before, now)
    if moved_on is not None:
        if now is not None:
            b.record_place("family_now", now)
        dates["family_now_start"] = moved_on
    set_record(facts, "family_now", now if moved_on else None, places)
    first = first_enrollment(applicant)
    if first is not None:
        dates["first_enrollment"] = first
    timing = MoveTiming(moved_on, None, first, applicant.enrollment)
    on_enrollment_day = readings["move_on_enrollment_day"]
    facts["family_move"] = timing.family_move(on_enrollment_day)
    if cancelled is None or cancelled.end is None or cancelled.cancellation_reason is None:
        facts["family_cancelled"] = NONE
        facts["family_cancelled_timing"] = NONE
        return timing
    # The family's registration cancelled with no new mainland registration: why, and
    # when (before the gaokao, or placed against the first enrollment like a move).
    reason = cancelled.cancellation_reason
    facts["family_cancelled"] = reason._value_
    if before is None:
        facts["family_cancelled_timing"] = Cancellation.BEFORE_GAOKAO
    else:
        timing = timing._replace(cancelled_on=cancelled.end)
        facts["family_cancelled_timing"] = timing.cancellation(on_enrollment_day)
    b.record_place("family_cancelled", cancelled)
    region = SETTLED_REGIONS.get(reason)
    if region is not None:
        b.place("family_region", REGION_PLACES[region], b.decision_date)
    dates["family_cancelled_date"] = cancelled.end
    return timing


class MoveTiming(NamedTuple):
    """What places the family's move, and a cancellation after the gaokao, against the
    first enrollment: `move_on_enrollment_day` is read here and nowhere else."""

    moved_on: date | None  # `family_moved_on`
    cancelled_on: date | None  # the end of a registration cancelled after the gaokao
    first: date | None  # `first_enrollment`
    enrollment: date  # the current programme's

    def family_move(self, on_enrollment_day: str) -> str:
        if self.moved_on is None:
            return FamilyMove.NONE
        return family_move_timing(self.moved_on, self.first, self.enrollment, on_enrollment_day)

    def cancellation(self, on_enrollment_day: str) -> str:
        if self.cancelled_on is None:
            return NONE
        move = family_move_timing(self.cancelled_on, self.first, self.enrollment, on_enrollment_day)
        return Cancellation.FROM_MOVE[move]

    def on_first_enrollment_day(self) -> bool:
        """Whether the family moved, or its registration was cancelled, on the day of the
        first enrollment: the only case the reading of `move_on_enrollment_day` decides."""
        first = self.first
        return first is not None and (first == self.moved_on or first == self.cancelled_on)

    def changes(self, facts: Mapping[str, FactValue], on_enrollment_day: str) -> set[str]:
        """The facts another reading of `move_on_enrollment_day` would change."""
        if not self.on_first_enrollment_day():
            return set()
        changed = set()
        if self.family_move(on_enrollment_day) != facts["family_move"]:
            changed.add("family_move")
        if (
            self.cancelled_on is not None
            and self.cancellation(on_enrollment_day) != facts["family_cancelled_timing"]
        ):
            changed.add("family_cancelled_timing")
        return changed


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
        household = r.household_of
        if household is None:  # the usual case: one register
            (own if r.holder is HukouHolder.STUDENT else family).append(r)
        elif r.holder is HukouHolder.STUDENT or (
            household is FamilyHousehold.RELATIVES and reading == "parents"
        ):
            own.append(r)
        elif household is not FamilyHousehold.PARENTS or reading == "parents":
            family.append(r)
    return family, own


def registrations(
    applicant: Applicant, reading: str, reference_day: date | None, decision_date: date
) -> tuple[list[HukouRecord], HukouRecord | None, HukouRecord | None, HukouRecord | None]:
    """The family's registrations (`family_and_own` under the reading of
    `family_registration`), the family's in force on `reference_day` (None without one)
    and on the decision date, and the student's own in force on `reference_day`."""
    family, own = family_and_own(applicant, reading)
    if reference_day is None:  # no gaokao: nothing is in force on its day
        return family, None, latest_in_force(family, decision_date), None
    return (
        family,
        latest_in_force(family, reference_day),
        latest_in_force(family, decision_date),
        latest_in_force(own, reference_day),
    )


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
    return gaokao.date - _DAY


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


_DAY = timedelta(days=1)

# Hong Kong, Macau and Taiwan as places (made once: they are frozen, so shared).
REGION_PLACES: dict[str, Place] = {code: Place(code=code) for code in REGION_CODES.values()}

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
    programmes = applicant.earlier_programmes
    if programmes:
        # Plain loop, not `min` over a generator: this runs for every decision.
        first = programmes[0].enrollment
        for p in programmes:
            if p.enrollment < first:
                first = p.enrollment
        return first
    if applicant.programme is not _REGULAR:
        return None
    if applicant.degree in _FIRST_DEGREES:
        return applicant.enrollment
    return None


_REGULAR = ProgrammeKind.REGULAR
# The degrees whose regular programme is the first enrollment in higher education.
_FIRST_DEGREES = frozenset({DegreeLevel.BACHELOR, DegreeLevel.ASSOCIATE})


def family_move_timing(
    moved_on: date, first: date | None, current_enrollment: date, on_enrollment_day: str
) -> str:
    """Place a family move against the first enrollment (入学后 or not)."""
    if first is not None:
        after = moved_on > first or (moved_on == first and on_enrollment_day == "after")
        return FamilyMove.AFTER_ENROLLMENT if after else FamilyMove.BEFORE_ENROLLMENT
    # The first enrollment is not stated, but it came before the current one: a move on
    # or after the current enrollment is after it; an earlier move could be either side.
    if moved_on >= current_enrollment:
        return FamilyMove.AFTER_ENROLLMENT
    return FamilyMove.TIMING_UNKNOWN
