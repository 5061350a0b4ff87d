"""The words of a narrative: labels and fixed sentences, outcomes, the roles of steps,
and how an origin, a fact and its value are named, in Chinese and English."""

from __future__ import annotations

from origin_rules.decision import Origin
from origin_rules.errors import InvalidOptionError
from origin_rules.ruleset.model import Outcome
from origin_rules.situation.vocabulary import FACTS, value_label

LANGS = ("zh", "en")

_OUTCOMES: dict[Outcome, tuple[str, str]] = {
    Outcome.DETERMINED: ("已确定生源地", "origin determined"),
    Outcome.NEEDS_REVIEW: ("需学校人工审核", "needs review by staff"),
    Outcome.INSUFFICIENT_FACTS: ("事实不足，需补充", "insufficient facts"),
    Outcome.OUT_OF_SCOPE: ("不在本规则集适用范围内", "out of scope"),
}

# The role of a step in the trace, in words.
ROLES: dict[str, tuple[str, str]] = {
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
