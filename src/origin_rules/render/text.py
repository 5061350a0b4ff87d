"""A decision or an explanation as plain text for people: Chinese (the default) or English.

The text follows the decision's trace step by step: for each rule that applied, its
title, the clause of the guide it encodes (section and verbatim text), what it concluded
about this graduate, the facts its condition tested and the interpretations it names;
the rules that also matched but were outranked are listed after the steps, by name only.
Then the interpretations the decision relied on, the conclusion and, for `needs_review`
or `insufficient_facts`, what staff must ask for. An Explanation adds why the rules that
rank above the deciding one did not decide, and what would change the outcome.

    from origin_rules.render import render_text
    print(render_text(decision))            # 中文
    print(render_text(explanation, lang="en"))
"""

from __future__ import annotations

import textwrap

from origin_rules.decision import Decision
from origin_rules.explain.model import Explanation
from origin_rules.render.narrative import (
    LANGS,
    Item,
    Narrative,
    Step,
    narrative,
    origin_label,
    outcome_label,
)
from origin_rules.ruleset.model import Ruleset

__all__ = ["LANGS", "origin_label", "outcome_label", "render_text"]

WIDTH = 100


def render_text(
    obj: Decision | Explanation, lang: str = "zh", ruleset: Ruleset | None = None
) -> str:
    """The decision (or explanation) as numbered, readable text in `zh` or `en`.

    `ruleset` is only used to say whether an interpretation that a step names (but the
    decision did not rely on) was read by default; by default it is the bundled ruleset
    the decision names, when its content hash matches.
    """
    return _Text(narrative(obj, lang, ruleset)).render()


class _Text:
    def __init__(self, n: Narrative) -> None:
        self.n = n
        self.c = n.colon
        self.lines: list[str] = []

    def add(self, text: str, indent: int = 0) -> None:
        self.lines.append((" " * indent + text).rstrip())

    def heading(self, key: str, indent: int = 0) -> None:
        self.add(f"{self.n.label(key)}{self.c}", indent)

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def wrapped(self, text: str, indent: int, bullet: str = "") -> None:
        # Chinese text has no spaces to break at; only English is wrapped.
        if self.n.lang == "zh":
            self.add(bullet + text, indent)
            return
        pad = " " * indent
        self.lines.extend(
            line.rstrip()
            for line in textwrap.wrap(
                text,
                width=WIDTH,
                initial_indent=pad + bullet,
                subsequent_indent=pad + " " * len(bullet),
                break_on_hyphens=False,
            )
            or [pad + bullet]
        )

    def render(self) -> str:
        n = self.n
        for name, value in n.header:
            self.add(f"{name}{self.c}{value}")

        self.blank()
        self.heading("steps")
        if not n.steps:
            self.add(n.label("no_steps"), 2)
        for step in n.steps:
            self.step(step)
        if n.secondary:
            self.blank()
            self.heading("secondary", 2)
            for s in n.secondary:
                where = (
                    f"规则 {s.rule}；条款：{s.section}"
                    if n.lang == "zh"
                    else f"rule {s.rule}; clause {s.section}"
                )
                self.wrapped(f"{s.title}{n.dash}{where}", 4, "- ")

        self.blank()
        self.heading("relied")
        if not n.relied:
            self.add(n.label("relied_none"), 2)
        for r in n.relied:
            self.add(f"- {r.id} = {r.reading}{n.paren(r.mark)}", 2)
            self.heading("question", 4)
            self.wrapped(r.question, 6)
            self.heading("reading", 4)
            self.wrapped(r.reading_text, 6)

        self.blank()
        self.heading("conclusion")
        self.wrapped(n.conclusion, 2)
        if n.decided_by:
            self.add(f"{n.label('decided_by')}{self.c}{n.decided_by}", 2)
        if n.ask is not None:
            self.blank()
            self.heading("ask")
            if not n.ask:
                self.wrapped(n.label("ask_nothing"), 2)
            for group in n.ask:
                self.add(f"{group.heading}{self.c}", 2)
                for item in group.items:
                    self.item(item, group.key == "ask_reasons")
        if n.reasons:
            self.blank()
            self.heading("reasons")
            for item in n.reasons:
                self.item(item, True, indent=2)

        if n.why_not is not None:
            self.blank()
            self.heading("why_not")
            self.wrapped(n.label("why_not_intro" if n.why_not else "why_not_none"), 2)
            for w in n.why_not:
                rule = f"{n.label('rule_word')} {w.rule}"
                self.wrapped(f"{w.title}{n.paren(rule)}", 2, "- ")
                self.add(f"{n.label('clause')}{self.c}{w.section}{n.paren(w.clause_id)}", 4)
                self.wrapped(f"{n.label('failed')}{self.c}{w.failed}", 4)
                self.wrapped(f"{n.label('would')}{self.c}{w.would}", 4)
        if n.what_if is not None:
            self.blank()
            self.heading("what_if")
            if n.what_if.items:
                self.wrapped(n.label("what_if_intro"), 2)
            for text in n.what_if.items:
                self.wrapped(text, 2, "- ")
            self.wrapped(n.what_if.note, 2)
        return "\n".join(self.lines).rstrip() + "\n"

    def step(self, step: Step) -> None:
        n, c = self.n, self.c
        bracket = f"【{step.role}】" if n.lang == "zh" else f"[{step.role}] "
        if step.number > 1:
            self.blank()
        self.add(f"{step.number}. {bracket}{step.title}", 2)
        self.add(f"{n.label('rule')}{c}{step.rule}", 5)
        self.add(f"{n.label('clause')}{c}{step.section}{n.paren(step.clause_id)}", 5)
        self.add(f"「{step.clause_text}」", 7)
        self.heading("explain", 5)
        self.wrapped(step.text, 7)
        if step.facts:
            self.heading("facts", 5)
            for fact in step.facts:
                self.wrapped(f"{fact.label}{c}{fact.value}", 7, "- ")
        if step.interpretations:
            self.heading("step_interps", 5)
            for i in step.interpretations:
                shown = i.id if i.reading is None else f"{i.id} = {i.reading}"
                if i.mark:
                    shown += n.paren(i.mark)
                if i.text:
                    shown += f"{c}{i.text}"
                if not i.relied:
                    shown += n.paren(n.label("not_relied"))
                self.wrapped(shown, 7, "- ")

    def item(self, item: Item, code: bool, indent: int = 4) -> None:
        if item.detail is None:
            self.wrapped(item.text, indent, "- ")
        elif code:
            self.wrapped(f"{item.text}  [{item.detail}]", indent, "- ")
        else:
            self.wrapped(item.text, indent, "- ")
            self.add(f"({item.detail})", indent + 2)
