"""The shapes of the workflow rule files (YAML), as policy staff write them.

Conditions (`when:`) are those of the origin rules (`origin_rules.ruleset.files`), and
so are titles, texts and interpretations; what differs is the head file and what a rule
concludes: a diagnosis or a note, with the next steps and who takes them.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from origin_rules.ruleset.files import ConditionFile, SourceFile, TextFile, _File

Actor = Literal["student", "department", "school", "province_center"]


class WorkflowHeadFile(_File):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    version: str
    title: TextFile
    source: SourceFile
    window_end: date
    chsi_sync_days: int = Field(ge=1, le=365)
    rule_files: list[str] = Field(min_length=1)
    precedence: list[str] = Field(min_length=1)


class NextStepFile(_File):
    actor: Actor
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class ConcludesFile(_File):
    # diagnosis: a cause of where the record stands, with what to do about it;
    # status: where the record stands when nothing is wrong (the diagnosis only if no
    # other applies, else shown as the record's status, its steps left out);
    # note: a caution that joins whatever diagnosis is made.
    kind: Literal["diagnosis", "status", "note"]
    next_steps: list[NextStepFile]
    replaces: list[str] = Field(default_factory=list)


class WorkflowRuleFile(_File):
    id: str = Field(pattern=r"^[a-z0-9_.]+$")
    clause: str
    title: TextFile
    when: ConditionFile
    then: ConcludesFile
    explain: TextFile


class WorkflowRulesFile(_File):
    rules: list[WorkflowRuleFile] = Field(min_length=1)
