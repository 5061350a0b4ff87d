"""The shapes of the rule files, as policy staff write them (YAML).

These models only check shape; what the fields mean (known facts, clauses that exist,
precedence that is consistent) is checked in `load.py`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TextFile(_File):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class SourceFile(_File):
    document: str
    title: str


class GovernsFile(_File):
    cohorts: list[int] = Field(min_length=1)


class RulesetFile(_File):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    version: str
    title: TextFile
    source: SourceFile
    governs: GovernsFile
    decision_date_default: date
    rule_files: list[str] = Field(min_length=1)
    precedence: list[str] = Field(min_length=1)


class ClauseFile(_File):
    id: str = Field(pattern=r"^[a-z0-9_.]+$")
    section: str
    text: str = Field(min_length=1)


class ClausesFile(_File):
    clauses: list[ClauseFile]


class InterpretationFile(_File):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    clause: str
    question: TextFile
    default: str
    why_default: TextFile
    readings: dict[str, TextFile] = Field(min_length=2)


class InterpretationsFile(_File):
    interpretations: list[InterpretationFile]


Scalar = str | bool


class AtomFile(_File):
    fact: str | None = None
    interpretation: str | None = None
    equals: Scalar | None = None
    not_equals: Scalar | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in")
    not_in: list[Scalar] | None = None


class AllFile(_File):
    all: list[ConditionFile] = Field(min_length=1)


class AnyFile(_File):
    any: list[ConditionFile] = Field(min_length=1)


class AlwaysFile(_File):
    always: Literal[True]


def _condition_kind(value: Any) -> str:
    # Chosen by key, so a typo inside a condition gives one error, not one per shape.
    if isinstance(value, dict):
        for key in ("all", "any", "always"):
            if key in value:
                return key
    elif isinstance(value, AllFile):
        return "all"
    elif isinstance(value, AnyFile):
        return "any"
    elif isinstance(value, AlwaysFile):
        return "always"
    return "atom"


ConditionFile = Annotated[
    Annotated[AllFile, Tag("all")]
    | Annotated[AnyFile, Tag("any")]
    | Annotated[AlwaysFile, Tag("always")]
    | Annotated[AtomFile, Tag("atom")],
    Discriminator(_condition_kind),
]


class MissingFile(_File):
    fact: str
    zh: str
    en: str


class ThenFile(_File):
    # `note`: the rule concludes nothing; when it applies, its explanation joins the trace
    # (a fact was normalised, a detail staff should see) whatever rule decides.
    outcome: Literal["determined", "needs_review", "insufficient_facts", "out_of_scope", "note"]
    origin: str | None = None
    missing: list[MissingFile] = []
    candidates: list[str] = []
    reason: TextFile | None = None


class RuleFile(_File):
    id: str = Field(pattern=r"^[a-z0-9_.]+$")
    clause: str
    title: TextFile
    when: ConditionFile
    extends: str | None = None
    exception_of: list[str] = []
    then: ThenFile
    explain: TextFile


class RulesFile(_File):
    rules: list[RuleFile] = Field(min_length=1)


AllFile.model_rebuild()
AnyFile.model_rebuild()
