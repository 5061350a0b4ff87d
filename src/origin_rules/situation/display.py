"""The values an explanation quotes (labels, dates, division changes), made when read.

A decision needs them only if its explanation is rendered, and wording them (place
labels, the text of a division's changes, ISO dates) costs more than preparing the facts
the rules test. So the preparation keeps what they are made from (`DisplaySources`) and
`LazyDisplay` words each when it is read: the same keys and values as if they had been
made at once.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator, Mapping
from datetime import date, timedelta
from typing import NamedTuple

from origin_rules.divisions.answer_cache import remember
from origin_rules.facts import Applicant
from origin_rules.identity import DocumentCheck
from origin_rules.situation.consistency import Inconsistency
from origin_rules.situation.places import PlaceRef
from origin_rules.situation.vocabulary import value_label

DisplayValue = str | tuple[str, str]


class DisplaySources(NamedTuple):
    """What the display values of one prepared applicant are made from."""

    applicant: Applicant  # as known on the decision date
    decision_date: date
    graduate_hukou_reference: str  # the reading in force, which the work basis names
    places: Mapping[str, PlaceRef]
    dates: Mapping[str, date]  # display key -> the date it shows
    work_period: tuple[date, date | None] | None
    inconsistencies: tuple[Inconsistency, ...]
    identity_check: DocumentCheck | None


def display_values(s: DisplaySources) -> dict[str, DisplayValue]:
    """Every display value, each under its key in `vocabulary.DISPLAY`, worded as
    `display_value` words it alone (the same functions; where two sources give a key,
    the same one wins: a key of its own over a date, a date over a place's text)."""
    shown: dict[str, DisplayValue] = {}
    # Each place as it is on the decision date, as recorded, and what changed between.
    for key, place in s.places.items():
        texts = place.texts
        for suffix, which in _PLACE_TEXTS:
            shown[f"{key}{suffix}"] = texts[which]
    for key, day in s.dates.items():
        shown[key] = day.isoformat()
    for key, word in _SINGLE.items():
        value = word(s)
        if value is not None:
            shown[key] = value
    return shown


def display_value(s: DisplaySources, key: str) -> DisplayValue | None:
    """The display value under `key` alone, as `display_values` words it (None where it
    has none): an explanation quotes a few of them. tests/properties/test_preparation.py
    reads them one at a time against `display_values`."""
    return finder_of(key)(s)


Finder = Callable[[DisplaySources], DisplayValue | None]


# Kept: the keys a ruleset's texts quote are few (bounded all the same).
@functools.lru_cache(maxsize=1_000)
def finder_of(key: str) -> Finder:
    """How the display value under `key` is found, worked out once per key: the function
    of the sources that words it (None where it has none). As `display_values` words
    them, a key of its own (`_SINGLE`) is worded by its function alone, any other is a
    date, else one of a place's texts."""
    single = _SINGLE.get(key)
    if single is not None:
        return single
    # The places the key may name, by its suffixes, each with which of its texts it
    # shows (`_recorded_place` also ends in `_place`: a key may name two, and the first
    # found wins).
    key = sys.intern(key)  # as the keys of the dates and places are: found the faster
    named = tuple(
        (sys.intern(key.removesuffix(suffix)), which)
        for suffix, which in _PLACE_TEXTS
        if key.endswith(suffix)
    )

    def date_or_place(s: DisplaySources) -> DisplayValue | None:
        day = s.dates.get(key)
        if day is not None:
            return _iso[day]
        for place_key, which in named:
            place = s.places.get(place_key)
            if place is not None:
                return place.texts[which]
        return None

    return date_or_place


class _IsoDays(dict[date, str]):
    """Each day's `isoformat()`, written when first asked for and kept: a decision
    quotes two or three dates, and looking one up (`_iso[day]`, no Python call once
    kept) costs a tenth of writing it. The days a population's records hold are a few
    thousand (bounded all the same, by `remember`)."""

    def __missing__(self, day: date) -> str:
        return remember(self, day, day.isoformat(), 100_000)


_iso = _IsoDays()


def _programme(s: DisplaySources) -> DisplayValue:
    programme = s.applicant.programme.value
    return (value_label(programme, "zh"), value_label(programme, "en"))


def _identity(s: DisplaySources, key: str) -> DisplayValue | None:
    document = s.applicant.identity_document
    check = s.identity_check
    if document is None or check is None:
        return None
    if key == "id_document_kind":
        kind = document.kind.value
        return (value_label(kind, "zh"), value_label(kind, "en"))
    if key == "id_document_number":
        return check.normalised_masked
    if key == "id_document_problems":
        return (
            "；".join(p.zh for p in check.problems) or "无",
            "; ".join(p.en for p in check.problems) or "none",
        )
    return (
        "；".join(check.change_notes("zh")) or "无",
        "; ".join(check.change_notes("en")) or "none",
    )


def _identity_value(key: str) -> Callable[[DisplaySources], DisplayValue | None]:
    return lambda s: _identity(s, key)


def _work_period(s: DisplaySources) -> DisplayValue | None:
    period = s.work_period
    if period is None:
        return None
    found = _work_periods.get(period)
    if found is None:
        start, end = period
        shown = f"{_iso[start]} – {_iso[end] if end else '至今'}"
        found = remember(_work_periods, period, shown, 100_000)
    return found


# Each work period as shown, kept: few distinct (bounded all the same).
_work_periods: dict[tuple[date, date | None], str] = {}


# The keys worded on their own, each by its function of the sources.
_SINGLE: dict[str, Callable[[DisplaySources], DisplayValue | None]] = {
    "cohort": lambda s: f"{s.applicant.cohort.year}-{s.applicant.cohort.month:02d}",
    "decision_date": lambda s: _iso[s.decision_date],
    "enrollment": lambda s: _iso[s.applicant.enrollment],
    "programme": _programme,
    **{
        key: _identity_value(key)
        for key in (
            "id_document_kind",
            "id_document_number",
            "id_document_problems",
            "id_document_changes",
        )
    },
    "inconsistencies": lambda s: (
        "；".join(i.zh for i in s.inconsistencies) or "无",
        "; ".join(i.en for i in s.inconsistencies) or "none",
    ),
    "work_hukou_basis": lambda s: _work_hukou_basis(
        s.applicant.enrollment, s.graduate_hukou_reference
    ),
    "work_period": _work_period,
}
# A place's keys, and which of its texts (label, recorded, change) each shows; the
# longer suffix first (`_recorded_place` also ends in `_place`).
_PLACE_TEXTS = (("_recorded_place", 1), ("_change", 2), ("_place", 0))


def _work_hukou_basis(enrollment: date, reference: str) -> tuple[str, str]:
    """Which of the student's registrations the graduate-student rule looks at (worded
    once per enrollment and reading, and kept: a graduate student's trace quotes it)."""
    key = (enrollment, reference)
    found = _work_hukou_bases.get(key)
    if found is None:
        found = remember(_work_hukou_bases, key, _worded_basis(enrollment, reference), 100_000)
    return found


def _worded_basis(enrollment: date, reference: str) -> tuple[str, str]:
    if reference == "day_before_enrollment":
        day = _iso[enrollment - timedelta(days=1)]
        return (
            f"入学前（{day}）的本人户口",
            f"the student's own registration before enrollment ({day})",
        )
    return (
        "入学前工作期间在工作地的本人户口",
        "the student's own registration at the workplace while working before enrollment",
    )


# (enrollment, the reading in force) -> the basis as worded: enrollment days are few.
_work_hukou_bases: dict[tuple[date, str], tuple[str, str]] = {}


class LazyDisplay(Mapping[str, DisplayValue]):
    """A read-only mapping of the display values, made from their sources when read: one
    key alone (`display_value`) when it is read alone, all of them on the first read of
    the whole (iteration, length), kept from then on. A key read alone is not kept: the
    one reader of single keys, a decision's explanation, keeps the values its texts
    quote itself (`explanation_texts.Quoted`), and wording one again gives the same
    value (so that reader words a key from `sources` with the key's `finder_of`, one
    call, whether or not the whole has been read). Safe to share between threads: two first
    reads at once each make the same values, and either result is kept."""

    __slots__ = ("_values", "sources")

    def __init__(self, sources: DisplaySources) -> None:
        self.sources = sources
        self._values: dict[str, DisplayValue] | None = None

    def _made(self) -> dict[str, DisplayValue]:
        values = self._values
        if values is None:
            values = display_values(self.sources)
            self._values = values
        return values

    def __getitem__(self, key: str) -> DisplayValue:
        values = self._values
        if values is not None:
            return values[key]
        found = display_value(self.sources, key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(self._made())

    def __len__(self) -> int:
        return len(self._made())

    def __repr__(self) -> str:
        return f"LazyDisplay({self._made()!r})"
