"""Annex 2 (附件2, 少干计划毕业生信息汇总表) from graduate records: one row per graduate in
the minority programme (少干计划), and the problems staff must settle before filing it:
no agreement (定向协议书) uploaded, or unknown, or a degree the programme does not cover.

The guide gives no columns for annex 2; they are an interpretation
(`minority_summary_columns` in rulesets/changes-2022/interpretations.yaml). No ID
number is on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from origin_rules.changes.policy import ChangesPolicy, bundled_changes_policy, pick
from origin_rules.changes.record import GraduateRecord
from origin_rules.decision import LocalText
from origin_rules.divisions import Divisions
from origin_rules.divisions.registry import default_registry
from origin_rules.forms.tables import Table
from origin_rules.forms.words import interpretation_note

__all__ = ["MinorityProblem", "MinoritySummary", "minority_summary"]

_AGREEMENT = {True: "是", False: "否", None: "未说明"}


@dataclass(frozen=True)
class MinorityProblem:
    """A graduate in the programme whose record staff must settle: which record (its
    0-based position in the input), who, the problem's id and its words."""

    index: int
    student_number: str
    name: str
    problem: str
    text: LocalText
    clause: str


@dataclass(frozen=True)
class MinoritySummary:
    table: Table
    problems: tuple[MinorityProblem, ...]


def minority_summary(
    records: Iterable[GraduateRecord],
    *,
    interpretations: Mapping[str, str] | None = None,
    as_of: date | None = None,
    policy: ChangesPolicy | None = None,
    divisions: Divisions | None = None,
) -> MinoritySummary:
    """The summary of minority-programme graduates among `records`, and its problems.
    `as_of` names the origins as the divisions stood that day (default: today)."""
    policy = policy or bundled_changes_policy()
    readings = policy.readings(interpretations)
    annex = policy.forms.annex_2
    columns, interp = pick(annex.columns, readings)
    registry = divisions or default_registry()
    on = as_of or date.today()
    rows: list[tuple[str, ...]] = []
    problems: list[MinorityProblem] = []
    for index, record in enumerate(records):
        if not record.minority_programme:
            continue
        degree = policy.forms.degree_labels[record.degree.value]
        origin = ""
        if record.origin is not None:
            origin = registry.full_name(record.origin, on) or record.origin
        cells = {
            "number": str(len(rows) + 1),
            "department": record.department,
            "degree": degree,
            "name": record.name,
            "student_number": record.student_number,
            "phone": record.phone or "",
            "ethnicity": record.ethnicity or "",
            "origin": origin,
            "agreement": _AGREEMENT[record.agreement_on_file],
        }
        rows.append(tuple(cells[c] for c in columns))
        found: list[tuple[str, dict[str, str]]] = []
        if record.agreement_on_file is False:
            found.append(("no_agreement", {}))
        elif record.agreement_on_file is None:
            found.append(("agreement_unknown", {}))
        if record.degree.value not in annex.degrees:
            found.append(("degree_not_in_programme", {"degree": degree}))
        for problem, values in found:
            text = annex.problems[problem]
            problems.append(
                MinorityProblem(
                    index,
                    record.student_number,
                    record.name,
                    problem,
                    LocalText(zh=text.zh.format_map(values), en=text.en.format_map(values)),
                    annex.clause,
                )
            )
    notes = () if interp is None else (interpretation_note(policy, interp, readings[interp]),)
    table = Table(
        sheet="附件2",
        preamble=(annex.title,),
        headers=tuple(annex.headers[c] for c in columns),
        rows=tuple(rows),
        notes=notes,
    )
    return MinoritySummary(table, tuple(problems))
