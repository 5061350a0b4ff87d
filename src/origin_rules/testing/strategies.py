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
coarse places) so that every outcome is reached.
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
def identity_documents(draw: st.DrawFn) -> IdentityDocument | None:
    """No document, a valid one, one written loosely (lower case, full-width brackets),
    or one that fails its check."""
    shape = draw(st.sampled_from(["none"] * 4 + ["valid", "loose", "wrong"]))
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


def _one_in(n: int) -> st.SearchStrategy[bool]:
    """True about once in `n` draws. Hypothesis favours the simplest value (0) far more
    than its share, so the rare case is a value in the middle of the range."""
    return st.integers(0, n - 1).map(lambda k: k == n // 2)


def _days(low: int, high: int) -> st.SearchStrategy[timedelta]:
    return st.integers(low, high).map(lambda n: timedelta(days=n))


@st.composite
def family_timeline(draw: st.DrawFn, gaokao: date, first_enrollment: date) -> list[HukouRecord]:
    """The family's registrations: one from long before the gaokao, perhaps a move at a
    boundary that matters (around the gaokao, around enrollment, later)."""
    start = gaokao - draw(_days(365, 20 * 365))
    kind = draw(st.one_of(_permanent_kinds, _kinds))
    first_place = draw(places_on(start))
    move = draw(st.sampled_from(["none", "around_gaokao", "around_enrollment", "later", "later"]))
    if move == "none":
        record = HukouRecord(holder=HukouHolder.FAMILY, kind=kind, place=first_place, start=start)
        ending = draw(st.sampled_from(["open"] * 5 + ["cancelled", "cancelled_before_gaokao"]))
        if ending == "cancelled":
            record = _cancelled(draw, record, first_enrollment + draw(_days(-120, 3 * 365)))
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
            place=draw(places_on(moved_on)),
            start=moved_on,
        ),
    ]
    oddity = draw(
        st.sampled_from(["none"] * 7 + ["overlap", "gap", "moved_out_unstated", "cancelled"])
    )
    if oddity in ("overlap", "gap"):  # to be flagged as inconsistent, or a gap in the record
        shift = timedelta(days=40 if oddity == "overlap" else -40)
        records[0] = records[0].model_copy(update={"end": moved_on + shift})
    elif oddity == "moved_out_unstated":  # the family moved out; where to is not stated
        records.pop()
    elif oddity == "cancelled":  # then cancelled, with no new mainland registration
        records[1] = _cancelled(draw, records[1], moved_on + draw(_days(1, 2 * 365)))
    return records


_family_cancellations = st.sampled_from(
    [r for r in CancellationReason if r not in OWN_REGISTRATION_ONLY]
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


@st.composite
def applicants(
    draw: st.DrawFn,
    degrees: tuple[DegreeLevel, ...] = tuple(DegreeLevel),
    categories: tuple[StudentCategory, ...] = tuple(StudentCategory),
    worked: bool | None = None,
) -> Applicant:
    """Applicants of the given degrees and categories, mostly of the 2022 cohort. Dates
    are drawn backwards from graduation, so they come in a consistent order.

    `worked=True` makes every graduate student one who worked before enrollment with a
    hukou of their own somewhere (the graduate-student workplace rule's ground);
    `worked=False`, one who went straight on."""
    common = [d for d in (DegreeLevel.BACHELOR, DegreeLevel.MASTER) if d in degrees] * 3
    degree = draw(st.sampled_from(common + list(degrees)))
    weighted = [StudentCategory.MAINLAND] * 6 if StudentCategory.MAINLAND in categories else []
    category = draw(st.sampled_from(weighted + list(categories)))
    cohort_year = draw(st.sampled_from([2022] * 8 + [2021, 2023]))
    programmes: list[Programme] = []
    programme_kind = ProgrammeKind.REGULAR
    work_periods: list[WorkPeriod] = []
    own: list[HukouRecord] = []
    if degree in (DegreeLevel.MASTER, DegreeLevel.DOCTOR):
        years = 3 if degree is DegreeLevel.MASTER else 4
        enrollment = date(cohort_year - years, 9, draw(st.integers(1, 15)))
        if worked if worked is not None else draw(st.booleans()):
            work_end = enrollment - draw(_days(30, 120))
            work_start = work_end - draw(_days(180, 3 * 365))
            work_code = draw(
                st.sampled_from(COUNTIES + PREFECTURES + CHANGED * 3)
                | counties_in_force(work_start)
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
                        place=Place(code=hukou_code),
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
        second = draw(st.sampled_from([ProgrammeKind.REGULAR] * 6 + list(ProgrammeKind)))
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
            if draw(st.booleans()):
                programmes.append(
                    Programme(
                        level=earlier_level,
                        enrollment=bachelor_enrollment,
                        graduation=date(enrollment.year, 6, 30),
                    )
                )
    gaokao = date(bachelor_enrollment.year, 6, 7)
    if draw(st.integers(0, 3)) == 0:  # the student's own hukou moved for the gaokao
        moved_for_gaokao = gaokao - draw(_days(30, 3 * 365))
        own.insert(
            0,
            HukouRecord(
                holder=HukouHolder.STUDENT,
                kind=draw(_kinds),
                place=draw(places_on(moved_for_gaokao)),
                start=moved_for_gaokao,
                end=gaokao + draw(_days(30, 400)),
            ),
        )
    family = draw(family_timeline(gaokao, bachelor_enrollment))
    if draw(_one_in(20)):
        family = []
    earlier = (
        [Gaokao(date=date(gaokao.year - 1, 6, 7), province="440000")] if draw(_one_in(8)) else []
    )
    return Applicant(
        applicant_id=draw(st.none() | st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True)),
        cohort=Cohort(year=cohort_year, month=draw(st.sampled_from([6, 6, 6, 12]))),
        degree=degree,
        category=category,
        normal_university=draw(_one_in(20)),
        minority_programme=draw(_one_in(20)),
        hukou=tuple(draw(st.permutations(family + own))),
        gaokao=None if draw(_one_in(30)) else Gaokao(date=gaokao, province="440000"),
        earlier_gaokao=tuple(earlier),
        enrollment=enrollment,
        earlier_programmes=tuple(programmes),
        programme=programme_kind,
        work_before_enrollment=tuple(work_periods),
        identity_document=draw(identity_documents()),
        decision_date=draw(
            st.none() | st.sampled_from([date(2021, 10, 10), date(2022, 6, 30), date(2019, 1, 1)])
        ),
    )


def interpretation_choices(
    readings: dict[str, tuple[str, ...]],
) -> st.SearchStrategy[dict[str, str]]:
    """Any choice of readings for the given interpretations (id -> its readings)."""
    return st.fixed_dictionaries({k: st.sampled_from(v) for k, v in readings.items()})


# --- targeted strategies -------------------------------------------------------------


def exam_migrants() -> st.SearchStrategy[Applicant]:
    """Bachelor's graduates whose own hukou was elsewhere than the family's at the gaokao."""

    def moved_for_gaokao(applicant: Applicant) -> bool:
        gaokao = applicant.gaokao
        if gaokao is None:
            return False
        day = gaokao.date - timedelta(days=1)
        places = {
            r.holder: r.place.code
            for r in applicant.hukou
            if r.start <= day and (r.end is None or day < r.end)
        }
        family, own = places.get(HukouHolder.FAMILY), places.get(HukouHolder.STUDENT)
        return family is not None and own is not None and family != own

    return applicants(
        degrees=(DegreeLevel.BACHELOR,), categories=(StudentCategory.MAINLAND,)
    ).filter(moved_for_gaokao)


def family_movers() -> st.SearchStrategy[Applicant]:
    """Mainland graduates whose family registration moved at least once."""
    return applicants(
        degrees=(DegreeLevel.BACHELOR, DegreeLevel.MASTER, DegreeLevel.DOCTOR),
        categories=(StudentCategory.MAINLAND,),
    ).filter(lambda a: sum(r.holder is HukouHolder.FAMILY for r in a.hukou) >= 2)


def cancelled_families() -> st.SearchStrategy[Applicant]:
    """Mainland graduates whose family registration was cancelled (注销) at some point."""
    return applicants(
        degrees=(DegreeLevel.BACHELOR, DegreeLevel.MASTER, DegreeLevel.DOCTOR),
        categories=(StudentCategory.MAINLAND,),
    ).filter(
        lambda a: any(
            r.holder is HukouHolder.FAMILY and r.end_reason is HukouEndReason.CANCELLED
            for r in a.hukou
        )
    )


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
