"""Form 1 (附表1, 生源信息修改申请表) from change requests: one row per correction that
goes through the form and is not rejected, numbered from 1.

Which corrections are left out, and why, is returned beside the table (`Skipped`): a
correction the student makes without the form, or one the decision rejects. The ID
number appears in full only in a row that corrects it (the form is where the
department reads the corrected number); everywhere else it is masked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from origin_rules.changes.decide import decide_change
from origin_rules.changes.decision import ChangeDecision, FieldResult
from origin_rules.changes.policy import ChangesPolicy, bundled_changes_policy, pick
from origin_rules.changes.request import ChangeRequest, Correction
from origin_rules.decision import LocalText
from origin_rules.forms.tables import Table
from origin_rules.forms.words import interpretation_note

__all__ = ["ChangeForm", "Skipped", "change_form"]


@dataclass(frozen=True)
class Skipped:
    """A correction not on the form: which request and field, and why."""

    request_id: str | None
    student_number: str
    field: str
    result: str
    why: LocalText


@dataclass(frozen=True)
class ChangeForm:
    table: Table
    decisions: tuple[ChangeDecision, ...]
    skipped: tuple[Skipped, ...]


def change_form(
    requests: Iterable[ChangeRequest],
    *,
    interpretations: Mapping[str, str] | None = None,
    origin_interpretations: Mapping[str, str] | None = None,
    engine: str = "durable",
    policy: ChangesPolicy | None = None,
) -> ChangeForm:
    """Decide each request and lay the corrections that go through form 1 out as its rows."""
    policy = policy or bundled_changes_policy()
    readings = policy.readings(interpretations)
    form = policy.forms.form_1
    headers: list[str] = []
    relied: list[str] = []
    for column in form.columns:
        header, interp = pick(column.header, readings)
        headers.append(header)
        if interp is not None:
            relied.append(interp)
    rows: list[tuple[str, ...]] = []
    decisions: list[ChangeDecision] = []
    skipped: list[Skipped] = []
    for request in requests:
        decision = decide_change(
            request,
            interpretations=readings,
            origin_interpretations=origin_interpretations,
            engine=engine,
            policy=policy,
        )
        decisions.append(decision)
        for correction, result in zip(request.corrections, decision.fields, strict=True):
            if result.route != "form" or result.result == "rejected":
                skipped.append(
                    Skipped(
                        request.request_id,
                        request.record.student_number,
                        result.field,
                        result.result,
                        result.summary if result.route == "form" else result.route_text,
                    )
                )
                continue
            cells = _cells(request, correction, result, policy, len(rows) + 1)
            rows.append(tuple(cells[c.id] for c in form.columns))
    signatures = policy.clauses[form.signatures_clause].text
    table = Table(
        sheet="附表1",
        preamble=(form.title, signatures),
        headers=tuple(headers),
        rows=tuple(rows),
        notes=tuple(interpretation_note(policy, i, readings[i]) for i in relied),
    )
    return ChangeForm(table, tuple(decisions), tuple(skipped))


def _cells(
    request: ChangeRequest,
    correction: Correction,
    result: FieldResult,
    policy: ChangesPolicy,
    number: int,
) -> dict[str, str]:
    record = request.record
    old = correction.old if correction.old is not None else record.value_of(correction.field)
    new = correction.new
    redecision = result.redecision
    if redecision is not None:
        # Places by name, as the guide's example does (广东省广州市天河区), and by code
        # too: a change of division can keep the name (崇川区 320602 → 320613).
        if redecision.recorded_name and old:
            old = f"{redecision.recorded_name}（{old}）"
        if redecision.requested_name:
            new = f"{redecision.requested_name}（{new}）"
    return {
        "number": str(number),
        "department": record.department,
        "degree": policy.forms.degree_labels[record.degree.value],
        "name": record.name,
        "student_number": record.student_number,
        "phone": record.phone or "",
        "field": result.field_name.zh,
        "old": old or "",
        "new": new,
    }
