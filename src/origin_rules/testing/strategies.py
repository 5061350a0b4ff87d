"""Hypothesis strategies that generate applicants, for this library's tests and yours.

    from hypothesis import given
    from origin_rules.testing import applicants

    @given(applicants())
    def test_every_applicant_is_decided(applicant): ...

Needs the `testing` extra (hypothesis). The applicants are valid (they parse), and
mostly consistent: dates follow gaokao < enrollment < graduation, with hukou timelines
of realistic shapes (a family that moves, a student who moves for the gaokao, a
worker's own hukou). Places are drawn from the division registry as of the day each
record starts (so some have been merged, split or recoded by the decision date), or
from a few well-known codes. Some applicants are deliberately odd (overlaps, gaps,
coarse places) so that every outcome is reached: `applicants()` first draws one of the
shapes the policy tells apart (`SCENARIOS`) and builds the applicant to fit it, and
1,000 of its draws reach every rule of the bundled ruleset (tests/test_rule_coverage.py).
The targeted strategies build their shape too: no draw is filtered away.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from origin_rules.facts import (
    Applicant,
    Cohort,
    DegreeLevel,
    Gaokao,
    HukouHolder,
    HukouKind,
    HukouRecord,
    Place,
    Programme,
    ProgrammeKind,
    StudentCategory,
    WorkPeriod,
)
from origin_rules.ruleset.bundled import bundled_rulesets
from origin_rules.testing.timelines import (
    _TROUBLED_DOCUMENTS,
    CHANGED,
    COUNTIES,
    PREFECTURES,
    PROVINCES,
    _days,
    _kinds,
    _one_in,
    counties_in_force,
    family_timeline,
    identity_documents,
    places_on,
)


def applicants(
    degrees: tuple[DegreeLevel, ...] = tuple(DegreeLevel),
    categories: tuple[StudentCategory, ...] = tuple(StudentCategory),
    worked: bool | None = None,
    *,
    cohorts: tuple[int, ...] | None = None,
) -> st.SearchStrategy[Applicant]:
    """Applicants of the given degrees and categories. Dates are drawn backwards from
    graduation, so they come in a consistent order.

    `cohorts` are the graduation years drawn from; by default the cohorts the bundled
    rulesets govern, so that every applicant is decided by a ruleset (`other_cohorts()`
    draws the rest). `worked=True` makes every graduate student one who worked before
    enrollment with a hukou of their own somewhere (the graduate-student workplace
    rule's ground); `worked=False`, one who went straight on."""
    return _applicants(degrees=degrees, categories=categories, worked=worked, cohorts=cohorts)


def governed_cohorts() -> tuple[int, ...]:
    """The graduation years the bundled rulesets govern."""
    return tuple(sorted({y for r in bundled_rulesets().values() for y in r.governed_cohorts}))


# The shapes the policy tells apart. `applicants()` draws one first and builds the rest
# to fit it, so that each comes up in a fixed share of the draws: hypothesis favours
# simple examples and small changes to earlier ones, and a rule that needs three rare
# facts at once would otherwise never be reached (docs/testing.md, "Rule coverage per
# strategy", and tests/test_rule_coverage.py check that every rule is).
SCENARIOS = (
    "plain",  # nothing in particular
    "graduate_worker",  # a graduate student who worked before enrollment
    "family_moves",  # the family's registration moved at least once
    "family_cancelled",  # the family's registration was cancelled (注销)
    "exam_migrant",  # the student's own hukou moved for the gaokao
    "first_enrollment_unlisted",  # a second programme, the first one not stated
    "odd_places",  # coarse codes, codes abolished since, names that may not fit
    "identity_document",  # a document written loosely, or failing its check
    "outside_the_rules",  # other degrees, normal-university students
    "other_categories",  # Hong Kong, Macau, Taiwan and international students
)


def _degrees_for(scenario: str, allowed: tuple[DegreeLevel, ...]) -> list[DegreeLevel]:
    """The degrees a scenario draws from, among those allowed (all of them if none of
    its own is)."""
    own = {
        "graduate_worker": [DegreeLevel.MASTER, DegreeLevel.DOCTOR],
        "first_enrollment_unlisted": [DegreeLevel.BACHELOR],
        "outside_degree": [DegreeLevel.OTHER, DegreeLevel.ASSOCIATE],
    }.get(scenario)
    if own is None:
        # Mostly bachelor's and master's graduates.
        own = [DegreeLevel.BACHELOR, DegreeLevel.MASTER] * 3 + [DegreeLevel.DOCTOR]
    return [d for d in own if d in allowed] or list(allowed)


@st.composite
def _applicants(
    draw: st.DrawFn,
    *,
    degrees: tuple[DegreeLevel, ...] = tuple(DegreeLevel),
    categories: tuple[StudentCategory, ...] = tuple(StudentCategory),
    worked: bool | None = None,
    cohorts: tuple[int, ...] | None = None,
    moved_for_gaokao: bool | None = None,
    family_moves: bool | None = None,
    family_cancelled: bool | None = None,
) -> Applicant:
    """`applicants()`, with the shapes the targeted strategies ask for built in rather
    than filtered for: `moved_for_gaokao=True`, the student's own hukou elsewhere than
    the family's on the day before the gaokao; `family_moves` and `family_cancelled`,
    as `family_timeline` takes them."""
    if not degrees or not categories or cohorts == ():
        raise ValueError("applicants: degrees, categories and cohorts may not be empty")
    unshaped = moved_for_gaokao is family_moves is family_cancelled is None
    scenario = draw(st.sampled_from(SCENARIOS)) if unshaped else "targeted"
    if scenario == "exam_migrant":
        moved_for_gaokao = True
    elif scenario == "family_moves":
        family_moves = True
    elif scenario == "family_cancelled":
        family_cancelled = True
    elif scenario == "graduate_worker" and worked is None:
        worked = True
    # Outside the rules: another degree, or a normal-university mark.
    outside = (
        draw(st.sampled_from(["degree", "normal"])) if scenario == "outside_the_rules" else None
    )
    degree = draw(
        st.sampled_from(
            _degrees_for("outside_degree" if outside == "degree" else scenario, degrees)
        )
    )
    # Mainland students but in the scenario of the other categories (as far as allowed).
    mainland = scenario != "other_categories"
    category = draw(
        st.sampled_from(
            [c for c in categories if (c is StudentCategory.MAINLAND) is mainland]
            or list(categories)
        )
    )
    odd_places = scenario == "odd_places"
    cohort_year = draw(st.sampled_from(cohorts or governed_cohorts()))
    programmes: list[Programme] = []
    programme_kind = ProgrammeKind.REGULAR
    first_listed = True  # the first enrollment in higher education is known
    work_periods: list[WorkPeriod] = []
    own: list[HukouRecord] = []
    if degree in (DegreeLevel.MASTER, DegreeLevel.DOCTOR):
        years = 3 if degree is DegreeLevel.MASTER else 4
        enrollment = date(cohort_year - years, 9, draw(st.integers(1, 15)))
        if worked if worked is not None else draw(st.integers(0, 2)) > 0:
            work_end = enrollment - draw(_days(30, 120))
            work_start = work_end - draw(_days(180, 3 * 365))
            work_codes = st.sampled_from(COUNTIES + PREFECTURES + CHANGED * 3)
            odd_work = odd_places or (scenario == "graduate_worker" and draw(st.booleans()))
            work_code = draw(
                # 江干区 (330104), split in 2021, leaves the workplace's division for staff
                # to settle (review.work_hukou_division): weighted so that it comes up.
                st.sampled_from(PREFECTURES + CHANGED * 4 + ("330104",) * 12)
                if odd_work
                else work_codes | counties_in_force(work_start)
            )
            work_periods.append(
                WorkPeriod(place=Place(code=work_code), start=work_start, end=work_end)
            )
            if worked or draw(st.integers(0, 3)) > 0:
                # At the workplace to county level, or only to its prefecture or province
                # (a precision question), or elsewhere.
                hukou_code = draw(
                    st.sampled_from(
                        [
                            work_code,
                            work_code,
                            work_code,
                            work_code[:4] + "00",
                            work_code[:4] + "00",
                            work_code[:2] + "0000",
                            "440113",
                        ]
                    )
                )
                # The kind the graduate-student rule turns on comes up often.
                work_kind = draw(
                    st.sampled_from([HukouKind.INDIVIDUAL_INDEPENDENT] * 3 + list(HukouKind))
                )
                own.append(
                    HukouRecord(
                        holder=HukouHolder.STUDENT,
                        kind=work_kind,
                        # Where the places are odd, a name that may not fit the code.
                        place=Place(
                            code=hukou_code,
                            name=(
                                draw(st.sampled_from([None, "番禺区"]))
                                if odd_work and hukou_code not in CHANGED
                                else None
                            ),
                        ),
                        start=work_start + draw(_days(0, 60)),
                    )
                )
            bachelor_graduation = work_start - draw(_days(1, 90))
        else:
            bachelor_graduation = enrollment - draw(_days(60, 90))
        bachelor_enrollment = date(bachelor_graduation.year - 4, 9, draw(st.integers(1, 15)))
        if draw(st.booleans()):
            programmes.append(
                Programme(
                    level=DegreeLevel.BACHELOR,
                    enrollment=bachelor_enrollment,
                    graduation=bachelor_graduation,
                )
            )
    else:
        bachelor_enrollment = date(
            cohort_year - draw(st.sampled_from([4, 4, 5])), 9, draw(st.integers(1, 15))
        )
        enrollment = bachelor_enrollment
        # Now and then a second programme (专升本, 第二学士学位), its first programme in
        # higher education listed or not: the first enrollment is then the earlier one.
        second = draw(
            st.sampled_from(
                [k for k in ProgrammeKind if k is not ProgrammeKind.REGULAR]
                if scenario == "first_enrollment_unlisted"
                else [ProgrammeKind.REGULAR] * 6 + list(ProgrammeKind)
            )
        )
        if degree is DegreeLevel.ASSOCIATE and second is not ProgrammeKind.REGULAR:
            second = ProgrammeKind.OTHER_SECOND
        elif degree is not DegreeLevel.BACHELOR:
            second = ProgrammeKind.REGULAR
        if second is not ProgrammeKind.REGULAR:
            programme_kind = second
            earlier_level = (
                DegreeLevel.BACHELOR
                if second is ProgrammeKind.SECOND_BACHELOR
                else DegreeLevel.ASSOCIATE
            )
            enrollment = date(cohort_year - 2, 9, draw(st.integers(1, 15)))
            years = 4 if earlier_level is DegreeLevel.BACHELOR else 3
            bachelor_enrollment = date(enrollment.year - years, 9, draw(st.integers(1, 15)))
            first_listed = scenario != "first_enrollment_unlisted" and draw(st.booleans())
            if first_listed:
                programmes.append(
                    Programme(
                        level=earlier_level,
                        enrollment=bachelor_enrollment,
                        graduation=date(enrollment.year, 6, 30),
                    )
                )
    gaokao = date(bachelor_enrollment.year, 6, 7)
    family = draw(
        family_timeline(
            gaokao,
            bachelor_enrollment,
            moves=family_moves,
            # Where the first enrollment is not known, the rules asking for it turn on a
            # move or a cancellation after the gaokao: one of them comes up every time.
            cancelled=(
                draw(st.integers(0, 3)) > 0
                if scenario == "first_enrollment_unlisted" and not first_listed
                else family_cancelled
            ),
            registered_before_gaokao=moved_for_gaokao is True,
            odd_places=odd_places,
            plain_places=scenario == "plain",
        )
    )
    if unshaped and draw(_one_in(20)):
        family = []
    migrated = draw(st.integers(0, 3)) == 0 if moved_for_gaokao is None else moved_for_gaokao
    if migrated:  # the student's own hukou moved for the gaokao
        own.insert(0, draw(_moved_for_gaokao(gaokao, family)))
    earlier = (
        [Gaokao(date=date(gaokao.year - 1, 6, 7), province="440000")] if draw(_one_in(8)) else []
    )
    return Applicant(
        applicant_id=draw(st.none() | st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True)),
        cohort=Cohort(year=cohort_year, month=draw(st.sampled_from([6, 6, 6, 12]))),
        degree=degree,
        category=category,
        normal_university=outside == "normal",
        minority_programme=draw(_one_in(20)),
        hukou=tuple(draw(st.permutations(family + own))),
        gaokao=(None if unshaped and draw(_one_in(20)) else Gaokao(date=gaokao, province="440000")),
        earlier_gaokao=tuple(earlier),
        enrollment=enrollment,
        earlier_programmes=tuple(programmes),
        programme=programme_kind,
        work_before_enrollment=tuple(work_periods),
        identity_document=draw(
            st.sampled_from(_TROUBLED_DOCUMENTS)
            if scenario == "identity_document"
            else identity_documents()
        ),
        # Now and then a decision date before enrollment, which the rules put to staff.
        decision_date=(
            date(2019, 1, 1)
            if draw(_one_in(25))
            else draw(st.none() | st.sampled_from([date(2021, 10, 10), date(2022, 6, 30)]))
        ),
    )


@st.composite
def _moved_for_gaokao(draw: st.DrawFn, gaokao: date, family: list[HukouRecord]) -> HukouRecord:
    """The student's own record, moved for the gaokao: in force on the day before it,
    somewhere else than the family's record in force that day (if one is)."""
    moved_on = gaokao - draw(_days(30, 3 * 365))
    place = draw(places_on(moved_on))
    day = gaokao - timedelta(days=1)
    at_home = {r.place.code for r in family if r.start <= day and (r.end is None or day < r.end)}
    if place.code in at_home:
        # Another well-known county instead: chosen, not filtered, so no draw is lost.
        place = Place(code=draw(st.sampled_from([c for c in COUNTIES if c not in at_home])))
    return HukouRecord(
        holder=HukouHolder.STUDENT,
        kind=draw(_kinds),
        place=place,
        start=moved_on,
        end=gaokao + draw(_days(30, 400)),
    )


def interpretation_choices(
    readings: dict[str, tuple[str, ...]],
) -> st.SearchStrategy[dict[str, str]]:
    """Any choice of readings for the given interpretations (id -> its readings)."""
    return st.fixed_dictionaries({k: st.sampled_from(v) for k, v in readings.items()})


# --- targeted strategies -------------------------------------------------------------


def exam_migrants() -> st.SearchStrategy[Applicant]:
    """Bachelor's graduates whose own hukou was elsewhere than the family's at the gaokao
    (on the day before it), the family registered there that day."""
    return _applicants(
        degrees=(DegreeLevel.BACHELOR,),
        categories=(StudentCategory.MAINLAND,),
        moved_for_gaokao=True,
    )


def family_movers() -> st.SearchStrategy[Applicant]:
    """Mainland graduates whose family registration moved at least once (now and then
    out to a registration the facts do not state)."""
    return _applicants(
        degrees=(DegreeLevel.BACHELOR, DegreeLevel.MASTER, DegreeLevel.DOCTOR),
        categories=(StudentCategory.MAINLAND,),
        family_moves=True,
    )


def cancelled_families() -> st.SearchStrategy[Applicant]:
    """Mainland graduates whose family registration was cancelled (注销) at some point."""
    return _applicants(
        degrees=(DegreeLevel.BACHELOR, DegreeLevel.MASTER, DegreeLevel.DOCTOR),
        categories=(StudentCategory.MAINLAND,),
        family_cancelled=True,
    )


def other_cohorts() -> st.SearchStrategy[Applicant]:
    """Applicants of the cohorts just before and after the governed ones, which no
    bundled ruleset governs: decided `out_of_scope`, or by the scope rule of a ruleset
    named in the call."""
    governed = governed_cohorts()
    years = tuple(sorted({y + d for y in governed for d in (-3, -2, -1, 1, 2, 3)} - set(governed)))
    return applicants(cohorts=years)


def graduate_workers() -> st.SearchStrategy[Applicant]:
    """Master's and doctoral graduates who worked before enrollment with a hukou of
    their own somewhere (any kind, at the workplace or not, to any precision)."""
    return applicants(
        degrees=(DegreeLevel.MASTER, DegreeLevel.DOCTOR),
        categories=(StudentCategory.MAINLAND,),
        worked=True,
    )


def hk_mo_tw_students() -> st.SearchStrategy[Applicant]:
    return applicants(
        categories=(StudentCategory.HONG_KONG, StudentCategory.MACAU, StudentCategory.TAIWAN)
    )


# --- one fact at a time (what `st.from_type` draws for each model) ----------------


def graduation_cohorts() -> st.SearchStrategy[Cohort]:
    """A cohort the bundled rulesets govern, graduating in June or December."""
    return st.builds(
        Cohort, year=st.sampled_from(governed_cohorts()), month=st.sampled_from([6, 6, 6, 12])
    )


def places() -> st.SearchStrategy[Place]:
    """`places_on` a day drawn from the last twenty years."""
    return st.integers(2003, 2022).flatmap(lambda year: places_on(date(year, 6, 1)))


@st.composite
def hukou_records(draw: st.DrawFn) -> HukouRecord:
    """One record of a family timeline (`family_timeline`), now and then made the
    student's own."""
    gaokao = date(draw(st.integers(2010, 2020)), 6, 7)
    enrollment = date(gaokao.year, 9, draw(st.integers(1, 15)))
    record = draw(st.sampled_from(draw(family_timeline(gaokao, enrollment))))
    if draw(st.booleans()):
        return record.model_copy(update={"holder": HukouHolder.STUDENT})
    return record


def gaokao_sittings() -> st.SearchStrategy[Gaokao]:
    """A gaokao sat on 7 June of a year, in one of a few provinces."""
    return st.builds(
        Gaokao,
        date=st.integers(2005, 2021).map(lambda year: date(year, 6, 7)),
        province=st.sampled_from(PROVINCES),
    )


@st.composite
def programmes(draw: st.DrawFn) -> Programme:
    """An earlier programme of higher education, graduated from or not (yet) stated."""
    level = draw(st.sampled_from([DegreeLevel.BACHELOR, DegreeLevel.ASSOCIATE]))
    enrollment = date(draw(st.integers(2005, 2020)), 9, draw(st.integers(1, 15)))
    years = 4 if level is DegreeLevel.BACHELOR else 3
    graduation = draw(st.none() | st.just(date(enrollment.year + years, 6, 30)))
    return Programme(level=level, enrollment=enrollment, graduation=graduation)


@st.composite
def work_periods(draw: st.DrawFn) -> WorkPeriod:
    """A period of work before enrollment, at a place as `places_on` its start gives it."""
    start = date(draw(st.integers(2008, 2020)), draw(st.integers(1, 12)), 1)
    end = draw(st.none() | _days(180, 3 * 365).map(lambda d: start + d))
    return WorkPeriod(place=draw(places_on(start)), start=start, end=end)
