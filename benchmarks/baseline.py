"""The baseline: the 2022 guide's origin policy as one plain, hand-written function.

No rules engine, no trace, no explanation: the rules of `rulesets/guide-2022` written
out as `if` statements in their precedence order, with the default reading of every
interpretation, answering only the outcome, the origin's code and the deciding rule. It
is what the library is measured against: about as fast as the policy gets in Python.

`decide_json(text)` takes the applicant as JSON text, reads and checks it by hand
(`baseline_input.read_applicant`) and decides (`decide`); the benchmark times both that
and `decide` alone over facts read beforehand. It covers what the library's own
generated applicants reach: every cohort (only 2022 is governed), every category and
degree, contradictory facts (review.facts_inconsistent), identity documents
(`baseline_ids`), family registrations cancelled (注销), second programmes, the
parents' and the relatives' households, repeat gaokao, decision dates that cut records
off. It is written from the guide, the rule files and the interpretations' default
readings, not from the library's preparation; the only library code it calls is the
division registry's lookups (what a recorded code is on the decision date, whether the
name on the record fits it, a code's level), as the library does.

Only the default readings are implemented: `decide` has no `interpretations` argument.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from baseline_ids import document_check
from baseline_input import Facts, Gaokao, Place, Record, Work, read_applicant

from origin_rules.divisions import level_from_code, same_prefecture
from origin_rules.divisions.registry import DivisionRegistry, default_registry

GOVERNED_COHORT = 2022
DECISION_DATE = date(2021, 10, 10)  # the ruleset's default decision date
ONE_DAY = timedelta(days=1)
REGIONS = {"hong_kong": "810000", "macau": "820000", "taiwan": "710000"}
# Not a permanent registration (常驻户籍): the other four kinds are.
NOT_PERMANENT = ("temporary_collective", "school_collective")
UNSETTLED = ("uncertain", "unknown_code", "name_mismatch")
CHANGED = ("succeeded", "settled_by_township")
COARSE = ("province", "prefecture")


class Answer(NamedTuple):
    outcome: str
    origin: str | None  # the origin's code on the decision date
    rule: str | None


def decide_json(text: str | bytes, registry: DivisionRegistry | None = None) -> Answer:
    """The applicant in `text` (JSON), read, checked and decided."""
    return decide(read_applicant(text), registry)


def decide(a: Facts, registry: DivisionRegistry | None = None) -> Answer:
    """The origin of one graduate under the default readings."""
    reg = registry or default_registry()
    if a.cohort_year != GOVERNED_COHORT:
        return Answer("out_of_scope", None, None)  # no ruleset governs the cohort
    on = a.decision_date or DECISION_DATE
    # What is known on the decision date: anything that starts later is left out.
    hukou = [r for r in a.hukou if r.start <= on]
    works = [w for w in a.work if w.start <= on]
    earlier_gaokao = [g for g in a.earlier_gaokao if g.date <= on]
    earlier_enrollments = [p.enrollment for p in a.earlier_programmes if p.enrollment <= on]

    if a.category == "international":
        return Answer("out_of_scope", None, "scope.international_student")
    if a.normal_university:  # reading: normal-university graduates are out of scope
        return Answer("out_of_scope", None, "scope.normal_university")
    if a.degree == "other":
        return Answer("out_of_scope", None, "scope.degree_outside_ruleset")
    # (associate graduates: reading bachelor_rule, decided as bachelors below)
    if _inconsistent(a, on, hukou, works, earlier_gaokao, earlier_enrollments):
        return Answer("needs_review", None, "review.facts_inconsistent")
    document = a.identity_document
    if document is not None and document_check(document.kind, document.number, on) == (
        "invalid_hk_mo_tw"
    ):
        return Answer("needs_review", None, "review.identity_document_invalid")
    # (a mainland ID that fails its check: reading note, so it does not decide)
    if a.category in REGIONS:
        return Answer("determined", REGIONS[a.category], "origin.hk_mo_tw_region")

    graduate = a.degree in ("master", "doctor")
    # The parents' registration is the family's (reading `parents`); the relatives'
    # household the student is on counts as the student's own.
    family = [r for r in hukou if r.holder == "family" and r.household_of != "relatives"]
    own = [r for r in hukou if r.holder == "student" or r.household_of == "relatives"]

    # Graduate students who worked: the individual hukou at the workplace decides.
    if graduate and works:
        work_hukou = _hukou_at_workplace(a, [r for r in hukou if r.holder == "student"], works)
        if work_hukou is not None and work_hukou.kind == "individual_independent":
            state, code, level = _describe(
                reg, work_hukou.place, work_hukou.start, work_hukou.end, on
            )
            if state in UNSETTLED:
                return Answer("needs_review", None, "review.work_hukou_division")
            if level in COARSE:  # reading county_required: a prefecture is not enough
                return Answer("insufficient_facts", None, "precision.work_hukou")
            if state in CHANGED:
                return Answer("determined", code, "origin.work_hukou_division_changed")
            return Answer("determined", code, "origin.graduate_workplace_individual_hukou")
        # (worked without one: reading gaokao_family_hukou, decided by the family below)

    gaokao = a.gaokao  # reading: the admitting gaokao
    if gaokao is None:
        return Answer("insufficient_facts", None, "insufficient.gaokao_unknown")
    reference = gaokao.date - ONE_DAY  # reading: the day before the gaokao
    before = _in_force(family, reference)
    if before is None:
        if _cancelled_before(family, reference) is not None:
            return Answer("needs_review", None, "review.family_cancelled_before_gaokao")
        return Answer("insufficient_facts", None, "insufficient.no_family_hukou_before_gaokao")

    # The family now, and whether (and when) it moved away from its place at the gaokao.
    # A registration cancelled with no new mainland one stays the family's last.
    now = _in_force(family, on)
    cancelled: Record | None = None
    if now is None:
        last = max((r for r in family if r.start >= before.start), key=_start)
        if last.end_reason == "cancelled":
            now = cancelled = last
    if now is not None:
        moved_on = now.start if now.place.code != before.place.code else None
    else:  # moved out to a place the facts do not state
        moved_on = max((r for r in family if r.start >= before.start), key=_start).end
    first = _first_enrollment(a, earlier_enrollments)
    move = _timing(moved_on, first, a.enrollment) if moved_on is not None else "none"
    now_kind = now.kind if now is not None and moved_on is not None else "none"

    # (a cancellation after the gaokao: reading last_registration, so no region, no
    # review; the registration before the gaokao stays, below)
    if move == "after_enrollment" and now_kind not in NOT_PERMANENT:
        # (reading permanent_collectives: an employer's or public collective counts)
        if now is None:
            return Answer("insufficient_facts", None, "insufficient.family_now_unknown")
        state, code, level = _describe(reg, now.place, now.start, now.end, on)
        if state in UNSETTLED:
            return Answer("needs_review", None, "review.family_now_division")
        if level in COARSE:
            return Answer("insufficient_facts", None, "precision.family_now")
        if state in CHANGED:
            return Answer("determined", code, "origin.family_now_division_changed")
        return Answer("determined", code, "origin.family_move_after_enrollment")
    if move == "after_enrollment" and now_kind == "school_collective":
        return Answer("needs_review", None, "review.family_moved_into_school_collective")
    if move == "timing_unknown" and now_kind != "temporary_collective":
        # (reading keeps_gaokao_place: a move before enrollment keeps the origin, so
        # whether it was before the first enrollment must be known)
        return Answer("insufficient_facts", None, "insufficient.first_enrollment_unknown")

    # The family's registration before the gaokao.
    if before.kind in NOT_PERMANENT:
        return Answer("needs_review", None, "review.family_hukou_not_permanent")
    state, code, level = _describe(reg, before.place, before.start, before.end, on)
    if state in UNSETTLED:
        return Answer("needs_review", None, "review.family_before_gaokao_division")
    if level in COARSE:
        return Answer("insufficient_facts", None, "precision.family_before_gaokao")
    if state in CHANGED:
        return Answer("determined", code, "origin.family_before_gaokao_division_changed")
    if cancelled is not None and move == "none" and cancelled.end is not None:
        return Answer("determined", code, "origin.family_registration_cancelled")
    if graduate:
        if not works:
            return Answer("determined", code, "origin.graduate_no_work")
        return Answer("determined", code, "origin.graduate_worked_without_individual_hukou")
    student_before = _in_force(own, reference)
    if student_before is not None and student_before.place.code != before.place.code:
        return Answer("determined", code, "origin.exam_migration")
    return Answer("determined", code, "origin.family_hukou_before_gaokao")


def _start(r: Record) -> date:
    return r.start


def _in_force(records: list[Record], day: date) -> Record | None:
    """The registration in force on `day` (from its start up to, not including, its
    end); of several (contradictory facts), the one that started last."""
    best = None
    for r in records:
        if (
            r.start <= day
            and (r.end is None or day < r.end)
            and (best is None or r.start > best.start)
        ):
            best = r
    return best


def _cancelled_before(family: list[Record], day: date) -> Record | None:
    """With nothing in force before the gaokao: the last registration ended by then, if
    it was cancelled (注销) rather than moved out."""
    ended = [r for r in family if r.end is not None and r.end <= day]
    if not ended:
        return None
    last = max(ended, key=lambda r: (r.end or r.start, r.start))
    return last if last.end_reason == "cancelled" else None


def _first_enrollment(a: Facts, earlier: list[date]) -> date | None:
    """The first enrollment in higher education, where the facts state it: an earlier
    programme's; else a regular bachelor's (or associate's) own; else unknown."""
    if earlier:
        return min(earlier)
    if a.programme == "regular" and a.degree in ("bachelor", "associate"):
        return a.enrollment
    return None


def _timing(moved_on: date, first: date | None, enrollment: date) -> str:
    """A family move against the first enrollment (reading not_after: a move on the
    enrollment day is not after it). Without the first enrollment, a move on or after
    the current one is after it, an earlier one cannot be placed."""
    if first is not None:
        return "after_enrollment" if moved_on > first else "before_enrollment"
    return "after_enrollment" if moved_on >= enrollment else "timing_unknown"


def _hukou_at_workplace(a: Facts, own: list[Record], works: list[Work]) -> Record | None:
    """The student's own registration before enrollment, if it lies where the student
    worked (reading day_before_enrollment; same prefecture; one set up at the former
    workplace after the work ended counts). A school collective is set aside for the
    registration it replaced."""
    record = _in_force(own, a.enrollment - ONE_DAY)
    seen: list[Record] = []
    while record is not None and record.kind == "school_collective":
        seen.append(record)
        start = record.start
        replaced = [r for r in own if r.end == start and not any(r is s for s in seen)]
        record = max(replaced, key=_start) if replaced else None
    if record is None or record.start >= a.enrollment:
        return None
    for w in works:
        if same_prefecture(record.place.code, w.place.code) and (
            (record.start < (w.end or date.max) and w.start < (record.end or date.max))
            or (w.end is not None and record.start >= w.end)
        ):
            return record
    return None


def _inconsistent(
    a: Facts,
    on: date,
    hukou: list[Record],
    works: list[Work],
    earlier_gaokao: list[Gaokao],
    earlier_enrollments: list[date],
) -> bool:
    """Facts known on the decision date that contradict each other (needs_review)."""
    gaokao = a.gaokao.date if a.gaokao is not None else None
    enrollment = a.enrollment
    if gaokao is not None and enrollment <= gaokao:
        return True
    if enrollment > on or date(a.cohort_year, a.cohort_month, 1) <= enrollment:
        return True
    if gaokao is not None:
        for g in earlier_gaokao:
            if g.date >= gaokao:
                return True
    for e in earlier_enrollments:
        if e >= enrollment or (gaokao is not None and e <= gaokao):
            return True
    for w in works:
        if w.start >= enrollment or (w.end is not None and w.end < w.start):
            return True
    for r in hukou:
        if r.end is not None and r.end < r.start:
            return True
    # Overlapping registrations of one holder. The parents' registration and the
    # relatives' household the student is on (both marked, differently) may run side
    # by side.
    n = len(hukou)
    for i in range(n):
        r = hukou[i]
        for k in range(i + 1, n):
            s = hukou[k]
            if (
                r.holder == s.holder
                and not (r.household_of and s.household_of and r.household_of != s.household_of)
                and _overlap(r, s)
            ):
                return True
    return False


def _overlap(r: Record, s: Record) -> bool:
    r_end, s_end = r.end or date.max, s.end or date.max
    return r.start < r_end and s.start < s_end and r.start < s_end and s.start < r_end


def _describe(
    reg: DivisionRegistry, place: Place, start: date, end: date | None, on: date
) -> tuple[str, str, str]:
    """A recorded place on the decision date: its state (in force, succeeded, settled by
    the township, uncertain, an unknown code, a name that does not fit), its code then
    and its level. The code counts as recorded on the first day of the record's span it
    existed; the name fits if it fits the code then, at the span's end or on `on`."""
    last = min(end - ONE_DAY, on) if end is not None else on
    resolution = reg.resolve(place.code, start, on)
    recorded_on = start
    if resolution.status == "unknown_code" and last > start:
        resolution = reg.resolve(place.code, last, on)
        recorded_on = last
    state: str = resolution.status
    if (
        state != "unknown_code"
        and place.name is not None
        and reg.name_matches(place.code, place.name, recorded_on) is False
        and reg.name_matches(place.code, place.name, last) is False
        and reg.name_matches(place.code, place.name, on) is False
    ):
        state = "name_mismatch"
    successors = resolution.successors
    if state == "uncertain" and place.township is not None:
        settled = reg.settle([s.code for s in successors], place.township, on)
        if settled is not None:
            state = "settled_by_township"
            successors = tuple(s for s in successors if s.code == settled)
    code = successors[0].code if state in CHANGED else place.code
    return state, code, level_from_code(code).value
