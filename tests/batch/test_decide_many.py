"""`decide_many`: one result per input, in order, whatever the input holds."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from origin_rules import Decision, InvalidOptionError, Verdict, decide_origin, decide_verdict
from origin_rules.batch import RecordError, decide_many, read_jsonl
from origin_rules.testing import applicants as applicant_strategy
from origin_rules.testing import malformed_applicants


def _dump(result: Decision | RecordError) -> str:
    return result.model_dump_json()


def test_each_result_is_the_decision_of_the_item_at_its_position(
    applicants: list[dict[str, Any]],
) -> None:
    results = list(decide_many(applicants, engine="python", chunk_size=7))
    assert len(results) == len(applicants)
    for data, result in zip(applicants, results, strict=True):
        assert isinstance(result, Decision)
        assert result == decide_origin(data, engine="python")


def test_malformed_items_keep_their_place_as_errors(
    applicants: list[dict[str, Any]], bad_json: str, bad_facts: dict[str, Any]
) -> None:
    items: list[Any] = [applicants[0], bad_json, bad_facts, json.dumps(applicants[1]), [1, 2]]
    results = list(decide_many(items, engine="python"))
    assert [type(r).__name__ for r in results] == [
        "Decision",
        "RecordError",
        "RecordError",
        "Decision",
        "RecordError",
    ]
    not_json, wrong, not_object = results[1], results[2], results[4]
    assert isinstance(not_json, RecordError) and not_json.kind == "invalid_json"
    assert not_json.position == 1 and not_json.line is None
    assert isinstance(wrong, RecordError) and wrong.kind == "invalid_facts"
    assert wrong.position == 2
    assert [(f.path, f.value) for f in wrong.fields] == [("degree", "bachelorx")]
    assert isinstance(not_object, RecordError) and not_object.kind == "invalid_facts"


@settings(max_examples=15)
@given(
    st.lists(
        st.one_of(
            applicant_strategy().map(lambda a: ("ok", a.model_dump(mode="json"))),
            malformed_applicants().map(lambda pair: ("bad", pair)),
        ),
        max_size=12,
    )
)
def test_malformed_field_paths_are_named_in_place(
    items: list[tuple[str, Any]],
) -> None:
    inputs = [data if kind == "ok" else data[0] for kind, data in items]
    results = list(decide_many(inputs, engine="python", chunk_size=5))
    assert len(results) == len(items)
    for position, ((kind, data), result) in enumerate(zip(items, results, strict=True)):
        if kind == "ok":
            assert result == decide_origin(data, engine="python")
        else:
            assert isinstance(result, RecordError) and result.position == position
            assert data[1] in {f.path for f in result.fields}


def test_two_workers_give_the_results_of_one(
    applicants: list[dict[str, Any]], bad_json: str, bad_facts: dict[str, Any]
) -> None:
    items: list[Any] = [*applicants, bad_json, bad_facts, *applicants[:5]]
    one = [_dump(r) for r in decide_many(items, engine="python")]
    two = [_dump(r) for r in decide_many(items, engine="python", workers=2, chunk_size=3)]
    assert two == one


def test_input_is_read_lazily_chunk_by_chunk(applicants: list[dict[str, Any]]) -> None:
    taken: list[int] = []

    def source() -> Any:
        for i in range(10_000):
            taken.append(i)
            yield applicants[i % len(applicants)]

    results = decide_many(source(), engine="python", chunk_size=10)
    first = [next(results) for _ in range(3)]
    assert len(first) == 3
    assert len(taken) <= 20  # one chunk read (and the check for the next), not the input


def test_options_are_checked_before_anything_is_read() -> None:
    def never() -> Any:
        raise AssertionError("the input was read")
        yield  # pragma: no cover

    with pytest.raises(InvalidOptionError, match="workplace_precision"):
        decide_many(never(), interpretations={"workplace_precision": "nonsense"})
    with pytest.raises(InvalidOptionError, match="engine"):
        decide_many(never(), engine="drools")
    with pytest.raises(InvalidOptionError, match="workers"):
        decide_many(never(), workers=0)


def test_chosen_readings_reach_every_decision(applicants: list[dict[str, Any]]) -> None:
    chosen = {"workplace_precision": "prefecture_accepted"}
    results = list(decide_many(applicants, engine="python", interpretations=chosen))
    for data, result in zip(applicants, results, strict=True):
        assert result == decide_origin(data, engine="python", interpretations=chosen)


def test_jsonl_line_numbers_count_blank_lines_that_are_not_records(
    applicants: list[dict[str, Any]], bad_json: str
) -> None:
    text = "\n".join(
        [json.dumps(applicants[0]), "", "   ", bad_json, json.dumps(applicants[1]), ""]
    )
    records = list(read_jsonl(io.BytesIO(text.encode("utf-8"))))
    assert [r.line for r in records] == [1, 4, 5]
    results = list(decide_many(records, engine="python"))
    assert isinstance(results[1], RecordError)
    assert (results[1].position, results[1].line) == (1, 4)


def test_bytes_that_are_not_utf8_are_an_unreadable_record() -> None:
    (result,) = decide_many([b'{"cohort": "\xff"}'], engine="python")
    assert isinstance(result, RecordError) and result.kind == "unreadable"
    assert "not UTF-8" in result.message


def test_a_line_that_is_not_utf8_is_an_unreadable_record(
    applicants: list[dict[str, Any]],
) -> None:
    data = json.dumps(applicants[0]).encode("utf-8") + b"\n\xff\xfe{}\n"
    results = list(decide_many(read_jsonl(io.BytesIO(data)), engine="python"))
    assert isinstance(results[0], Decision)
    assert isinstance(results[1], RecordError) and results[1].kind == "unreadable"
    assert results[1].line == 2


@pytest.mark.parametrize("workers", [1, 2])
def test_verdict_only_gives_each_records_verdict_in_order(
    applicants: list[dict[str, Any]], bad_json: str, workers: int
) -> None:
    items: list[Any] = [*applicants[:3], bad_json, *applicants[3:]]
    results = list(
        decide_many(items, engine="python", verdict_only=True, workers=workers, chunk_size=2)
    )
    assert len(results) == len(items)
    assert isinstance(results[3], RecordError) and results[3].position == 3
    for data, result in zip(items, results, strict=True):
        if data is bad_json:
            continue
        assert isinstance(result, Verdict)
        assert result == decide_verdict(data, engine="python")
