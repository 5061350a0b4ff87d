"""The work part of the preparation: work before enrollment and the student's own
registration (户籍) at the workplace, which the graduate-student rule asks about."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from origin_rules.divisions import same_prefecture
from origin_rules.facts import Applicant, HukouHolder, HukouKind, HukouRecord, WorkPeriod
from origin_rules.situation.builder import Builder, FactValue, set_record
from origin_rules.situation.places import code_of, describer
from origin_rules.situation.timeline import latest_in_force, periods_overlap

# The places the work part prepares: another reading of an interpretation it reads can
# change only these (and its facts).
WORK_PLACES = ("work", "work_hukou")

_DAY = timedelta(days=1)


# The student's own registration at a workplace and that work period, if any.
WorkMatch = tuple[HukouRecord, WorkPeriod] | None


def work_part(b: Builder, applicant: Applicant, readings: Mapping[str, str]) -> WorkMatch:
    """Work before enrollment and the student's own registration at the workplace.
    Returns that registration and work period: nothing else here reads an
    interpretation, so another reading that finds the same changes nothing."""
    # No work: no registration at a workplace (what `hukou_at_workplace` answers).
    matched = (
        workplace_registration(applicant, readings) if applicant.work_before_enrollment else None
    )
    work_facts(b, applicant, matched)
    return matched


def work_facts(b: Builder, applicant: Applicant, matched: WorkMatch) -> None:
    """The work part's facts and places, given the registration at a workplace found."""
    works = applicant.work_before_enrollment
    b.facts["worked_before_enrollment"] = bool(works)
    if not works:
        set_record(b.facts, "work_hukou", None, b.places)
        return
    work_hukou, work = matched if matched else (None, works[0])
    b.place("work", work.place, work.start, work.end)
    b.work_period = (work.start, work.end)
    if work_hukou is not None:
        b.record_place("work_hukou", work_hukou)
    set_record(b.facts, "work_hukou", work_hukou, b.places)


def work_changes(
    prepared: Builder, applicant: Applicant, matched: WorkMatch, other: WorkMatch
) -> set[str]:
    """The work part's facts and places that `work_facts` would set otherwise than in
    `prepared`, where it found `matched`, had it found `other`. Compared one by one
    (places by code, as `sensitivity` compares them) rather than preparing them again:
    the graduates who worked try another match for every explained decision."""
    works = applicant.work_before_enrollment
    if not works:
        return set()  # no work: `work_facts` reads no match
    record, work = other if other else (None, works[0])
    was_record, was_work = matched if matched else (None, works[0])
    facts, places = prepared.facts, prepared.places
    describe = describer(prepared.divisions, prepared.decision_date)
    changed = set()
    # The same work period or registration is described the same: only another is.
    if work is not was_work and describe(work.place, work.start, work.end).code != code_of(
        places.get("work")
    ):
        changed.add("work")
    if record is was_record:
        return changed
    place = None if record is None else describe(record.place, record.start, record.end)
    if code_of(place) != code_of(places.get("work_hukou")):
        changed.add("work_hukou")
    # The registration's facts as `set_record` would set them, compared one by one.
    would: dict[str, FactValue] = {}
    set_record(would, "work_hukou", record, {} if place is None else {"work_hukou": place})
    changed.update(k for k, v in would.items() if facts[k] != v)
    return changed


def workplace_registration(applicant: Applicant, readings: Mapping[str, str]) -> WorkMatch:
    """`hukou_at_workplace` under the readings of its three interpretations."""
    return hukou_at_workplace(
        applicant,
        [r for r in applicant.hukou if r.holder is HukouHolder.STUDENT],
        readings["workplace_hukou_match"],
        reference=readings["graduate_hukou_reference"],
        after_work=readings["workplace_hukou_after_work"],
    )


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
    # Plain loops, no key functions: a graduate who worked has this done for every
    # decision, and once more under each other reading the explanation tries.
    works = applicant.work_before_enrollment
    enrollment = applicant.enrollment
    same_code = match == "same_code"
    counts = after_work == "counts"
    if reference == "day_before_enrollment":
        before = hukou_before_enrollment(applicant, own)
        if before is None:
            return None
        # Of several periods at that place, the latest is the one the hukou followed
        # (the first of two alike).
        latest: WorkPeriod | None = None
        for w in works:
            if at_workplace(before, w, enrollment, same_code, counts) and (
                latest is None or _later(w, latest)
            ):
                latest = w
        return (before, latest) if latest is not None else None
    # The first found of the individual independent ones, or else of any, that started
    # first.
    found: tuple[HukouRecord, WorkPeriod] | None = None
    for w in works:
        for r in own:
            if at_workplace(r, w, enrollment, same_code, counts) and (
                found is None or _preferred(r, found[0])
            ):
                found = (r, w)
    return found


def at_workplace(
    record: HukouRecord, work: WorkPeriod, enrollment: date, same_code: bool, counts: bool
) -> bool:
    """Whether `record` is a registration at the place of `work` before enrollment:
    during the work, or set up after it ended where such a one `counts`."""
    code, work_code = record.place.code, work.place.code
    if not (code == work_code if same_code else same_prefecture(code, work_code)):
        return False
    if record.start >= enrollment:
        return False
    if periods_overlap(record, work):
        return True
    return counts and work.end is not None and record.start >= work.end


def _later(a: WorkPeriod, b: WorkPeriod) -> bool:
    """Whether work period `a` started after `b`, or with it and ended later."""
    return (a.start, a.end or date.max) > (b.start, b.end or date.max)


def _preferred(a: HukouRecord, b: HukouRecord) -> bool:
    """Whether registration `a` is preferred to `b`: individual independent first, then
    the one that started first."""
    individual = HukouKind.INDIVIDUAL_INDEPENDENT
    return (a.kind is not individual, a.start) < (b.kind is not individual, b.start)


def hukou_before_enrollment(applicant: Applicant, own: list[HukouRecord]) -> HukouRecord | None:
    """The student's own registration in force on the day before enrollment in the
    current programme (入学前), or None when the student was on the family's register.

    A school collective is where a student's hukou goes because of a programme, not a
    registration the student chose: the registration it replaced (ending the day the
    school collective started) is the one before enrollment. So a hukou moved into the
    school a week before enrollment, or into an earlier programme's school before going
    straight on, still shows the registration held before study.
    """
    record = latest_in_force(own, applicant.enrollment - _DAY)
    if record is None or record.kind is not HukouKind.SCHOOL_COLLECTIVE:
        return record
    seen: set[int] = set()
    while record is not None and record.kind is HukouKind.SCHOOL_COLLECTIVE:
        seen.add(id(record))
        replaced = [r for r in own if r.end == record.start and id(r) not in seen]
        record = max(replaced, key=lambda r: r.start) if replaced else None
    return record
