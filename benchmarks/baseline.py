"""The baseline: the 2022 guide's origin policy as one plain, hand-written function.

No rules engine, no trace, no explanation: the rules of `rulesets/guide-2022` written
out as `if` statements in their precedence order, with the default reading of every
interpretation, answering only the outcome, the origin's code and the deciding rule. It
is what the engines are measured against: about as fast as the policy gets in Python.

It uses the division registry's lookups (what a recorded code is on the decision date,
whether the name on the record fits it), as the library does.

What it leaves out, on purpose, because the benchmark's applicants never need it (the
benchmark checks every answer against `decide_origin` and fails on any difference):
contradictory facts (review.facts_inconsistent), identity documents, cohorts other than
2022, and interpretations other than the defaults. It raises `Unsupported` for an
applicant with an identity document rather than answer wrongly.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from origin_rules.divisions import REGION_CODES, level_from_code, same_prefecture
from origin_rules.divisions.registry import DivisionRegistry, default_registry
from origin_rules.facts import Applicant, HukouRecord, Place

DECISION_DATE = date(2021, 10, 10)  # the ruleset's default decision date
ONE_DAY = timedelta(days=1)
NOT_PERMANENT = ("temporary_collective", "school_collective")
UNSETTLED = ("uncertain", "unknown_code", "name_mismatch")
CHANGED = ("succeeded", "settled_by_township")
COARSE = ("province", "prefecture")


class Unsupported(ValueError):
    """The applicant needs a part of the policy the baseline does not implement."""


class Answer(NamedTuple):
    outcome: str
    origin: str | None  # the origin's code on the decision date
    rule: str | None


class _Place(NamedTuple):
    state: str
    code: str
    level: str


def decide(applicant: Applicant, registry: DivisionRegistry | None = None) -> Answer:
    """The origin of one 2022 graduate under the default readings."""
    reg = registry or default_registry()
    if applicant.identity_document is not None:
        raise Unsupported("identity documents are not implemented by the baseline")
    if applicant.cohort.year != 2022:
        return Answer("out_of_scope", None, None)
    category = applicant.category.value
    degree = applicant.degree.value
    if category == "international":
        return Answer("out_of_scope", None, "scope.international_student")
    if applicant.normal_university:
        return Answer("out_of_scope", None, "scope.normal_university")
    if degree in ("associate", "other"):
        return Answer("out_of_scope", None, "scope.degree_outside_ruleset")
    if category in REGION_CODES:
        return Answer("determined", REGION_CODES[category], "origin.hk_mo_tw_region")

    on = applicant.decision_date or DECISION_DATE
    family: list[HukouRecord] = []
    own: list[HukouRecord] = []
    for r in applicant.hukou:
        if r.start <= on:
            (family if r.holder.value == "family" else own).append(r)
    graduate = degree != "bachelor"
    works = [w for w in applicant.work_before_enrollment if w.start <= on]

    # Graduate students who worked: the individual hukou at the workplace decides.
    work_kind = "none"
    if graduate and works:
        work_hukou: HukouRecord | None = None
        for w in works:
            w_end = w.end or date.max
            for r in own:
                if (
                    same_prefecture(r.place.code, w.place.code)
                    and r.start < w_end
                    and w.start < (r.end or date.max)
                    and r.start < applicant.enrollment
                    and (work_hukou is None or _prefer(r, work_hukou))
                ):
                    work_hukou = r
        if work_hukou is not None:
            work_kind = work_hukou.kind.value
        if work_hukou is not None and work_kind == "individual_independent":
            p = _describe(reg, work_hukou.place, work_hukou.start, work_hukou.end, on)
            if p.state in UNSETTLED:
                return Answer("needs_review", None, "review.work_hukou_division")
            if p.level in COARSE:
                return Answer("insufficient_facts", None, "precision.work_hukou")
            if p.state in CHANGED:
                return Answer("determined", p.code, "origin.work_hukou_division_changed")
            return Answer("determined", p.code, "origin.graduate_workplace_individual_hukou")

    gaokao = applicant.gaokao
    if gaokao is None:
        return Answer("insufficient_facts", None, "insufficient.gaokao_unknown")
    reference = gaokao.date - ONE_DAY
    before = _latest(family, reference)
    if before is None:
        return Answer("insufficient_facts", None, "insufficient.no_family_hukou_before_gaokao")

    # The family's move after the first enrollment.
    now = _latest(family, on)
    if now is not None:
        moved_on = now.start if now.place.code != before.place.code else None
    else:
        moved_on = max((r for r in family if r.start >= before.start), key=_start).end
    if moved_on is not None:
        first = _first_enrollment(applicant, on)
        if first is not None:
            move = "after" if moved_on > first else "before"
        else:
            move = "after" if moved_on >= applicant.enrollment else "unknown"
        now_kind = now.kind.value if now is not None else "none"
        if move == "after" and now_kind not in NOT_PERMANENT:
            if now is None:
                return Answer("insufficient_facts", None, "insufficient.family_now_unknown")
            p = _describe(reg, now.place, now.start, now.end, on)
            if p.state in UNSETTLED:
                return Answer("needs_review", None, "review.family_now_division")
            if p.level in COARSE:
                return Answer("insufficient_facts", None, "precision.family_now")
            if p.state in CHANGED:
                return Answer("determined", p.code, "origin.family_now_division_changed")
            return Answer("determined", p.code, "origin.family_move_after_enrollment")
        if move == "unknown" and now_kind not in NOT_PERMANENT:
            return Answer("insufficient_facts", None, "insufficient.first_enrollment_unknown")

    # The family's registration before the gaokao.
    if before.kind.value in NOT_PERMANENT:
        return Answer("needs_review", None, "review.family_hukou_not_permanent")
    p = _describe(reg, before.place, before.start, before.end, on)
    if p.state in UNSETTLED:
        return Answer("needs_review", None, "review.family_before_gaokao_division")
    if p.level in COARSE:
        return Answer("insufficient_facts", None, "precision.family_before_gaokao")
    if p.state in CHANGED:
        return Answer("determined", p.code, "origin.family_before_gaokao_division_changed")
    if graduate:
        if not works:
            return Answer("determined", p.code, "origin.graduate_no_work")
        return Answer("determined", p.code, "origin.graduate_worked_without_individual_hukou")
    student_before = _latest(own, reference)
    if student_before is not None and student_before.place.code != before.place.code:
        return Answer("determined", p.code, "origin.exam_migration")
    return Answer("determined", p.code, "origin.family_hukou_before_gaokao")


def _start(r: HukouRecord) -> date:
    return r.start


def _prefer(r: HukouRecord, best: HukouRecord) -> bool:
    """An individual hukou over any other kind, then the earliest."""
    a = (r.kind.value != "individual_independent", r.start)
    b = (best.kind.value != "individual_independent", best.start)
    return a < b


def _latest(records: list[HukouRecord], day: date) -> HukouRecord | None:
    best = None
    for r in records:
        if (
            r.start <= day
            and (r.end is None or day < r.end)
            and (best is None or r.start > best.start)
        ):
            best = r
    return best


def _first_enrollment(applicant: Applicant, on: date) -> date | None:
    earlier = [p.enrollment for p in applicant.earlier_programmes if p.enrollment <= on]
    if earlier:
        return min(earlier)
    if applicant.degree.value in ("bachelor", "associate"):
        return applicant.enrollment
    return None


def _describe(
    reg: DivisionRegistry, place: Place, start: date, end: date | None, on: date
) -> _Place:
    """The state of a recorded place on `on`, its code then and its level (as
    `situation.places.describe` decides them, without the names it also gathers)."""
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
    return _Place(state, code, level_from_code(code).value)
