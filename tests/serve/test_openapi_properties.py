"""Property-based tests of the API from its own OpenAPI document (schemathesis with
hypothesis): for requests generated from the document, valid and invalid alike, the
running service never fails with a 5xx, answers only with the statuses and content
types the document lists, and its JSON bodies match the schemas it documents.

Bounded so that the whole tests/serve set stays under a minute on two cores;
ORIGIN_RULES_HYPOTHESIS_PROFILE=thorough (tests/conftest.py) runs ten times as many."""

from __future__ import annotations

import io
import os
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import CheckFunction
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)

from origin_rules.batch import read_jsonl
from origin_rules.serve import create_app

from .conftest import Service

THOROUGH = os.environ.get("ORIGIN_RULES_HYPOTHESIS_PROFILE") == "thorough"
EXAMPLES = 100 if THOROUGH else 8
COVERAGE = THOROUGH or os.environ.get("ORIGIN_RULES_SCHEMATHESIS_COVERAGE") == "1"


def _json_lines(ctx: Any, value: Any) -> bytes:
    # The batch's body is documented as a string of JSON Lines: sent as it is.
    text = value if isinstance(value, str) else str(value)
    return text.encode("utf-8", "surrogatepass")


schemathesis.serializer("application/x-ndjson")(_json_lines)


# The document as the application builds it; the running service serves the same
# (checked below), and the generated requests go to the running service.
# Schemathesis's coverage phase (boundary values of every parameter, methods the
# document does not declare) is not bounded by max_examples: thorough runs only.
DOCUMENT = create_app().openapi()
CONFIG = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": COVERAGE}}})
schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)


def test_the_service_serves_this_document(service: Service) -> None:
    assert httpx.get(service.url + "/openapi.json").json() == DOCUMENT


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not THOROUGH,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_document(case: schemathesis.Case[Any], service: Service) -> None:
    if case.operation.path == "/v1/explanations":
        # The counterfactual search takes its whole budget: keep it short here.
        case.query = {**(case.query or {}), "budget": 0.05}
    response = case.call(base_url=service.url, timeout=60)
    excluded: list[CheckFunction] = []
    if response.status_code == 406:
        # Asked for a report this installation cannot render: documented, and named.
        assert (case.query or {}).get("format") == "html"
        assert response.json()["error"]["kind"] == "format_unavailable"
        excluded.append(positive_data_acceptance)
    elif response.status_code == 422:
        # The library checks what a JSON Schema cannot say (a date before another, a
        # change of a field the policy does not have): schema-valid, yet refused, and
        # every problem named with its field path.
        error = response.json()["error"]
        assert error["kind"] == "invalid_facts"
        assert error["fields"] and all(f["path"] and f["message"] for f in error["fields"])
        excluded.append(positive_data_acceptance)
    if case.operation.path == "/v1/decisions:batch" and response.status_code == 200:
        # Any body is some lines: a "wrong type" body generated as negative data is sent
        # as text all the same, and each line that is not an applicant is answered in
        # its place, as the batch must (test_batch.py checks those lines).
        assert response.text.count("\n") == _records(response.request.body)
        excluded.append(negative_data_rejection)
    case.validate_response(response, excluded_checks=excluded)


def _records(sent: Any) -> int:
    """The records in the body sent, as the batch's own reader counts them."""
    data = sent if isinstance(sent, bytes) else (sent or "").encode("utf-8", "surrogatepass")
    return sum(1 for _ in read_jsonl(io.BytesIO(data)))
