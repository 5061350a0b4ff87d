"""The technical appendix of a change decision: the ids behind what staff read.

Staff read the fields by name, the results, reasons, evidence and flags in words, the
clauses by section and text; the change policy, the origin rules and systems use ids for
the same things. As for an origin decision (`origin_rules.render.appendix`, whose parts
and layout this reuses), the appendix lists them per thing the narrative names, in its
order: the decision (result code, change policy and hash), each field (its id, result
code, route, reason, rejection, evidence, flags, clauses, interpretations with the
reading taken), each decision made again before and after a correction (as an origin
decision's ids), and the interpretations relied on.

Every id listed is one the change decision holds (tests/test_staff_narrative_changes.py).
"""

from __future__ import annotations

from origin_rules.changes.decision import ChangeDecision, FieldResult
from origin_rules.render.appendix import (
    AppendixEntry,
    AppendixGroup,
    IdLine,
    appendix_label,
    decision_lines,
    id_line,
    interpretation_line,
    relied_group,
)

__all__ = ["change_appendix", "field_heading"]


def field_heading(number: int, r: FieldResult, lang: str) -> str:
    """A field as the narrative and the appendix both name it: its number and name."""
    return f"{number}. {r.field_name.zh if lang == 'zh' else r.field_name.en}"


def change_appendix(d: ChangeDecision, lang: str) -> tuple[AppendixGroup, ...]:
    """The appendix of `d`'s narrative in `lang`."""
    whole = AppendixEntry(
        None,
        (
            id_line("result_code", lang, d.result),
            id_line("policy", lang, d.policy.id, d.policy.version, joiner=" "),
            id_line("ruleset_hash", lang, d.policy.content_hash),
        ),
    )
    groups = [
        AppendixGroup(appendix_label("change_decision", lang), (whole,)),
        AppendixGroup(
            appendix_label("fields", lang),
            tuple(
                AppendixEntry(field_heading(n, r, lang), _field_lines(r, lang))
                for n, r in enumerate(d.fields, start=1)
            ),
        ),
    ]
    sep = "：" if lang == "zh" else ": "
    redecided = tuple(
        AppendixEntry(
            f"{field_heading(n, r, lang)}{sep}{appendix_label(side, lang)}",
            decision_lines(decision, lang),
        )
        for n, r in enumerate(d.fields, start=1)
        if r.redecision is not None
        for side, decision in (("before", r.redecision.before), ("after", r.redecision.after))
    )
    if redecided:
        groups.append(AppendixGroup(appendix_label("redecision", lang), redecided))
    if d.interpretations:
        groups.append(relied_group(d.interpretations, lang, "relied_plain"))
    return tuple(groups)


def _field_lines(r: FieldResult, lang: str) -> tuple[IdLine, ...]:
    lines = [
        id_line("field", lang, r.field),
        id_line("result_code", lang, r.result),
        id_line("route", lang, r.route),
    ]
    if r.reason is not None:
        lines.append(id_line("reason", lang, r.reason.id))
    if r.rejection is not None:
        lines.append(id_line("rejection", lang, r.rejection.id))
    if r.evidence_required:
        lines.append(id_line("evidence_required", lang, *(e.id for e in r.evidence_required)))
    if r.evidence_missing:
        lines.append(id_line("evidence_missing", lang, *(e.id for e in r.evidence_missing)))
    if r.flags:
        lines.append(id_line("flag", lang, *(f.id for f in r.flags)))
    # The clauses quoted, then any a flag rests on that is not among them.
    clause_ids = [c.id for c in r.clauses]
    clause_ids += [f.clause.id for f in r.flags if f.clause.id not in clause_ids]
    if clause_ids:
        lines.append(id_line("clause", lang, *dict.fromkeys(clause_ids)))
    lines.extend(interpretation_line(u.id, u.reading, lang) for u in r.interpretations)
    return tuple(lines)
