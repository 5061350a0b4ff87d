"""Load the change policy (rulesets/changes-2022) and check what its entries mean.

Every problem is collected and reported at once as a `RulesetError`, each naming the
file, the entry and the field, as the origin rulesets' loader does. Clauses are checked
verbatim against the guide's text with the same `squash` as the origin rules.
"""

from __future__ import annotations

import functools
import hashlib
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from origin_rules.changes import files as f
from origin_rules.changes.record import GraduateRecord
from origin_rules.errors import InvalidOptionError, RuleFileProblem, RulesetError
from origin_rules.facts import DegreeLevel
from origin_rules.ruleset.bundled import rulesets_folder
from origin_rules.ruleset.load import squash
from origin_rules.ruleset.model import Clause, Interpretation, Text

__all__ = [
    "ChangesPolicy",
    "bundled_changes_policy",
    "load_changes_policy",
    "pick",
]

FOLDER_NAME = "changes-2022"

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

# Readings the code acts on (not only looks up in the files): they must be declared.
CODE_READINGS: Mapping[str, frozenset[str]] = {
    "missing_reason": frozenset({"reject", "assume_record_error"}),
    "named_evidence": frozenset({"all_named", "named_are_examples"}),
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

    def readings(self, chosen: Mapping[str, str] | None = None) -> dict[str, str]:
        """Every interpretation's reading: the default unless `chosen` says otherwise.
        An unknown interpretation or reading raises `InvalidOptionError` naming it."""
        readings = {i.id: i.default for i in self.interpretations.values()}
        problems = []
        for interp_id, reading in (chosen or {}).items():
            declared = self.interpretations.get(interp_id)
            if declared is None:
                problems.append(
                    f"interpretations.{interp_id}: not an interpretation of {self.id} "
                    f"(one of {sorted(self.interpretations)})"
                )
            elif reading not in declared.readings:
                problems.append(
                    f"interpretations.{interp_id}: {reading!r} is not one of "
                    f"{sorted(declared.readings)}"
                )
            else:
                readings[interp_id] = reading
        if problems:
            raise InvalidOptionError("; ".join(problems))
        return readings


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
    folder = Path(folder)
    check = _Checker()
    digest = hashlib.sha256()

    def read(name: str, model: type[M]) -> M | None:
        try:
            raw_bytes = (folder / name).read_bytes()
        except OSError as exc:
            check.add(name, None, "(file)", f"cannot be read: {exc.strerror}")
            return None
        digest.update(name.encode() + b"\0" + raw_bytes + b"\0")
        try:
            raw = yaml.safe_load(raw_bytes.decode("utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            check.add(name, None, "(file)", f"is not valid UTF-8 YAML: {exc}")
            return None
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = ".".join(str(p) for p in err["loc"]) or "(root)"
                check.add(name, _entry_of(raw, err["loc"]), loc, err["msg"])
            return None

    changes = read("changes.yaml", f.ChangesFile)
    clauses_file = read("clauses.yaml", f.ClausesFile)
    interps_file = read("interpretations.yaml", f.InterpretationsFile)
    forms = read("forms.yaml", f.FormsFile)
    if changes is None or clauses_file is None or interps_file is None or forms is None:
        raise RulesetError(check.items)
    source = _read_source(folder, changes.source.document, check, digest)
    clauses = _clauses(clauses_file, source, check)
    interpretations = _interpretations(interps_file, clauses, check)
    _check_changes(changes, clauses, interpretations, check)
    _check_forms(forms, clauses, interpretations, check)
    if check.items:
        raise RulesetError(check.items)
    return ChangesPolicy(
        id=changes.id,
        version=changes.version,
        title=Text(changes.title.zh, changes.title.en),
        content_hash="sha256:" + digest.hexdigest(),
        clauses=clauses,
        interpretations=interpretations,
        changes=changes,
        forms=forms,
    )


class _Checker:
    def __init__(self) -> None:
        self.items: list[RuleFileProblem] = []
        self.interpretations: Mapping[str, Interpretation] = {}

    def add(self, file: str, entry: str | None, field: str, message: str) -> None:
        self.items.append(RuleFileProblem(file, entry, field, message))

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
        try:
            item = raw[loc[0]][loc[1]]
            return str(item.get("id")) if isinstance(item, dict) else None
        except (KeyError, IndexError, TypeError):
            return None
    return None


def _read_source(folder: Path, name: str, check: _Checker, digest: Any) -> str:
    try:
        data = (folder / name).read_bytes()
    except OSError as exc:
        check.add("changes.yaml", None, "source.document", f"{name} cannot be read: {exc}")
        return ""
    digest.update(name.encode() + b"\0" + data + b"\0")
    return data.decode("utf-8")


def _clauses(file: f.ClausesFile, source: str, check: _Checker) -> dict[str, Clause]:
    clauses: dict[str, Clause] = {}
    flat_source = squash(source)
    for c in file.clauses:
        if c.id in clauses:
            check.add("clauses.yaml", c.id, "id", "is declared twice")
        if source and squash(c.text) not in flat_source:
            check.add("clauses.yaml", c.id, "text", "is not verbatim in the source document")
        if source and squash(c.section).split("/")[-1] not in flat_source:
            check.add("clauses.yaml", c.id, "section", "heading not found in the source")
        clauses[c.id] = Clause(c.id, c.section, c.text)
    return clauses


def _interpretations(
    file: f.InterpretationsFile, clauses: Mapping[str, Clause], check: _Checker
) -> dict[str, Interpretation]:
    result: dict[str, Interpretation] = {}
    name = "interpretations.yaml"
    for i in file.interpretations:
        if i.id in result:
            check.add(name, i.id, "id", "is declared twice")
        check.clause(name, i.id, "clause", i.clause, clauses)
        if i.default not in i.readings:
            check.add(name, i.id, "default", f"{i.default!r} is not one of its readings")
        result[i.id] = Interpretation(
            id=i.id,
            clause=i.clause,
            question=Text(i.question.zh, i.question.en),
            default=i.default,
            readings={k: Text(v.zh, v.en) for k, v in i.readings.items()},
            why_default=Text(i.why_default.zh, i.why_default.en),
        )
    for interp_id, readings in CODE_READINGS.items():
        declared = result.get(interp_id)
        if declared is None:
            check.add(name, interp_id, "id", "is used by the code but not declared")
        elif set(declared.readings) != readings:
            check.add(name, interp_id, "readings", f"must be exactly {sorted(readings)}")
    check.interpretations = result
    return result


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
    declared = {r.id: r for r in changes.rejections}
    for rejection_id in CODE_REJECTIONS:
        if rejection_id not in declared:
            check.add(name, rejection_id, "id", "rejection is used by the code but not declared")
    for rejection in changes.rejections:
        check.clause(name, rejection.id, "clause", rejection.clause, clauses)
        allowed = CODE_REJECTIONS.get(rejection.id, frozenset())
        for lang in ("zh", "en"):
            used = _placeholders(getattr(rejection.text, lang))
            if not used <= allowed:
                check.add(
                    name,
                    rejection.id,
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
