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

import functools
from datetime import date, timedelta

from hypothesis import strategies as st

from origin_rules.divisions.registry import default_registry
from origin_rules.facts import (
    OWN_REGISTRATION_ONLY,
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
from origin_rules.identity import DocumentKind
from origin_rules.ruleset.bundled import bundled_rulesets

# Real GB/T 2260 codes: counties, prefectures, provinces and county-level equivalents.
COUNTIES = (
    "440113",
    "440106",
    "440304",
    "445102",
    "110108",
    "110105",
    "420106",
    "420111",
    "430102",
    "510104",
    "320102",
    "330106",
    "370116",
    "429004",
    "469002",
    "441900",
)
# Codes abolished since: recoded (崇川 320602), renamed into another city (莱城 371202),
# split (江干 330104, 2021), upgraded (会理县 513425, 2021).
CHANGED = ("320602", "371202", "330104", "513425")
PREFECTURES = ("440100", "420100", "430100", "510100", "445100")
PROVINCES = ("440000", "420000", "110000", "430000")

_places = st.one_of(
    st.sampled_from(COUNTIES).map(lambda c: Place(code=c)),
    st.sampled_from(COUNTIES + PREFECTURES + PROVINCES).map(lambda c: Place(code=c)),
    st.sampled_from(CHANGED).map(lambda c: Place(code=c)),
    # A name that may or may not fit the code.
    st.tuples(st.sampled_from(COUNTIES), st.sampled_from(["番禺区", "天河区", "海淀区"])).map(
        lambda cn: Place(code=cn[0], name=cn[1])
    ),
)


# Only the odd places: coarse (a prefecture or province), abolished since, or a name
# that may not fit the code.
_odd_places = st.one_of(
    st.sampled_from(PREFECTURES + PROVINCES).map(lambda c: Place(code=c)),
    st.sampled_from(CHANGED).map(lambda c: Place(code=c)),
    st.tuples(st.sampled_from(COUNTIES), st.sampled_from(["番禺区", "天河区", "海淀区"])).map(
        lambda cn: Place(code=cn[0], name=cn[1])
    ),
)


# Counties in force today, and on every decision date the strategies draw.
_plain_places = st.sampled_from(COUNTIES).map(lambda c: Place(code=c))


@functools.cache
def _counties_in_force(year: int) -> tuple[str, ...]:
    # The registry answers from year-end lists, so a year stands for every day in it.
    return tuple(sorted(default_registry().county_codes(date(year, 12, 31))))


def counties_in_force(day: date) -> st.SearchStrategy[str]:
    """Codes of county-level divisions in force on `day`, from the division registry."""
    return st.sampled_from(_counties_in_force(day.year))


def places_on(day: date) -> st.SearchStrategy[Place]:
    """A place as a record started on `day` could give it: half the time any county-level
    division in force that day (from the division registry), otherwise one of a few
    well-known counties, a coarser place, a code abolished since, or a name that may not
    fit the code."""
    return st.one_of(counties_in_force(day).map(lambda c: Place(code=c)), _places)


_kinds = st.sampled_from(list(HukouKind))
_permanent_kinds = st.sampled_from(
    [
        HukouKind.FAMILY_HOUSEHOLD,
        HukouKind.FAMILY_HOUSEHOLD,
        HukouKind.EMPLOYER_COLLECTIVE,
        HukouKind.PUBLIC_COLLECTIVE,
    ]
)


def _mainland_id(body17: str) -> str:
    # GB 11643 check character: ISO 7064 MOD 11-2 over the first 17 digits.
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(body17))
    return body17 + "10X98765432"[total % 11]


@st.composite
def identity_documents(draw: st.DrawFn, optional: bool = True) -> IdentityDocument | None:
    """No document (unless `optional=False`), a valid one, one written loosely (lower
    case, full-width brackets), or one that fails its check."""
    shape = draw(st.sampled_from(["none"] * 4 * optional + ["valid", "loose", "wrong"]))
    if shape == "none":
        return None
    body = f"440113{draw(st.integers(1960, 2003))}0101{draw(st.integers(0, 999)):03d}"
    number = _mainland_id(body)
    if shape == "loose":
        if draw(st.booleans()):
            return IdentityDocument(
                kind=DocumentKind.HONG_KONG_IDENTITY_CARD, number="A123456（3）"
            )
        number = number.lower() if number.endswith("X") else f" {number} "
    elif shape == "wrong":
        if draw(st.booleans()):
            # A Hong Kong number whose check digit is wrong (A123456(3) is right): the
            # rules treat it apart from a mainland number that fails its check.
            return IdentityDocument(kind=DocumentKind.HONG_KONG_IDENTITY_CARD, number="A123456(4)")
        number = number[:17] + ("0" if number[17] != "0" else "1")
    return IdentityDocument(kind=DocumentKind.MAINLAND_RESIDENT_ID, number=number)


# Documents written loosely or failing their check, one of each shape.
_TROUBLED_DOCUMENTS = (
    IdentityDocument(
        kind=DocumentKind.MAINLAND_RESIDENT_ID, number=f" {_mainland_id('44011319900101001')} "
    ),
    IdentityDocument(kind=DocumentKind.MAINLAND_RESIDENT_ID, number="440113199001010010"),
    IdentityDocument(kind=DocumentKind.HONG_KONG_IDENTITY_CARD, number="A123456（3）"),
    IdentityDocument(kind=DocumentKind.HONG_KONG_IDENTITY_CARD, number="A123456(4)"),
)


def _one_in(n: int) -> st.SearchStrategy[bool]:
    """True about once in `n` draws. Hypothesis favours the simplest value (0) far more
    than its share, so the rare case is a value in the middle of the range."""
    return st.integers(0, n - 1).map(lambda k: k == n // 2)


def _days(low: int, high: int) -> st.SearchStrategy[timedelta]:
    return st.integers(low, high).map(lambda n: timedelta(days=n))


@st.composite
def family_timeline(
    draw: st.DrawFn,
    gaokao: date,
    first_enrollment: date,
    *,
    moves: bool | None = None,
    cancelled: bool | None = None,
    registered_before_gaokao: bool = False,
    odd_places: bool = False,
    plain_places: bool = False,
) -> list[HukouRecord]:
    """The family's registrations: one from long before the gaokao, perhaps a move at a
    boundary that matters (around the gaokao, around enrollment, later).

    `moves=True` makes the family move at least once, `False` never; `cancelled=True`
    makes its registration cancelled (注销) at some point, `False` never; and
    `registered_before_gaokao=True` leaves a family record in force on the day before
    the gaokao; `odd_places=True` draws every place from the odd ones (coarse, abolished
    since, a name that may not fit), `plain_places=True` from the counties in force
    today. The shapes are chosen to fit, not filtered
    afterwards, so no draw is discarded."""
    where = (
        (lambda _day: _odd_places)
        if odd_places
        else (lambda _day: _plain_places)
        if plain_places
        else places_on
    )
    start = gaokao - draw(_days(365, 20 * 365))
    kind = draw(st.one_of(_permanent_kinds, _kinds))
    first_place = draw(where(start))
    shapes = ["around_gaokao", "around_enrollment", "later", "later"]
    move = draw(st.sampled_from({None: ["none", *shapes], True: shapes, False: ["none"]}[moves]))
    if move == "none":
        endings = ["open"] * 3 + ["cancelled", "cancelled_before_gaokao"]
        if cancelled is not None:
            endings = [e for e in endings if (e != "open") is cancelled]
        if registered_before_gaokao:
            endings = [e for e in endings if e != "cancelled_before_gaokao"]
        record = HukouRecord(holder=HukouHolder.FAMILY, kind=kind, place=first_place, start=start)
        ending = draw(st.sampled_from(endings))
        if ending == "cancelled":
            on = first_enrollment + draw(_days(-120, 3 * 365))
            # Cancelled on the gaokao day at the earliest: the day before it stays registered.
            record = _cancelled(draw, record, max(on, gaokao) if registered_before_gaokao else on)
        elif ending == "cancelled_before_gaokao":
            record = _cancelled(draw, record, gaokao - draw(_days(0, 3 * 365)))
        return [record]
    anchor = {"around_gaokao": gaokao, "around_enrollment": first_enrollment}.get(move)
    moved_on = (
        anchor + timedelta(days=draw(st.sampled_from([-1, 0, 1, 30])))
        if anchor is not None
        else first_enrollment + draw(_days(2, 4 * 365))
    )
    moved_on = max(moved_on, start + timedelta(days=1))
    records = [
        HukouRecord(
            holder=HukouHolder.FAMILY, kind=kind, place=first_place, start=start, end=moved_on
        ),
        HukouRecord(
            holder=HukouHolder.FAMILY,
            kind=draw(st.one_of(_permanent_kinds, _kinds)),
            place=draw(where(moved_on)),
            start=moved_on,
        ),
    ]
    oddities = ["none"] * 7 + ["overlap", "gap", "moved_out_unstated", "cancelled"]
    if cancelled is not None:
        oddities = [o for o in oddities if (o == "cancelled") is cancelled]
    if registered_before_gaokao and move == "around_gaokao":
        # A gap, or a move out to nowhere stated, could leave the day before it uncovered.
        oddities = [o for o in oddities if o not in ("gap", "moved_out_unstated")]
    oddity = draw(st.sampled_from(oddities))
    if oddity in ("overlap", "gap"):  # to be flagged as inconsistent, or a gap in the record
        shift = timedelta(days=40 if oddity == "overlap" else -40)
        records[0] = records[0].model_copy(update={"end": moved_on + shift})
    elif oddity == "moved_out_unstated":  # the family moved out; where to is not stated
        records.pop()
    elif oddity == "cancelled":  # then cancelled, with no new mainland registration
        records[1] = _cancelled(draw, records[1], moved_on + draw(_days(1, 2 * 365)))
    return records


# Settling in Hong Kong, Macau or Taiwan, which rules of their own turn on, weighs double.
_family_cancellations = st.sampled_from(
    [r for r in CancellationReason if r not in OWN_REGISTRATION_ONLY]
    + [
        CancellationReason.SETTLED_HONG_KONG,
        CancellationReason.SETTLED_MACAU,
        CancellationReason.SETTLED_TAIWAN,
    ]
)


def _cancelled(draw: st.DrawFn, record: HukouRecord, on: date) -> HukouRecord:
    """The record, ended by cancellation (注销) on `on` (or the day after it starts)."""
    return record.model_copy(
        update={
            "end": max(on, record.start + timedelta(days=1)),
            "end_reason": HukouEndReason.CANCELLED,
            "cancellation_reason": draw(_family_cancellations),
        }
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
                st.sampled_from(PREFECTURES + CHANGED * 4)
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


# --- malformed input -----------------------------------------------------------------

_BREAKAGES: tuple[tuple[str, object], ...] = (
    ("cohort.year", "two thousand"),
    ("degree", "bachelour"),
    ("category", "overseas"),
    ("enrollment", "2018-13-01"),
    ("enrollment", 1535760000),
    ("normal_university", "yes"),
    ("hukou.0.kind", "collective"),
    ("hukou.0.place.code", "44011"),
    ("hukou.0.place.code", "44011a"),
    ("hukou.0.start", "01/09/2018"),
    ("gaokao.date", "2018-06-31"),
)


@st.composite
def malformed_applicants(draw: st.DrawFn) -> tuple[dict[str, object], str]:
    """The JSON of a valid applicant with one field broken, and that field's path: the
    library must reject it with an error naming that path."""
    applicant = draw(applicants(categories=(StudentCategory.MAINLAND,)))
    data: dict[str, object] = applicant.model_dump(mode="json")
    usable = [(path, value) for path, value in _BREAKAGES if _reachable(data, path.split(".")[:-1])]
    path, value = draw(st.sampled_from(usable))
    if draw(st.integers(0, 5)) == 0:
        data["nickname"] = "小明"  # an unknown field, misspelt or invented
        return data, "nickname"
    *parents, last = path.split(".")
    target: object = data
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]  # type: ignore[index]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        assert isinstance(target, dict)
        target[last] = value
    return data, path


def _reachable(data: object, parts: list[str]) -> bool:
    for part in parts:
        if isinstance(data, dict) and part in data and data[part] is not None:
            data = data[part]
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return False
    return True
