"""A change decision for staff: plain text, Markdown or an HTML report, in Chinese (the
default) or English, or JSON.

    render_change(decision)                          # 中文, plain text
    render_change(decision, lang="en", format="md")  # English Markdown
    render_change(decision, format="html", request=request)  # a report to print
    render_change(decision, format="json")           # the data, keys sorted

Per field: the values, the reason, how it is changed (student or form 1), the result in
one sentence, any flag for staff to check, the evidence required, supplied and missing, and for a change of origin
the decisions on the facts before and after side by side; then the clauses quoted and
the interpretations relied on. Staff read titles and words: the ids (the policy's, the
fields', results, reasons, evidence, flags, clauses, interpretations, the deciding rules
and hashes of the decisions made again) come last, in a technical appendix
(`origin_rules.changes.appendix`, laid out as an origin decision's).
"""

from __future__ import annotations

from origin_rules.changes.appendix import change_appendix
from origin_rules.changes.decision import ChangeDecision, FieldResult, Flag, Redecision
from origin_rules.changes.policy import bundled_changes_policy
from origin_rules.changes.request import ChangeRequest
from origin_rules.decision import Decision, InterpretationUse, LocalText
from origin_rules.errors import InvalidOptionError
from origin_rules.render.json import render_json
from origin_rules.render.markdown import appendix_blocks
from origin_rules.render.markdown import code as md_code
from origin_rules.render.markdown import escape as md
from origin_rules.render.narrative import check_lang, origin_label, outcome_words
from origin_rules.render.text import appendix_lines
from origin_rules.situation.vocabulary import value_label

__all__ = ["FORMATS", "render_change"]

FORMATS = ("text", "md", "json", "html")

_LABELS: dict[str, tuple[str, str]] = {
    "title": ("生源信息修改申请审核结果", "Change request: decision"),
    "request": ("申请编号", "Request"),
    "student": ("学生", "Student"),
    "number": ("学号", "student number"),
    "state": ("校对状态", "Verification"),
    "verified": ("已完成生源校对", "verified"),
    "not_verified": ("尚未完成生源校对", "not yet verified"),
    "result": ("审核结果", "Result"),
    "policy": ("依据", "Policy"),
    "reason": ("原因", "Reason"),
    "assumed": ("（未说明，按解释视为此原因）", " (none given; assumed by an interpretation)"),
    "no_reason": ("未说明", "none given"),
    "route": ("办理方式", "How"),
    "outcome": ("结论", "Outcome"),
    "required": ("所需证明材料", "Evidence required"),
    "supplied": ("已提供", "Supplied"),
    "missing": ("尚缺", "Missing"),
    "none": ("无", "none"),
    "facts": ("须补充或核实的事实", "Facts to supply or verify"),
    "flag": ("请核实", "To check"),
    "redecision": ("重新判定（更正前 ｜ 更正后）", "Decided again (before | after)"),
    "before": ("更正前的事实", "Facts before"),
    "after": ("更正后的事实", "Facts after"),
    "item": ("项目", "Item"),
    "r_outcome": ("判定结果", "Outcome"),
    "r_origin": ("生源地", "Origin"),
    "r_rule": ("作出判定的规则", "Deciding rule"),
    "r_date": ("判定日期", "Decision date"),
    "clauses": ("条款", "Clauses"),
    "interps": ("所依据的解释", "Interpretations relied on"),
    "interps_none": ("无", "none"),
    "default": ("默认解读", "default reading"),
    "not_default": ("非默认解读，由调用方选择", "NOT the default reading; chosen by the caller"),
    "fields": ("逐项审核", "Field by field"),
}

_RESULTS: dict[str, tuple[str, str]] = {
    "accepted": ("受理", "accepted"),
    "needs_evidence": ("须补充材料", "needs evidence"),
    "rejected": ("不予受理", "rejected"),
}


def _l(key: str, lang: str) -> str:
    zh, en = _LABELS[key]
    return zh if lang == "zh" else en


def _t(text: LocalText, lang: str) -> str:
    return text.zh if lang == "zh" else text.en


def result_label(result: str, lang: str = "zh") -> str:
    """The result in words, as staff read it; its code is in the technical appendix."""
    zh, en = _RESULTS[result]
    return zh if lang == "zh" else en


def policy_title(decision: ChangeDecision, lang: str) -> str | None:
    """The change policy by its title, when it is the bundled one the decision names
    (its id, version and hash are in the appendix); None for another policy."""
    policy = bundled_changes_policy()
    if (policy.id, policy.content_hash) != (decision.policy.id, decision.policy.content_hash):
        return None
    return policy.title.zh if lang == "zh" else policy.title.en


def _dash(lang: str) -> str:
    return "——" if lang == "zh" else " — "


def render_change(
    decision: ChangeDecision,
    *,
    lang: str = "zh",
    format: str = "text",
    request: ChangeRequest | None = None,
) -> str:
    """`decision` rendered as `format` (text, md, json or html) in `lang` (zh or en). An
    unknown `lang` or `format` raises `InvalidOptionError` naming it. `request`, the
    request decided, is for the HTML report: it draws the hukou records before and
    after a change of origin (`origin_rules.changes.html`)."""
    check_lang(lang)
    if format == "json":
        return render_json(decision)
    if format == "html":
        # Imported here: the HTML module builds on this one's labels and values.
        from origin_rules.changes.html import render_change_html

        return render_change_html(decision, lang, request)
    if format == "text":
        return _Text(decision, lang).render()
    if format == "md":
        return _Markdown(decision, lang).render()
    raise InvalidOptionError(f"format: {format!r} is not one of {list(FORMATS)}")


def _degree(decision: ChangeDecision, lang: str) -> str:
    """The degree as form 1 writes it (本科, 硕士) in Chinese; in English, the fact
    vocabulary's word for it."""
    if lang == "zh":
        return bundled_changes_policy().forms.degree_labels[decision.degree.value]
    return value_label(decision.degree.value, "en")


def _values(r: FieldResult, lang: str) -> tuple[str, str]:
    """The old and new values as shown: places with their names where known."""
    old = r.old if r.old is not None else _l("none", lang)
    new = r.new
    rd = r.redecision
    if rd is not None:
        if rd.recorded_name and r.old is not None and r.old == rd.recorded:
            old = _place(rd.recorded_name, r.old, lang)
        if rd.requested_name:
            new = _place(rd.requested_name, r.new, lang)
    return old, new


def _place(name: str, code: str, lang: str) -> str:
    return f"{name}（{code}）" if lang == "zh" else f"{name} ({code})"


def _reason(r: FieldResult, lang: str) -> str:
    if r.reason is None:
        return _l("no_reason", lang)
    return _t(r.reason.text, lang) + (_l("assumed", lang) if r.reason_assumed else "")


def _rows(rd: Redecision, lang: str) -> list[tuple[str, str, str]]:
    def date_of(d: Decision) -> str:
        return d.options.decision_date.isoformat() if d.options else "-"

    def rule_of(d: Decision) -> str:
        # The deciding rule by its title; its id is in the appendix.
        for step in d.trace:
            if step.rule == d.decided_by:
                return _t(step.title, lang)
        return "-"

    b, a = rd.before, rd.after
    return [
        (_l("r_outcome", lang), outcome_words(b.outcome, lang), outcome_words(a.outcome, lang)),
        (_l("r_origin", lang), origin_label(b.origin, lang), origin_label(a.origin, lang)),
        (_l("r_rule", lang), rule_of(b), rule_of(a)),
        (_l("r_date", lang), date_of(b), date_of(a)),
    ]


def _flag(flag: Flag, lang: str) -> str:
    # The section, not in brackets: it may hold brackets of its own (四、其他事项/（二）).
    return f"{_t(flag.text, lang)}{_dash(lang)}{flag.clause.section}"


def _interp_line(use: InterpretationUse, lang: str) -> str:
    mark = _l("default", lang) if use.is_default else _l("not_default", lang)
    if lang == "zh":
        return f"{_t(use.question, lang)} —— {_t(use.reading_text, lang)}（{mark}）"
    return f"{_t(use.question, lang)} — {_t(use.reading_text, lang)} ({mark})"


def _field_readings(r: FieldResult, lang: str) -> str:
    """The readings a field relied on, in words (the questions are listed at the end)."""
    return ("；" if lang == "zh" else "; ").join(
        _t(u.reading_text, lang) for u in r.interpretations
    )


class _Text:
    def __init__(self, d: ChangeDecision, lang: str) -> None:
        self.d = d
        self.lang = lang
        self.c = "：" if lang == "zh" else ": "
        self.lines: list[str] = []

    def kv(self, indent: int, key: str, value: str) -> None:
        self.lines.append((" " * indent + f"{_l(key, self.lang)}{self.c}{value}").rstrip())

    def render(self) -> str:
        d, lang = self.d, self.lang
        self.lines.append(_l("title", lang))
        if d.request_id:
            self.kv(0, "request", d.request_id)
        who = (
            f"{d.name}（{_l('number', lang)} {d.student_number}，{d.department}，{_degree(d, lang)}）"
            if lang == "zh"
            else f"{d.name} ({_l('number', lang)} {d.student_number}, {d.department}, {_degree(d, lang)})"
        )
        self.kv(0, "student", who)
        self.kv(0, "state", _l("verified" if d.verified else "not_verified", lang))
        self.kv(0, "result", result_label(d.result, lang))
        title = policy_title(d, lang)
        if title is not None:
            self.kv(0, "policy", title)
        for n, r in enumerate(d.fields, start=1):
            self.field(n, r)
        self.lines.append("")
        self.lines.append(_l("interps", lang) + self.c.strip())
        if not d.interpretations:
            self.lines.append("  " + _l("interps_none", lang))
        for use in d.interpretations:
            self.lines.append(f"  - {_interp_line(use, lang)}")
        self.lines.append("")
        self.lines.extend(appendix_lines(change_appendix(d, lang), lang, "intro_change"))
        return "\n".join(self.lines) + "\n"

    def field(self, n: int, r: FieldResult) -> None:
        lang, c = self.lang, self.c
        old, new = _values(r, lang)
        self.lines.append("")
        self.lines.append(f"{n}. {_t(r.field_name, lang)}{c}{old} → {new}")
        self.kv(3, "reason", _reason(r, lang))
        self.kv(3, "route", _t(r.route_text, lang))
        self.kv(3, "outcome", f"{result_label(r.result, lang)}{_dash(lang)}{_t(r.summary, lang)}")
        for flag in r.flags:
            self.kv(3, "flag", _flag(flag, lang))
        sep = "；" if lang == "zh" else "; "
        if r.evidence_required:
            self.kv(3, "required", sep.join(_t(e.text, lang) for e in r.evidence_required))
            supplied = sep.join(_t(e.text, lang) for e in r.evidence_supplied)
            self.kv(3, "supplied", supplied or _l("none", lang))
            missing = sep.join(_t(e.text, lang) for e in r.evidence_missing)
            self.kv(3, "missing", missing or _l("none", lang))
        if r.facts_to_supply:
            self.kv(3, "facts", "")
            for fact in r.facts_to_supply:
                self.lines.append(f"     - {_t(fact, lang)}")
        if r.redecision is not None:
            self.kv(3, "redecision", "")
            for label, before, after in _rows(r.redecision, lang):
                self.lines.append(f"     {label}{c}{before} ｜ {after}")
            self.lines.append(f"     {_t(r.redecision.note, lang)}")
        self.kv(3, "clauses", "")
        for clause in r.clauses:
            self.lines.append(f"     - {clause.section}")
            self.lines.append(f"       「{clause.text}」")
        if r.interpretations:
            self.kv(3, "interps", _field_readings(r, lang))


class _Markdown:
    def __init__(self, d: ChangeDecision, lang: str) -> None:
        self.d = d
        self.lang = lang
        self.c = "：" if lang == "zh" else ": "
        self.blocks: list[str] = []

    def bullet(self, key: str, value: str) -> str:
        return f"- **{_l(key, self.lang)}**{self.c}{value}"

    def render(self) -> str:
        d, lang = self.d, self.lang
        self.blocks.append(f"# {_l('title', lang)}")
        head = []
        if d.request_id:
            head.append(self.bullet("request", md_code(d.request_id)))
        who = (
            f"{d.name}（{_l('number', lang)} {d.student_number}，{d.department}，{_degree(d, lang)}）"
            if lang == "zh"
            else f"{d.name} ({_l('number', lang)} {d.student_number}, {d.department}, {_degree(d, lang)})"
        )
        head.append(self.bullet("student", md(who)))
        head.append(self.bullet("state", _l("verified" if d.verified else "not_verified", lang)))
        head.append(self.bullet("result", f"**{md(result_label(d.result, lang))}**"))
        title = policy_title(d, lang)
        if title is not None:
            head.append(self.bullet("policy", md(title)))
        self.blocks.append("\n".join(head))
        self.blocks.append(f"## {_l('fields', lang)}")
        for n, r in enumerate(d.fields, start=1):
            self.field(n, r)
        self.blocks.append(f"## {_l('interps', lang)}")
        if d.interpretations:
            self.blocks.append(
                "\n".join(f"- {md(_interp_line(u, lang))}" for u in d.interpretations)
            )
        else:
            self.blocks.append(md(_l("interps_none", lang)))
        self.blocks.extend(appendix_blocks(change_appendix(d, lang), lang, "intro_change"))
        return "\n\n".join(self.blocks) + "\n"

    def field(self, n: int, r: FieldResult) -> None:
        lang = self.lang
        old, new = _values(r, lang)
        self.blocks.append(f"### {n}. {md(_t(r.field_name, lang))}{self.c}{md(old)} → {md(new)}")
        sep = "；" if lang == "zh" else "; "
        items = [
            self.bullet("reason", md(_reason(r, lang))),
            self.bullet("route", md(_t(r.route_text, lang))),
            self.bullet(
                "outcome",
                f"**{md(result_label(r.result, lang))}**{_dash(lang)}{md(_t(r.summary, lang))}",
            ),
        ]
        items.extend(self.bullet("flag", md(_flag(flag, lang))) for flag in r.flags)
        if r.evidence_required:
            items.append(
                self.bullet("required", md(sep.join(_t(e.text, lang) for e in r.evidence_required)))
            )
            supplied = sep.join(_t(e.text, lang) for e in r.evidence_supplied) or _l("none", lang)
            items.append(self.bullet("supplied", md(supplied)))
            missing = sep.join(_t(e.text, lang) for e in r.evidence_missing) or _l("none", lang)
            items.append(self.bullet("missing", md(missing)))
        for fact in r.facts_to_supply:
            items.append(self.bullet("facts", md(_t(fact, lang))))
        self.blocks.append("\n".join(items))
        if r.redecision is not None:
            rows = [
                f"| {_l('item', lang)} | {_l('before', lang)} | {_l('after', lang)} |",
                "|---|---|---|",
                *(f"| {md(a)} | {md(b)} | {md(c)} |" for a, b, c in _rows(r.redecision, lang)),
            ]
            self.blocks.append("\n".join(rows))
            self.blocks.append(md(_t(r.redecision.note, lang)))
        quotes = []
        for clause in r.clauses:
            quotes.append(f"> {md(clause.section)}")
            quotes.append(">")
            quotes.append(f"> {md(clause.text)}")
            quotes.append("")
        self.blocks.append(f"**{_l('clauses', lang)}**\n\n" + "\n".join(quotes).rstrip())
        if r.interpretations:
            self.blocks.append(self.bullet("interps", md(_field_readings(r, lang))))
