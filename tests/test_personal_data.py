"""A mainland ID number is never shown in full: not in any field of a decision, not in
its rendered text, not in an input error."""

from __future__ import annotations

import json

import pytest

from origin_rules import InvalidFactsError, decide_origin
from origin_rules.render_text import render_text

NUMBER = "44011320000101008X"  # made up; its check character is computed
MIDDLE = NUMBER[6:14]


def applicant(number: object = NUMBER) -> dict[str, object]:
    return {
        "cohort": {"year": 2022, "month": 6},
        "degree": "bachelor",
        "category": "mainland",
        "hukou": [
            {
                "holder": "family",
                "kind": "family_household",
                "place": {"code": "440113"},
                "start": "2000-03-15",
            }
        ],
        "gaokao": {"date": "2018-06-07", "province": "440000"},
        "enrollment": "2018-09-01",
        "identity_document": {"kind": "mainland_resident_id", "number": number},
    }


@pytest.mark.parametrize("number", [NUMBER, NUMBER.lower(), NUMBER[:-1] + "1", NUMBER + "9"])
@pytest.mark.parametrize("engine", ["python", "durable"])
def test_no_decision_field_or_rendering_holds_the_middle_of_the_number(
    number: str, engine: str
) -> None:
    decision = decide_origin(applicant(number), engine=engine)
    shown = [decision.model_dump_json(), render_text(decision, "zh"), render_text(decision, "en")]
    for text in shown:
        assert MIDDLE not in text
        assert number[6:14] not in text


def test_an_input_error_next_to_the_number_masks_it() -> None:
    data = applicant()
    data["identity_document"] = {"number": NUMBER}  # no kind: the error quotes the object
    with pytest.raises(InvalidFactsError) as caught:
        decide_origin(data, engine="python")
    assert MIDDLE not in str(caught.value)
    assert MIDDLE not in json.dumps([e.value for e in caught.value.errors], ensure_ascii=False)


def test_a_number_of_the_wrong_type_is_masked_in_the_error() -> None:
    with pytest.raises(InvalidFactsError) as caught:
        decide_origin(applicant(int(NUMBER[:-1])), engine="python")
    assert MIDDLE not in str(caught.value)
