"""Input built to crash, stall or leak (issue 13): every one is an `InvalidFactsError`
naming its field, or an `InvalidOptionError` naming the option, fast, and no error text
shows an identity document number. The structure-aware fuzz test is in
tests/test_fuzz_input.py; the batch of every malformed kind in tests/batch/."""

from __future__ import annotations

import json
import time
from datetime import date, datetime
from typing import Any

import pytest
from applicants import bachelor_panyu
from cli_helpers import run_cli

from origin_rules import InvalidFactsError, InvalidOptionError, decide_origin, parse_applicant
from origin_rules.divisions.registry import DivisionRegistry
from origin_rules.errors import FactError
from origin_rules.input_limits import MAX_HUKOU_RECORDS, MAX_NAME_LENGTH
from origin_rules.masking import excerpt, mask_text, quote

NUMBER = "44011320000101008X"  # made up
MIDDLE = NUMBER[6:14]


def valid() -> dict[str, Any]:
    return bachelor_panyu("hostile-1", start="2000-03-15")


def nested(levels: int) -> Any:
    value: Any = 0
    for _ in range(levels):
        value = [value]
    return value


def errors_of(data: Any) -> InvalidFactsError:
    started = time.perf_counter()
    with pytest.raises(InvalidFactsError) as caught:
        decide_origin(data, engine="python")
    assert time.perf_counter() - started < 2
    return caught.value


def shown(exc: InvalidFactsError) -> str:
    """Every text an error offers a log: str, repr, and each error's fields."""
    values = json.dumps([vars(e) for e in exc.errors], ensure_ascii=False, default=str)
    return "\n".join([str(exc), repr(exc), repr(exc.errors), values])


# --- deep nesting ----------------------------------------------------------------------


@pytest.mark.parametrize("levels", [20, 496, 100_000])
def test_an_unknown_key_holding_deeply_nested_lists_is_an_error_at_its_path(levels: int) -> None:
    exc = errors_of({**valid(), "x": nested(levels)})
    [error] = exc.errors
    assert error.path.startswith("x.0.0")
    assert "nested deeper than" in error.message
    assert len(str(exc)) < 500


@pytest.mark.parametrize("levels", [496, 100_000])
def test_deeply_nested_json_text_is_an_error_at_the_root(levels: int) -> None:
    text = json.dumps(valid())[:-1] + ', "x": ' + "[" * levels + "]" * levels + "}"
    exc = errors_of(text)
    assert [e.path for e in exc.errors] == ["(root)"]
    assert len(str(exc)) < 500


def test_a_mapping_that_contains_itself_is_an_error_not_a_hang() -> None:
    data: dict[str, Any] = valid()
    loop: list[Any] = []
    loop.append(loop)
    data["x"] = loop
    exc = errors_of(data)
    assert exc.errors[0].path.startswith("x.0")


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "change"),
    [
        ("gaokao.date", lambda d: d["gaokao"].update(date="0001-01-01")),
        ("hukou.0.start", lambda d: d["hukou"][0].update(start="0001-01-01")),
        ("hukou.0.end", lambda d: d["hukou"][0].update(end="9999-12-31")),
        ("enrollment", lambda d: d.update(enrollment="1899-12-31")),
        ("decision_date", lambda d: d.update(decision_date="2101-01-01")),
        (
            "work_before_enrollment.0.end",
            lambda d: d.update(
                work_before_enrollment=[
                    {"place": {"code": "440113"}, "start": "2015-01-01", "end": "0001-01-01"}
                ]
            ),
        ),
    ],
)
def test_a_date_outside_the_plausible_range_is_a_field_error_naming_the_range(
    path: str, change: Any
) -> None:
    data = valid()
    change(data)
    [error] = errors_of(data).errors
    assert error.path == path
    assert "between 1900-01-01 and 2100-12-31" in error.message


@pytest.mark.parametrize("engine", ["python", "durable"])
def test_the_first_and_last_plausible_days_are_decided(engine: str) -> None:
    data = valid()
    data["hukou"][0]["start"] = "1900-01-01"
    data["decision_date"] = "2100-12-31"
    data["hukou"].append({**data["hukou"][0], "start": "2100-12-31", "holder": "student"})
    assert decide_origin(data, engine=engine).outcome is not None


# --- identity numbers in errors --------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(identity_document=NUMBER),
        lambda d: d.update(identity_document=[NUMBER]),
        lambda d: d.update(identity_document={"kind": "mainland_resident_id", "nr": NUMBER}),
        lambda d: d.update(identity_document={"kind": "passport", "number": NUMBER}),
        lambda d: d.update({NUMBER: 1}),
        lambda d: d.update(applicant_id=[NUMBER]),
        lambda d: d.update(identity_document={"kind": "mainland_resident_id", "number": 4401132}),
        lambda d: d["hukou"][0]["place"].update(code=NUMBER),
        lambda d: d.update(identity_document={"number": "４４０１１３２０００１０１００８Ｘ"}),
    ],
)
def test_no_error_shows_a_document_number_wherever_it_was_put(change: Any) -> None:
    data = valid()
    change(data)
    text = shown(errors_of(data))
    assert MIDDLE not in text
    assert "２０００１０１" not in text


def test_invalid_json_text_is_quoted_as_a_short_masked_excerpt() -> None:
    text = '{"identity_document": {"number": "' + NUMBER + '"}' + " " * 10_000
    exc = errors_of(text)
    assert MIDDLE not in shown(exc)
    assert len(str(exc)) < 400


def test_the_command_line_never_shows_the_number_on_stderr_or_stdout(tmp_path: Any) -> None:
    lines = [
        json.dumps({**valid(), "identity_document": NUMBER}),
        '{"identity_document": {"number": "' + NUMBER + '"}',
        json.dumps({**valid(), NUMBER: 1}),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for args in (["--jsonl", str(path)], ["--batch", str(path)]):
        result = run_cli("decide", *args, "--engine", "python")
        assert result.returncode == 2, result.stderr
        assert MIDDLE not in result.stdout + result.stderr
        assert len(result.stdout.splitlines()) == 3


def test_masking_keeps_dates_codes_and_words_and_masks_number_shapes() -> None:
    assert mask_text("2018-06-07 440113 4401130 hukou.0.place") == (
        "2018-06-07 440113 4401130 hukou.0.place"
    )
    assert mask_text(f"got {NUMBER}!") == "got 440113********008X!"
    assert mask_text("A123456(3) and A123456") == "A1******3) and A*****6"
    assert MIDDLE not in excerpt("x" * 55 + NUMBER + "y" * 100)


def test_quoting_is_bounded_and_quoting_twice_changes_nothing() -> None:
    value = {"a": ["x" * 100_000] * 10_000, "b": nested(50), NUMBER: NUMBER}
    once = quote(value)
    assert len(json.dumps(once, ensure_ascii=False)) < 1_000
    assert quote(once) == once
    error = FactError("a", "m", value)
    assert FactError(error.path, error.message, error.value) == error


# --- bounds ------------------------------------------------------------------------------


def test_more_records_than_a_graduate_can_have_is_one_error_at_the_list() -> None:
    data = valid()
    data["hukou"] = data["hukou"] * 10_000
    [error] = errors_of(data).errors
    assert error.path == "hukou"
    data["hukou"] = data["hukou"][: MAX_HUKOU_RECORDS + 1]
    [error] = errors_of(data).errors
    assert (error.path, error.message) == (
        "hukou",
        f"Tuple should have at most {MAX_HUKOU_RECORDS} items after validation, not 51",
    )


@pytest.mark.parametrize("length", [MAX_NAME_LENGTH + 1, 100_000])
def test_a_place_name_longer_than_any_real_one_is_an_error_at_its_path(length: int) -> None:
    data = valid()
    data["hukou"][0]["place"]["name"] = "番" * length
    [error] = errors_of(data).errors
    assert error.path == "hukou.0.place.name"
    assert len(str(error)) < 300


@pytest.mark.parametrize("engine", ["python", "durable"])
def test_fifty_identical_open_family_records_are_decided_with_one_overlap_reason(
    engine: str,
) -> None:
    data = valid()
    data["hukou"] = data["hukou"] * MAX_HUKOU_RECORDS
    started = time.perf_counter()
    decision = decide_origin(data, engine=engine)
    assert time.perf_counter() - started < 2
    assert [r.code for r in decision.reasons].count("overlapping_family_records") == 1


def test_many_errors_in_one_applicant_are_listed_up_to_a_bound() -> None:
    data = valid()
    data["hukou"] = [{"holder": "x"}] * MAX_HUKOU_RECORDS
    exc = errors_of(data)
    assert len(exc.errors) <= 51
    assert exc.errors[-1].message.startswith("and more problems")


def test_the_name_cache_does_not_keep_long_names() -> None:
    registry = DivisionRegistry()
    for i in range(200):
        registry.name_matches("440113", f"{i}" + "番" * 5_000, date(2020, 1, 1))
    assert registry.name_matches("440113", "番禺区", date(2020, 1, 1)) is True
    assert all(len(name) <= 64 for _, name, _ in registry._ready().names._fits)


# --- call options and byte input -------------------------------------------------------


def test_json_bytes_and_text_with_a_byte_order_mark_are_decided() -> None:
    text = json.dumps(valid(), ensure_ascii=False)
    for given in ("\ufeff" + text, b"\xef\xbb\xbf" + text.encode()):
        assert decide_origin(given, engine="python").applicant_id == "hostile-1"


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("decision_date", "2020-01-01"),
        ("decision_date", datetime(2020, 1, 1)),
        ("decision_date", date(1, 1, 1)),
        ("interpretations", [("workplace_precision", "prefecture_accepted")]),
        ("interpretations", {"workplace_precision": 1}),
        ("ruleset", 5),
        ("engine", ["python"]),
    ],
)
def test_an_option_of_the_wrong_type_or_range_is_an_error_naming_it(
    option: str, value: Any
) -> None:
    with pytest.raises(InvalidOptionError, match=f"^{option}: "):
        decide_origin(valid(), **{option: value})


def test_parse_applicant_refuses_what_decide_refuses() -> None:
    with pytest.raises(InvalidFactsError):
        parse_applicant({**valid(), "x": nested(1_000)})
