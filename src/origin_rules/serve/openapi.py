"""The OpenAPI document (`/openapi.json`): FastAPI's, with the bodies the routes read
themselves described by the library's own models, and the errors as errors.py answers
them.

The routes read their bodies raw, so that the library, not FastAPI, checks the facts and
names every problem as `InvalidFactsError` does; the document still says what a body
must be (the `Applicant`, `ChangeRequest` or `WorkflowState` JSON Schema) and what a
success returns (`Decision`, `Verdict`, `Explanation`, `ChangeDecision`, `Diagnosis`).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

import origin_rules
from origin_rules.changes import ChangeDecision, ChangeRequest, bundled_changes_policy
from origin_rules.decision import Decision
from origin_rules.explain.model import Explanation
from origin_rules.facts import Applicant
from origin_rules.ruleset.bundled import bundled_readings, bundled_rulesets
from origin_rules.verdict import Verdict
from origin_rules.workflow.diagnosis import Diagnosis
from origin_rules.workflow.load import bundled_workflow
from origin_rules.workflow.state import WorkflowState

REF = "#/components/schemas/{model}"
BATCH_MEDIA_TYPE = "application/x-ndjson"

# path: (the body's model, the success's model, whether `format` may ask for text)
BODIES: dict[str, tuple[type[BaseModel], type[BaseModel], bool]] = {
    "/v1/decisions": (Applicant, Decision, True),
    "/v1/verdicts": (Applicant, Verdict, False),
    "/v1/explanations": (Applicant, Explanation, True),
    "/v1/changes": (ChangeRequest, ChangeDecision, True),
    "/v1/diagnoses": (WorkflowState, Diagnosis, True),
}

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["kind", "message"],
            "properties": {
                "kind": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["path", "message"],
                        "properties": {
                            "path": {"type": "string"},
                            "message": {"type": "string"},
                            "value": {},
                        },
                    },
                },
                "line": {"type": "integer"},
                "column": {"type": "integer"},
            },
        }
    },
}

DESCRIPTION = """\
Decide graduates' places of origin (生源地) under the bundled policy, explain the
decisions clause by clause, decide change requests and diagnose the verification
workflow. Errors are JSON: `{"error": {"kind", "message", "fields"?}}`; 400 a bad query
option or a body that is not JSON, 413 a body over the limit, 422 malformed facts with
each problem's field path (ID numbers masked). docs/service.md has examples.
"""


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": REF.format(model="Error")}}},
    }


ERRORS = {
    "400": _error("a bad query option, or a body that is not JSON"),
    "413": _error("the body is larger than the service takes"),
    "422": _error("the body's facts are malformed: each problem with its field path"),
}


def build_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is not None:
        return app.openapi_schema
    doc = get_openapi(
        title="origin-rules",
        version=origin_rules.__version__,
        description=DESCRIPTION,
        routes=app.routes,
    )
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    wanted: list[tuple[type[BaseModel], JsonSchemaMode]] = []
    for body, result, _ in BODIES.values():
        wanted += [(body, "validation"), (result, "serialization")]
    refs, defs = models_json_schema(list(dict.fromkeys(wanted)), ref_template=REF)
    schemas.update(defs.get("$defs", {}))
    schemas["Error"] = ERROR_SCHEMA
    for path, methods in doc["paths"].items():
        for operation in methods.values():
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            if operation.get("parameters"):
                responses["400"] = ERRORS["400"]
            if path == "/v1/rulesets/{ruleset_id}":
                responses["404"] = _error("no bundled ruleset has this id")
        if path in BODIES:
            body, result, formats = BODIES[path]
            _describe_body(
                methods["post"],
                refs[(body, "validation")],
                refs[(result, "serialization")],
                formats,
            )
        if path == "/v1/decisions:batch":
            _describe_batch(methods["post"])
        for operation in methods.values():
            _list_choices(path, operation)
    app.openapi_schema = doc
    return doc


def _list_choices(path: str, operation: dict[str, Any]) -> None:
    """The document lists what `interpretation` and `ruleset` may be, and says a day is
    a date (the query is read as plain text, so that an unknown choice or a day that
    does not exist gets a message naming what is wrong)."""
    origin = {k: sorted(v) for k, v in bundled_readings().items()}
    if path == "/v1/changes":
        policy = bundled_changes_policy()
        declared = {**origin, **{i.id: sorted(i.readings) for i in policy.interpretations.values()}}
    elif path == "/v1/diagnoses":
        declared = {i.id: sorted(i.readings) for i in bundled_workflow().interpretations.values()}
    else:
        declared = origin
    for param in operation.get("parameters", []):
        if param["name"] == "interpretation":
            items = param["schema"]["anyOf"][0]["items"]
            items["enum"] = [
                f"{k}={r}" for k, readings in sorted(declared.items()) for r in readings
            ]
        elif param["name"] in ("decision_date", "as_of"):
            param["schema"]["anyOf"][0]["format"] = "date"
        elif param["name"] == "ruleset":
            param["schema"]["anyOf"][0]["enum"] = sorted(bundled_rulesets())


def _describe_body(
    operation: dict[str, Any], body: dict[str, Any], result: dict[str, Any], formats: bool
) -> None:
    operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    content: dict[str, Any] = {"application/json": {"schema": result}}
    if formats:
        for media in ("text/plain", "text/markdown", "text/html"):
            content[media] = {"schema": {"type": "string"}}
    operation["responses"]["200"] = {"description": "the result", "content": content}
    operation["responses"].update(ERRORS)
    if formats:
        operation["responses"]["406"] = _error("a format this installation cannot render")


def _describe_batch(operation: dict[str, Any]) -> None:
    lines = {"schema": {"type": "string"}}
    operation["requestBody"] = {
        "required": False,  # no body: no records, and an empty answer
        "description": "JSON Lines: one applicant per line (blank lines are not records)",
        "content": {BATCH_MEDIA_TYPE: lines},
    }
    operation["responses"]["200"] = {
        "description": "JSON Lines: per record, in order, its Decision (or Verdict), or "
        '{"error": {...}, "line": n, "position": p} in its place',
        "content": {BATCH_MEDIA_TYPE: lines},
    }
    operation["responses"]["400"] = ERRORS["400"]
    operation["responses"]["413"] = ERRORS["413"]
