"""A decision computes its explanation and input hash when first asked for (see
`origin_rules.decision.Decision`): whatever is asked first, and however it is read
(a field, JSON, a dict, ==, repr, a copy, a pickle, inside another model), it is the
decision computed whole. The eager decision here is the same code forced: every deferred
field read at once, before anything else, in declaration order and in reverse."""

from __future__ import annotations

import copy
import json
import pickle
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter

import origin_rules.decide
import origin_rules.relied
import origin_rules.resolve
from origin_rules import Applicant, Decision, decide_origin
from origin_rules.decision import DEFERRED_FIELDS
from origin_rules.ruleset.bundled import rulesets_folder
from origin_rules.ruleset.load import load_ruleset
from origin_rules.testing import applicants, interpretation_choices

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ENGINE = "python"
DEFERRED_IN_ORDER = [name for name in Decision.model_fields if name in DEFERRED_FIELDS]


def forced(decision: Decision, order: list[str]) -> Decision:
    for name in order:
        getattr(decision, name)
    return decision


def example(name: str) -> str:
    return (EXAMPLES / f"{name}.json").read_text(encoding="utf-8")


# Each way of reading a decision first, then its JSON.
FIRST_READS: dict[str, Callable[[Decision], object]] = {
    "nothing": lambda d: None,
    "trace[0].text": lambda d: d.trace[0].text if d.trace else None,
    "input_hash": lambda d: d.input_hash,
    "interpretations": lambda d: d.interpretations,
    "every deferred field": lambda d: forced(d, DEFERRED_IN_ORDER),
    "every deferred field, reversed": lambda d: forced(d, DEFERRED_IN_ORDER[::-1]),
    "model_dump": lambda d: d.model_dump(),
    "repr": repr,
    "dict": dict,
}


@settings(max_examples=300)
@given(applicants(), st.sampled_from(sorted(FIRST_READS)))
def test_a_lazy_decision_is_the_eager_one_on_generated_applicants(
    applicant: Applicant, first_read: str
) -> None:
    eager = forced(decide_origin(applicant, engine=ENGINE), DEFERRED_IN_ORDER)
    lazy = decide_origin(applicant, engine=ENGINE)
    FIRST_READS[first_read](lazy)
    stored = lazy.model_dump_json()
    assert stored == eager.model_dump_json()
    assert lazy == eager
    assert repr(lazy) == repr(eager)
    assert Decision.model_validate_json(stored) == lazy  # what it holds is valid data
    assert json.loads(stored) == lazy.model_dump(mode="json")


@pytest.mark.parametrize(
    "name", ["graduate-yi-wuhan", "hong-kong-student", "division-split-jianggan"]
)
@pytest.mark.parametrize("engine", ["python", "durable"])
def test_a_lazy_decision_is_the_eager_one_on_the_examples(name: str, engine: str) -> None:
    eager = forced(decide_origin(example(name), engine=engine), DEFERRED_IN_ORDER[::-1])
    lazy = decide_origin(example(name), engine=engine)
    assert lazy.model_dump_json() == eager.model_dump_json()
    assert lazy.trace[0].text == eager.trace[0].text


def test_reading_the_outcome_computes_no_explanation_and_no_hash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []

    def counting(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any) -> Any:
            calls.append(name)
            return real(*args)

        return wrapper

    monkeypatch.setattr(
        origin_rules.decide, "facts_hash", counting("hash", origin_rules.decide.facts_hash)
    )
    monkeypatch.setattr(
        origin_rules.resolve, "_render", counting("text", origin_rules.resolve._render)
    )
    decision = decide_origin(example("graduate-yi-wuhan"), engine=ENGINE)
    assert (decision.outcome.value, decision.origin and decision.origin.code) == (
        "determined",
        "420106",
    )
    assert decision.decided_by and decision.options and decision.versions
    assert calls == []
    assert decision.input_hash.startswith("sha256:")
    assert calls == ["hash"]
    assert decision.trace[0].text.zh
    assert "text" in calls
    decision.model_dump_json()
    decision.model_dump_json()
    assert decision.input_hash.startswith("sha256:")
    assert calls.count("hash") == 1  # computed once, then kept


def test_a_lazy_decision_pickles_copies_and_nests_whole() -> None:
    eager = forced(decide_origin(example("graduate-yi-wuhan"), engine=ENGINE), DEFERRED_IN_ORDER)
    expected = eager.model_dump_json()

    def fresh() -> Decision:
        return decide_origin(example("graduate-yi-wuhan"), engine=ENGINE)

    assert pickle.loads(pickle.dumps(fresh())).model_dump_json() == expected
    assert copy.deepcopy(fresh()).model_dump_json() == expected
    assert copy.copy(fresh()).model_dump_json() == expected
    assert fresh().model_copy(update={"input_hash": ""}) == eager.model_copy(
        update={"input_hash": ""}
    )

    class Stored(BaseModel):
        decision: Decision

    assert Stored(decision=fresh()).model_dump_json() == f'{{"decision":{expected}}}'
    adapter = TypeAdapter(list[Decision])
    assert adapter.dump_json([fresh()]).decode() == f"[{expected}]"
    assert dict(fresh()) == dict(eager)


def test_a_decision_without_a_ruleset_is_lazy_only_in_its_hash() -> None:
    data = json.loads(example("bachelor-panyu"))
    data["cohort"] = {"year": 2015, "month": 6}
    eager = forced(decide_origin(data, engine=ENGINE), DEFERRED_IN_ORDER)
    lazy = decide_origin(data, engine=ENGINE)
    assert lazy.outcome.value == "out_of_scope" and lazy.reasons
    assert lazy.model_dump_json() == eager.model_dump_json()
    assert hash(decide_origin(data, engine=ENGINE)) == hash(eager)


FIRST, SECOND = (load_ruleset(rulesets_folder() / "guide-2022") for _ in range(2))
READINGS = {i.id: tuple(i.readings) for i in FIRST.interpretations.values()}


@settings(max_examples=300)
@given(applicants(), interpretation_choices(READINGS))
def test_an_equal_ruleset_loaded_again_explains_the_same(
    applicant: Applicant, readings: dict[str, str]
) -> None:
    # Precedence and roles are memoised by the ruleset's content hash, so a decision may
    # be explained from the rules of an equal ruleset loaded earlier: nothing in it may
    # depend on which of the two objects a rule came from.
    expected = decide_origin(applicant, engine=ENGINE, ruleset=FIRST, interpretations=readings)
    expected.model_dump_json()
    origin_rules.relied._for_rules.clear()  # explained again, from SECOND's rules
    origin_rules.resolve._plans.clear()  # and its plan made again, from FIRST's split
    again = decide_origin(applicant, engine=ENGINE, ruleset=SECOND, interpretations=readings)
    assert again.model_dump_json() == expected.model_dump_json()


def test_one_decision_read_from_many_threads_at_once_is_the_serial_one() -> None:
    # Each thread reads another part first (a field, the JSON, ==), all at the same
    # moment, with the interpreter switching threads as often as it can: whichever
    # completes the decision, every reader gets the fields and the JSON of the serial one.
    serial = decide_origin(example("graduate-yi-wuhan"), engine=ENGINE)
    expected = serial.model_dump_json()
    reads: list[Callable[[Decision], object]] = [
        lambda d: d.model_dump_json(),
        lambda d: d.trace,
        lambda d: d.input_hash,
        lambda d: d.interpretations,
        lambda d: d == serial,
        lambda d: d.reasons,
    ]
    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=len(reads)) as pool:
            for _ in range(200):
                lazy = decide_origin(example("graduate-yi-wuhan"), engine=ENGINE)
                start = threading.Barrier(len(reads))

                def read(
                    how: Callable[[Decision], object],
                    lazy: Decision = lazy,
                    start: threading.Barrier = start,
                ) -> object:
                    start.wait()
                    return how(lazy)

                answers = list(pool.map(read, reads))
                assert answers[0] == expected
                assert answers[1] == serial.trace
                assert answers[2] == serial.input_hash
                assert answers[3] == serial.interpretations
                assert answers[4] is True
                assert answers[5] == serial.reasons
                assert lazy.model_dump_json() == expected
    finally:
        sys.setswitchinterval(switching)


def test_a_decision_given_too_few_fields_says_so_when_completed() -> None:
    # The library's own mistake, not a caller's: a decision made without one of its
    # fields is not completed with a placeholder in its place.
    made = decide_origin(example("graduate-yi-wuhan"), engine=ENGINE)
    deferred = made.__pydantic_private__["_deferred"]  # type: ignore[index]
    given = dict(vars(BaseModel)["__dict__"].__get__(made))  # as given, nothing computed
    assert given.keys().isdisjoint(DEFERRED_FIELDS)
    del given["engine"]
    with pytest.raises(RuntimeError, match="a decision's fields are"):
        Decision.deferring(deferred, given).model_dump_json()
