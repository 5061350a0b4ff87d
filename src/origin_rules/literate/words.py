"""Conditions, conclusions and explanation templates of a ruleset in words (zh, en).

The rule boxes of the literate page say each rule's condition with the facts' Chinese
and English names instead of their field names, so policy staff can read them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from origin_rules.ruleset.model import (
    All,
    Always,
    Any_,
    Atom,
    Condition,
    FactValue,
    Outcome,
    Rule,
    Ruleset,
    Text,
    interpretation_fact,
)
from origin_rules.situation.vocabulary import DISPLAY, FACTS, value_label

_OUTCOMES: dict[Outcome, tuple[str, str]] = {
    Outcome.DETERMINED: ("已确定生源地", "origin determined"),
    Outcome.NEEDS_REVIEW: ("需学校人工审核", "needs review by staff"),
    Outcome.INSUFFICIENT_FACTS: ("事实不足，需补充", "insufficient facts"),
    Outcome.OUT_OF_SCOPE: ("不在本规则集适用范围内", "out of scope"),
}


def outcome_words(outcome: Outcome | None, lang: str) -> str:
    if outcome is None:
        return "附注（note）" if lang == "zh" else "note"
    zh, en = _OUTCOMES[outcome]
    return f"{zh}（`{outcome.value}`）" if lang == "zh" else f"{en} (`{outcome.value}`)"


def _quoted(values: Sequence[str], lang: str, last: str) -> str:
    shown = [f"“{v}”" for v in values]
    if len(shown) == 1:
        return shown[0]
    sep = "、" if lang == "zh" else ", "
    joiner = last if lang == "zh" else f" {last} "
    return sep.join(shown[:-1]) + joiner + shown[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class Words:
    """Conditions, conclusions and templates of one ruleset in Chinese or English."""

    def __init__(self, ruleset: Ruleset, lang: str) -> None:
        self.ruleset = ruleset
        self.lang = lang
        self.zh = lang == "zh"

    def pick(self, text: Text) -> str:
        return text.in_lang(self.lang)

    def fact_label(self, name: str) -> str:
        spec = FACTS[name]
        return spec.zh if self.zh else spec.en

    def value(self, value: FactValue) -> str:
        raw = ("true" if value else "false") if isinstance(value, bool) else value
        return value_label(raw, self.lang)

    def atom(self, atom: Atom) -> str:
        negative = atom.op in ("not_equals", "not_in")
        prefix = interpretation_fact("")
        if atom.fact.startswith(prefix):
            return self._interpretation_atom(atom.fact[len(prefix) :], atom.values, negative)
        spec = FACTS[atom.fact]
        label = self.fact_label(atom.fact)
        if spec.is_bool:
            holds = {v for v in (True, False) if (v in atom.values) != negative}
            if len(holds) == 1:
                answer = self.value(holds.pop())
                return f"{label}：{answer}" if self.zh else f"{_capital(label)}: {answer}"
        shown = [self.value(v) for v in atom.values]
        if self.zh:
            if not negative:
                return f"{label}为{_quoted(shown, 'zh', '或')}"
            if len(shown) == 1:
                return f"{label}不是“{shown[0]}”"
            if len(shown) == 2:
                return f"{label}既不是“{shown[0]}”，也不是“{shown[1]}”"
            return f"{label}不是{'、'.join(f'“{v}”' for v in shown)}中的任何一个"
        if label.startswith(("what ", "when ", "how ")) and not negative:
            # a label that is a question reads as one: "When the family moved: “…”"
            return f"{_capital(label)}: {_quoted(shown, 'en', 'or')}"
        if not negative:
            return f"{_capital(label)} is {_quoted(shown, 'en', 'or')}"
        if len(shown) == 1:
            return f"{_capital(label)} is not “{shown[0]}”"
        if len(shown) == 2:
            return f"{_capital(label)} is neither “{shown[0]}” nor “{shown[1]}”"
        return f"{_capital(label)} is none of {', '.join(f'“{v}”' for v in shown)}"

    def _interpretation_atom(
        self, interp_id: str, values: tuple[FactValue, ...], negative: bool
    ) -> str:
        interp = self.ruleset.interpretations[interp_id]
        link = f"[`{interp_id}`](#interp-{interp_id})"
        readings = [
            f"`{v}`（{self.pick(interp.readings[str(v)])}）"
            if self.zh
            else f"`{v}` ({self.pick(interp.readings[str(v)])})"
            for v in values
        ]
        if self.zh:
            verb = "不取" if negative else "取"
            return f"解释 {link} {verb} {'或'.join(readings)}"
        verb = "is not read as" if negative else "is read as"
        return f"Interpretation {link} {verb} {' or '.join(readings)}"

    def sentence(self, condition: Condition) -> str | None:
        """One sentence for an atom, or for all/any of atoms; None when it needs a list."""
        if isinstance(condition, Atom):
            return self.atom(condition)
        if isinstance(condition, All | Any_) and all(isinstance(c, Atom) for c in condition.items):
            atoms = [self.atom(c) for c in condition.items if isinstance(c, Atom)]
            if self.zh:
                return ("，且" if isinstance(condition, All) else "，或").join(atoms)
            joiner = ", and " if isinstance(condition, All) else ", or "
            return joiner.join(atoms[:1] + [a[:1].lower() + a[1:] for a in atoms[1:]])
        return None

    def condition_lines(self, condition: Condition, indent: int, note: str = "") -> list[str]:
        pad = "  " * indent
        words = self.sentence(condition)
        if words is not None:
            return [f"{pad}- {words}{note}"]
        if isinstance(condition, Always):
            return [f"{pad}- {self.always()}{note}"]
        assert isinstance(condition, All | Any_)
        if self.zh:
            head = "以下各项都成立" if isinstance(condition, All) else "以下任一成立"
            lines = [f"{pad}- {head}{note}："]
        else:
            head = "All of" if isinstance(condition, All) else "Any of"
            lines = [f"{pad}- {head}{note}:"]
        for item in condition.items:
            lines += self.condition_lines(item, indent + 1)
        return lines

    def always(self) -> str:
        return "总是成立（没有条件）" if self.zh else "Always (no condition)"

    def origin_source(self, source: str) -> str:
        zh, en = DISPLAY[f"{source}_place"]
        return zh if self.zh else en

    def template(self, text: str) -> str:
        """A template with its placeholders as code, so they stand out from the words."""
        return re.sub(r"\{([a-z_]+)\}", r"`{\1}`", text)


def condition_items(ruleset: Ruleset, rule: Rule) -> list[tuple[Condition, str | None]]:
    """The rule's full condition as a list of tests that must all hold, each with the
    rule that states it when that is a rule it extends."""
    items: list[tuple[Condition, str | None]] = []
    if rule.extends is not None:
        base = ruleset.rules_by_id[rule.extends]
        items = [(c, by or base.id) for c, by in condition_items(ruleset, base)]
    own = rule.condition
    if isinstance(own, All):
        items += [(c, None) for c in own.items]
    elif not (isinstance(own, Always) and items):
        items.append((own, None))
    return items
