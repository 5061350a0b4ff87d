"""A decision or an explanation as Markdown (CommonMark, with GFM tables).

The same narrative as the plain text (see `origin_rules.render.narrative`): a heading
per section and per step, the clause quoted as a blockquote, the facts a step tested as
a table; given the applicant's facts, their hukou records listed before the steps. Rule
ids, clause ids, field paths and outcome codes are in the technical appendix at the
end, as code. Text from the rules and the facts is escaped, so a stray `*` or `|`
cannot change the layout.

    from origin_rules.render import render_markdown
    print(render_markdown(explanation, lang="en"))
"""

from __future__ import annotations

import re

from origin_rules.decision import Decision
from origin_rules.explain.model import Explanation
from origin_rules.facts import Applicant
from origin_rules.render.appendix import AppendixGroup, appendix, appendix_label
from origin_rules.render.narrative import Interp, Narrative, Step, narrative, step_reading
from origin_rules.render.records import RecordRow, record_lines, report_facts, word
from origin_rules.ruleset.model import Ruleset

__all__ = ["appendix_blocks", "code", "escape", "render_markdown"]

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


def appendix_blocks(
    groups: tuple[AppendixGroup, ...], lang: str, intro: str = "intro"
) -> list[str]:
    """The technical appendix as Markdown blocks (to join with blank lines), its heading
    first, the ids as code: the layout every narrative (decision, change, diagnosis)
    shares. `intro` is the key of its first sentence in the appendix labels."""
    c = "：" if lang == "zh" else ": "
    blocks = [f"## {appendix_label('appendix', lang)}", escape(appendix_label(intro, lang))]
    for group in groups:
        blocks.append(f"### {group.heading}")
        lines = []
        for entry in group.entries:
            pad = ""
            if entry.refers_to is not None:
                lines.append(f"- {escape(entry.refers_to)}")
                pad = "  "
            for line in entry.lines:
                shown = line.joiner.join(code(i) for i in line.ids) + escape(line.note)
                lines.append(f"{pad}- {line.label}{c}{shown}")
        blocks.append("\n".join(lines))
    return blocks


def render_markdown(
    obj: Decision | Explanation,
    lang: str = "zh",
    ruleset: Ruleset | None = None,
    applicant: Applicant | None = None,
) -> str:
    """The decision (or explanation) as a Markdown document in `zh` or `en`; with
    `applicant`, the facts it was made from, their hukou records listed and numbered."""
    n = narrative(obj, lang, ruleset)
    decision = obj.decision if isinstance(obj, Explanation) else obj
    records = None
    if applicant is not None:
        records = report_facts(decision, applicant, lang, ruleset).records
    return _Markdown(n, records, appendix(obj, n)).render()


class _Markdown:
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
        if self.records is not None:
            self.h(2, word("records_heading", n.lang))
            if not self.records:
                self.block(escape(n.label("none")))
            lines = []
            for row in self.records:
                first, *rest = record_lines(row, n.lang)
                lines.append(f"{row.number}. {escape(first)}")
                lines.extend(f"   - {escape(line)}" for line in rest)
            if lines:
                self.block(*lines)

        self.h(2, n.label("steps"))
        if not n.steps:
            self.block(escape(n.label("no_steps")))
        for step in n.steps:
            self.step(step)
        if n.secondary:
            self.block(f"**{n.label('secondary')}**")
            self.bullets([f"{escape(s.title)}{n.dash}{escape(s.section)}" for s in n.secondary])

        self.h(2, n.label("relied"))
        if not n.relied:
            self.block(escape(n.label("relied_none")))
        for r in n.relied:
            self.block(
                f"- **{escape(r.question)}**",
                f"  - {n.label('reading')}{self.c}{escape(r.reading_text)}{n.paren(escape(r.mark))}",
            )

        self.h(2, n.label("conclusion"))
        self.block(escape(n.conclusion))
        if n.decided_by_title:
            self.block(f"{n.label('decided_by')}{self.c}{escape(n.decided_by_title)}")
        if n.ask is not None:
            self.h(2, n.label("ask"))
            if not n.ask:
                self.block(escape(n.label("ask_nothing")))
            for group in n.ask:
                self.block(f"**{group.heading}**")
                self.bullets([escape(i.text) for i in group.items])
        if n.reasons:
            self.h(2, n.label("reasons"))
            self.bullets([escape(i.text) for i in n.reasons])

        if n.why_not is not None:
            self.h(2, n.label("why_not"))
            self.block(escape(n.label("why_not_intro" if n.why_not else "why_not_none")))
            for w in n.why_not:
                self.block(
                    f"- **{escape(w.title)}**",
                    f"  - {n.label('clause')}{self.c}{escape(w.section)}",
                    f"  - {n.label('failed')}{self.c}{escape(w.failed)}",
                    f"  - {n.label('would')}{self.c}{escape(w.would)}",
                )
        if n.what_if is not None:
            self.h(2, n.label("what_if"))
            if n.what_if.items:
                self.block(escape(n.label("what_if_intro")))
                self.block(
                    *(f"{i}. {escape(text)}" for i, text in enumerate(n.what_if.items, start=1))
                )
            self.block(escape(n.what_if.note))
        self.appendix()
        return "\n\n".join(self.blocks) + "\n"

    def appendix(self) -> None:
        self.blocks.extend(appendix_blocks(self.groups, self.n.lang))

    def step(self, step: Step) -> None:
        n, c = self.n, self.c
        bracket = f"【{step.role}】" if n.lang == "zh" else f"[{escape(step.role)}] "
        self.h(3, f"{step.number}. {bracket}{escape(step.title)}")
        self.block(f"{n.label('clause')}{c}{escape(step.section)}")
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
        shown = escape(i.question or self.n.label("interp_unnamed"))
        if i.text or not i.relied:
            shown += f"\n  - {escape(step_reading(self.n, i))}"
        return shown
