"""The lean paths against the plain ways of computing the same thing.

A date read from JSON text is checked by pydantic-core alone (strict YYYY-MM-DD and the
plausible range), with its error reworded as the Python path words it; a verdict finds
the rule that decides without ordering every rule that fired, and a call that chooses
no reading takes the ruleset's defaults from a memo. Each is compared here with the
plain computation: the same applicant as Python data, `fired_in_precedence`, and
`chosen_readings`.
"""

from __future__ import annotations

import json
from dataclasses import fields, replace
from datetime import date
from typing import Any

from applicants import bachelor_panyu
from hypothesis import given, settings
from hypothesis import strategies as st

from origin_rules import Applicant, InvalidFactsError, parse_applicant
from origin_rules import resolve as resolve_module
from origin_rules.decide import default_readings, evaluate
from origin_rules.divisions.registry import default_registry
from origin_rules.engines import engine_for
from origin_rules.resolve import fired_in_precedence, made_origin, origin_from
from origin_rules.ruleset.model import interpretation_fact
from origin_rules.ruleset.readings import chosen_readings
from origin_rules.situation.prepare import Situation, prepare
from origin_rules.testing import (
    interpretation_choices,
)
from origin_rules.verdict import deciding_rule, first_deciding

from .generated import READINGS, RULESET, every_kind

APPLICANTS = every_kind()
EXAMPLES = settings(max_examples=max(50, settings().max_examples // 4), deadline=None)

# Where a date may stand in an applicant's facts (a field path into `bachelor_panyu`).
DATE_FIELDS = ("enrollment", "decision_date", "gaokao.date", "hukou.0.start", "hukou.0.end")

# Values a caller may send where a date belongs: dates in and out of the plausible range,
# other spellings of a day, timestamps, and what is no date at all.
DATE_VALUES: st.SearchStrategy[object] = (
    st.dates().map(date.isoformat)
    | st.dates(date(1899, 12, 25), date(1900, 1, 5)).map(date.isoformat)
    | st.dates(date(2100, 12, 25), date(2101, 1, 5)).map(date.isoformat)
    | st.from_regex(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,3}", fullmatch=True)
    | st.from_regex(r"\d{4}-\d{2}-\d{2}(T00:00:00|Z| )?", fullmatch=True)
    | st.dates().map(lambda d: d.strftime("%Y%m%d"))
    | st.sampled_from(["", "today", "2018-09-01T00:00:00", "+2018-09-01", "2018/09/01"])
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.booleans()
    | st.none()
    | st.just([])
    | st.just({})
)


def _with(path: str, value: object) -> dict[str, Any]:
    data: dict[str, Any] = bachelor_panyu("s-1", start="2000-01-01")
    *parents, last = path.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[last] = value
    return data


def _outcome(data: object) -> object:
    try:
        return parse_applicant(data)
    except InvalidFactsError as exc:
        return [(e.path, e.message, e.value) for e in exc.errors]


@EXAMPLES
@given(path=st.sampled_from(DATE_FIELDS), value=DATE_VALUES)
def test_a_date_from_json_text_is_accepted_or_refused_as_from_python_data(
    path: str, value: object
) -> None:
    data = _with(path, value)
    assert _outcome(json.dumps(data)) == _outcome(data)


@EXAMPLES
@given(applicant=APPLICANTS)
def test_generated_applicants_read_from_json_text_equal_the_applicant(
    applicant: Applicant,
) -> None:
    assert parse_applicant(applicant.model_dump_json()) == applicant
    assert parse_applicant(applicant.model_dump(mode="json")) == applicant


@EXAMPLES
@given(applicant=APPLICANTS, readings=interpretation_choices(READINGS))
def test_the_deciding_rule_is_the_first_that_fired_in_precedence_order(
    applicant: Applicant, readings: dict[str, str]
) -> None:
    run = evaluate(applicant, RULESET, None, readings, "python", None, explained=False)
    ordered = fired_in_precedence(RULESET, run.fired, run.engine)
    expected = (ordered[0], tuple(m.fact for m in ordered[0].conclusion.missing))
    assert first_deciding(RULESET, run.fired, run.engine) == expected
    for engine in ("python", "durable"):  # python stops at the first; durable fires all
        compiled = engine_for(RULESET, engine)
        assert deciding_rule(RULESET, compiled, run.situation.facts) == expected


@EXAMPLES
@given(
    applicant=APPLICANTS,
    readings=interpretation_choices(READINGS),
    none_chosen=st.booleans(),
)
def test_a_prepared_situation_is_the_one_its_fields_make(
    applicant: Applicant, readings: dict[str, str], none_chosen: bool
) -> None:
    chosen = None if none_chosen else readings  # None: the defaults' facts, from a memo
    run = evaluate(applicant, RULESET, None, chosen, "python", None)
    situation = run.situation
    plain = Situation(**{f.name: getattr(situation, f.name) for f in fields(Situation)})
    assert situation == plain and vars(situation) == vars(plain)
    assert {k: v for k, v in situation.facts.items() if k.startswith("interp_")} == {
        interpretation_fact(interp): reading for interp, reading in run.readings.items()
    }
    fresh = prepare(
        applicant,
        run.readings,
        situation.decision_date,
        RULESET.governed_cohorts,
        default_registry(),
    )
    assert fresh.facts == situation.facts and list(fresh.facts) == list(situation.facts)


def test_the_default_readings_are_those_chosen_when_none_is() -> None:
    plain = chosen_readings(RULESET.interpretations, None, of=f"ruleset {RULESET.id}")
    assert default_readings(RULESET) == plain
    applicant = parse_applicant(bachelor_panyu("s-1", start="2000-01-01"))
    none: tuple[dict[str, str] | None, ...] = (None, {})
    for none_chosen in none:
        run = evaluate(applicant, RULESET, None, none_chosen, "python", None)
        assert run.readings == plain
        run.readings["origin_concept"] = "changed by the caller"  # a copy: the memo keeps
    assert default_readings(RULESET) == plain


@EXAMPLES
@given(applicant=APPLICANTS, readings=interpretation_choices(READINGS))
def test_an_origin_is_the_one_made_from_its_place(
    applicant: Applicant, readings: dict[str, str]
) -> None:
    run = evaluate(applicant, RULESET, None, readings, "python", None, explained=False)
    rule = fired_in_precedence(RULESET, run.fired, run.engine)[0]
    source = rule.conclusion.origin
    if source is None:
        return
    plain = made_origin(run.situation.places[source])
    assert origin_from(run.situation, source, rule) == plain  # made, or remembered
    assert origin_from(run.situation, source, rule) == plain  # remembered


def test_a_remembered_origin_is_used_only_for_the_same_place() -> None:
    applicant = parse_applicant(bachelor_panyu("s-1", start="2000-01-01"))
    run = evaluate(applicant, RULESET, None, None, "python", None, explained=False)
    rule = fired_in_precedence(RULESET, run.fired, run.engine)[0]
    assert rule.conclusion.origin is not None
    place = run.situation.places[rule.conclusion.origin]
    stale = made_origin(place).model_copy(update={"code": "110108"})
    # An entry under this place's id that holds another place (an id reused after the
    # other was freed) is not this place's origin.
    resolve_module._origins[id(place)] = (replace(place), stale)
    assert origin_from(run.situation, rule.conclusion.origin, rule).code == place.code
