"""`decide_change`: a change request in, a decision per field out.

For each correction, in this order: a value on record that the request misstates, a
value that would not change, a field that a change request cannot correct (the
graduation year: unbind and bind again) and an invalid corrected ID number are
rejected. Then the route: the student edits the field, or it needs form 1 through the
department; on the form route the reason must be one the guide accepts for that field,
and the evidence it needs must be supplied. A change of origin is decided again from the
corrected facts with `decide_origin`: an origin other than the one asked for rejects it,
an unsettled one (needs review, insufficient facts) asks for the facts first. The
request's result is the worst of its fields'.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from origin_rules.changes.decision import (
    SEVERITY,
    ChangeDecision,
    FieldResult,
    Named,
)
from origin_rules.changes.field import FieldBeingDecided, Rejected
from origin_rules.changes.field_checks import result_of
from origin_rules.changes.field_result import field_result
from origin_rules.changes.policy import ChangesPolicy, bundled_changes_policy
from origin_rules.changes.redecide import redecide
from origin_rules.changes.request import (
    ChangeRequest,
    InvalidRequestError,
    parse_request,
)
from origin_rules.changes.words import fill
from origin_rules.decision import InterpretationUse, RulesetRef
from origin_rules.errors import FactError

__all__ = ["decide_change"]


def decide_change(
    request: ChangeRequest | Mapping[str, Any] | str | bytes,
    *,
    interpretations: Mapping[str, str] | None = None,
    origin_interpretations: Mapping[str, str] | None = None,
    engine: str = "durable",
    policy: ChangesPolicy | None = None,
) -> ChangeDecision:
    """Decide a change request (生源信息修改申请), field by field.

    `request` is a `ChangeRequest` or its JSON (text, bytes or parsed); a malformed one
    raises `InvalidRequestError` listing every problem with its path. `interpretations`
    chooses readings of the change policy's open points, `origin_interpretations` those
    of the origin ruleset used to decide a change of origin again (an unknown one raises
    `InvalidOptionError`); `engine` is the engine `decide_origin` uses.
    """
    policy = policy or bundled_changes_policy()
    readings = policy.readings(interpretations)
    parsed = parse_request(_as_data(request), policy)
    fields = tuple(
        _decide_field(
            FieldBeingDecided(parsed, c, policy, readings, engine, origin_interpretations)
        )
        for c in parsed.corrections
    )
    used: dict[str, InterpretationUse] = {}
    for result in fields:
        for use in result.interpretations:
            used.setdefault(use.id, use)
    record = parsed.record
    return ChangeDecision(
        request_id=parsed.request_id,
        student_number=record.student_number,
        name=record.name,
        department=record.department,
        degree=record.degree,
        phone=record.phone,
        verified=parsed.verified,
        result=max((r.result for r in fields), key=SEVERITY.__getitem__),
        fields=fields,
        interpretations=tuple(used.values()),
        policy=RulesetRef(id=policy.id, version=policy.version, content_hash=policy.content_hash),
        options=readings,
    )


def _as_data(request: ChangeRequest | Mapping[str, Any] | str | bytes) -> Any:
    if isinstance(request, str | bytes):
        try:
            return json.loads(request)
        except json.JSONDecodeError as exc:
            raise InvalidRequestError(
                [FactError("(root)", f"invalid JSON: {exc.msg} (line {exc.lineno})", None)]
            ) from None
    return request


def _decide_field(fld: FieldBeingDecided) -> FieldResult:
    if fld.spec.value == "division_code":
        fld.redecision = redecide(fld)
    try:
        result = result_of(fld)
        rejection = None
    except Rejected as rejected:
        result = "rejected"
        spec = fld.policy.rejections[rejected.rejection]
        fld.add_clause(spec.clause)
        values = {"field": (fld.spec.name.zh, fld.spec.name.en), **rejected.values}
        rejection = Named(id=spec.id, text=fill(spec.text, values))
    return field_result(fld, result, rejection)
