"""The guide's text as a tree of sections, and where each clause is in it.

The literate page shows the guide whole and in its own order; this module reads the
guide (a Markdown file converted from a PDF, so headings are known by their numbering)
into sections, numbered paragraphs and blocks, and finds each clause's verbatim text in
it so the page can put the clause's boxes right under it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from origin_rules.ruleset.load import squash
from origin_rules.ruleset.model import Clause

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
class Block:
    """A heading or a paragraph of the guide, with its span in the squashed text."""

    lines: list[str]
    start: int = 0
    end: int = 0
    attached: list[Clause] = field(default_factory=list)  # clauses that end in it


@dataclass
class Item:
    """A numbered paragraph with the unnumbered paragraphs that follow it."""

    label: str | None  # squashed, e.g. （二）, 步骤2, 7.
    blocks: list[Block]
    anchor: str = ""

    @property
    def title(self) -> str:
        text = self.blocks[0].lines[0].replace("**", "")
        if len(text) <= _ITEM_TITLE_CHARS:
            return text
        return text[:_ITEM_TITLE_CHARS] + "……"


@dataclass
class Section:
    level: int
    heading: Block | None  # None only for text before the guide's first heading
    anchor: str
    parent: Section | None
    items: list[Item] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    @property
    def title(self) -> str:
        return "".join(self.heading.lines).replace("**", "") if self.heading else ""

    def path(self) -> list[Section]:
        up = self.parent.path() if self.parent else []
        return [*up, self] if self.heading else up

    def blocks(self) -> Iterator[Block]:
        if self.heading:
            yield self.heading
        for item in self.items:
            yield from item.blocks
        for child in self.children:
            yield from child.blocks()


def parse_guide(source: str) -> Section:
    """The guide's text as a tree of sections; every non-blank line is in one block."""
    lines = [line.strip() for line in source.splitlines()]
    root = Section(level=-1, heading=None, anchor="g", parent=None)
    current = root
    paragraph: list[str] = []
    seen_text = False

    def close_paragraph() -> None:
        if paragraph:
            block = Block(list(paragraph))
            label = _ITEM_LABEL.match(squash("".join(paragraph)))
            if label or not current.items:
                current.items.append(Item(label.group(1) if label else None, [block]))
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
        section = Section(
            level=level,
            heading=Block(heading),
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


def _squashed(root: Section) -> str:
    return "".join(squash("".join(block.lines)) for block in root.blocks())


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    block: Block


def place_clauses(root: Section, clauses: dict[str, Clause]) -> dict[str, Span]:
    """Where each clause is in the guide: its verbatim text, in the section it names.

    A clause's text may occur more than once (附表1's note repeats 四（二）); the
    occurrence whose headings and paragraph number match most of the clause's section
    path is taken, the first one on a tie."""
    text = _squashed(root)
    contexts: list[tuple[Block, list[str]]] = []
    for section in walk(root):
        headings = [squash(s.title) for s in section.path()]
        if section.heading:
            contexts.append((section.heading, headings))
        for item in section.items:
            for block in item.blocks:
                contexts.append((block, [*headings, *([item.label] if item.label else [])]))
    contexts.sort(key=lambda bc: bc[0].start)

    def context_of(offset: int) -> tuple[Block, list[str]]:
        for block, names in contexts:
            if block.start <= offset < block.end:
                return block, names
        raise AssertionError(f"offset {offset} outside the guide")

    placed: dict[str, Span] = {}
    for clause in clauses.values():
        needle = squash(clause.text)
        segments = [squash(s) for s in clause.section.split("/") if squash(s)]
        best: tuple[int, Span] | None = None
        start = text.find(needle)
        while needle and start >= 0:
            end = start + len(needle)
            block, names = context_of(end - 1)
            score = sum(1 for seg in segments if any(n.startswith(seg) for n in names))
            if best is None or score > best[0]:
                best = (score, Span(start, end, block))
            start = text.find(needle, start + 1)
        if best is None:
            raise ValueError(
                f"clause {clause.id!r} is not verbatim in the guide's text; "
                "is this the ruleset's own source document?"
            )
        placed[clause.id] = best[1]
    return placed


def walk(section: Section) -> Iterator[Section]:
    yield section
    for child in section.children:
        yield from walk(child)
