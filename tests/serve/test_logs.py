"""Nothing unmasked in any log line: the server's log shows each request as
`METHOD PATH STATUS` only, masked; the decision log holds hashes, never the facts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx

from origin_rules import decide_origin

from .conftest import Service

ROOT = Path(__file__).resolve().parents[2]
NUMBER = "44011320000101008X"  # made up, as in test_personal_data
OTHER = "110101199003074514"


def _applicant(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (ROOT / "examples" / "bachelor-panyu.json").read_text("utf-8")
    )
    return {**data, **extra}


def test_no_log_line_holds_an_id_number(service: Service, client: httpx.Client) -> None:
    valid = _applicant(
        applicant_id=OTHER,
        identity_document={"kind": "mainland_resident_id", "number": NUMBER},
    )
    assert client.post("/v1/decisions", json=valid).status_code == 200
    assert client.post("/v1/verdicts", json=valid).status_code == 200
    body = (json.dumps(valid) + "\n" + json.dumps({"identity_document": NUMBER}) + "\n").encode()
    assert client.post("/v1/decisions:batch", content=body).status_code == 200
    wrong = _applicant(identity_document={"number": NUMBER})
    assert client.post("/v1/decisions", json=wrong).status_code == 422
    assert client.post("/v1/decisions", content=f'{{"id": {NUMBER}'.encode()).status_code == 400
    assert client.get(f"/v1/rulesets/{NUMBER}", params={"q": NUMBER}).status_code == 404
    r = client.post("/v1/decisions", params={"interpretation": f"{NUMBER}={OTHER}"}, json=valid)
    assert r.status_code == 400 and NUMBER[6:14] not in r.text
    r = client.post(f"/v1/{OTHER}", json=valid)
    assert r.status_code == 404 and OTHER[6:14] not in r.text

    text = service.log_text()
    for number in (NUMBER, OTHER):
        assert number[6:14] not in text
        assert number[6:14].lower() not in text.lower()
    access = [line for line in text.splitlines() if "uvicorn.access" in line]
    assert access, "no access line was logged"
    for line in access:
        assert re.search(r"uvicorn\.access: (GET|POST) /\S* \d{3}$", line), line
        assert "?" not in line and "127.0.0.1" not in line


def test_the_decision_log_has_one_line_per_decision(service: Service, client: httpx.Client) -> None:
    before = len(service.decision_log.read_text("utf-8").splitlines())
    applicant = _applicant(applicant_id="decision-log-check")
    assert client.post("/v1/decisions", json=applicant).status_code == 200
    body = (json.dumps(applicant) + "\n{broken\n" + json.dumps(applicant) + "\n").encode()
    assert client.post("/v1/decisions:batch", content=body).status_code == 200
    lines = service.decision_log.read_text("utf-8").splitlines()[before:]
    entries = [json.loads(line) for line in lines]
    assert [e["endpoint"] for e in entries] == ["decisions", "decisions:batch", "decisions:batch"]
    decision = decide_origin(applicant)
    assert decision.ruleset is not None
    for entry in entries:
        assert entry["input_hash"] == decision.input_hash
        assert entry["ruleset"] == decision.ruleset.model_dump(mode="json")
        assert entry["outcome"] == decision.outcome.value
        assert entry["decided_by"] == decision.decided_by
        assert entry["library_version"]
        assert entry["time"].endswith("+00:00")
        assert "decision-log-check" not in json.dumps(entry)
