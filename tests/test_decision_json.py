"""`Decision.model_dump_json()` without options is written by orjson (decision.py): it
must be pydantic's text exactly, for every decision the library makes and for any text
a decision can hold, and anything orjson refuses goes to pydantic, errors included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from origin_rules import Applicant, Decision, decide_origin
from origin_rules.decision import LocalText, TraceStep, built
from origin_rules.ruleset.bundled import bundled_ruleset
from origin_rules.testing import applicants, interpretation_choices

READINGS = {i.id: tuple(i.readings) for i in bundled_ruleset("guide-2022").interpretations.values()}


def pydantic_json(decision: Decision, **options: Any) -> str:
    return BaseModel.model_dump_json(decision, **options)


@settings(max_examples=150, deadline=None)
@given(
    applicant=applicants(),
    engine=st.sampled_from(["python", "durable"]),
    interpretations=interpretation_choices(READINGS),
)
def test_a_decision_is_written_as_pydantic_writes_it(
    applicant: Applicant, engine: str, interpretations: dict[str, str]
) -> None:
    lazy = decide_origin(applicant, engine=engine, interpretations=interpretations)
    eager = decide_origin(applicant, engine=engine, interpretations=interpretations)
    eager.model_dump()  # every deferred field computed before the JSON is written
    written = lazy.model_dump_json()
    assert written == pydantic_json(lazy)
    assert eager.model_dump_json() == written
    assert Decision.model_validate_json(written).model_dump_json() == written


def _decision_holding(text: str) -> dict[str, Any]:
    local = {"zh": text, "en": text}
    origin = {"code": "440113", "level": "county", "name": text, "full_name": text}
    return {
        "applicant_id": text,
        "outcome": "determined",
        "origin": origin,
        "decided_by": text,
        "trace": [
            {
                "rule": text,
                "role": "decided",
                "clause": {"id": text, "section": text, "text": text},
                "title": local,
                "facts": {text: text, "x": True},
                "interpretations": [text],
                "text": local,
            }
        ],
        "interpretations": [
            {
                "id": text,
                "reading": text,
                "is_default": False,
                "question": local,
                "reading_text": local,
            }
        ],
        "missing_facts": [{"fact": text, "text": local}],
        "reasons": [{"code": text, "text": local}],
        "candidate_origins": [origin],
        "ruleset": {"id": text, "version": text, "content_hash": text},
        "input_hash": text,
        "options": {"decision_date": "2022-06-30", "interpretations": {text: text}},
        "engine": text,
        "versions": {"library": text, "division_data": None},
    }


HOSTILE = [
    "",
    '"\\/\b\f\n\r\t',
    "".join(map(chr, range(0x80))),
    "\u0085\u2028\u2029\ufeff\U0001f600 户籍 生源地",
    "\ud800",  # a lone surrogate: pydantic cannot write it, nor can orjson
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_any_text_is_written_as_pydantic_writes_it(text: str) -> None:
    _check_same(Decision.model_validate(_decision_holding(text)))


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_generated_text_is_written_as_pydantic_writes_it(text: str) -> None:
    _check_same(Decision.model_validate(_decision_holding(text)))


def _check_same(decision: Decision) -> None:
    try:
        expected = pydantic_json(decision)
    except Exception as exc:  # the same error must come out of both
        with pytest.raises(type(exc)):
            decision.model_dump_json()
    else:
        assert decision.model_dump_json() == expected


def test_options_and_subclasses_are_pydantic_s() -> None:
    decision = Decision.model_validate(_decision_holding("户籍"))
    assert decision.model_dump_json(indent=2) == pydantic_json(decision, indent=2)
    assert decision.model_dump_json(exclude={"trace"}) == pydantic_json(decision, exclude={"trace"})

    class Stored(Decision):
        stored_by: str = "registry"

    stored = Stored.model_validate({**_decision_holding("x"), "stored_by": "office"})
    assert '"stored_by":"office"' in stored.model_dump_json()
    assert stored.model_dump_json() == pydantic_json(stored)


def test_a_model_built_out_of_order_is_written_in_the_same_order() -> None:
    decision = Decision.model_validate(_decision_holding("x"))
    step = decision.trace[0]
    text = built(LocalText, en="en", zh="zh")
    shuffled_step = built(TraceStep, **dict(reversed({**step.__dict__, "text": text}.items())))
    fields = {**decision.__dict__, "trace": (shuffled_step,)}
    shuffled = built(Decision, **dict(reversed(fields.items())))
    assert next(iter(shuffled.__dict__)) == "versions"  # the order given, kept
    assert list(shuffled.trace[0].text.__dict__) == ["en", "zh"]
    # pydantic writes a model's fields in the order of its __dict__: so must orjson.
    expected = pydantic_json(shuffled)
    assert expected.startswith('{"versions":')
    assert shuffled.model_dump_json() == expected


class _Foreign(BaseModel):
    note: str = "slipped in"


EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "graduate-yi-wuhan.json"


@pytest.mark.filterwarnings("ignore::UserWarning")  # pydantic's "unexpected value" warning
@pytest.mark.parametrize("foreign", [_Foreign(), object(), {1, 2}], ids=["model", "object", "set"])
def test_a_foreign_value_slipped_into_a_library_decision_is_written_as_pydantic_writes_it(
    foreign: object,
) -> None:
    # A decision the library completes is written without checking each model's class
    # (decision.py); its fields are frozen, but its dicts are not: whatever a caller puts
    # in one comes out as pydantic writes it, or fails as pydantic fails.
    decision = decide_origin(EXAMPLE.read_text(encoding="utf-8"), engine="python")
    assert decision.options is not None
    decision.options.interpretations["foreign"] = foreign  # type: ignore[assignment]
    try:
        written = decision.model_dump_json()  # first: the decision completed by this call
    except Exception as exc:
        with pytest.raises(type(exc)):
            pydantic_json(decision)
    else:
        assert written == pydantic_json(decision)
