"""A decision or an explanation as Markdown (CommonMark, with GFM tables).

The same narrative as the plain text (see `origin_rules.render.narrative`): a heading
per section and per step, the clause quoted as a blockquote, the facts a step tested as
a table, rule ids, clause ids and field paths as code. Text from the rules and the
facts is escaped, so a stray `*` or `|` cannot change the layout.

    from origin_rules.render import render_markdown
    print(render_markdown(explanation, lang="en"))
"""

from __future__ import annotations

import re

from origin_rules.decision import Decision
from origin_rules.explain.model import Explanation
from origin_rules.render.narrative import Interp, Item, Narrative, Step, narrative
from origin_rules.ruleset.model import Ruleset

__all__ = ["escape", "render_markdown"]

# `_` only opens emphasis at a word boundary: snake_case words are left alone.
_SPECIAL = re.compile(r"([\\`*\[\]<>|#]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")
_BLOCK_START = re.compile(r"^(\s*)([-+=]|\d+[.)])(?=\s|$)")


def escape(text: str) -> str:
    """Inline text that Markdown shows as written: punctuation that could start
    emphasis, code, links, HTML or a table cell is backslash-escaped, and so is a
    marker at the start that would open a list."""
    text = _SPECIAL.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def render_markdown(
    obj: Decision | Explanation, lang: str = "zh", ruleset: Ruleset | None = None
) -> str:
    """The decision (or explanation) as a Markdown document in `zh` or `en`."""
    return _Markdown(narrative(obj, lang, ruleset)).render()


class _Markdown:
    def __init__(self, n: Narrative) -> None:
        self.n = n
        self.c = n.colon
        self.blocks: list[str] = []

    def block(self, *lines: str) -> None:
        self.blocks.append("\n".join(lines))

    def h(self, level: int, text: str) -> None:
        self.block(f"{'#' * level} {text}")

    def bullets(self, items: list[str], indent: int = 0) -> None:
        pad = " " * indent
        self.block(*(f"{pad}- {item}" for item in items))

    def render(self) -> str:
        n = self.n
        self.h(1, f"{n.label('title')}{self.c}{escape(n.applicant)}")
        self.bullets([f"**{name}**{self.c}{escape(value)}" for name, value in n.header])

        self.h(2, n.label("steps"))
        if not n.steps:
            self.block(escape(n.label("no_steps")))
        for step in n.steps:
            self.step(step)
        if n.secondary:
            self.block(f"**{n.label('secondary')}**")
            self.bullets(
                [
                    f"{escape(s.title)}{n.dash}{self.where(s.rule, s.section, s.clause_id)}"
                    for s in n.secondary
                ]
            )

        self.h(2, n.label("relied"))
        if not n.relied:
            self.block(escape(n.label("relied_none")))
        for r in n.relied:
            self.block(
                f"- {code(r.id)} = {code(r.reading)}{n.paren(escape(r.mark))}",
                f"  - {n.label('question')}{self.c}{escape(r.question)}",
                f"  - {n.label('reading')}{self.c}{escape(r.reading_text)}",
            )

        self.h(2, n.label("conclusion"))
        self.block(escape(n.conclusion))
        if n.decided_by:
            self.block(f"{n.label('decided_by')}{self.c}{code(n.decided_by)}")
        if n.ask is not None:
            self.h(2, n.label("ask"))
            if not n.ask:
                self.block(escape(n.label("ask_nothing")))
            for group in n.ask:
                self.block(f"**{group.heading}**")
                self.bullets([self.item(i, group.key != "ask_candidates") for i in group.items])
        if n.reasons:
            self.h(2, n.label("reasons"))
            self.bullets([self.item(i, True) for i in n.reasons])

        if n.why_not is not None:
            self.h(2, n.label("why_not"))
            self.block(escape(n.label("why_not_intro" if n.why_not else "why_not_none")))
            for w in n.why_not:
                self.block(
                    f"- **{escape(w.title)}**{n.paren(n.label('rule_word') + ' ' + code(w.rule))}",
                    f"  - {n.label('clause')}{self.c}{escape(w.section)}{n.paren(code(w.clause_id))}",
                    f"  - {n.label('failed')}{self.c}{escape(w.failed)}",
                    f"  - {n.label('would')}{self.c}{escape(w.would)}",
                )
        if n.what_if is not None:
            self.h(2, n.label("what_if"))
            if n.what_if.items:
                self.block(escape(n.label("what_if_intro")))
                self.bullets([escape(text) for text in n.what_if.items])
            self.block(escape(n.what_if.note))
        return "\n\n".join(self.blocks) + "\n"

    def where(self, rule: str, section: str, clause_id: str) -> str:
        n = self.n
        if n.lang == "zh":
            return f"规则 {code(rule)}；条款：{escape(section)}，{code(clause_id)}"
        return f"rule {code(rule)}; clause {escape(section)}, {code(clause_id)}"

    def step(self, step: Step) -> None:
        n, c = self.n, self.c
        bracket = f"【{step.role}】" if n.lang == "zh" else f"[{escape(step.role)}] "
        self.h(3, f"{step.number}. {bracket}{escape(step.title)}")
        self.bullets(
            [
                f"{n.label('rule')}{c}{code(step.rule)}",
                f"{n.label('clause')}{c}{escape(step.section)}{n.paren(code(step.clause_id))}",
            ]
        )
        self.block(
            *(f"> {escape(line)}" if line else ">" for line in step.clause_text.splitlines())
        )
        self.block(f"**{n.label('explain')}**{c}{escape(step.text)}")
        if step.facts:
            self.block(
                f"| {n.label('facts')} | {n.label('value')} |",
                "|---|---|",
                *(f"| {escape(f.label)} | {escape(f.value)} |" for f in step.facts),
            )
        if step.interpretations:
            self.block(f"**{n.label('step_interps')}**")
            self.bullets([self.interp(i) for i in step.interpretations])

    def interp(self, i: Interp) -> str:
        shown = code(i.id) if i.reading is None else f"{code(i.id)} = {code(i.reading)}"
        if i.mark:
            shown += self.n.paren(escape(i.mark))
        if i.text:
            shown += f"{self.c}{escape(i.text)}"
        if not i.relied:
            shown += self.n.paren(escape(self.n.label("not_relied")))
        return shown

    def item(self, item: Item, detail_as_code: bool) -> str:
        if item.detail is None or not detail_as_code:
            return escape(item.text)
        return f"{escape(item.text)}{self.n.paren(code(item.detail))}"
