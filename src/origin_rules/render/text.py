"""A decision or an explanation as plain text for people: Chinese (the default) or English.

The text follows the decision's trace step by step: for each rule that applied, its
title, the clause of the guide it encodes (section and verbatim text), what it concluded
about this graduate, the facts its condition tested and the interpretations it names;
the rules that also matched but were outranked are listed after the steps, by name only.
Then the interpretations the decision relied on, the conclusion and, for `needs_review`
or `insufficient_facts`, what staff must ask for. An Explanation adds why the rules that
rank above the deciding one did not decide, and what would change the outcome. Staff
read titles and words: the ids (rules, clauses, interpretations, field paths, outcome
codes, hashes) come last, in a technical appendix (`origin_rules.render.appendix`).
Given the applicant's facts, the text lists their hukou records, numbered, before the
steps, as the sentences below number them.

    from origin_rules.render import render_text
    print(render_text(decision))            # 中文
    print(render_text(explanation, lang="en"))
"""

from __future__ import annotations

import textwrap

from origin_rules.decision import Decision
from origin_rules.explain.model import Explanation
from origin_rules.facts import Applicant
from origin_rules.render.appendix import AppendixGroup, appendix, appendix_label
from origin_rules.render.narrative import (
    LANGS,
    Narrative,
    Step,
    narrative,
    origin_label,
    outcome_label,
    step_reading,
)
from origin_rules.render.records import RecordRow, record_lines, report_facts, word
from origin_rules.ruleset.model import Ruleset

__all__ = [
    "LANGS",
    "appendix_lines",
    "origin_label",
    "outcome_label",
    "render_text",
    "wrapped_lines",
]

WIDTH = 100


def render_text(
    obj: Decision | Explanation,
    lang: str = "zh",
    ruleset: Ruleset | None = None,
    applicant: Applicant | None = None,
) -> str:
    """The decision (or explanation) as numbered, readable text in `zh` or `en`.

    `ruleset` is only used to say whether an interpretation that a step names (but the
    decision did not rely on) was read by default; by default it is the bundled ruleset
    the decision names, when its content hash matches. `applicant`, the facts the
    decision was made from, adds their hukou records, numbered (facts that are not the
    decision's raise `InvalidOptionError`).
    """
    n = narrative(obj, lang, ruleset)
    decision = obj.decision if isinstance(obj, Explanation) else obj
    records = None
    if applicant is not None:
        records = report_facts(decision, applicant, lang, ruleset).records
    return _Text(n, records, appendix(obj, n)).render()


def wrapped_lines(text: str, indent: int, lang: str, bullet: str = "") -> list[str]:
    """`text` indented, after `bullet`; English is wrapped at WIDTH, Chinese (which has
    no spaces to break at) is not."""
    pad = " " * indent
    if lang == "zh":
        return [(pad + bullet + text).rstrip()]
    return [
        line.rstrip()
        for line in textwrap.wrap(
            text,
            width=WIDTH,
            initial_indent=pad + bullet,
            subsequent_indent=pad + " " * len(bullet),
            break_on_hyphens=False,
        )
        or [pad + bullet]
    ]


def appendix_lines(groups: tuple[AppendixGroup, ...], lang: str, intro: str = "intro") -> list[str]:
    """The technical appendix as text lines, its heading first: the layout every
    narrative (decision, change, diagnosis) shares. `intro` is the key of its first
    sentence in the appendix labels."""
    c = "：" if lang == "zh" else ": "
    lines = [f"{appendix_label('appendix', lang)}{c}".rstrip()]
    lines += wrapped_lines(appendix_label(intro, lang), 2, lang)
    for group in groups:
        lines += ["", f"  {group.heading}{c}".rstrip()]
        for entry in group.entries:
            indent, bullet = 4, "- "
            if entry.refers_to is not None:
                lines += wrapped_lines(entry.refers_to, 4, lang, "- ")
                indent, bullet = 6, ""
            for line in entry.lines:
                lines += wrapped_lines(f"{line.label}{c}{line.shown()}", indent, lang, bullet)
    return lines


class _Text:
    def __init__(
        self,
        n: Narrative,
        records: tuple[RecordRow, ...] | None,
        groups: tuple[AppendixGroup, ...],
    ) -> None:
        self.n = n
        self.records = records
        self.groups = groups
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
        self.lines.extend(wrapped_lines(text, indent, self.n.lang, bullet))

    def render(self) -> str:
        n = self.n
        for name, value in n.header:
            self.add(f"{name}{self.c}{value}")
        if self.records is not None:
            self.blank()
            self.add(f"{word('records_heading', n.lang)}{self.c}")
            if not self.records:
                self.add(n.label("none"), 2)
            for row in self.records:
                first, *rest = record_lines(row, n.lang)
                self.wrapped(first, 2, f"{row.number}. ")
                for line in rest:
                    self.wrapped(line, 5)

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
                self.wrapped(f"{s.title}{n.dash}{s.section}", 4, "- ")

        self.blank()
        self.heading("relied")
        if not n.relied:
            self.add(n.label("relied_none"), 2)
        for r in n.relied:
            self.wrapped(r.question, 2, "- ")
            self.add(f"{n.label('reading')}{self.c}", 4)
            self.wrapped(f"{r.reading_text}{n.paren(r.mark)}", 6)

        self.blank()
        self.heading("conclusion")
        self.wrapped(n.conclusion, 2)
        if n.decided_by_title:
            self.wrapped(f"{n.label('decided_by')}{self.c}{n.decided_by_title}", 2)
        if n.ask is not None:
            self.blank()
            self.heading("ask")
            if not n.ask:
                self.wrapped(n.label("ask_nothing"), 2)
            for group in n.ask:
                self.add(f"{group.heading}{self.c}", 2)
                for item in group.items:
                    self.wrapped(item.text, 4, "- ")
        if n.reasons:
            self.blank()
            self.heading("reasons")
            for item in n.reasons:
                self.wrapped(item.text, 2, "- ")

        if n.why_not is not None:
            self.blank()
            self.heading("why_not")
            self.wrapped(n.label("why_not_intro" if n.why_not else "why_not_none"), 2)
            for w in n.why_not:
                self.wrapped(w.title, 2, "- ")
                self.wrapped(f"{n.label('clause')}{self.c}{w.section}", 4)
                self.wrapped(f"{n.label('failed')}{self.c}{w.failed}", 4)
                self.wrapped(f"{n.label('would')}{self.c}{w.would}", 4)
        if n.what_if is not None:
            self.blank()
            self.heading("what_if")
            if n.what_if.items:
                self.wrapped(n.label("what_if_intro"), 2)
            for number, text in enumerate(n.what_if.items, start=1):
                self.wrapped(text, 2, f"{number}. ")
            self.wrapped(n.what_if.note, 2)
        self.appendix()
        return "\n".join(self.lines).rstrip() + "\n"

    def appendix(self) -> None:
        self.blank()
        self.lines.extend(appendix_lines(self.groups, self.n.lang))

    def step(self, step: Step) -> None:
        n, c = self.n, self.c
        bracket = f"【{step.role}】" if n.lang == "zh" else f"[{step.role}] "
        if step.number > 1:
            self.blank()
        self.add(f"{step.number}. {bracket}{step.title}", 2)
        self.add(f"{n.label('clause')}{c}{step.section}", 5)
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
                self.wrapped(i.question or n.label("interp_unnamed"), 7, "- ")
                if i.text or not i.relied:
                    self.wrapped(step_reading(n, i), 9)
