"""What `decide_change` returns: per field, accepted, needs evidence or rejected, with
the clauses quoted, the evidence missing, the interpretations relied on and, for a
change of origin, the decisions on the facts before and after side by side.

Plain data (pydantic): `model_dump_json()` stores it. No ID number appears in full: a
correction of the ID number shows both values masked (`440113********008X`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from origin_rules.decision import ClauseRef, Decision, InterpretationUse, LocalText, RulesetRef
from origin_rules.facts import DegreeLevel

Result = Literal["accepted", "needs_evidence", "rejected"]
RouteName = Literal["student", "form", "rebind"]

# The order of severity: a request's result is the worst of its fields'.
SEVERITY: dict[str, int] = {"accepted": 0, "needs_evidence": 1, "rejected": 2}


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Named(_Out):
    """An entry of the policy (a reason, a piece of evidence, a rejection) and its words."""

    id: str
    text: LocalText


class Flag(_Out):
    """What staff are told about a correction without it deciding the result (the
    reason given is not the one the re-decision shows), with the clause it rests on."""

    id: str
    text: LocalText
    clause: ClauseRef


class Redecision(_Out):
    """A change of origin decided again: the verified facts and the corrected ones."""

    requested: str  # the division code asked for
    requested_name: str | None  # its full name, where the division registry knows it
    recorded: str | None  # the verified origin's code
    recorded_name: str | None
    before: Decision
    after: Decision
    supports: bool  # the corrected facts give exactly the origin asked for
    record_matches_before: bool | None  # the verified origin is what the old facts give
    note: LocalText


class FieldResult(_Out):
    field: str
    field_name: LocalText
    old: str | None  # the value on record (or as the request states it)
    new: str
    reason: Named | None
    reason_assumed: bool  # no reason given, one assumed by an interpretation
    route: RouteName
    route_text: LocalText
    result: Result
    rejection: Named | None
    summary: LocalText
    clauses: tuple[ClauseRef, ...]
    evidence_required: tuple[Named, ...]
    evidence_supplied: tuple[Named, ...]
    evidence_missing: tuple[Named, ...]
    facts_to_supply: tuple[LocalText, ...]  # when the re-decision cannot settle the origin
    flags: tuple[Flag, ...]  # for staff to check; they do not decide the result
    interpretations: tuple[InterpretationUse, ...]
    redecision: Redecision | None


class ChangeDecision(_Out):
    request_id: str | None
    student_number: str
    name: str
    department: str
    degree: DegreeLevel
    phone: str | None
    verified: bool
    result: Result  # the worst of the fields' results
    fields: tuple[FieldResult, ...]
    interpretations: tuple[InterpretationUse, ...]  # relied on by any field
    policy: RulesetRef
    options: dict[str, str]  # every interpretation of the change policy, with its reading
