"""A decision as plain text for people: Chinese (the default) or English.

The text follows the decision's trace step by step: for each rule, its title, the
clause of the guide it encodes (section and verbatim text), what it concluded about
this graduate, the facts its condition tested and the interpretations it names. After
the steps come the interpretations the decision relied on, and the missing facts,
reasons and candidate origins, when the decision has any.

    from origin_rules.render_text import render_text
    print(render_text(decision))            # 中文
    print(render_text(decision, lang="en"))
"""

from __future__ import annotations

import textwrap

from origin_rules.decision import Decision, Origin, TraceStep
from origin_rules.errors import InvalidOptionError, OriginRulesError
from origin_rules.ruleset.bundled import bundled_rulesets
from origin_rules.ruleset.model import Outcome, Ruleset
from origin_rules.situation.vocabulary import FACTS, value_label

LANGS = ("zh", "en")

_OUTCOMES: dict[Outcome, tuple[str, str]] = {
    Outcome.DETERMINED: ("已确定生源地", "origin determined"),
    Outcome.NEEDS_REVIEW: ("需学校人工审核", "needs review by staff"),
    Outcome.INSUFFICIENT_FACTS: ("事实不足，需补充", "insufficient facts"),
    Outcome.OUT_OF_SCOPE: ("不在本规则集适用范围内", "out of scope"),
}

_ROLES: dict[str, tuple[str, str]] = {
    "decided": ("作出判定", "decided"),
    "noted": ("附注", "note"),
    "overridden": ("被例外规则取代", "overridden by an exception"),
    "concurs": ("结论相同", "concurs"),
    "outranked": ("优先级较低，未采用", "outranked"),
}

# Labels, (zh, en).
_L: dict[str, tuple[str, str]] = {
    "applicant": ("申请人", "Applicant"),
    "no_id": ("（未提供编号）", "(no id given)"),
    "outcome": ("判定结果", "Outcome"),
    "origin": ("生源地", "Origin"),
    "none": ("无", "none"),
    "ruleset": ("规则集", "Ruleset"),
    "date": ("判定日期", "Decision date"),
    "engine": ("规则引擎", "Engine"),
    "steps": ("判定过程", "Trace"),
    "no_steps": ("（无规则适用）", "(no rule applied)"),
    "rule": ("规则", "Rule"),
    "clause": ("条款", "Clause"),
    "explain": ("说明", "Explanation"),
    "facts": ("所检查的事实", "Facts tested"),
    "step_interps": ("本条涉及的解释", "Interpretations named"),
    "relied": ("本判定所依据的解释", "Interpretations relied on"),
    "missing": ("需补充的事实", "Missing facts"),
    "reasons": ("原因", "Reasons"),
    "candidates": ("候选生源地", "Candidate origins"),
    "default": ("默认解读", "default reading"),
    "not_default": ("非默认解读，由调用方选择", "NOT the default reading; chosen by the caller"),
    "question": ("问题", "Question"),
    "reading": ("所取解读", "Reading"),
}


def render_text(decision: Decision, lang: str = "zh", ruleset: Ruleset | None = None) -> str:
    """The decision as numbered, readable text in Chinese (`zh`) or English (`en`).

    `ruleset` is only used to say whether an interpretation that a step names (but the
    decision did not rely on) was read by default; by default it is the bundled ruleset
    the decision names, when its content hash matches.
    """
    if lang not in LANGS:
        raise InvalidOptionError(f"lang: {lang!r} is not one of {list(LANGS)}")
    return _Renderer(decision, lang, ruleset or _bundled_for(decision)).render()


def outcome_label(outcome: Outcome, lang: str = "zh") -> str:
    zh, en = _OUTCOMES[outcome]
    return f"{zh}（{outcome.value}）" if lang == "zh" else f"{en} ({outcome.value})"


def origin_label(origin: Origin | None, lang: str = "zh") -> str:
    if origin is None:
        return _pick(_L["none"], lang)
    shown = origin.full_name or origin.name
    level = value_label(origin.level, lang)
    if lang == "zh":
        return f"{shown}（{origin.code}，{level}）" if shown else f"{origin.code}（{level}）"
    return f"{shown} ({origin.code}, {level})" if shown else f"{origin.code} ({level})"


def _bundled_for(decision: Decision) -> Ruleset | None:
    if decision.ruleset is None:
        return None
    try:
        found = bundled_rulesets().get(decision.ruleset.id)
    except (OriginRulesError, OSError):
        return None
    if found is None or found.content_hash != decision.ruleset.content_hash:
        return None
    return found


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


class _Renderer:
    def __init__(self, decision: Decision, lang: str, ruleset: Ruleset | None) -> None:
        self.d = decision
        self.lang = lang
        self.ruleset = ruleset
        self.colon = "：" if lang == "zh" else ": "
        self.lines: list[str] = []

    def label(self, key: str) -> str:
        return _pick(_L[key], self.lang)

    def local(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def add(self, text: str, indent: int = 0) -> None:
        self.lines.append((" " * indent + text).rstrip())

    def heading(self, key: str, indent: int = 0) -> None:
        self.add(f"{self.label(key)}{self.colon}", indent)

    def add_wrapped(self, text: str, indent: int, bullet: str = "") -> None:
        # Chinese text has no spaces to break at; only English is wrapped.
        if self.lang == "zh":
            self.add(bullet + text, indent)
            return
        pad = " " * indent
        self.lines.extend(
            textwrap.wrap(
                text,
                width=100,
                initial_indent=pad + bullet,
                subsequent_indent=pad + " " * len(bullet),
                break_on_hyphens=False,
            )
            or [pad + bullet]
        )

    def render(self) -> str:
        d = self.d
        c = self.colon
        self.add(f"{self.label('applicant')}{c}{d.applicant_id or self.label('no_id')}")
        self.add(f"{self.label('outcome')}{c}{outcome_label(d.outcome, self.lang)}")
        self.add(f"{self.label('origin')}{c}{origin_label(d.origin, self.lang)}")
        if d.ruleset is not None:
            self.add(f"{self.label('ruleset')}{c}{d.ruleset.id} {d.ruleset.version}")
        if d.options is not None:
            self.add(f"{self.label('date')}{c}{d.options.decision_date.isoformat()}")
        self.add(f"{self.label('engine')}{c}{d.engine}")

        self.add("")
        self.heading("steps")
        if not d.trace:
            self.add(self.label("no_steps"), 2)
            self.add("")
        for number, step in enumerate(d.trace, start=1):
            self.step(number, step)

        self.relied_on()
        self.missing_reasons_candidates()
        return "\n".join(self.lines).rstrip() + "\n"

    def step(self, number: int, step: TraceStep) -> None:
        c = self.colon
        role = _pick(_ROLES[step.role], self.lang)
        title = self.local(step.title.zh, step.title.en)
        bracket = f"【{role}】" if self.lang == "zh" else f"[{role}] "
        self.add(f"{number}. {bracket}{title}", 2)
        self.add(f"{self.label('rule')}{c}{step.rule}", 5)
        clause_id = f"（{step.clause.id}）" if self.lang == "zh" else f" ({step.clause.id})"
        self.add(f"{self.label('clause')}{c}{step.clause.section}{clause_id}", 5)
        self.add(f"「{step.clause.text}」", 7)
        self.heading("explain", 5)
        self.add_wrapped(self.local(step.text.zh, step.text.en), 7)
        if step.facts:
            sep = "；" if self.lang == "zh" else "; "
            shown = sep.join(self.fact(name, value) for name, value in step.facts.items())
            self.heading("facts", 5)
            self.add_wrapped(shown, 7)
        if step.interpretations:
            self.heading("step_interps", 5)
            for interp_id in step.interpretations:
                self.add_wrapped(self.step_interpretation(interp_id), 7, "- ")
        self.add("")

    def fact(self, name: str, value: str | bool) -> str:
        spec = FACTS.get(name)
        label = (spec.zh if self.lang == "zh" else spec.en) if spec else name
        raw = str(value).lower() if isinstance(value, bool) else value
        return f"{label} = {value_label(raw, self.lang)}"

    def step_interpretation(self, interp_id: str) -> str:
        reading = self.d.options.interpretations.get(interp_id) if self.d.options else None
        if reading is None:
            return interp_id
        is_default: bool | None = None
        reading_text: str | None = None
        for use in self.d.interpretations:
            if use.id == interp_id:
                is_default = use.is_default
                reading_text = self.local(use.reading_text.zh, use.reading_text.en)
        declared = self.ruleset.interpretations.get(interp_id) if self.ruleset else None
        if declared is not None:
            if is_default is None:
                is_default = reading == declared.default
            if reading_text is None and reading in declared.readings:
                reading_text = declared.readings[reading].in_lang(self.lang)
        shown = f"{interp_id} = {reading}"
        if is_default is not None:
            mark = self.label("default") if is_default else self.label("not_default")
            shown += f"（{mark}）" if self.lang == "zh" else f" ({mark})"
        if reading_text:
            shown += f"{self.colon}{reading_text}"
        return shown

    def relied_on(self) -> None:
        self.heading("relied")
        if not self.d.interpretations:
            self.add(
                self.local(
                    "无（本判定不取决于任何有争议的解释）",
                    "none (no open point of the guide affects this decision)",
                ),
                2,
            )
        for use in self.d.interpretations:
            mark = self.label("default") if use.is_default else self.label("not_default")
            head = f"- {use.id} = {use.reading}"
            self.add(f"{head}（{mark}）" if self.lang == "zh" else f"{head} ({mark})", 2)
            self.heading("question", 4)
            self.add_wrapped(self.local(use.question.zh, use.question.en), 6)
            self.heading("reading", 4)
            self.add_wrapped(self.local(use.reading_text.zh, use.reading_text.en), 6)

    def missing_reasons_candidates(self) -> None:
        d = self.d
        if d.missing_facts:
            self.add("")
            self.heading("missing")
            for m in d.missing_facts:
                self.add_wrapped(self.local(m.text.zh, m.text.en), 2, "- ")
                self.add(f"({m.fact})", 4)
        if d.reasons:
            self.add("")
            self.heading("reasons")
            for r in d.reasons:
                self.add_wrapped(f"{self.local(r.text.zh, r.text.en)}  [{r.code}]", 2, "- ")
        if d.candidate_origins:
            self.add("")
            self.heading("candidates")
            for o in d.candidate_origins:
                self.add(f"- {origin_label(o, self.lang)}", 2)
