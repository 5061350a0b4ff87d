"""`POST /v1/decisions:batch`: JSON Lines in, one line out per input record, in order;
a record that cannot be decided gets an error line in its place, naming its line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from origin_rules import decide_origin, decide_verdict
from origin_rules.cli import examples_folder

EXAMPLES = sorted(examples_folder().glob("*.json"))


def _applicants() -> list[dict[str, Any]]:
    return [json.loads(p.read_text("utf-8")) for p in EXAMPLES]


def _lines(r: httpx.Response) -> list[dict[str, Any]]:
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/x-ndjson"
    assert r.text.endswith("\n")
    return [json.loads(line) for line in r.text.splitlines()]


def test_one_line_per_record_in_order_with_errors_in_place(client: httpx.Client) -> None:
    good = _applicants()
    mixed: list[str] = []
    expected: list[Any] = []
    for i, applicant in enumerate(good * 3):  # more records than one streamed group
        applicant = {**applicant, "applicant_id": f"a{i}"}
        mixed.append(json.dumps(applicant, ensure_ascii=False))
        expected.append(decide_origin(applicant).model_dump(mode="json"))
        if i % 7 == 3:
            mixed.append('{"applicant_id": "broken", "cohort": ')  # not JSON
            expected.append(("invalid_json", None))
        if i % 11 == 5:
            mixed.append(json.dumps({**applicant, "degree": "bachelorx"}))
            expected.append(("invalid_facts", "degree"))
        if i % 13 == 0:
            mixed.append("")  # a blank line is not a record: no output line
    body = "\n".join(mixed) + "\n"
    out = _lines(client.post("/v1/decisions:batch", content=body.encode()))
    assert len(out) == len(expected)
    lines = [n for n, text in enumerate(mixed, start=1) if text.strip()]
    for position, (got, want) in enumerate(zip(out, expected, strict=True)):
        if isinstance(want, tuple):
            kind, path = want
            assert got["error"]["kind"] == kind
            assert (got["line"], got["position"]) == (lines[position], position)
            if path is not None:
                assert [f["path"] for f in got["error"]["fields"]] == [path]
        else:
            assert got == want


def test_an_empty_batch_is_an_empty_answer(client: httpx.Client) -> None:
    r = client.post("/v1/decisions:batch", content=b"\n\n")
    assert r.status_code == 200 and r.text == ""


def test_verdicts_only_and_options(client: httpx.Client) -> None:
    applicants = _applicants()
    body = "\n".join(json.dumps(a) for a in applicants) + "\n"
    params = {"verdict_only": "true", "engine": "python", "decision_date": "2022-06-30"}
    out = _lines(client.post("/v1/decisions:batch", params=params, content=body.encode()))
    from datetime import date

    assert out == [
        decide_verdict(a, engine="python", decision_date=date(2022, 6, 30)).model_dump(mode="json")
        for a in applicants
    ]


def test_a_line_that_is_not_utf8_is_an_error_line(client: httpx.Client) -> None:
    good = Path(EXAMPLES[0]).read_text("utf-8").replace("\n", "")
    body = good.encode() + b"\n" + b'{"applicant_id": "\xff"}\n' + good.encode() + b"\n"
    out = _lines(client.post("/v1/decisions:batch", content=body))
    assert [o.get("error", {}).get("kind") for o in out] == [None, "unreadable", None]


def test_an_unknown_interpretation_refuses_the_batch(client: httpx.Client) -> None:
    r = client.post("/v1/decisions:batch", params={"interpretation": "nope=x"}, content=b"{}\n")
    assert r.status_code == 400
    assert r.json()["error"]["kind"] == "invalid_option"
