"""The guide beside its rules: a literate page generated from a ruleset (Markdown).

Like Catala's literate law files, the page gives the guide's own text, whole and in its
own order, section by section; right under each clause that rules encode come a box for
the clause, a box per rule (its condition and conclusion in words, in Chinese and then
English, its place in the precedence and the exceptions it makes, its explanation
templates) and a box per interpretation the ruleset names for that clause. Sections no
rule encodes are shown plainly and listed at the top, so policy staff see what the
ruleset does not decide.

    from origin_rules.literate import render_literate
    page = render_literate(bundled_ruleset("guide-2022"))

    python -m origin_rules.literate            # writes docs/rulesets/<id>.md for each bundled ruleset
    python -m origin_rules.literate --check    # exit 1, with a unified diff, when a page is stale
"""

from __future__ import annotations

import argparse
import difflib
import posixpath
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from origin_rules.errors import OriginRulesError
from origin_rules.ruleset.bundled import bundled_rulesets, rulesets_folder
from origin_rules.ruleset.load import squash
from origin_rules.ruleset.model import (
    All,
    Always,
    Any_,
    Atom,
    Clause,
    Condition,
    FactValue,
    Interpretation,
    Outcome,
    Rule,
    Ruleset,
    Text,
    interpretation_fact,
)
from origin_rules.situation.prepare import PREPARATION_READINGS
from origin_rules.situation.vocabulary import DISPLAY, FACTS, value_label

DEFAULT_FOLDER = Path("docs") / "rulesets"
COMMAND = "python -m origin_rules.literate"

EXIT_OK = 0
EXIT_STALE = 1
EXIT_USAGE = 2

_OUTCOMES: dict[Outcome, tuple[str, str]] = {
    Outcome.DETERMINED: ("已确定生源地", "origin determined"),
    Outcome.NEEDS_REVIEW: ("需学校人工审核", "needs review by staff"),
    Outcome.INSUFFICIENT_FACTS: ("事实不足，需补充", "insufficient facts"),
    Outcome.OUT_OF_SCOPE: ("不在本规则集适用范围内", "out of scope"),
}


def _outcome_words(outcome: Outcome | None, lang: str) -> str:
    if outcome is None:
        return "附注（note）" if lang == "zh" else "note"
    zh, en = _OUTCOMES[outcome]
    return f"{zh}（`{outcome.value}`）" if lang == "zh" else f"{en} (`{outcome.value}`)"


# --- the guide's text: sections, paragraphs, items ----------------------------------

_CN_NUMBER = "一二三四五六七八九十"
_LEVEL1 = re.compile(rf"^[{_CN_NUMBER}]+、\S")
_LEVEL2 = re.compile(rf"^（[{_CN_NUMBER}]+）\S")
_LEVEL3 = re.compile(r"^\d+\.\s+\S")
_APPENDIX = re.compile(r"^附表\s*\d+$")
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
# The label of a numbered paragraph: （一）…, 步骤 1…, 1. … (matched on squashed text).
_ITEM_LABEL = re.compile(rf"^(（[{_CN_NUMBER}]+）|步骤\d+|\d+\.)")
_QUESTION_END = ("？", "?")
_ITEM_TITLE_CHARS = 36


def _heading_level(line: str, first: bool) -> int | None:
    """The level of a heading line of the guide (0 its title), or None for body text.

    The guide's text comes from a PDF and has no Markdown headings; its headings are
    recognised by their numbering: 一、 (1), （一） (2), 1. (3), and 附表 (1). A numbered
    line that holds a full sentence (。) is a numbered paragraph, not a heading."""
    markdown = _MARKDOWN_HEADING.match(line)
    if markdown:
        return len(markdown.group(1)) - 1
    if "。" in line or line.startswith(("|", "答")):
        return None
    if _LEVEL1.match(line) or _APPENDIX.match(line):
        return 1
    if _LEVEL2.match(line) and len(line) <= 40:
        return 2
    if _LEVEL3.match(line):
        return 3
    return 0 if first else None


@dataclass
class _Block:
    """A heading or a paragraph of the guide, with its span in the squashed text."""

    lines: list[str]
    start: int = 0
    end: int = 0
    attached: list[Clause] = field(default_factory=list)  # clauses that end in it


@dataclass
class _Item:
    """A numbered paragraph with the unnumbered paragraphs that follow it."""

    label: str | None  # squashed, e.g. （二）, 步骤2, 7.
    blocks: list[_Block]
    anchor: str = ""

    @property
    def title(self) -> str:
        text = self.blocks[0].lines[0].replace("**", "")
        if len(text) <= _ITEM_TITLE_CHARS:
            return text
        return text[:_ITEM_TITLE_CHARS] + "……"


@dataclass
class _Section:
    level: int
    heading: _Block | None  # None only for text before the guide's first heading
    anchor: str
    parent: _Section | None
    items: list[_Item] = field(default_factory=list)
    children: list[_Section] = field(default_factory=list)

    @property
    def title(self) -> str:
        return "".join(self.heading.lines).replace("**", "") if self.heading else ""

    def path(self) -> list[_Section]:
        up = self.parent.path() if self.parent else []
        return [*up, self] if self.heading else up

    def blocks(self) -> Iterator[_Block]:
        if self.heading:
            yield self.heading
        for item in self.items:
            yield from item.blocks
        for child in self.children:
            yield from child.blocks()


def _parse_guide(source: str) -> _Section:
    """The guide's text as a tree of sections; every non-blank line is in one block."""
    lines = [line.strip() for line in source.splitlines()]
    root = _Section(level=-1, heading=None, anchor="g", parent=None)
    current = root
    paragraph: list[str] = []
    seen_text = False

    def close_paragraph() -> None:
        if paragraph:
            block = _Block(list(paragraph))
            label = _ITEM_LABEL.match(squash("".join(paragraph)))
            if label or not current.items:
                current.items.append(_Item(label.group(1) if label else None, [block]))
            else:
                current.items[-1].blocks.append(block)
            paragraph.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if not line:
            close_paragraph()
            i += 1
            continue
        level = _heading_level(line, first=not seen_text)
        seen_text = True
        if level is None:
            paragraph.append(line)
            i += 1
            continue
        close_paragraph()
        heading = [_MARKDOWN_HEADING.sub(r"\2", line)]
        i += 1
        # A question broken over two lines by the PDF: join its second line.
        following = i
        while following < len(lines) and not lines[following]:
            following += 1
        if (
            level > 0
            and not heading[0].endswith(_QUESTION_END)
            and following < len(lines)
            and lines[following].endswith(_QUESTION_END)
            and "。" not in lines[following]
            and _heading_level(lines[following], first=False) is None
        ):
            heading.append(lines[following])
            i = following + 1
        parent = current
        while parent.level >= level:
            assert parent.parent is not None
            parent = parent.parent
        number = len(parent.children) + 1
        section = _Section(
            level=level,
            heading=_Block(heading),
            anchor=f"{parent.anchor}-{number}",
            parent=parent,
        )
        parent.children.append(section)
        current = section
    close_paragraph()

    offset = 0
    for block in root.blocks():
        block.start = offset
        offset += len(squash("".join(block.lines)))
        block.end = offset
    return root


def _squashed(root: _Section) -> str:
    return "".join(squash("".join(block.lines)) for block in root.blocks())


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    block: _Block


def _place_clauses(root: _Section, clauses: dict[str, Clause]) -> dict[str, _Span]:
    """Where each clause is in the guide: its verbatim text, in the section it names.

    A clause's text may occur more than once (附表1's note repeats 四（二）); the
    occurrence whose headings and paragraph number match most of the clause's section
    path is taken, the first one on a tie."""
    text = _squashed(root)
    contexts: list[tuple[_Block, list[str]]] = []
    for section in _walk(root):
        headings = [squash(s.title) for s in section.path()]
        if section.heading:
            contexts.append((section.heading, headings))
        for item in section.items:
            for block in item.blocks:
                contexts.append((block, [*headings, *([item.label] if item.label else [])]))
    contexts.sort(key=lambda bc: bc[0].start)

    def context_of(offset: int) -> tuple[_Block, list[str]]:
        for block, names in contexts:
            if block.start <= offset < block.end:
                return block, names
        raise AssertionError(f"offset {offset} outside the guide")

    placed: dict[str, _Span] = {}
    for clause in clauses.values():
        needle = squash(clause.text)
        segments = [squash(s) for s in clause.section.split("/") if squash(s)]
        best: tuple[int, _Span] | None = None
        start = text.find(needle)
        while needle and start >= 0:
            end = start + len(needle)
            block, names = context_of(end - 1)
            score = sum(1 for seg in segments if any(n.startswith(seg) for n in names))
            if best is None or score > best[0]:
                best = (score, _Span(start, end, block))
            start = text.find(needle, start + 1)
        if best is None:
            raise ValueError(
                f"clause {clause.id!r} is not verbatim in the guide's text; "
                "is this the ruleset's own source document?"
            )
        placed[clause.id] = best[1]
    return placed


def _walk(section: _Section) -> Iterator[_Section]:
    yield section
    for child in section.children:
        yield from _walk(child)


# --- conditions and conclusions in words ---------------------------------------------


def _quoted(values: Sequence[str], lang: str, last: str) -> str:
    shown = [f"“{v}”" for v in values]
    if len(shown) == 1:
        return shown[0]
    sep = "、" if lang == "zh" else ", "
    joiner = last if lang == "zh" else f" {last} "
    return sep.join(shown[:-1]) + joiner + shown[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Words:
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


def _condition_items(ruleset: Ruleset, rule: Rule) -> list[tuple[Condition, str | None]]:
    """The rule's full condition as a list of tests that must all hold, each with the
    rule that states it when that is a rule it extends."""
    items: list[tuple[Condition, str | None]] = []
    if rule.extends is not None:
        base = ruleset.rules_by_id[rule.extends]
        items = [(c, by or base.id) for c, by in _condition_items(ruleset, base)]
    own = rule.condition
    if isinstance(own, All):
        items += [(c, None) for c in own.items]
    elif not (isinstance(own, Always) and items):
        items.append((own, None))
    return items


# --- the page --------------------------------------------------------------------------


class _Page:
    def __init__(self, ruleset: Ruleset, source: str, source_name: str) -> None:
        self.ruleset = ruleset
        self.source_name = source_name
        folder = posixpath.dirname(source_name)
        self.folder = f"{folder}/" if folder else ""
        self.root = _parse_guide(source)
        self.spans = _place_clauses(self.root, ruleset.clauses)
        for clause_id, span in sorted(self.spans.items(), key=lambda kv: kv[1].start):
            span.block.attached.append(ruleset.clauses[clause_id])
        self.rules_of: dict[str, list[Rule]] = {c: [] for c in ruleset.clauses}
        for rule in ruleset.rules:
            self.rules_of[rule.clause].append(rule)
        self.encoded = [self.spans[c] for c, rules in self.rules_of.items() if rules]
        self.position = {rule.id: n for n, rule in enumerate(ruleset.rules, start=1)}
        self.words = {lang: _Words(ruleset, lang) for lang in ("zh", "en")}
        self.out: list[str] = []

    # helpers

    def add(self, *lines: str) -> None:
        self.out.extend(lines)

    def blank(self) -> None:
        if self.out and self.out[-1] != "":
            self.out.append("")

    def box(self, lines: list[str]) -> None:
        self.blank()
        self.add(*(f"> {line}" if line else ">" for line in lines))
        self.blank()

    def is_encoded(self, blocks: Sequence[_Block]) -> bool:
        return any(
            b.start < span.end and span.start < b.end for b in blocks for span in self.encoded
        )

    def rule_link(self, rule_id: str) -> str:
        return f"[`{rule_id}`](#rule-{rule_id})"

    def clause_link(self, clause_id: str) -> str:
        return f"[`{clause_id}`](#clause-{clause_id})"

    def clauses_in(self, blocks: Sequence[_Block]) -> list[Clause]:
        return [c for b in blocks for c in b.attached]

    # the page, top to bottom

    def render(self) -> str:
        rs = self.ruleset
        self.add(
            f"# {rs.id}：指引原文与规则逐条对照 / The guide beside its rules",
            "",
            f"<!-- Generated from rulesets/{rs.id} by `{COMMAND}`; do not edit by hand. "
            f"`{COMMAND} --check` fails when this page is out of date. -->",
            "",
            f"**{rs.title.zh}**",
            "",
            f"*{rs.title.en}*",
        )
        self.how_to_read()
        self.overview()
        self.not_encoded()
        self.clause_index()
        self.guide()
        self.precedence()
        self.interpretation_index()
        return "\n".join(self.out).rstrip("\n") + "\n"

    def how_to_read(self) -> None:
        self.blank()
        self.add(
            "## 如何阅读 / How to read",
            "",
            "本页由规则集自动生成。下面按指引原文的顺序逐节给出全文，原文一字不改"
            "（标题前的编号、加粗均照原文）。凡有规则编码的条款，紧接在原文之后有：",
            "",
            "- **条款框**：条款编号、所在章节和原文摘录，以及编码该条款的规则；",
            "- **规则框**：规则编号和标题；条件（用事实的中文名称写成，几项条件须同时成立时逐项列出）；"
            "结论；在优先顺序中的位置，以及它是哪些规则的例外；说明模板"
            "（`{…}` 处在判定时填入该生的事实）；",
            "- **解释框**：指引没有写明、规则集作出解释的问题，默认解读及其理由，和调用方可以选用的其他解读。",
            "",
            "几条规则同时适用时，优先顺序靠前的作出判定；例外规则总是排在它所例外的规则之前。"
            "没有规则编码的章节照原文列出，并汇总在下面的“未编码的部分”：判定不会用到这些内容，"
            "须由老师按指引办理。本页随规则文件一同更新，测试会检查它是否为最新。",
            "",
            "This page is generated from the ruleset. It gives the guide's whole text, section "
            "by section in its own order and unchanged. Right under each clause that rules "
            "encode come:",
            "",
            "- a **clause box**: the clause's id, its section and its verbatim text, and the "
            "rules that encode it;",
            "- a **rule box** per rule: id and title; the condition in words (a list when "
            "several tests must all hold); the conclusion; its place in the precedence and "
            "the rules it is an exception to; the explanation templates (`{…}` is filled in "
            "with the graduate's facts when deciding);",
            "- an **interpretation box** for each point the guide leaves open: the default "
            "reading and why, and the readings a caller may choose instead.",
            "",
            "When several rules apply, the one earlier in the precedence decides; an exception "
            "always comes before the rule it is an exception to. Sections no rule encodes are "
            "shown plainly and listed under “Not encoded” below: decisions never use them, and "
            "staff handle them as the guide says. The page is regenerated with the rule files "
            "and a test checks that it is current.",
        )

    def overview(self) -> None:
        rs = self.ruleset
        encoded = sum(1 for rules in self.rules_of.values() if rules)
        cohorts = "、".join(str(c) for c in sorted(rs.governed_cohorts))
        self.blank()
        self.add(
            "## 概览 / Overview",
            "",
            "| | |",
            "|---|---|",
            f"| 规则集 / Ruleset | `{rs.id}` {rs.version} |",
            f"| 内容哈希 / Content hash | `{rs.content_hash}` |",
            f"| 依据 / Source | {rs.source_title}（`{self.source_name}`） |",
            f"| 适用届别 / Cohorts | {cohorts} |",
            f"| 默认判定日期 / Default decision date | {rs.decision_date_default} |",
            f"| 条款 / Clauses | {len(rs.clauses)}（有规则编码 / encoded: {encoded}） |",
            f"| 规则 / Rules | {len(rs.rules)} |",
            f"| 解释 / Interpretations | {len(rs.interpretations)} |",
            "",
            "判定结果中的 `ruleset.content_hash` 与上面的内容哈希相同时，该判定所依据的正是本页所列的规则。",
            "",
            "A decision whose `ruleset.content_hash` equals the hash above was made by the rules "
            "on this page.",
        )

    def unencoded_parts(self) -> list[tuple[str, str, list[Clause]]]:
        """(path, anchor, clauses quoted there) of each part of the guide no rule encodes:
        a whole section when none of it is encoded, else its numbered paragraphs."""
        parts: list[tuple[str, str, list[Clause]]] = []

        def visit(section: _Section) -> None:
            path = " › ".join(s.title for s in section.path() if s.level > 0)
            if section.heading and not self.is_encoded(list(section.blocks())):
                parts.append((path, section.anchor, self.clauses_in(list(section.blocks()))))
                return
            for number, item in enumerate(section.items, start=1):
                if not self.is_encoded(item.blocks):
                    item.anchor = f"{section.anchor}-p{number}"
                    where = f"{path} › {item.title}" if path else item.title
                    parts.append((where, item.anchor, self.clauses_in(item.blocks)))
            for child in section.children:
                visit(child)

        visit(self.root)
        return parts

    def not_encoded(self) -> None:
        self.blank()
        self.add(
            "## 未编码的部分 / Not encoded",
            "",
            "下列章节和段落没有任何规则编码：判定不会用到它们，须由老师按指引办理。"
            "它们照原文列在下方。",
            "",
            "No rule encodes the sections and paragraphs below: decisions never use them, and "
            "staff handle them as the guide says. Their text is shown plainly further down.",
            "",
        )
        for path, anchor, clauses in self.unencoded_parts():
            note = ""
            if clauses:
                ids = "、".join(self.clause_link(c.id) for c in clauses)
                note = f"（已摘录为条款 {ids}，尚无规则编码 / quoted as a clause, no rule yet）"
            self.add(f"- [{path}](#{anchor}){note}")

    def clause_index(self) -> None:
        self.blank()
        self.add(
            "## 条款索引 / Clauses",
            "",
            "| 条款 Clause | 章节 Section | 规则 Rules | 解释 Interpretations |",
            "|---|---|---|---|",
        )
        for clause in self.ruleset.clauses.values():
            rules = " ".join(self.rule_link(r.id) for r in self.rules_of[clause.id]) or "—"
            interps = (
                " ".join(
                    f"[`{i.id}`](#interp-{i.id})"
                    for i in self.ruleset.interpretations.values()
                    if i.clause == clause.id
                )
                or "—"
            )
            section = clause.section.replace("|", "\\|")
            self.add(f"| {self.clause_link(clause.id)} | {section} | {rules} | {interps} |")

    # the guide's text with its boxes

    def guide(self) -> None:
        for section in _walk(self.root):
            if section.heading:
                self.blank()
                # Markdown levels follow the nesting, so a level the guide skips (its
                # FAQ has no （一） level) leaves no gap in the page's outline.
                marks = "#" * min(len(section.path()) + 1, 6)
                self.add(f'{marks} <a id="{section.anchor}"></a>{"".join(section.heading.lines)}')
                self.attachments(section.heading)
            for item in section.items:
                if item.anchor:
                    self.blank()
                    self.add(f'<a id="{item.anchor}"></a>')
                for block in item.blocks:
                    self.blank()
                    self.add(*block.lines)
                    self.attachments(block)

    def attachments(self, block: _Block) -> None:
        for clause in block.attached:
            self.clause_box(clause)
            for rule in self.rules_of[clause.id]:
                self.rule_box(rule)
            for interp in self.ruleset.interpretations.values():
                if interp.clause == clause.id:
                    self.interpretation_box(interp)

    def clause_box(self, clause: Clause) -> None:
        rules = self.rules_of[clause.id]
        if rules:
            links = "、".join(self.rule_link(r.id) for r in rules)
            encoded = [
                f"编码此条款的规则：{links}",
                "",
                f"Rules encoding this clause: {', '.join(self.rule_link(r.id) for r in rules)}",
            ]
        else:
            encoded = ["没有规则编码此条款。", "", "No rule encodes this clause."]
        self.box(
            [
                f'<a id="clause-{clause.id}"></a>**条款 / Clause `{clause.id}`** · {clause.section}',
                "",
                f"「{clause.text}」",
                "",
                *encoded,
            ]
        )

    def rule_box(self, rule: Rule) -> None:
        zh, en = self.words["zh"], self.words["en"]
        lines = [
            f'<a id="rule-{rule.id}"></a>**规则 / Rule `{rule.id}`** · `{self.folder}{rule.file}`',
            "",
            f"**{rule.title.zh}**",
            "",
            f"*{rule.title.en}*",
            "",
        ]
        for words in (zh, en):
            lines += self.condition_words(rule, words)
        for words in (zh, en):
            lines += self.conclusion_words(rule, words)
        lines += self.precedence_words(rule)
        lines += [
            f"- **说明模板**：{zh.template(rule.explain.zh)}",
            f"- **Explanation template**: {en.template(rule.explain.en)}",
        ]
        placeholders = self.placeholders(rule)
        if placeholders:
            lines.append("- **模板中的事实 / Facts in the templates**:")
            lines += [f"  - `{{{name}}}` {zh_} / {en_}" for name, zh_, en_ in placeholders]
        self.box(lines)

    def condition_words(self, rule: Rule, words: _Words) -> list[str]:
        label = "**条件**" if words.zh else "**Condition**"
        items = _condition_items(self.ruleset, rule)
        sep = "：" if words.zh else ": "

        def note(by: str | None) -> str:
            if by is None:
                return ""
            return (
                f"（继承自 {self.rule_link(by)}）" if words.zh else f" (from {self.rule_link(by)})"
            )

        if len(items) == 1:
            condition, by = items[0]
            one = words.sentence(condition)
            if isinstance(condition, Always):
                one = words.always()
            if one is not None:
                return [f"- {label}{sep}{one}{note(by)}"]
        head = "（以下各项都成立）：" if words.zh else " (all of):"
        lines = [f"- {label}{head}"]
        for condition, by in items:
            lines += words.condition_lines(condition, 1, note(by))
        return lines

    def conclusion_words(self, rule: Rule, words: _Words) -> list[str]:
        c = rule.conclusion
        zh = words.zh
        label = "**结论**：" if zh else "**Conclusion**: "
        said = _outcome_words(c.outcome, words.lang)
        lines: list[str] = []
        if c.outcome is None:
            said += (
                "——不作判定，在判定过程中提示须注意的事项。"
                if zh
                else " — decides nothing; the trace shows it as something to act on."
            )
        elif c.outcome is Outcome.DETERMINED and c.origin:
            place = words.origin_source(c.origin)
            said += f"，生源地为{place}。" if zh else f"; the origin is {place}."
        else:
            said += "。" if zh else "."
        lines.append(f"- {label}{said}")
        if c.reason is not None:
            reason = words.template(words.pick(c.reason))
            lines.append(f"  - {'原因' if zh else 'Reason'}{'：' if zh else ': '}{reason}")
        if c.candidates:
            places = ("、" if zh else ", ").join(words.origin_source(s) for s in c.candidates)
            lines.append(
                f"  - {'候选生源地' if zh else 'Candidates'}{'：' if zh else ': '}{places}"
            )
        for missing in c.missing:
            text = words.template(words.pick(missing.text))
            lines.append(
                f"  - {'需补充' if zh else 'Missing'}{'：' if zh else ': '}{text}（`{missing.fact}`）"
                if zh
                else f"  - Missing: {text} (`{missing.fact}`)"
            )
        return lines

    def precedence_words(self, rule: Rule) -> list[str]:
        total = len(self.ruleset.rules)
        n = self.position[rule.id]
        exceptions = [r.id for r in self.ruleset.rules if rule.id in r.exception_of]
        zh = f"- **优先顺序**：第 {n} 位（共 {total} 条）"
        en = f"- **Precedence**: {n} of {total}"
        if isinstance(rule.condition, Always) and rule.extends is None:
            zh += "；总是适用，只在没有其他规则作出判定时作出判定"
            en += "; always applies, and decides only when no other rule does"
        if rule.extends:
            base = self.rule_link(rule.extends)
            zh += f"；扩展 {base}：它的条件和本条的条件都须成立，两条同时适用时本条优先"
            en += f"; extends {base}: its condition and this rule's must both hold, and this rule wins"
        others = [r for r in rule.exception_of if r != rule.extends]
        if others:
            links = [self.rule_link(r) for r in others]
            zh += f"；是 {'、'.join(links)} 的例外，同时适用时本条优先"
            en += f"; an exception to {', '.join(links)}, and wins when both apply"
        if exceptions:
            links = [self.rule_link(r) for r in exceptions]
            zh += f"；其例外：{'、'.join(links)}"
            en += f"; its exceptions: {', '.join(links)}"
        return [zh + "。", en + "."]

    def placeholders(self, rule: Rule) -> list[tuple[str, str, str]]:
        texts = [rule.explain.zh, rule.explain.en]
        c = rule.conclusion
        if c.reason:
            texts += [c.reason.zh, c.reason.en]
        for m in c.missing:
            texts += [m.text.zh, m.text.en]
        names = dict.fromkeys(n for t in texts for n in re.findall(r"\{([a-z_]+)\}", t))
        result = []
        for name in names:
            if name in DISPLAY:
                zh_, en_ = DISPLAY[name]
            else:
                zh_, en_ = FACTS[name].zh, FACTS[name].en
            result.append((name, zh_, en_))
        return result

    def interpretation_box(self, interp: Interpretation) -> None:
        testing = [
            r.id
            for r in self.ruleset.rules
            if any(a.fact == interpretation_fact(interp.id) for a in _atoms_of_own(r.condition))
        ]
        others = [(k, t) for k, t in interp.readings.items() if k != interp.default]
        default = interp.readings[interp.default]
        lines = [
            f'<a id="interp-{interp.id}"></a>**解释 / Interpretation `{interp.id}`** · '
            f"指引未写明之处 / a point the guide leaves open",
            "",
            f"**问题**：{interp.question.zh}",
            "",
            f"**Question**: {interp.question.en}",
            "",
            f"- **默认解读** `{interp.default}`：{default.zh}。理由：{interp.why_default.zh}",
            f"- **Default reading** `{interp.default}`: {default.en}. Why: {interp.why_default.en}",
            "- **其他可选解读 / Other readings**:",
            *(f"  - `{k}`：{t.zh} / {t.en}" for k, t in others),
        ]
        if testing:
            links = [self.rule_link(r) for r in testing]
            lines.append(
                f"- **条件中用到它的规则 / Rules whose condition tests it**: {', '.join(links)}"
            )
        elif interp.id in PREPARATION_READINGS:
            lines.append(
                "- **作用 / Where it acts**: 在整理事实时起作用（决定规则所见的事实），"
                "不出现在规则条件中 / when the facts are prepared (it shapes the facts the "
                "rules see); no rule's condition names it"
            )
        else:
            lines.append("- **条件中用到它的规则 / Rules whose condition tests it**: 无 / none")
        example = f"{interp.id}={others[0][0]}" if others else interp.id
        lines.append(
            f"- **选用其他解读 / Choosing another reading**: "
            f"`origin-rules decide --interpretation {example} …`"
        )
        self.box(lines)

    # the indexes at the end

    def precedence(self) -> None:
        self.blank()
        self.add(
            "## 优先顺序 / Precedence",
            "",
            "从高到低。几条规则同时适用时，排在前面的作出判定。",
            "",
            "Highest first: when several rules apply, the earliest decides.",
            "",
            "| # | 规则 Rule | 标题 Title | 结论 Concludes | 条款 Clause | 例外于 Exception to |",
            "|---|---|---|---|---|---|",
        )
        for rule in self.ruleset.rules:
            outcome = rule.conclusion.outcome
            concludes = f"`{outcome.value}`" if outcome else "`note`"
            exception_of = " ".join(self.rule_link(r) for r in rule.exception_of) or "—"
            self.add(
                f"| {self.position[rule.id]} | {self.rule_link(rule.id)} | {rule.title.zh} "
                f"| {concludes} | {self.clause_link(rule.clause)} | {exception_of} |"
            )

    def interpretation_index(self) -> None:
        self.blank()
        self.add(
            "## 解释一览 / Interpretations",
            "",
            "| 解释 Interpretation | 条款 Clause | 默认解读 Default | 其他解读 Other readings |",
            "|---|---|---|---|",
        )
        for interp in self.ruleset.interpretations.values():
            others = " ".join(f"`{k}`" for k in interp.readings if k != interp.default)
            self.add(
                f"| [`{interp.id}`](#interp-{interp.id}) | {self.clause_link(interp.clause)} "
                f"| `{interp.default}` | {others} |"
            )


def _atoms_of_own(condition: Condition) -> list[Atom]:
    if isinstance(condition, Atom):
        return [condition]
    if isinstance(condition, All | Any_):
        return [a for item in condition.items for a in _atoms_of_own(item)]
    return []


# --- the source document -----------------------------------------------------------------


def bundled_source(ruleset: Ruleset) -> tuple[str, str]:
    """The guide's text of a bundled ruleset, and its path as shown on the page."""
    bundled = bundled_rulesets().get(ruleset.id)
    if bundled is None or bundled.content_hash != ruleset.content_hash:
        raise ValueError(
            f"ruleset {ruleset.id!r} is not a bundled ruleset (or differs from it); "
            "pass its source document's text as source="
        )
    for sub in sorted(rulesets_folder().iterdir()):
        head = sub / "ruleset.yaml"
        if not head.is_file():
            continue
        data = yaml.safe_load(head.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("id") == ruleset.id:
            document = str(data["source"]["document"])
            text = (sub / document).read_text(encoding="utf-8")
            return text, f"rulesets/{sub.name}/{document}"
    raise ValueError(f"no folder of the bundled rulesets holds {ruleset.id!r}")


def render_literate(
    ruleset: Ruleset, source: str | None = None, source_name: str | None = None
) -> str:
    """The ruleset's literate page (Markdown): the guide's text with each clause's rules.

    `source` is the text of the guide the ruleset quotes; by default that of the bundled
    ruleset with the same id and content. `source_name` is how the page names it."""
    if source is None:
        source, shown = bundled_source(ruleset)
        source_name = source_name or shown
    return _Page(ruleset, source, source_name or "source.md").render()


# --- the command -------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=COMMAND,
        description=(
            "Write (or, with --check, compare) the literate page of each bundled ruleset: "
            "the guide's text with the rules that encode each clause."
        ),
        epilog=(
            "Examples:\n"
            f"  {COMMAND}                       # writes docs/rulesets/<id>.md\n"
            f"  {COMMAND} --check               # exit 1 with a diff when a page is stale\n"
            f"  {COMMAND} --ruleset guide-2022 /tmp/guide.md"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "out",
        nargs="?",
        metavar="OUT",
        type=Path,
        help=f"a folder for <id>.md pages, or one .md file with --ruleset (default: {DEFAULT_FOLDER})",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 with a unified diff when a page differs from the generated one",
    )
    parser.add_argument("--ruleset", metavar="ID", help="only this bundled ruleset")
    return parser


def _targets(args: argparse.Namespace) -> list[tuple[Ruleset, Path]]:
    rulesets = bundled_rulesets()
    if args.ruleset is not None:
        if args.ruleset not in rulesets:
            raise _UsageError(f"--ruleset: {args.ruleset!r} is not one of {sorted(rulesets)}")
        chosen = [rulesets[args.ruleset]]
    else:
        chosen = list(rulesets.values())
    out: Path = args.out if args.out is not None else DEFAULT_FOLDER
    if out.suffix == ".md":
        if len(chosen) != 1:
            raise _UsageError(f"{out}: one file holds one ruleset's page; name it with --ruleset")
        return [(chosen[0], out)]
    return [(ruleset, out / f"{ruleset.id}.md") for ruleset in chosen]


class _UsageError(Exception):
    pass


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        targets = _targets(args)
        pages = [(path, render_literate(ruleset)) for ruleset, path in targets]
    except (_UsageError, OriginRulesError, ValueError, OSError) as exc:
        print(f"{COMMAND}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    stale: list[Path] = []
    for path, page in pages:
        if args.check:
            try:
                current = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                current = ""
            if current != page:
                stale.append(path)
                sys.stdout.writelines(
                    difflib.unified_diff(
                        current.splitlines(keepends=True),
                        page.splitlines(keepends=True),
                        fromfile=f"{path} (committed)",
                        tofile=f"{path} (generated)",
                    )
                )
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="\n") as handle:
                handle.write(page)
            print(f"wrote {path}", file=sys.stderr)
    if stale:
        again = COMMAND + (f" {args.out}" if args.out is not None else "")
        if args.ruleset is not None:
            again = f"{COMMAND} --ruleset {args.ruleset}" + (
                f" {args.out}" if args.out is not None else ""
            )
        names = ", ".join(str(p) for p in stale)
        print(f"out of date: {names}; regenerate with: {again}", file=sys.stderr)
        return EXIT_STALE
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
