"""What `decide_origin` returns: the outcome, the origin and the trace that justifies it.

Everything here is plain data (pydantic, JSON in and out), so a decision can be stored,
sent to another system, and replayed: it carries the hashes of the ruleset and of the
input facts, the options chosen, and the engine that evaluated the rules.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from origin_rules.ruleset.model import Outcome


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LocalText(_Out):
    zh: str
    en: str


class Origin(_Out):
    code: str
    level: str
    name: str | None = None  # as written on the record
    full_name: str | None = None  # from the division registry, where it knows the code
    # The code on the record, where the division has changed since (the origin is stated
    # as the division in force on the decision date).
    recorded_code: str | None = None


class ClauseRef(_Out):
    id: str
    section: str
    text: str


class TraceStep(_Out):
    rule: str
    role: Literal["decided", "noted", "overridden", "concurs", "outranked"]
    clause: ClauseRef
    title: LocalText
    facts: dict[str, str | bool]  # the prepared facts its condition tested, with their values
    interpretations: tuple[str, ...]  # interpretations its condition names
    text: LocalText


class InterpretationUse(_Out):
    id: str
    reading: str
    is_default: bool
    question: LocalText
    reading_text: LocalText


class MissingFactOut(_Out):
    fact: str
    text: LocalText


class Reason(_Out):
    code: str
    text: LocalText


class RulesetRef(_Out):
    id: str
    version: str
    content_hash: str


class Options(_Out):
    decision_date: date
    interpretations: dict[str, str]  # every interpretation with the reading used


class Decision(_Out):
    applicant_id: str | None
    outcome: Outcome
    origin: Origin | None
    decided_by: str | None
    trace: tuple[TraceStep, ...]
    interpretations: tuple[InterpretationUse, ...]  # those the decision relied on
    missing_facts: tuple[MissingFactOut, ...]
    reasons: tuple[Reason, ...]
    candidate_origins: tuple[Origin, ...]
    ruleset: RulesetRef | None
    input_hash: str
    options: Options | None
    engine: str
