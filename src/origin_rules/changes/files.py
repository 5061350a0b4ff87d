"""The shapes of the change-policy files (rulesets/changes-2022/*.yaml), as policy staff
write them. These models only check shape; `policy.py` checks what the entries mean
(clauses that exist and are verbatim, fields and evidence that are declared, a value for
every reading of an interpretation)."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from origin_rules.ruleset.files import ClauseFile, InterpretationFile, TextFile

T = TypeVar("T")

Route = Literal["student", "form", "rebind"]
ValueKind = Literal["text", "id_number", "gender", "division_code", "month", "year"]


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ByReading(_File, Generic[T]):
    """A value that depends on an open point: one value per reading of `interpretation`."""

    interpretation: str
    by_reading: dict[str, T] = Field(min_length=1)


class SourceRef(_File):
    document: str  # relative to the policy folder
    title: str


class FieldFile(_File):
    id: str = Field(pattern=r"^[a-z_]+$")
    name: TextFile
    value: ValueKind
    clause: str  # why the field needs the form (or cannot be changed)
    clause_after_verification: str | None = None  # the same, once verified, if another
    before_verification: Route | ByReading[Route]
    after_verification: Route | ByReading[Route]


class EvidenceByField(_File):
    default: list[str]
    by_field: dict[str, list[str] | ByReading[list[str]]] = {}


class ReasonFile(_File):
    id: str = Field(pattern=r"^[a-z_]+$")
    name: TextFile
    clause: str
    fields: list[str] = Field(min_length=1)
    fields_after_verification: list[str] | ByReading[list[str]] | None = None
    # For a change of origin: the origin rules whose decision shows this reason as the
    # cause of the new origin; None where any cause may lie behind it.
    redecided_by: list[str] | None = None
    evidence: EvidenceByField


class EvidenceFile(_File):
    id: str = Field(pattern=r"^[a-z_]+$")
    name: TextFile
    clause: str


class RejectionFile(_File):
    id: str = Field(pattern=r"^[a-z_]+$")
    clause: str
    text: TextFile


class FlagFile(_File):
    """What staff are told about a correction without it deciding the result."""

    id: str = Field(pattern=r"^[a-z_]+$")
    clause: str
    text: TextFile


class ChangesFile(_File):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    version: str
    title: TextFile
    source: SourceRef
    routes: dict[Route, TextFile]
    fields: list[FieldFile] = Field(min_length=1)
    reasons: list[ReasonFile] = Field(min_length=1)
    evidence: list[EvidenceFile] = Field(min_length=1)
    rejections: list[RejectionFile] = Field(min_length=1)
    flags: list[FlagFile] = []


class ClausesFile(_File):
    clauses: list[ClauseFile] = Field(min_length=1)


class InterpretationsFile(_File):
    interpretations: list[InterpretationFile]


class ColumnFile(_File):
    id: str
    header: str | ByReading[str]


class Form1File(_File):
    title: str
    clause: str
    signatures_clause: str
    columns: list[ColumnFile] = Field(min_length=1)


class Annex2File(_File):
    title: str
    clause: str
    columns: list[str] | ByReading[list[str]]
    headers: dict[str, str]
    degrees: list[str] = Field(min_length=1)
    problems: dict[str, TextFile]


class FormsFile(_File):
    degree_labels: dict[str, str]
    form_1: Form1File
    annex_2: Annex2File
