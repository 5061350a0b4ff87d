"""The engines' memo (src/origin_rules/engines/memo.py): it answers as each engine
does, it is bounded, it stores nothing for a call that raised, and the evidence modules
really run the engines uncached."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from conftest import UNCACHED_MODULES
from hypothesis import given, settings
from hypothesis import strategies as st
from properties.generated import READINGS, RULESET, every_kind

from origin_rules import Applicant, decide_origin
from origin_rules.decide import decide_in_detail
from origin_rules.engines import engine_for, uncached
from origin_rules.engines.durable import DurableEngine
from origin_rules.engines.memo import MemoisedEngine
from origin_rules.engines.python import PythonEngine
from origin_rules.ruleset.model import FactValue
from origin_rules.testing import applicants, interpretation_choices

APPLICANTS = every_kind()


class _Counting:
    """An engine that answers from a table and counts its calls; raises on `boom`."""

    name = "counting"

    def __init__(self) -> None:
        self.calls = 0

    def fired(self, facts: dict[str, FactValue]) -> frozenset[str]:
        self.calls += 1
        if facts.get("boom"):
            raise RuntimeError("engine failed")
        return frozenset(k for k, v in facts.items() if v is True)


def _memoised(name: str = "durable") -> MemoisedEngine:
    engine = engine_for(RULESET, name)
    assert isinstance(engine, MemoisedEngine)
    return engine


@pytest.mark.parametrize("engine", ["durable", "python"])
@settings(max_examples=150)
@given(applicant=APPLICANTS, readings=interpretation_choices(READINGS))
def test_the_memo_answers_as_the_engine_on_generated_applicants(
    engine: str, applicant: Applicant, readings: dict[str, str]
) -> None:
    facts = decide_in_detail(applicant, interpretations=readings, engine="python", ruleset=RULESET)
    assert facts.situation is not None
    memo = _memoised(engine)
    uncached_answer = memo.fired(facts.situation.facts, cached=False)
    assert memo.fired(facts.situation.facts) == uncached_answer  # filled, or already held
    assert memo.fired(facts.situation.facts) == uncached_answer  # read back
    with uncached():
        plain = decide_origin(applicant, interpretations=readings, ruleset=RULESET, engine=engine)
    assert (
        decide_origin(applicant, interpretations=readings, ruleset=RULESET, engine=engine) == plain
    )


def test_the_memo_is_bounded_and_still_answers_when_it_clears() -> None:
    inner = _Counting()
    memo = MemoisedEngine(inner, max_entries=3)
    for _ in range(2):
        for i in range(10):
            facts: dict[str, FactValue] = {"a": i % 2 == 0, "n": str(i)}
            assert memo.fired(facts) == (frozenset({"a"}) if i % 2 == 0 else frozenset())
            assert memo.info().entries <= 3
    assert inner.calls == 20  # ten situations cycling through three places: all misses
    memo.fired({"a": False, "n": "9"})
    assert inner.calls == 20  # the last one seen is still held


def test_a_repeated_situation_does_not_run_the_engine_again() -> None:
    inner = _Counting()
    memo = MemoisedEngine(inner)
    facts: dict[str, FactValue] = {"a": True, "b": "x"}
    assert memo.fired(facts) == memo.fired(dict(facts)) == frozenset({"a"})
    assert (inner.calls, memo.info().hits, memo.info().misses) == (1, 1, 1)
    assert memo.fired(facts, cached=False) == frozenset({"a"})
    assert inner.calls == 2  # uncached: the engine ran
    # Same names and values in another order: another key, the same answer.
    assert memo.fired({"b": "x", "a": True}) == frozenset({"a"})
    # A value that differs only in type: "true" is not True.
    assert memo.fired({"a": "true", "b": "x"}) == frozenset()


def test_a_call_that_raises_stores_nothing() -> None:
    inner = _Counting()
    memo = MemoisedEngine(inner)
    for _ in range(2):
        with pytest.raises(RuntimeError):
            memo.fired({"boom": True})
    assert (inner.calls, memo.info().entries) == (2, 0)


@pytest.mark.parametrize(("name", "cls"), [("durable", DurableEngine), ("python", PythonEngine)])
def test_uncached_gives_the_engine_itself(name: str, cls: type) -> None:
    memo = _memoised(name)
    assert isinstance(memo.engine, cls)
    assert engine_for(RULESET, name, cached=False) is memo.engine
    with uncached():
        assert engine_for(RULESET, name) is memo.engine
    assert engine_for(RULESET, name) is memo


def test_uncached_holds_in_its_own_thread_only() -> None:
    seen: list[object] = []
    with uncached():
        thread = threading.Thread(target=lambda: seen.append(engine_for(RULESET, "durable")))
        thread.start()
        thread.join()
    assert seen == [_memoised()]


def test_the_evidence_modules_run_the_engines_uncached() -> None:
    # tests/conftest.py runs these modules inside `uncached()`: a renamed module would
    # silently run the memo instead.
    here = Path(__file__).parent
    assert all((here / f"{name}.py").is_file() for name in UNCACHED_MODULES)
    with uncached():
        assert not isinstance(engine_for(RULESET, "durable"), MemoisedEngine)
        assert not isinstance(engine_for(RULESET, "python"), MemoisedEngine)


@settings(max_examples=3)
@given(applicants_=st.lists(applicants(), min_size=20, max_size=20))
def test_threads_deciding_at_once_get_the_engine_s_answers(applicants_: list[Applicant]) -> None:
    situations = [
        decide_in_detail(a, engine="python", ruleset=RULESET).situation for a in applicants_
    ]
    expected = [_memoised().fired(s.facts, cached=False) for s in situations if s]
    memo = MemoisedEngine(_memoised().engine, max_entries=7)  # clears while threads read
    results: list[list[frozenset[str]]] = []

    def run() -> None:
        results.append([memo.fired(s.facts) for s in situations if s for _ in range(3)][::3])

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4
