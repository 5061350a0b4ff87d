"""What `diagnose` returns: the diagnosis, who does what next, and every rule that
applied with the clause it quotes. Plain data (pydantic): it can be stored, sent on and
rendered later."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from origin_rules.decision import ClauseRef, InterpretationUse, LocalText


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class NextStep(_Out):
    rule: str  # the rule that asks for it
    actor: Literal["student", "department", "school", "province_center"]
    actor_label: LocalText
    text: LocalText


class Finding(_Out):
    """One rule that applied. `role`: `diagnosis` (the first diagnosis by precedence),
    `also` (a further diagnosis, also to act on), `status` (where the record stands, when
    a diagnosis was made: nothing to do about it), `note` (a caution), `replaced` (it
    applied, but a rule of higher precedence already covers it: `replaced_by`)."""

    rule: str
    role: Literal["diagnosis", "also", "status", "note", "replaced"]
    replaced_by: str | None = None
    title: LocalText
    clause: ClauseRef
    text: LocalText
    facts: dict[str, str | bool]  # the prepared facts its condition tested, with values
    interpretations: tuple[str, ...]  # interpretations its condition names
    next_steps: tuple[NextStep, ...]


class WorkflowRef(_Out):
    id: str
    version: str
    content_hash: str


class WorkflowOptions(_Out):
    as_of: date
    interpretations: dict[str, str]  # the reading of every interpretation, default or not


class Diagnosis(_Out):
    record_id: str | None
    symptom: str
    diagnosis: str  # the id of the rule that makes the diagnosis
    title: LocalText  # that rule's title
    next_steps: tuple[NextStep, ...]  # the diagnosis's, then the further ones', then notes'
    findings: tuple[Finding, ...]  # diagnosis, also, status, notes, replaced: each in order
    interpretations: tuple[InterpretationUse, ...]  # those the findings reported rely on
    options: WorkflowOptions
    engine: str
    ruleset: WorkflowRef
    state_hash: str
