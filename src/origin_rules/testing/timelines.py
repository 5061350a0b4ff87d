"""The building blocks of the applicant strategies (origin_rules.testing.strategies):
division codes and places, identity documents, and a family's hukou timeline.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

from hypothesis import strategies as st

from origin_rules.divisions.registry import default_registry
from origin_rules.facts import (
    OWN_REGISTRATION_ONLY,
    CancellationReason,
    HukouEndReason,
    HukouHolder,
    HukouKind,
    HukouRecord,
    IdentityDocument,
    Place,
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
