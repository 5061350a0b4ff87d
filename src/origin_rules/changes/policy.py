"""Load the change policy (rulesets/changes-2022) and check what its entries mean.

Every problem is collected and reported at once as a `RulesetError`, each naming the
file, the entry and the field, as the origin rulesets' loader does. Clauses are checked
verbatim against the guide's text with the same `squash` as the origin rules.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from origin_rules.changes import files as f
from origin_rules.changes.record import GraduateRecord
from origin_rules.errors import RulesetError
from origin_rules.facts import DegreeLevel
from origin_rules.ruleset.bundled import bundled_rulesets, rulesets_folder
from origin_rules.ruleset.folder import (
    Problems,
    RuleFolder,
    id_at,
    require_readings,
    squash,
)
from origin_rules.ruleset.model import Clause, Interpretation, Text
from origin_rules.ruleset.readings import chosen_readings

__all__ = [
    "ChangesPolicy",
    "bundled_changes_policy",
    "load_changes_policy",
    "pick",
]

FOLDER_NAME = "changes-2022"

T = TypeVar("T")

# Readings the code acts on (not only looks up in the files): they must be declared.
CODE_READINGS: Mapping[str, frozenset[str]] = {
    "missing_reason": frozenset(
        {"record_error_before_verification", "reject", "assume_record_error"}
    ),
    "named_evidence": frozenset({"all_named", "named_are_examples"}),
    "reason_mismatch": frozenset({"warn", "reject"}),
}
# The reason a correction without one is taken to have under `assume_record_error`.
ASSUMED_REASON = "record_error"
# Rejections the code gives, with the placeholders its text may use.
CODE_REJECTIONS: Mapping[str, frozenset[str]] = {
    "no_change": frozenset(),
    "old_value_mismatch": frozenset({"recorded"}),
    "no_reason": frozenset({"field"}),
    "reason_not_for_field": frozenset({"field", "reason"}),
    "rebind_instead": frozenset(),
    "invalid_new_value": frozenset({"problem"}),
    "redecision_disagrees": frozenset({"decided", "requested"}),
    "reason_disagrees": frozenset({"reason", "cause"}),
}
# Flags the code gives (they do not decide the result), with their placeholders.
CODE_FLAGS: Mapping[str, frozenset[str]] = {
    "reason_disagrees": frozenset({"reason", "cause"}),
}
FORM_1_COLUMNS = frozenset(
    {"number", "department", "degree", "name", "student_number", "phone", "field", "old", "new"}
)
ANNEX_2_COLUMNS = frozenset(
    {
        "number",
        "department",
        "degree",
        "name",
        "student_number",
        "phone",
        "ethnicity",
        "origin",
        "agreement",
    }
)
ANNEX_2_PROBLEMS: Mapping[str, frozenset[str]] = {
    "no_agreement": frozenset(),
    "agreement_unknown": frozenset(),
    "degree_not_in_programme": frozenset({"degree"}),
}


@dataclass(frozen=True)
class ChangesPolicy:
    """The change policy as loaded: the files' entries, with lookups by id."""

    id: str
    version: str
    title: Text
    content_hash: str
    clauses: Mapping[str, Clause]
    interpretations: Mapping[str, Interpretation]
    changes: f.ChangesFile
    forms: f.FormsFile

    @functools.cached_property
    def fields(self) -> Mapping[str, f.FieldFile]:
        return {x.id: x for x in self.changes.fields}

    @functools.cached_property
    def reasons(self) -> Mapping[str, f.ReasonFile]:
        return {x.id: x for x in self.changes.reasons}

    @functools.cached_property
    def evidence(self) -> Mapping[str, f.EvidenceFile]:
        return {x.id: x for x in self.changes.evidence}

    @functools.cached_property
    def rejections(self) -> Mapping[str, f.RejectionFile]:
        return {x.id: x for x in self.changes.rejections}

    @functools.cached_property
    def flags(self) -> Mapping[str, f.FlagFile]:
        return {x.id: x for x in self.changes.flags}

    def readings(self, chosen: Mapping[str, str] | None = None) -> dict[str, str]:
        """Every interpretation's reading: the default unless `chosen` says otherwise.
        An unknown interpretation or reading raises `InvalidOptionError` naming it."""
        return chosen_readings(self.interpretations, chosen, of=self.id)

    def split_readings(self, chosen: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
        """Readings chosen for a change request, split into this policy's and the
        origin rules' (for a change of origin decided again), as `decide_change` takes
        them (`interpretations`, `origin_interpretations`); neither is checked here."""
        own = {k: v for k, v in chosen.items() if k in self.interpretations}
        origin = {k: v for k, v in chosen.items() if k not in self.interpretations}
        return own, origin


def pick(value: T | f.ByReading[T], readings: Mapping[str, str]) -> tuple[T, str | None]:
    """The value for the chosen reading, and the interpretation it depended on (if any)."""
    if isinstance(value, f.ByReading):
        return value.by_reading[readings[value.interpretation]], value.interpretation
    return value, None


@functools.cache
def bundled_changes_policy() -> ChangesPolicy:
    """The change policy that ships with the library."""
    return load_changes_policy(rulesets_folder() / FOLDER_NAME)


def load_changes_policy(folder: str | Path) -> ChangesPolicy:
    """Load and check a change-policy folder, or raise `RulesetError` listing every
    problem found (file, entry, field, message)."""
    check = _Checker()
    files = RuleFolder(Path(folder), check, entry_of=_entry_of)
    changes = files.read("changes.yaml", f.ChangesFile)
    clauses_file = files.read("clauses.yaml", f.ClausesFile)
    interps_file = files.read("interpretations.yaml", f.InterpretationsFile)
    forms = files.read("forms.yaml", f.FormsFile)
    if changes is None or clauses_file is None or interps_file is None or forms is None:
        raise RulesetError(check.items)
    clauses, interpretations = files.guide(
        "changes.yaml", changes.source.document, clauses_file, interps_file
    )
    require_readings(interpretations, CODE_READINGS, check, used="by the code")
    check.interpretations = interpretations
    _check_changes(changes, clauses, interpretations, check)
    _check_forms(forms, clauses, interpretations, check)
    if check.items:
        raise RulesetError(check.items)
    return ChangesPolicy(
        id=changes.id,
        version=changes.version,
        title=Text(changes.title.zh, changes.title.en),
        content_hash=files.content_hash,
        clauses=clauses,
        interpretations=interpretations,
        changes=changes,
        forms=forms,
    )


class _Checker(Problems):
    """The problems found, and the checks the policy's entries share."""

    def __init__(self) -> None:
        super().__init__()
        self.interpretations: Mapping[str, Interpretation] = {}

    def clause(self, file: str, entry: str, field: str, clause: str, known: Iterable[str]) -> None:
        if clause not in known:
            self.add(file, entry, field, f"names unknown clause {clause!r}")

    def choice(
        self,
        file: str,
        entry: str,
        field: str,
        value: Any,
        each: Any = None,
    ) -> None:
        """A value that may depend on an interpretation: one value for every reading.
        `each(where, value)` checks each possible value."""
        if isinstance(value, f.ByReading):
            interp = self.interpretations.get(value.interpretation)
            if interp is None:
                self.add(
                    file, entry, field, f"names unknown interpretation {value.interpretation!r}"
                )
                return
            if set(value.by_reading) != set(interp.readings):
                self.add(
                    file,
                    entry,
                    f"{field}.by_reading",
                    f"must give a value for exactly the readings {sorted(interp.readings)}",
                )
            for reading, item in value.by_reading.items():
                if each is not None:
                    each(f"{field}.by_reading.{reading}", item)
        elif each is not None:
            each(field, value)


def _entry_of(raw: Any, loc: tuple[int | str, ...]) -> str | None:
    """The id of the entry an error location points into, for the message."""
    if len(loc) >= 2 and isinstance(loc[1], int):
        return id_at(raw, loc)
    return None


def _check_changes(
    changes: f.ChangesFile,
    clauses: Mapping[str, Clause],
    interpretations: Mapping[str, Interpretation],
    check: _Checker,
) -> None:
    name = "changes.yaml"
    record_fields = set(GraduateRecord.model_fields)
    field_ids = [x.id for x in changes.fields]
    evidence_ids = [x.id for x in changes.evidence]
    for kind, ids in (("field", field_ids), ("evidence", evidence_ids)):
        for dup in {i for i in ids if ids.count(i) > 1}:
            check.add(name, dup, "id", f"{kind} is declared twice")
    for field in changes.fields:
        check.clause(name, field.id, "clause", field.clause, clauses)
        if field.clause_after_verification is not None:
            check.clause(
                name,
                field.id,
                "clause_after_verification",
                field.clause_after_verification,
                clauses,
            )
        if field.id not in record_fields:
            check.add(name, field.id, "id", "is not a field of a graduate's record")
        check.choice(name, field.id, "before_verification", field.before_verification)
        check.choice(name, field.id, "after_verification", field.after_verification)

    def known(kind: str, ids: list[str], entry: str) -> Any:
        def each(where: str, values: list[str]) -> None:
            for value in values:
                if value not in ids:
                    check.add(name, entry, where, f"names unknown {kind} {value!r}")

        return each

    reason_ids = [r.id for r in changes.reasons]
    # The rules a re-decision may show: those of the bundled origin rulesets.
    origin_rules = {r.id for rs in bundled_rulesets().values() for r in rs.rules}
    if ASSUMED_REASON not in reason_ids:
        check.add(name, ASSUMED_REASON, "id", "reason is used by the code but not declared")
    for reason in changes.reasons:
        check.clause(name, reason.id, "clause", reason.clause, clauses)
        known("field", field_ids, reason.id)("fields", reason.fields)
        if reason.fields_after_verification is not None:
            check.choice(
                name,
                reason.id,
                "fields_after_verification",
                reason.fields_after_verification,
                known("field", reason.fields, reason.id),
            )
        known("evidence", evidence_ids, reason.id)("evidence.default", reason.evidence.default)
        if reason.redecided_by is not None:
            if "origin" not in reason.fields:
                check.add(
                    name, reason.id, "redecided_by", "is for a reason that changes the origin"
                )
            for rule_id in reason.redecided_by:
                if rule_id not in origin_rules:
                    check.add(name, reason.id, "redecided_by", f"names unknown rule {rule_id!r}")
        for field_id, evidence in reason.evidence.by_field.items():
            if field_id not in reason.fields:
                check.add(name, reason.id, f"evidence.by_field.{field_id}", "is not in its fields")
            check.choice(
                name,
                reason.id,
                f"evidence.by_field.{field_id}",
                evidence,
                known("evidence", evidence_ids, reason.id),
            )
    for item in changes.evidence:
        check.clause(name, item.id, "clause", item.clause, clauses)
    for kind, entries, code in (
        ("rejection", changes.rejections, CODE_REJECTIONS),
        ("flag", changes.flags, CODE_FLAGS),
    ):
        declared = {e.id for e in entries}
        for entry_id in code:
            if entry_id not in declared:
                check.add(name, entry_id, "id", f"{kind} is used by the code but not declared")
        for entry in entries:
            check.clause(name, entry.id, "clause", entry.clause, clauses)
            allowed = code.get(entry.id, frozenset())
            for lang in ("zh", "en"):
                used = _placeholders(getattr(entry.text, lang))
                if not used <= allowed:
                    check.add(
                        name,
                        entry.id,
                        f"text.{lang}",
                        f"uses {sorted(used - allowed)}; it may use only {sorted(allowed)}",
                    )
    del interpretations  # checked through `check.choice`


def _check_forms(
    forms: f.FormsFile,
    clauses: Mapping[str, Clause],
    interpretations: Mapping[str, Interpretation],
    check: _Checker,
) -> None:
    name = "forms.yaml"
    levels = {d.value for d in DegreeLevel}
    if set(forms.degree_labels) != levels:
        check.add(name, None, "degree_labels", f"must label exactly {sorted(levels)}")
    form_1 = forms.form_1
    check.clause(name, "form_1", "clause", form_1.clause, clauses)
    check.clause(name, "form_1", "signatures_clause", form_1.signatures_clause, clauses)
    ids = [c.id for c in form_1.columns]
    if set(ids) != FORM_1_COLUMNS or len(ids) != len(FORM_1_COLUMNS):
        check.add(name, "form_1", "columns", f"must be each of {sorted(FORM_1_COLUMNS)} once")
    for column in form_1.columns:
        check.choice(name, "form_1", f"columns.{column.id}.header", column.header)
    # The form's headers stay tied to the guide: each printed header is one of the
    # header's readings (the printed table is `| 序号 | 培养单位 | ... |`).
    header_clause = clauses.get(form_1.clause)
    if header_clause is not None:
        printed = [cell for cell in squash(header_clause.text).split("|") if cell]
        if len(printed) != len(form_1.columns) or any(
            cell not in _possible(column.header)
            for cell, column in zip(printed, form_1.columns, strict=False)
        ):
            check.add(name, "form_1", "columns", "the headers are not those printed in the guide")
    annex = forms.annex_2
    check.clause(name, "annex_2", "clause", annex.clause, clauses)

    def columns_known(where: str, columns: list[str]) -> None:
        for column in columns:
            if column not in ANNEX_2_COLUMNS:
                check.add(name, "annex_2", where, f"names unknown column {column!r}")
            elif column not in annex.headers:
                check.add(name, "annex_2", "headers", f"gives no header for {column!r}")

    check.choice(name, "annex_2", "columns", annex.columns, columns_known)
    for degree in annex.degrees:
        if degree not in levels:
            check.add(name, "annex_2", "degrees", f"{degree!r} is not a degree level")
    if set(annex.problems) != set(ANNEX_2_PROBLEMS):
        check.add(name, "annex_2", "problems", f"must be exactly {sorted(ANNEX_2_PROBLEMS)}")
    for problem_id, text in annex.problems.items():
        allowed = ANNEX_2_PROBLEMS.get(problem_id, frozenset())
        for lang in ("zh", "en"):
            if not _placeholders(getattr(text, lang)) <= allowed:
                check.add(name, "annex_2", f"problems.{problem_id}.{lang}", "unknown placeholder")


def _possible(header: str | f.ByReading[str]) -> set[str]:
    if isinstance(header, f.ByReading):
        return {squash(v) for v in header.by_reading.values()}
    return {squash(header)}


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
