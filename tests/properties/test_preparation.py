"""The compiled preparation against straightforward references, on generated applicants.

`prepare` remembers place descriptions between applicants and threads, words the display
values only when they are read, and tries another reading of an interpretation only
where it can change something, on the part that reads it. Each shortcut is checked here
against doing the work plainly: describing every place afresh, reading the display long
after the preparation, and preparing everything again under every other reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from origin_rules import (
    Applicant,
    DegreeLevel,
    InvalidFactsError,
    StudentCategory,
    parse_applicant,
)
from origin_rules.decide import decide_in_detail
from origin_rules.divisions import DivisionLevel, Divisions, Resolution
from origin_rules.divisions.registry import default_registry
from origin_rules.facts import Place
from origin_rules.ruleset.model import interpretation_fact
from origin_rules.situation import places
from origin_rules.situation.places import PlaceRef, describe, describer
from origin_rules.situation.prepare import PREPARATION_READINGS, Situation, prepare
from origin_rules.situation.vocabulary import DISPLAY
from origin_rules.testing import (
    applicants,
    interpretation_choices,
)
from origin_rules.testing.timelines import CHANGED, COUNTIES, PREFECTURES

from .generated import READINGS, RULESET, every_kind

GRADUATE = (DegreeLevel.MASTER, DegreeLevel.DOCTOR)
MAINLAND = (StudentCategory.MAINLAND,)
APPLICANTS = every_kind(applicants(degrees=GRADUATE, categories=MAINLAND, worked=False))
# A quarter of the profile's examples each (500 in CI, 5,000 thorough): preparing is cheap.
EXAMPLES = settings(max_examples=max(100, settings().max_examples // 4))


class Unremembered:
    """The registry's answers through a `Divisions` the preparation does not know, so
    every place is described afresh: the reference for the remembered descriptions.
    Unhashable, as a caller's dataclass may be: the preparation must not need to keep it."""

    __hash__ = None  # type: ignore[assignment]

    def __init__(self, divisions: Divisions) -> None:
        self._divisions = divisions

    def level(self, code: str, on: date) -> DivisionLevel:
        return self._divisions.level(code, on)

    def full_name(self, code: str, on: date) -> str | None:
        return self._divisions.full_name(code, on)

    def resolve(self, code: str, recorded_on: date, on: date) -> Resolution:
        return self._divisions.resolve(code, recorded_on, on)

    def name_matches(self, code: str, name: str, on: date) -> bool | None:
        return self._divisions.name_matches(code, name, on)

    def settle(self, candidates: Sequence[str], township: str, on: date) -> str | None:
        return self._divisions.settle(candidates, township, on)


def _prepared(
    applicant: Applicant,
    readings: dict[str, str],
    divisions: Divisions | None = None,
    *,
    explained: bool = True,
    decision_date: date | None = None,
) -> Situation:
    return prepare(
        applicant,
        readings,
        decision_date or applicant.decision_date or RULESET.decision_date_default,
        RULESET.governed_cohorts,
        divisions or default_registry(),
        explained=explained,
    )


def _same(a: Situation, b: Situation) -> None:
    assert list(a.facts.items()) == list(b.facts.items())  # in the same order, too
    assert a.places == b.places
    assert dict(a.display) == dict(b.display)
    assert a.inconsistencies == b.inconsistencies
    assert a.sensitivity == b.sensitivity
    assert a.decision_date == b.decision_date


@EXAMPLES
@given(applicant=APPLICANTS, readings=interpretation_choices(READINGS))
def test_remembered_descriptions_prepare_what_fresh_ones_do(
    applicant: Applicant, readings: dict[str, str]
) -> None:
    # The registry's descriptions are shared by every applicant prepared before this one.
    remembered = _prepared(applicant, readings)
    fresh = _prepared(applicant, readings, Unremembered(default_registry()))
    _same(remembered, fresh)
    verdict = _prepared(applicant, readings, explained=False)
    assert verdict.facts == remembered.facts
    assert verdict.places == remembered.places
    assert dict(verdict.display) == {}


# Any day, or one on the edges of a year in the years of the changes in `CHANGED`.
_DAYS = st.dates(date(1982, 1, 1), date(2026, 12, 31)) | st.builds(
    lambda year, month_day: date(year, *month_day),
    st.integers(2015, 2024),
    st.sampled_from([(1, 1), (6, 30), (12, 30), (12, 31)]),
)
_PLACES = st.builds(
    Place,
    code=st.sampled_from(COUNTIES + PREFECTURES + CHANGED + ("999999", "110100", "810000")),
    name=st.none() | st.sampled_from(["番禺区", "海淀区", "江干区", "会理县"]),
    township=st.none() | st.sampled_from(["丁桥镇", "笕桥街道", "市桥街道"]),
)


def _alike(day: date, other: date) -> date:
    """A day of `day`'s year, otherwise `other`'s."""
    return date(day.year, other.month, min(other.day, 28) if other.month == 2 else other.day)


def _last(start: date, end: date | None, on: date) -> date:
    return min(end - timedelta(days=1), on) if end is not None else on


@EXAMPLES
@given(place=_PLACES, start=_DAYS, end=st.none() | _DAYS, on=_DAYS, other=_DAYS)
def test_a_description_is_shared_only_by_days_the_registry_answers_alike(
    place: Place, start: date, end: date | None, on: date, other: date
) -> None:
    registry = default_registry()
    start2, on2 = _alike(start, other), _alike(on, other)
    end2 = _alike(end, other) if end is not None else None
    key = registry.date_key
    assume(key(start2) == key(start) and key(on2) == key(on))
    assume(key(_last(start2, end2, on2)) == key(_last(start, end, on)))
    # Described first on days the registry keys alike, the place must come out as
    # described afresh.
    describer(registry, on2)(place, start2, end2)
    remembered: PlaceRef = describer(registry, on)(place, start, end)
    assert remembered == describe(place, start, end, on, registry)


@EXAMPLES
@given(applicant=APPLICANTS, readings=interpretation_choices(READINGS))
def test_display_read_later_equals_display_read_at_once(
    applicant: Applicant, readings: dict[str, str]
) -> None:
    at_once = dict(_prepared(applicant, readings).display)
    later = _prepared(applicant, readings).display
    places.clear_description_cache()  # as a long-running server's full cache would be
    _prepared(applicant, {i: r[-1] for i, r in READINGS.items()})  # and more prepared
    for key in sorted(DISPLAY.keys() | at_once.keys()):  # one at a time, absent ones too
        assert (key in later) == (key in at_once)
        if key in at_once:
            assert later[key] == at_once[key]
    assert set(later) == set(at_once)
    assert len(later) == len(at_once)
    assert dict(later) == at_once


@EXAMPLES
@given(applicant=APPLICANTS, readings=interpretation_choices(READINGS))
def test_sensitivity_is_what_preparing_again_under_each_reading_changes(
    applicant: Applicant, readings: dict[str, str]
) -> None:
    situation = _prepared(applicant, readings)
    expected = {}
    for interp, alternatives in PREPARATION_READINGS.items():
        changed: set[str] = set()
        for reading in alternatives:
            if reading == readings[interp]:
                continue
            other = _prepared(applicant, {**readings, interp: reading}, explained=False)
            changed |= {
                k
                for k, v in other.facts.items()
                if k != interpretation_fact(interp) and situation.facts[k] != v
            }
            changed |= {
                k
                for k in situation.places.keys() | other.places.keys()
                if _code(situation.places.get(k)) != _code(other.places.get(k))
            }
        if changed:
            expected[interp] = frozenset(changed)
    assert situation.sensitivity == expected


@EXAMPLES
@given(applicant=APPLICANTS, readings=interpretation_choices(READINGS))
def test_sensitivity_read_after_the_whole_decision_is_what_it_was_when_prepared(
    applicant: Applicant, readings: dict[str, str]
) -> None:
    # The sensitivity is tried on its first read (`LazySensitivity`): read after the
    # rules were matched on the facts and the decision was explained and serialised, it
    # is what a preparation read at once finds, and reading it again changes nothing.
    detailed = decide_in_detail(applicant, interpretations=readings, engine="python")
    detailed.decision.model_dump_json()
    situation = detailed.situation
    assume(situation is not None)
    assert situation is not None
    at_once = _prepared(applicant, readings, decision_date=situation.decision_date)
    expected = dict(at_once.sensitivity)
    assert dict(situation.sensitivity) == expected
    assert situation.sensitivity == expected
    assert sorted(situation.sensitivity) == sorted(expected)
    # Its own views, read first on a fresh decision, and after.
    fresh = decide_in_detail(applicant, interpretations=readings, engine="python").situation
    assert fresh is not None
    assert dict(fresh.sensitivity.items()) == expected
    assert list(fresh.sensitivity.values()) == list(expected.values())
    assert dict(situation.sensitivity.items()) == expected


def _code(place: PlaceRef | None) -> str | None:
    return place.code if place else None


def _case_applicants() -> list[Applicant]:
    found = []
    for path in sorted((Path(__file__).parents[1] / "cases").glob("*/*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            try:
                found.append(parse_applicant(case["facts"]))
            except InvalidFactsError:
                continue  # a case of malformed facts: nothing to prepare
    return found


def test_preparation_from_many_threads_equals_one_at_a_time() -> None:
    cases = _case_applicants()
    readings = {i: r[0] for i, r in READINGS.items()}
    places.clear_description_cache()
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda a: _prepared(a, readings), cases * 2))
    places.clear_description_cache()
    for situation, applicant in zip(together, cases * 2, strict=True):
        _same(situation, _prepared(applicant, readings, Unremembered(default_registry())))


def test_a_sensitivity_first_read_from_many_threads_at_once_is_the_plain_one() -> None:
    # Each situation's sensitivity read first by four threads together, then compared
    # with a preparation's read at once.
    cases = _case_applicants()
    readings = {i: r[0] for i, r in READINGS.items()}
    situations = [_prepared(a, readings) for a in cases]
    with ThreadPoolExecutor(max_workers=4) as pool:
        read = list(
            pool.map(lambda s: dict(s.sensitivity), [s for s in situations for _ in "abcd"])
        )
    for i, applicant in enumerate(cases):
        expected = dict(_prepared(applicant, readings).sensitivity)
        assert read[4 * i : 4 * i + 4] == [expected] * 4


def test_the_description_cache_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(places, "DESCRIPTION_CACHE_SIZE", 5)
    # Bounded as it fills: start from an empty cache (earlier tests may have left more
    # than 5 descriptions, which no new one would come to clear).
    places.clear_description_cache()
    readings = {i: r[0] for i, r in READINGS.items()}
    for applicant in _case_applicants()[:200]:
        _prepared(applicant, readings)
        assert len(places._descriptions) <= 5


@EXAMPLES
@given(applicant=APPLICANTS, readings=interpretation_choices(READINGS))
def test_a_place_s_texts_are_worded_once_and_are_no_field(
    applicant: Applicant, readings: dict[str, str]
) -> None:
    places.clear_description_cache()
    for place in _prepared(applicant, readings).places.values():
        fresh = replace(place)  # the same fields, its texts not read yet
        texts = place.texts
        assert texts == (place.label(), place.recorded_label(), place.change())
        assert place.texts is texts  # kept, not worded again
        assert place == fresh and hash(place) == hash(fresh) and repr(place) == repr(fresh)
