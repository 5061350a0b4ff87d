"""What a rendering says, in one language, before it is laid out as text or Markdown.

`narrative(obj, lang)` turns a Decision, or an Explanation (a decision with why-not and
counterfactuals), into a `Narrative`: every sentence and label already in Chinese or
English, in the order a careful colleague would tell it:

1. who, the outcome and the origin, the ruleset, the decision date, the engine;
2. one step per rule that applied (decided, noted, overridden, concurs): its clause,
   section and verbatim text, what it said about this graduate, the facts it tested in
   plain words, the interpretations it names; then, compactly, the rules that also
   applied but were outranked;
3. the interpretations the decision relied on;
4. the conclusion, and for `needs_review` or `insufficient_facts` exactly what staff
   must ask for: the missing facts, the reasons to verify, the candidate origins;
5. for an Explanation: why the rules that rank above the deciding one did not decide,
   and the smallest changes of the facts that would change the outcome.

`text.py` and `markdown.py` only lay a Narrative out; they add no wording of their own
beyond punctuation.
"""

from __future__ import annotations

from dataclasses import dataclass

from origin_rules.decision import Decision, Origin, TraceStep
from origin_rules.errors import InvalidOptionError, OriginRulesError
from origin_rules.explain.model import Explanation
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

# Labels and fixed sentences, (zh, en).
LABELS: dict[str, tuple[str, str]] = {
    "title": ("生源地判定", "Origin decision"),
    "applicant": ("申请人", "Applicant"),
    "no_id": ("（未提供编号）", "(no id given)"),
    "outcome": ("判定结果", "Outcome"),
    "origin": ("生源地", "Origin"),
    "none": ("无", "none"),
    "ruleset": ("规则集", "Ruleset"),
    "basis": ("依据", "Guide"),
    "date": ("判定日期", "Decision date"),
    "engine": ("规则引擎", "Engine"),
    "steps": ("判定过程", "Trace"),
    "no_steps": ("（无规则适用）", "(no rule applied)"),
    "rule": ("规则", "Rule"),
    "rule_word": ("规则", "rule"),  # inside a sentence
    "clause": ("条款", "Clause"),
    "explain": ("说明", "Explanation"),
    "facts": ("所检查的事实", "Facts tested"),
    "fact": ("事实", "Fact"),
    "value": ("值", "Value"),
    "step_interps": ("本条涉及的解释", "Interpretations named"),
    "secondary": (
        "也适用但未采用（优先级较低）",
        "Also applied, not used (lower precedence)",
    ),
    "relied": ("本判定所依据的解释", "Interpretations relied on"),
    "not_relied": (
        "本判定不取决于此解释：按其他解读，结论相同",
        "this decision does not depend on it: another reading gives the same result",
    ),
    "relied_none": (
        "无（本判定不取决于任何有争议的解释）",
        "none (no open point of the guide affects this decision)",
    ),
    "default": ("默认解读", "default reading"),
    "not_default": ("非默认解读，由调用方选择", "NOT the default reading; chosen by the caller"),
    "question": ("问题", "Question"),
    "reading": ("所取解读", "Reading"),
    "conclusion": ("结论", "Conclusion"),
    "decided_by": ("作出判定的规则", "Deciding rule"),
    "ask": ("需要补充或核实的材料", "What staff must ask for"),
    "ask_missing": ("需补充的事实", "Facts to supply"),
    "ask_reasons": ("需核实的问题", "Points to verify"),
    "ask_candidates": ("候选生源地（核实后确定其一）", "Candidate origins (confirm one)"),
    "ask_nothing": (
        "规则未列出具体事项；请按上文判定过程核实。",
        "The rules name nothing specific; verify the steps above.",
    ),
    "reasons": ("原因", "Reasons"),
    "why_not": ("为什么不是……", "Why not"),
    "why_not_intro": (
        "以下规则的优先级高于作出判定的规则，本可得出不同的结论，但各有一项条件未满足：",
        "These rules rank above the deciding rule and could have concluded otherwise, "
        "but each has a condition that does not hold:",
    ),
    "why_not_none": (
        "没有优先级更高、本可得出不同结论的规则。",
        "No rule of higher precedence could have concluded otherwise.",
    ),
    "failed": ("未满足的条件", "Condition not met"),
    "would": ("若适用，结论将是", "It would have concluded"),
    "what_if": ("如果……", "What would change it"),
    "interp_unnamed": (
        "一项解释（编号见技术附录）",
        "an interpretation (its id is in the technical appendix)",
    ),
    "what_if_intro": (
        "对该生事实的以下最小改变会改变判定结论：",
        "The smallest changes of this graduate's facts that would change the outcome:",
    ),
}


def label(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


def check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise InvalidOptionError(f"lang: {lang!r} is not one of {list(LANGS)}")


def outcome_label(outcome: Outcome, lang: str = "zh") -> str:
    """The outcome in words with its code, for listings read by people who also use the
    codes (`origin-rules rules`); staff read `outcome_words`."""
    zh, en = _OUTCOMES[outcome]
    return f"{zh}（{outcome.value}）" if lang == "zh" else f"{en} ({outcome.value})"


def outcome_words(outcome: Outcome, lang: str = "zh") -> str:
    """The outcome in words only, as staff read it; the code is in the technical appendix."""
    zh, en = _OUTCOMES[outcome]
    return zh if lang == "zh" else en


def origin_label(origin: Origin | None, lang: str = "zh") -> str:
    if origin is None:
        return label("none", lang)
    shown = origin.full_name or origin.name
    level = value_label(origin.level, lang)
    if lang == "zh":
        return f"{shown}（{origin.code}，{level}）" if shown else f"{origin.code}（{level}）"
    return f"{shown} ({origin.code}, {level})" if shown else f"{origin.code} ({level})"


def fact_label(name: str, lang: str) -> str:
    spec = FACTS.get(name)
    if spec is None:
        return name
    return spec.zh if lang == "zh" else spec.en


def fact_value(value: str | bool, lang: str) -> str:
    raw = str(value).lower() if isinstance(value, bool) else value
    return value_label(raw, lang)


# --- the narrative -----------------------------------------------------------------------


@dataclass(frozen=True)
class FactLine:
    label: str
    value: str


@dataclass(frozen=True)
class Step:
    number: int
    role: str
    title: str
    rule: str
    section: str
    clause_id: str
    clause_text: str
    text: str
    facts: tuple[FactLine, ...]
    interpretations: tuple[Interp, ...]


@dataclass(frozen=True)
class Secondary:
    """A rule that also matched but was outranked: named, not told."""

    title: str
    rule: str
    section: str
    clause_id: str


@dataclass(frozen=True)
class Interp:
    """An interpretation as a step names it: the reading used, whether that is the
    default (None when not known), and the reading in words."""

    id: str
    reading: str | None
    mark: str | None  # 默认解读 / default reading, or the opposite
    text: str | None
    question: str | None  # what the interpretation settles, in words (None if unknown)
    # Whether the decision relied on it (listed under 本判定所依据的解释): a rule's
    # condition may name an interpretation that no reading of would change this decision.
    relied: bool = True


@dataclass(frozen=True)
class Relied:
    id: str
    reading: str
    mark: str
    question: str
    reading_text: str


@dataclass(frozen=True)
class Item:
    text: str
    detail: str | None = None  # a field path or a reason code, shown beside the text


@dataclass(frozen=True)
class AskGroup:
    key: str  # ask_missing | ask_reasons | ask_candidates
    heading: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class WhyNotLine:
    title: str
    rule: str
    section: str
    clause_id: str
    failed: str
    would: str


@dataclass(frozen=True)
class WhatIf:
    """The counterfactual section: its sentences and a closing note on the search."""

    items: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Narrative:
    lang: str
    applicant: str
    header: tuple[tuple[str, str], ...]  # (label, value), the applicant first
    steps: tuple[Step, ...]
    secondary: tuple[Secondary, ...]
    relied: tuple[Relied, ...]
    conclusion: str
    decided_by: str | None
    decided_by_title: str | None  # the deciding rule as staff read it: its title
    ask: tuple[AskGroup, ...] | None  # None unless needs_review or insufficient_facts
    reasons: tuple[Item, ...]  # reasons of any other outcome
    why_not: tuple[WhyNotLine, ...] | None  # None for a bare Decision
    what_if: WhatIf | None  # None for a bare Decision

    def label(self, key: str) -> str:
        return label(key, self.lang)

    @property
    def colon(self) -> str:
        return "：" if self.lang == "zh" else ": "

    def paren(self, inner: str) -> str:
        """`inner` in brackets after a word: （…） in Chinese, ` (…)` in English."""
        return f"（{inner}）" if self.lang == "zh" else f" ({inner})"

    @property
    def dash(self) -> str:
        """Between a title and where it comes from, when the latter may hold brackets of
        its own (a section such as 四、…/（二）…, which brackets would nest)."""
        return "——" if self.lang == "zh" else " — "


def step_reading(n: Narrative, i: Interp) -> str:
    """What a step says of an interpretation it names, after its question: the reading
    taken, whether it is the default, and whether the decision relied on it."""
    shown = f"{n.label('reading')}{n.colon}{i.text}" if i.text else ""
    if i.text and i.mark:
        shown += n.paren(i.mark)
    if not i.relied:
        note = n.label("not_relied")
        shown = f"{shown}{n.paren(note)}" if shown else note
    return shown


def narrative(
    obj: Decision | Explanation, lang: str = "zh", ruleset: Ruleset | None = None
) -> Narrative:
    """What to say about a decision or an explanation, in `lang`.

    `ruleset` is only used to say whether an interpretation that a step names (but the
    decision did not rely on) was read by default; by default it is the bundled ruleset
    the decision names, when its content hash matches.
    """
    check_lang(lang)
    decision = obj.decision if isinstance(obj, Explanation) else obj
    explanation = obj if isinstance(obj, Explanation) else None
    return _Builder(decision, lang, ruleset or bundled_for(decision)).build(explanation)


def bundled_for(decision: Decision) -> Ruleset | None:
    if decision.ruleset is None:
        return None
    try:
        found = bundled_rulesets().get(decision.ruleset.id)
    except (OriginRulesError, OSError):
        return None
    if found is None or found.content_hash != decision.ruleset.content_hash:
        return None
    return found


class _Builder:
    def __init__(self, decision: Decision, lang: str, ruleset: Ruleset | None) -> None:
        self.d = decision
        self.lang = lang
        self.ruleset = ruleset

    def local(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def paren(self, inner: str) -> str:
        return f"（{inner}）" if self.lang == "zh" else f" ({inner})"

    def build(self, explanation: Explanation | None) -> Narrative:
        d = self.d
        lang = self.lang
        applicant = d.applicant_id or label("no_id", lang)
        header = [
            (label("applicant", lang), applicant),
            (label("outcome", lang), outcome_words(d.outcome, lang)),
            (label("origin", lang), origin_label(d.origin, lang)),
        ]
        # The guide by its title; the ruleset's id, version and hash are in the appendix.
        if self.ruleset is not None:
            header.append(
                (
                    label("basis", lang),
                    self.local(f"《{self.ruleset.source_title}》", self.ruleset.title.en),
                )
            )
        if d.options is not None:
            header.append((label("date", lang), d.options.decision_date.isoformat()))

        main = [s for s in d.trace if s.role != "outranked"]
        steps = tuple(self.step(n, s) for n, s in enumerate(main, start=1))
        secondary = tuple(
            Secondary(
                title=self.local(s.title.zh, s.title.en),
                rule=s.rule,
                section=s.clause.section,
                clause_id=s.clause.id,
            )
            for s in d.trace
            if s.role == "outranked"
        )
        relied = tuple(
            Relied(
                id=u.id,
                reading=u.reading,
                mark=label("default" if u.is_default else "not_default", lang),
                question=self.local(u.question.zh, u.question.en),
                reading_text=self.local(u.reading_text.zh, u.reading_text.en),
            )
            for u in d.interpretations
        )
        asks = d.outcome in (Outcome.NEEDS_REVIEW, Outcome.INSUFFICIENT_FACTS)
        return Narrative(
            lang=lang,
            applicant=applicant,
            header=tuple(header),
            steps=steps,
            secondary=secondary,
            relied=relied,
            conclusion=self.conclusion(),
            decided_by=d.decided_by,
            decided_by_title=next(
                (self.local(s.title.zh, s.title.en) for s in d.trace if s.rule == d.decided_by),
                None,
            ),
            ask=self.ask() if asks else None,
            reasons=() if asks else self.reasons(),
            why_not=None if explanation is None else self.why_not(explanation),
            what_if=None if explanation is None else self.what_if(explanation),
        )

    # --- steps ---

    def step(self, number: int, step: TraceStep) -> Step:
        return Step(
            number=number,
            role=self.local(*_ROLES[step.role]),
            title=self.local(step.title.zh, step.title.en),
            rule=step.rule,
            section=step.clause.section,
            clause_id=step.clause.id,
            clause_text=step.clause.text,
            text=self.local(step.text.zh, step.text.en),
            facts=tuple(
                FactLine(fact_label(name, self.lang), fact_value(value, self.lang))
                for name, value in step.facts.items()
            ),
            interpretations=tuple(self.step_interpretation(i) for i in step.interpretations),
        )

    def step_interpretation(self, interp_id: str) -> Interp:
        reading = self.d.options.interpretations.get(interp_id) if self.d.options else None
        relied = any(use.id == interp_id for use in self.d.interpretations)
        declared = self.ruleset.interpretations.get(interp_id) if self.ruleset else None
        question = None
        for use in self.d.interpretations:
            if use.id == interp_id:
                question = self.local(use.question.zh, use.question.en)
        if question is None and declared is not None:
            question = declared.question.in_lang(self.lang)
        if reading is None:
            return Interp(interp_id, None, None, None, question, relied)
        is_default: bool | None = None
        reading_text: str | None = None
        for use in self.d.interpretations:
            if use.id == interp_id:
                is_default = use.is_default
                reading_text = self.local(use.reading_text.zh, use.reading_text.en)
        if declared is not None:
            if is_default is None:
                is_default = reading == declared.default
            if reading_text is None and reading in declared.readings:
                reading_text = declared.readings[reading].in_lang(self.lang)
        mark = None
        if is_default is not None:
            mark = label("default" if is_default else "not_default", self.lang)
        return Interp(interp_id, reading, mark, reading_text or None, question, relied)

    # --- the end ---

    def conclusion(self) -> str:
        d = self.d
        outcome = outcome_words(d.outcome, self.lang)
        outcome = outcome[:1].upper() + outcome[1:]
        if d.outcome is Outcome.DETERMINED:
            return self.local(
                f"{outcome}：生源地为{origin_label(d.origin, 'zh')}。",
                f"{outcome}: the origin is {origin_label(d.origin, 'en')}.",
            )
        if d.outcome is Outcome.NEEDS_REVIEW:
            return self.local(
                f"{outcome}：规则不能自行确定生源地，由学校就业工作人员核实下列事项后确定。",
                f"{outcome}: the rules cannot settle the origin; staff settle it "
                "after verifying the points below.",
            )
        if d.outcome is Outcome.INSUFFICIENT_FACTS:
            return self.local(
                f"{outcome}：补充下列事实后重新判定。",
                f"{outcome}: decide again once the facts below are supplied.",
            )
        return self.local(
            f"{outcome}：本指引不为该生确定生源地。",
            f"{outcome}: this guide does not determine an origin for this graduate.",
        )

    def ask(self) -> tuple[AskGroup, ...]:
        d = self.d
        groups = []
        if d.missing_facts:
            groups.append(
                AskGroup(
                    "ask_missing",
                    label("ask_missing", self.lang),
                    tuple(Item(self.local(m.text.zh, m.text.en), m.fact) for m in d.missing_facts),
                )
            )
        if d.reasons:
            groups.append(AskGroup("ask_reasons", label("ask_reasons", self.lang), self.reasons()))
        if d.candidate_origins:
            groups.append(
                AskGroup(
                    "ask_candidates",
                    label("ask_candidates", self.lang),
                    tuple(Item(origin_label(o, self.lang)) for o in d.candidate_origins),
                )
            )
        return tuple(groups)

    def reasons(self) -> tuple[Item, ...]:
        return tuple(Item(self.local(r.text.zh, r.text.en), r.code) for r in self.d.reasons)

    def why_not(self, explanation: Explanation) -> tuple[WhyNotLine, ...]:
        return tuple(
            WhyNotLine(
                title=self.local(w.title.zh, w.title.en),
                rule=w.rule,
                section=w.clause.section,
                clause_id=w.clause.id,
                failed=self.local(w.failed.text.zh, w.failed.text.en),
                would=self.local(w.would_conclude.zh, w.would_conclude.en),
            )
            for w in explanation.why_not
        )

    def what_if(self, explanation: Explanation) -> WhatIf:
        search = explanation.search
        items = tuple(self.local(c.text.zh, c.text.en) for c in explanation.counterfactuals)
        n = search.max_changes
        k = search.only_missing_facts
        if not search.complete:
            note = self.local(
                f"注意：反事实搜索在时间预算（{search.seconds_budget:g} 秒）内未完成，"
                f"已判定 {search.tried} 组改变后的事实；以上未必是全部的或最小的改变。",
                f"Note: the search was cut short by its budget ({search.seconds_budget:g} s) "
                f"after deciding {search.tried} altered fact sets; the changes above may be "
                "neither all nor the smallest.",
            )
        elif search.tried == 0:
            note = self.local(
                "没有可以搜索的事实改变。", "There were no changes of facts to search."
            )
        elif items and k:
            note = self.local(
                f"（已检查同时改变至多 {n} 项事实、可能列出的全部改变；另有 {k} 项改变只会使"
                "事实不足、须补充材料，未列出。）",
                f"(The search covered every change of up to {n} facts that could have been "
                f"listed; {k} other change(s) would only leave facts missing and are not listed.)",
            )
        elif items:
            note = self.local(
                f"（已检查同时改变至多 {n} 项事实、可能列出的全部改变。）",
                f"(The search covered every change of up to {n} facts that could have been listed.)",
            )
        else:
            note = self.local(
                f"在所搜索的改变中（同时改变至多 {n} 项事实），没有会改变判定结论的。",
                f"No change searched (up to {n} facts at once) changes the outcome.",
            )
        return WhatIf(items, note)
