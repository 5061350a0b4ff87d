"""The end of a narrative: the conclusion, what staff must ask for, the reasons, and for
an explanation why the rules ranking above did not decide and what would change the
outcome; each in one language (`origin_rules.render.narrative` builds the rest)."""

from __future__ import annotations

from origin_rules.decision import Decision
from origin_rules.explain.model import Explanation
from origin_rules.render.narrative_labels import label, origin_label, outcome_words
from origin_rules.render.narrative_model import AskGroup, Item, WhatIf, WhyNotLine
from origin_rules.ruleset.model import Outcome

__all__ = ["ask", "conclusion", "reasons", "what_if", "why_not"]


def _local(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def conclusion(d: Decision, lang: str) -> str:
    """The conclusion in a sentence: the outcome and what follows from it."""
    outcome = outcome_words(d.outcome, lang)
    outcome = outcome[:1].upper() + outcome[1:]
    if d.outcome is Outcome.DETERMINED:
        return _local(
            lang,
            f"{outcome}：生源地为{origin_label(d.origin, 'zh')}。",
            f"{outcome}: the origin is {origin_label(d.origin, 'en')}.",
        )
    if d.outcome is Outcome.NEEDS_REVIEW:
        return _local(
            lang,
            f"{outcome}：规则不能自行确定生源地，由学校就业工作人员核实下列事项后确定。",
            f"{outcome}: the rules cannot settle the origin; staff settle it "
            "after verifying the points below.",
        )
    if d.outcome is Outcome.INSUFFICIENT_FACTS:
        return _local(
            lang,
            f"{outcome}：补充下列事实后重新判定。",
            f"{outcome}: decide again once the facts below are supplied.",
        )
    return _local(
        lang,
        f"{outcome}：本指引不为该生确定生源地。",
        f"{outcome}: this guide does not determine an origin for this graduate.",
    )


def ask(d: Decision, lang: str) -> tuple[AskGroup, ...]:
    """What staff must ask for: the facts missing, the reasons to verify, the candidates."""
    groups = []
    if d.missing_facts:
        groups.append(
            AskGroup(
                "ask_missing",
                label("ask_missing", lang),
                tuple(Item(_local(lang, m.text.zh, m.text.en), m.fact) for m in d.missing_facts),
            )
        )
    if d.reasons:
        groups.append(AskGroup("ask_reasons", label("ask_reasons", lang), reasons(d, lang)))
    if d.candidate_origins:
        groups.append(
            AskGroup(
                "ask_candidates",
                label("ask_candidates", lang),
                tuple(Item(origin_label(o, lang)) for o in d.candidate_origins),
            )
        )
    return tuple(groups)


def reasons(d: Decision, lang: str) -> tuple[Item, ...]:
    return tuple(Item(_local(lang, r.text.zh, r.text.en), r.code) for r in d.reasons)


def why_not(explanation: Explanation, lang: str) -> tuple[WhyNotLine, ...]:
    return tuple(
        WhyNotLine(
            title=_local(lang, w.title.zh, w.title.en),
            rule=w.rule,
            section=w.clause.section,
            clause_id=w.clause.id,
            failed=_local(lang, w.failed.text.zh, w.failed.text.en),
            would=_local(lang, w.would_conclude.zh, w.would_conclude.en),
        )
        for w in explanation.why_not
    )


def what_if(explanation: Explanation, lang: str) -> WhatIf:
    search = explanation.search
    items = tuple(_local(lang, c.text.zh, c.text.en) for c in explanation.counterfactuals)
    n = search.max_changes
    k = search.only_missing_facts
    if not search.complete:
        note = _local(
            lang,
            f"注意：反事实搜索在时间预算（{search.seconds_budget:g} 秒）内未完成，"
            f"已判定 {search.tried} 组改变后的事实；以上未必是全部的或最小的改变。",
            f"Note: the search was cut short by its budget ({search.seconds_budget:g} s) "
            f"after deciding {search.tried} altered fact sets; the changes above may be "
            "neither all nor the smallest.",
        )
    elif search.tried == 0:
        note = _local(lang, "没有可以搜索的事实改变。", "There were no changes of facts to search.")
    elif items and k:
        note = _local(
            lang,
            f"（已检查同时改变至多 {n} 项事实、可能列出的全部改变；另有 {k} 项改变只会使"
            "事实不足、须补充材料，未列出。）",
            f"(The search covered every change of up to {n} facts that could have been "
            f"listed; {k} other change(s) would only leave facts missing and are not listed.)",
        )
    elif items:
        note = _local(
            lang,
            f"（已检查同时改变至多 {n} 项事实、可能列出的全部改变。）",
            f"(The search covered every change of up to {n} facts that could have been listed.)",
        )
    else:
        note = _local(
            lang,
            f"在所搜索的改变中（同时改变至多 {n} 项事实），没有会改变判定结论的。",
            f"No change searched (up to {n} facts at once) changes the outcome.",
        )
    return WhatIf(items, note)
