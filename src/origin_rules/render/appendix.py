"""The technical appendix of a narrative: the ids behind the titles and words staff read.

Staff read titles and sentences; systems and auditors need the ids the ruleset and the
decision's data use for the same things. The appendix lists them, per thing the
narrative above names, in the narrative's order: the decision (outcome code, deciding
rule, ruleset id, version and hash, facts hash, engine, versions), each step (rule id,
clause id, the prepared facts it tested, the interpretations it names with the reading
taken), the rules outranked, the interpretations relied on, the facts to supply (their
field paths), the reasons (their codes), why not the other rules (rule, clause, the
condition not met as a fact test) and what would change the outcome (the fields
changed, the outcome code and deciding rule reached).

Every id listed is one the decision (or the explanation) holds, as its JSON carries it
(tests/test_staff_narrative.py checks it); the appendix adds no id of its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from origin_rules.decision import Decision, InterpretationUse
from origin_rules.explain.model import Explanation
from origin_rules.render.narrative import Narrative

__all__ = [
    "AppendixEntry",
    "AppendixGroup",
    "IdLine",
    "appendix",
    "appendix_label",
    "decision_lines",
    "id_line",
    "interpretation_line",
    "relied_group",
]

# (zh, en)
LABELS: dict[str, tuple[str, str]] = {
    "appendix": ("技术附录（供系统对接与核对）", "Technical appendix"),
    "intro": (
        "上文以标题和文字所称的各项，在规则集和判定数据中的编号如下。",
        "The ids that the ruleset and the decision's data give the things named above "
        "by title and in words, for systems and audit.",
    ),
    "decision": ("判定", "Decision"),
    "outcome_code": ("判定结果代码", "Outcome code"),
    "decided_by": ("作出判定的规则", "Deciding rule"),
    "ruleset": ("规则集及版本", "Ruleset and version"),
    "ruleset_hash": ("规则集摘要", "Ruleset hash"),
    "input_hash": ("事实摘要", "Facts hash"),
    "engine": ("规则引擎", "Engine"),
    "library": ("origin-rules 版本", "origin-rules version"),
    "division_data": ("区划数据版本", "Division data version"),
    "steps": ("判定过程", "Trace"),
    "rule": ("规则", "Rule"),
    "clause": ("条款", "Clause"),
    "facts": ("所检查的事实", "Facts tested"),
    "interps": ("涉及的解释及所取解读", "Interpretations named, with the reading taken"),
    "secondary": ("也适用但未采用的规则", "Rules also applied, not used"),
    "relied": ("本判定所依据的解释", "Interpretations relied on"),
    "interp": ("解释及所取解读", "Interpretation and reading"),
    "missing": ("需补充的事实", "Facts to supply"),
    "path": ("字段路径", "Field path"),
    "reasons": ("原因", "Reasons"),
    "reason": ("原因代码", "Reason code"),
    "why_not": ("为什么不是……", "Why not"),
    "failed": ("未满足的条件", "Condition not met"),
    "what_if": ("如果……", "What would change it"),
    "item": ("第{n}项", "Item {n}"),
    "change": ("改变的字段", "Field changed"),
    "removed": ("删除", "removed"),
    "actual": ("实际为", "actual"),
    # a change request decided (origin_rules.changes.appendix)
    "intro_change": (
        "上文以标题和文字所称的各项，在修改规则、判定规则和审核数据中的编号如下。",
        "The ids that the change policy, the origin rules and the decision's data give "
        "the things named above by title and in words, for systems and audit.",
    ),
    "change_decision": ("审核", "Decision"),
    "result_code": ("审核结果代码", "Result code"),
    "policy": ("修改规则集及版本", "Change policy and version"),
    "fields": ("逐项审核", "Field by field"),
    "field": ("字段", "Field"),
    "route": ("办理方式代码", "Route"),
    "rejection": ("不予受理原因代码", "Rejection code"),
    "evidence_required": ("所需证明材料代码", "Evidence required"),
    "evidence_missing": ("尚缺证明材料代码", "Evidence missing"),
    "flag": ("请核实事项代码", "To check"),
    "redecision": ("重新判定", "Decided again"),
    "before": ("更正前的事实", "facts before"),
    "after": ("更正后的事实", "facts after"),
    # a diagnosis (origin_rules.workflow.appendix)
    "intro_diagnosis": (
        "上文以标题和文字所称的各项，在诊断规则和记录数据中的编号如下。",
        "The ids that the diagnosis rules and the record's data give the things named "
        "above by title and in words, for systems and audit.",
    ),
    "relied_plain": ("所依据的解释", "Interpretations relied on"),
    "diagnosis": ("诊断", "Diagnosis"),
    "diagnosed_by": ("作出诊断的规则", "Diagnosing rule"),
    "symptom": ("问题代码", "Symptom code"),
    "state_hash": ("记录状态摘要", "Record state hash"),
    "findings": ("各项诊断与提示", "Findings"),
    "covered_by": ("涵盖它的规则", "Covered by"),
    "step_rules": ("提出下一步的规则", "Rule asking for the step"),
}


def appendix_label(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


@dataclass(frozen=True)
class IdLine:
    """A label and the ids it lists; `note` adds values that are not ids (the values a
    counterfactual changes a field from and to)."""

    label: str
    ids: tuple[str, ...]
    joiner: str = ", "
    note: str = ""

    def shown(self) -> str:
        return self.joiner.join(self.ids) + self.note


@dataclass(frozen=True)
class AppendixEntry:
    refers_to: str | None  # what the narrative calls it: a title, a sentence; None: the whole
    lines: tuple[IdLine, ...]


@dataclass(frozen=True)
class AppendixGroup:
    heading: str
    entries: tuple[AppendixEntry, ...]


def appendix(obj: Decision | Explanation, n: Narrative) -> tuple[AppendixGroup, ...]:
    """The appendix of `n`, the narrative of `obj`, in `n`'s language."""
    return _Appendix(obj, n).build()


def id_line(key: str, lang: str, *ids: str, joiner: str = ", ", note: str = "") -> IdLine:
    """A line of the appendix: the label of `key` in `lang` and the ids it lists."""
    return IdLine(appendix_label(key, lang), ids, joiner, note)


def decision_lines(d: Decision, lang: str) -> tuple[IdLine, ...]:
    """The ids of a decision as a whole: its outcome code, deciding rule, ruleset,
    hashes, engine and versions. A change decision lists them for each decision it
    made again (before and after a correction)."""
    lines = [id_line("outcome_code", lang, d.outcome.value)]
    if d.decided_by:
        lines.append(id_line("decided_by", lang, d.decided_by))
    if d.ruleset is not None:
        lines.append(id_line("ruleset", lang, d.ruleset.id, d.ruleset.version, joiner=" "))
        lines.append(id_line("ruleset_hash", lang, d.ruleset.content_hash))
    lines.append(id_line("input_hash", lang, d.input_hash))
    lines.append(id_line("engine", lang, d.engine))
    if d.versions is not None:
        lines.append(id_line("library", lang, d.versions.library))
        if d.versions.division_data:
            lines.append(id_line("division_data", lang, d.versions.division_data))
    return tuple(lines)


def interpretation_line(interp_id: str, reading: str | None, lang: str) -> IdLine:
    """An interpretation named, with the reading taken where known."""
    if reading is None:
        return id_line("interps", lang, interp_id)
    return id_line("interps", lang, interp_id, reading, joiner=" = ")


def relied_group(
    uses: tuple[InterpretationUse, ...], lang: str, heading: str = "relied"
) -> AppendixGroup:
    """The interpretations relied on, by their questions, each with its id and the
    reading taken; `heading` is the key of the group's heading."""
    return AppendixGroup(
        appendix_label(heading, lang),
        tuple(
            AppendixEntry(
                u.question.zh if lang == "zh" else u.question.en,
                (id_line("interp", lang, u.id, u.reading, joiner=" = "),),
            )
            for u in uses
        ),
    )


class _Appendix:
    def __init__(self, obj: Decision | Explanation, n: Narrative) -> None:
        self.d = obj.decision if isinstance(obj, Explanation) else obj
        self.e = obj if isinstance(obj, Explanation) else None
        self.n = n

    def label(self, key: str) -> str:
        return appendix_label(key, self.n.lang)

    def line(self, key: str, *ids: str, joiner: str = ", ", note: str = "") -> IdLine:
        return id_line(key, self.n.lang, *ids, joiner=joiner, note=note)

    def build(self) -> tuple[AppendixGroup, ...]:
        d, n = self.d, self.n
        groups = [AppendixGroup(self.label("decision"), (self.whole(),))]
        main = [s for s in d.trace if s.role != "outranked"]
        if main:
            groups.append(
                AppendixGroup(
                    self.label("steps"),
                    tuple(
                        AppendixEntry(
                            f"{shown.number}. {shown.title}",
                            self.rule_lines(s.rule, s.clause.id)
                            + self.facts_line(tuple(s.facts))
                            + self.interps_line(s.interpretations),
                        )
                        for s, shown in zip(main, n.steps, strict=True)
                    ),
                )
            )
        if n.secondary:
            groups.append(
                AppendixGroup(
                    self.label("secondary"),
                    tuple(
                        AppendixEntry(s.title, self.rule_lines(s.rule, s.clause_id))
                        for s in n.secondary
                    ),
                )
            )
        if d.interpretations:
            groups.append(relied_group(d.interpretations, n.lang))
        if d.missing_facts:
            groups.append(
                AppendixGroup(
                    self.label("missing"),
                    tuple(
                        AppendixEntry(
                            m.text.zh if n.lang == "zh" else m.text.en, (self.line("path", m.fact),)
                        )
                        for m in d.missing_facts
                    ),
                )
            )
        if d.reasons:
            groups.append(
                AppendixGroup(
                    self.label("reasons"),
                    tuple(
                        AppendixEntry(
                            r.text.zh if n.lang == "zh" else r.text.en,
                            (self.line("reason", r.code),),
                        )
                        for r in d.reasons
                    ),
                )
            )
        if self.e is not None:
            groups.extend(self.explained(self.e))
        return tuple(groups)

    def whole(self) -> AppendixEntry:
        return AppendixEntry(None, decision_lines(self.d, self.n.lang))

    def rule_lines(self, rule: str, clause_id: str) -> tuple[IdLine, ...]:
        return (self.line("rule", rule), self.line("clause", clause_id))

    def facts_line(self, facts: tuple[str, ...]) -> tuple[IdLine, ...]:
        return (self.line("facts", *facts),) if facts else ()

    def interps_line(self, interp_ids: tuple[str, ...]) -> tuple[IdLine, ...]:
        chosen = self.d.options.interpretations if self.d.options else {}
        return tuple(interpretation_line(i, chosen.get(i), self.n.lang) for i in interp_ids)

    def explained(self, e: Explanation) -> list[AppendixGroup]:
        n = self.n
        groups = []
        if e.why_not:
            groups.append(
                AppendixGroup(
                    self.label("why_not"),
                    tuple(
                        AppendixEntry(
                            shown.title,
                            (
                                *self.rule_lines(w.rule, w.clause.id),
                                self.line(
                                    "failed",
                                    w.failed.fact,
                                    note=f" {w.failed.op} "
                                    + ", ".join(_value(v) for v in w.failed.expected)
                                    + ("；" if n.lang == "zh" else "; ")
                                    + f"{self.label('actual')} {_value(w.failed.actual)}",
                                ),
                            ),
                        )
                        for w, shown in zip(e.why_not, n.why_not or (), strict=True)
                    ),
                )
            )
        if e.counterfactuals:
            groups.append(
                AppendixGroup(
                    self.label("what_if"),
                    tuple(
                        AppendixEntry(
                            self.label("item").format(n=number),
                            (
                                *(
                                    self.line(
                                        "change",
                                        ch.path,
                                        note=f": {_value(ch.before)} → "
                                        + (
                                            self.label("removed")
                                            if ch.after is None
                                            else _value(ch.after)
                                        ),
                                    )
                                    for ch in c.changes
                                ),
                                self.line("outcome_code", c.outcome.value),
                                *((self.line("decided_by", c.decided_by),) if c.decided_by else ()),
                            ),
                        )
                        for number, c in enumerate(e.counterfactuals, start=1)
                    ),
                )
            )
        return groups


def _value(value: Any) -> str:
    """A fact's value as its JSON shows it, compactly: a place by its code, a removed
    record by its dates."""
    if isinstance(value, dict):
        if "code" in value:
            return str(value["code"])
        if isinstance(value.get("place"), dict) and "start" in value:
            return f"{value['place'].get('code')} {value['start']}"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
