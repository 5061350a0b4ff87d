"""The change policy, case by case: every YAML file under tests/changes/cases/ is a list
of change requests and the decision expected for each, one file per area of the guide
(locked fields, reasons for a change of origin, name and ID number changes, rejections,
what the student edits).

    - name: department change with no reason is rejected     # the boundary, in words
      verified: true
      record: {origin: "445102"}        # optional: merged over RECORD below
      corrections: [{field: department, new: 材料学院}]
      applicant_before: {...}            # a change of origin: the facts before and after
      applicant_after: {...}
      request_date: 2022-03-01           # optional
      interpretations: {missing_reason: reject}   # optional
      expected:
        result: rejected
        fields:                          # one per correction, in order; only keys given
          - {field: department, result: rejected, rejection: no_reason}

Keys are checked strictly before anything runs, so a misspelt key is an error of the
case file, never a silently vacuous test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from origin_rules.changes import ChangeDecision, FieldResult, decide_change

CASES_DIR = Path(__file__).parent / "cases"

RECORD: dict[str, Any] = {
    "student_number": "2018301",
    "name": "王五",
    "department": "物理学院",
    "degree": "bachelor",
    "id_number": "44011320000101008X",
    "phone": "13800000000",
}

CASE_KEYS = frozenset(
    {
        "name",
        "verified",
        "record",
        "corrections",
        "applicant_before",
        "applicant_after",
        "request_date",
        "interpretations",
        "expected",
    }
)
FIELD_KEYS = frozenset(
    {
        "field",
        "route",
        "result",
        "rejection",
        "reason",
        "reason_assumed",
        "evidence_required",
        "evidence_missing",
        "interpretations",
        "clauses",
        "facts_to_supply",
        "flags",
        "redecision",
    }
)
REDECISION_KEYS = frozenset(
    {"before", "after", "supports", "record_matches_before", "after_decided_by"}
)


def _cases() -> Iterator[Any]:
    files = sorted(CASES_DIR.glob("*.yaml"))
    assert files, f"no case files under {CASES_DIR}"
    for path in files:
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(cases, list) and cases, f"{path.name}: must be a non-empty list"
        for case in cases:
            yield pytest.param(case, id=f"{path.stem}::{case.get('name')}")


CASES = list(_cases())


def _request(case: dict[str, Any]) -> dict[str, Any]:
    request: dict[str, Any] = {
        "verified": case["verified"],
        "record": {**RECORD, **case.get("record", {})},
        "corrections": case["corrections"],
    }
    for key in ("applicant_before", "applicant_after"):
        if key in case:
            request[key] = _jsonable(case[key])
    if "request_date" in case:
        request["request_date"] = case["request_date"].isoformat()
    return request


def _jsonable(value: Any) -> Any:
    """YAML reads dates as dates; the request is JSON, where they are text."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _check_shape(case: dict[str, Any]) -> None:
    unknown = set(case) - CASE_KEYS
    assert not unknown, f"unknown case keys {sorted(unknown)}"
    expected = case["expected"]
    assert set(expected) == {"result", "fields"}, "expected gives result and fields"
    assert len(expected["fields"]) == len(case["corrections"]), "one expectation per correction"
    for f in expected["fields"]:
        assert not set(f) - FIELD_KEYS, f"unknown field keys {sorted(set(f) - FIELD_KEYS)}"
        assert not set(f.get("redecision") or {}) - REDECISION_KEYS, "unknown redecision keys"


@pytest.mark.parametrize("case", CASES)
def test_change_case(case: dict[str, Any]) -> None:
    _check_shape(case)
    decision = decide_change(
        _request(case), interpretations=case.get("interpretations"), engine="python"
    )
    assert isinstance(decision, ChangeDecision)
    expected = case["expected"]
    assert decision.result == expected["result"], [
        (r.field, r.result, r.summary.en) for r in decision.fields
    ]
    for want, got in zip(expected["fields"], decision.fields, strict=True):
        _check_field(want, got)


def _check_field(want: dict[str, Any], got: FieldResult) -> None:
    actual: dict[str, Any] = {
        "field": got.field,
        "route": got.route,
        "result": got.result,
        "rejection": got.rejection.id if got.rejection else None,
        "reason": got.reason.id if got.reason else None,
        "reason_assumed": got.reason_assumed,
        "evidence_required": [e.id for e in got.evidence_required],
        "evidence_missing": [e.id for e in got.evidence_missing],
        "interpretations": [i.id for i in got.interpretations],
        "clauses": [c.id for c in got.clauses],
        "facts_to_supply": bool(got.facts_to_supply),
        "flags": [f.id for f in got.flags],
    }
    for key, value in want.items():
        if key == "redecision":
            _check_redecision(value, got)
        elif key in ("interpretations", "clauses"):
            assert set(actual[key]) == set(value), f"{key}: {actual[key]}"
        else:
            assert actual[key] == value, f"{key}: {actual[key]!r}, summary: {got.summary.en}"


def _check_redecision(want: dict[str, Any], got: FieldResult) -> None:
    rd = got.redecision
    assert rd is not None, "a change of origin is decided again"
    before = rd.before.origin.code if rd.before.origin else None
    after = rd.after.origin.code if rd.after.origin else None
    actual = {
        "before": before,
        "after": after,
        "supports": rd.supports,
        "record_matches_before": rd.record_matches_before,
        "after_decided_by": rd.after.decided_by,
    }
    for key, value in want.items():
        assert actual[key] == value, f"redecision.{key}: {actual[key]!r}; {rd.note.en}"


def test_every_locked_field_and_every_reason_has_a_case() -> None:
    from origin_rules.changes import bundled_changes_policy

    policy = bundled_changes_policy()
    fields = {c["field"] for p in CASES for c in p.values[0]["corrections"]}
    reasons = {c.get("reason") for p in CASES for c in p.values[0]["corrections"]}
    evidence_missing = {
        e
        for p in CASES
        for f in p.values[0]["expected"]["fields"]
        for e in f.get("evidence_missing", [])
    }
    assert set(policy.fields) <= fields
    assert set(policy.reasons) <= reasons
    assert set(policy.evidence) <= evidence_missing | {"hukou_booklet", "id_card"}
    assert {"hukou_booklet", "id_card"} <= evidence_missing
