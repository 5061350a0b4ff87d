"""Each kind of bad input gets a clear JSON error naming what is wrong, with the status
an HTTP client expects: 400 a body that is not JSON or a bad option, 404 an unknown
ruleset, 413 a body over the limit, 422 malformed facts with each field's path."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from origin_rules import InvalidFactsError, decide_origin
from origin_rules.ruleset.bundled import bundled_readings
from origin_rules.serve.limits import MAX_BODY_BYTES

from .conftest import BATCH_LIMIT_MB

ROOT = Path(__file__).resolve().parents[2]
PANYU: dict[str, Any] = json.loads((ROOT / "examples" / "bachelor-panyu.json").read_text("utf-8"))


def _error(r: httpx.Response, status: int, kind: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    error: dict[str, Any] = r.json()["error"]
    assert error["kind"] == kind
    return error


@pytest.mark.parametrize(
    "endpoint",
    ["/v1/decisions", "/v1/verdicts", "/v1/explanations", "/v1/changes", "/v1/diagnoses"],
)
def test_malformed_json_is_400_with_line_and_column(client: httpx.Client, endpoint: str) -> None:
    error = _error(client.post(endpoint, content=b'{\n  "cohort": ,\n}'), 400, "invalid_json")
    assert (error["line"], error["column"]) == (2, 13)


def test_a_body_that_is_not_utf8_is_400(client: httpx.Client) -> None:
    _error(client.post("/v1/decisions", content=b'{"applicant_id": "\xff"}'), 400, "invalid_json")


def test_a_wrong_field_is_422_with_the_library_s_field_list(client: httpx.Client) -> None:
    data = {**PANYU, "degree": "bachelorx", "enrollment": "2018-13-01"}
    error = _error(client.post("/v1/decisions", json=data), 422, "invalid_facts")
    with pytest.raises(InvalidFactsError) as caught:
        decide_origin(data)
    assert [(f["path"], f["message"]) for f in error["fields"]] == [
        (e.path, e.message) for e in caught.value.errors
    ]
    assert {f["path"] for f in error["fields"]} == {"degree", "enrollment"}
    assert {f["value"] for f in error["fields"]} == {"bachelorx", "2018-13-01"}


def test_a_json_array_is_422_not_a_crash(client: httpx.Client) -> None:
    error = _error(client.post("/v1/verdicts", json=[PANYU]), 422, "invalid_facts")
    assert error["fields"][0]["path"] == "(root)"


def test_an_id_number_in_a_wrong_field_is_masked_in_the_error(client: httpx.Client) -> None:
    number = "44011320000101008X"
    data = {**PANYU, "identity_document": {"number": number}}  # no kind
    r = client.post("/v1/decisions", json=data)
    _error(r, 422, "invalid_facts")
    assert number[6:14] not in r.text


@pytest.mark.parametrize(
    ("interpretation", "named"),
    [
        ("no_such_point=x", "no_such_point"),
        ("workplace_precision=nowhere", "nowhere"),
        ("workplace_precision", "ID=READING"),
    ],
)
def test_an_unknown_interpretation_or_reading_is_400(
    client: httpx.Client, interpretation: str, named: str
) -> None:
    r = client.post("/v1/decisions", params={"interpretation": interpretation}, json=PANYU)
    assert named in _error(r, 400, "invalid_option")["message"]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"engine": "drools"}, "query.engine"),
        ({"decision_date": "2022-02-30"}, "query.decision_date"),
        ({"format": "pdf"}, "query.format"),
        ({"lang": "fr"}, "query.lang"),
    ],
)
def test_a_bad_option_is_400_naming_the_parameter(
    client: httpx.Client, params: dict[str, str], named: str
) -> None:
    error = _error(client.post("/v1/decisions", params=params, json=PANYU), 400, "invalid_option")
    assert [f["path"] for f in error["fields"]] == [named]


@pytest.mark.parametrize("day", ["1800-01-01", "2022-6-30", "0"])
def test_a_decision_date_out_of_range_or_not_a_day_is_400(client: httpx.Client, day: str) -> None:
    r = client.post("/v1/decisions", params={"decision_date": day}, json=PANYU)
    error = _error(r, 400, "invalid_option")
    assert [(f["path"], f["value"]) for f in error["fields"]] == [("query.decision_date", day)]


def test_an_unknown_ruleset_is_404_by_path_and_400_as_an_option(client: httpx.Client) -> None:
    error = _error(client.get("/v1/rulesets/guide-1999"), 404, "not_found")
    assert "guide-2022" in error["message"]
    r = client.post("/v1/decisions", params={"ruleset": "guide-1999"}, json=PANYU)
    assert "guide-1999" in _error(r, 400, "invalid_option")["message"]
    _error(client.get("/v1/nothing-here"), 404, "not_found")


def test_an_unknown_change_policy_reading_is_400(client: httpx.Client) -> None:
    r = client.post("/v1/changes", params={"interpretation": "missing_reason=guess"}, json={})
    assert "guess" in _error(r, 400, "invalid_option")["message"]


def test_a_malformed_change_request_is_422_with_paths(client: httpx.Client) -> None:
    error = _error(client.post("/v1/changes", json={"verified": "perhaps"}), 422, "invalid_facts")
    assert error["fields"] and all(f["path"] for f in error["fields"])


def test_a_body_over_the_limit_is_413_before_it_is_decided(client: httpx.Client) -> None:
    big = {**PANYU, "applicant_id": "x" * MAX_BODY_BYTES}
    error = _error(client.post("/v1/decisions", json=big), 413, "body_too_large")
    assert f"{MAX_BODY_BYTES:,}" in error["message"]


def test_a_chunked_body_over_the_limit_is_413(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while read
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b" " * 65536

    r = client.post("/v1/verdicts", content=chunks())
    _error(r, 413, "body_too_large")


def test_a_batch_over_its_limit_is_413(client: httpx.Client) -> None:
    line = json.dumps(PANYU).encode() + b"\n"
    body = line * (BATCH_LIMIT_MB * 1024 * 1024 // len(line) + 1)
    _error(client.post("/v1/decisions:batch", content=body), 413, "body_too_large")


def test_a_wrong_method_is_405_as_json_naming_the_allowed_one(client: httpx.Client) -> None:
    r = client.get("/v1/decisions")
    _error(r, 405, "method_not_allowed")
    assert r.headers["allow"] == "POST"


def test_an_unknown_interpretation_s_error_lists_every_known_one(client: httpx.Client) -> None:
    r = client.post("/v1/verdicts", params={"interpretation": "no_such_point=x"}, json=PANYU)
    message = _error(r, 400, "invalid_option")["message"]
    for known in bundled_readings():
        assert known in message
