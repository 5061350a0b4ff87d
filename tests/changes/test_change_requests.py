"""A malformed change request is an error naming each field and value; a well-formed one
is decided, rendered and stored without a full ID number anywhere but where it is the
field being corrected."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from origin_rules.changes import InvalidRequestError, decide_change, render_change
from origin_rules.errors import InvalidOptionError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "changes"
NUMBER = "44011320000101008X"
NEW_NUMBER = "110105199001011232"


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return data


def problems(data: Any) -> dict[str, Any]:
    with pytest.raises(InvalidRequestError) as caught:
        decide_change(data, engine="python")
    return {e.path: e.value for e in caught.value.errors}


def test_unknown_field_reason_and_evidence_are_named_with_their_values() -> None:
    data = example("name-change")
    data["corrections"] = [
        {"field": "nickname", "new": "x"},
        {"field": "name", "new": "张珊", "reason": "married", "evidence": ["letter"]},
    ]
    assert problems(data) == {
        "corrections.0.field": "nickname",
        "corrections.1.reason": "married",
        "corrections.1.evidence.0": "letter",
    }


def test_values_of_the_wrong_form_for_their_field_are_named() -> None:
    data = example("name-change")
    data["corrections"] = [
        {"field": "gender", "new": "M", "reason": "record_error"},
        {"field": "graduation_month", "new": "13", "reason": "record_error"},
    ]
    assert problems(data) == {"corrections.0.new": "M", "corrections.1.new": "13"}


def test_a_field_corrected_twice_is_an_error() -> None:
    data = example("name-change")
    data["corrections"] = [data["corrections"][0], data["corrections"][0]]
    assert "corrections.1.field" in problems(data)


def test_a_change_of_origin_without_the_facts_is_an_error() -> None:
    data = example("origin-parents-moved")
    del data["applicant_after"]
    assert "applicant_after" in problems(data)


def test_malformed_facts_of_a_change_of_origin_carry_their_path() -> None:
    data = example("origin-parents-moved")
    data["applicant_after"]["hukou"][1]["place"]["code"] = "4401"
    assert problems(data) == {"applicant_after.hukou.1.place.code": "4401"}


def test_missing_record_fields_and_unknown_keys_are_reported() -> None:
    data = example("name-change")
    del data["record"]["name"]
    data["verfied"] = True
    found = problems(data)
    assert "record.name" in found and "verfied" in found


def test_invalid_json_text_is_an_error_not_a_crash() -> None:
    assert "(root)" in problems('{"verified": tru')
    assert "(root)" in problems([1, 2])


def test_an_unknown_interpretation_is_refused() -> None:
    with pytest.raises(InvalidOptionError):
        decide_change(example("name-change"), interpretations={"missing_reason": "x"})


def _id_change() -> dict[str, Any]:
    data = example("name-change")
    data["corrections"] = [
        {
            "field": "id_number",
            "old": NUMBER,
            "new": NEW_NUMBER,
            "reason": "id_number_change",
            "evidence": ["police_change_notice_copy"],
        }
    ]
    return data


def test_no_id_number_in_full_in_a_decision_or_its_renderings() -> None:
    decision = decide_change(_id_change(), engine="python")
    shown = [decision.model_dump_json()] + [
        render_change(decision, lang=lang, format=fmt)
        for lang in ("zh", "en")
        for fmt in ("text", "md", "json")
    ]
    for text in shown:
        assert NUMBER[6:14] not in text
        assert NEW_NUMBER[6:14] not in text
    assert decision.fields[0].new == "110105********1232"


def test_an_id_number_in_an_input_error_is_masked() -> None:
    data = _id_change()
    data["record"]["id_number"] = 440113200001010
    data["corrections"][0]["new"] = 110105199001011232
    with pytest.raises(InvalidRequestError) as caught:
        decide_change(data, engine="python")
    text = str(caught.value)
    assert "20000101" not in text and "19900101" not in text


def test_the_decision_is_the_same_on_both_engines() -> None:
    data = example("origin-parents-moved")
    python = decide_change(data, engine="python").model_dump()
    durable = decide_change(data, engine="durable").model_dump()
    for d in (python, durable):
        for f in d["fields"]:
            f["redecision"]["before"].pop("engine")
            f["redecision"]["after"].pop("engine")
    assert python == durable


def test_a_request_is_not_changed_by_deciding_it() -> None:
    data = example("origin-parents-moved")
    kept = copy.deepcopy(data)
    decide_change(data, engine="python")
    assert data == kept


def test_a_reason_the_re_decision_does_not_show_is_flagged_in_every_rendering() -> None:
    data = example("origin-parents-moved")
    data["corrections"][0]["reason"] = "exam_migration"
    decision = decide_change(data, engine="durable")
    assert decision.result == "accepted"
    [flag] = decision.fields[0].flags
    assert (flag.id, flag.clause.id) == ("reason_disagrees", "change.after_verification")
    assert "异地考学" in flag.text.zh and "升学后父母户籍变动" in flag.text.zh
    assert "family_move_after_enrollment" in flag.text.en
    assert f"请核实：{flag.text.zh}" in render_change(decision)
    assert f"To check: {flag.text.en}" in render_change(decision, lang="en")
    assert "**请核实**" in render_change(decision, format="md")
    assert json.loads(render_change(decision, format="json"))["fields"][0]["flags"][0]["id"] == (
        "reason_disagrees"
    )
    [use] = [i for i in decision.interpretations if i.id == "reason_mismatch"]
    assert use.reading == "warn" and use.is_default


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_english_rendering_names_the_degree_in_english(fmt: str) -> None:
    decision = decide_change(example("name-change"))  # a master's student
    first_lines = render_change(decision, lang="en", format=fmt).splitlines()[:4]
    student = next(line for line in first_lines if "Student" in line)
    assert "master" in student and "硕士" not in student
    assert "硕士" in render_change(decision, lang="zh", format=fmt)
