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

from origin_rules.decision import Decision, TraceStep
from origin_rules.errors import OriginRulesError
from origin_rules.explain.model import Explanation
from origin_rules.render.narrative_ending import ask, conclusion, reasons, what_if, why_not
from origin_rules.render.narrative_labels import (
    LABELS,
    LANGS,
    ROLES,
    check_lang,
    fact_label,
    fact_value,
    label,
    origin_label,
    outcome_label,
    outcome_words,
)
from origin_rules.render.narrative_model import (
    AskGroup,
    FactLine,
    Interp,
    Item,
    Narrative,
    Relied,
    Secondary,
    Step,
    WhatIf,
    WhyNotLine,
    step_reading,
)
from origin_rules.ruleset.bundled import bundled_rulesets
from origin_rules.ruleset.model import Outcome, Ruleset

# The words (narrative_labels), the parts (narrative_model) and the ending
# (narrative_ending) live apart; they are named here too, where callers import them.
__all__ = [
    "LABELS",
    "LANGS",
    "AskGroup",
    "FactLine",
    "Interp",
    "Item",
    "Narrative",
    "Relied",
    "Secondary",
    "Step",
    "WhatIf",
    "WhyNotLine",
    "bundled_for",
    "check_lang",
    "fact_label",
    "fact_value",
    "label",
    "narrative",
    "origin_label",
    "outcome_label",
    "outcome_words",
    "step_reading",
]


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
            conclusion=conclusion(d, lang),
            decided_by=d.decided_by,
            decided_by_title=next(
                (self.local(s.title.zh, s.title.en) for s in d.trace if s.rule == d.decided_by),
                None,
            ),
            ask=ask(d, lang) if asks else None,
            reasons=() if asks else reasons(d, lang),
            why_not=None if explanation is None else why_not(explanation, lang),
            what_if=None if explanation is None else what_if(explanation, lang),
        )

    # --- steps ---

    def step(self, number: int, step: TraceStep) -> Step:
        return Step(
            number=number,
            role=self.local(*ROLES[step.role]),
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
