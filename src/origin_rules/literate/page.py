"""One literate page being written: the ruleset's indexes and the lines so far.

The page's parts (sections.py: the front matter, the guide's text and the indexes;
boxes.py: the clause, rule and interpretation boxes) are functions that write into a
`Page`; it holds what they all look up (which rules encode a clause, a rule's place in
the precedence, where each clause is in the guide) and the Markdown helpers they share.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from origin_rules.literate.guide_text import Block, parse_guide, place_clauses
from origin_rules.literate.words import Words
from origin_rules.ruleset.model import Clause, Rule, Ruleset

COMMAND = "python -m origin_rules.literate"


class Page:
    """The ruleset, the guide parsed with its clauses placed, and the page's lines."""

    def __init__(self, ruleset: Ruleset, source: str, source_name: str) -> None:
        self.ruleset = ruleset
        self.source_name = source_name
        folder = posixpath.dirname(source_name)
        self.folder = f"{folder}/" if folder else ""
        self.root = parse_guide(source)
        self.spans = place_clauses(self.root, ruleset.clauses)
        for clause_id, span in sorted(self.spans.items(), key=lambda kv: kv[1].start):
            span.block.attached.append(ruleset.clauses[clause_id])
        self.rules_of: dict[str, list[Rule]] = {c: [] for c in ruleset.clauses}
        for rule in ruleset.rules:
            self.rules_of[rule.clause].append(rule)
        self.encoded = [self.spans[c] for c, rules in self.rules_of.items() if rules]
        self.position = {rule.id: n for n, rule in enumerate(ruleset.rules, start=1)}
        self.words = {lang: Words(ruleset, lang) for lang in ("zh", "en")}
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

    def is_encoded(self, blocks: Sequence[Block]) -> bool:
        return any(
            b.start < span.end and span.start < b.end for b in blocks for span in self.encoded
        )

    def rule_link(self, rule_id: str) -> str:
        return f"[`{rule_id}`](#rule-{rule_id})"

    def clause_link(self, clause_id: str) -> str:
        return f"[`{clause_id}`](#clause-{clause_id})"

    def clauses_in(self, blocks: Sequence[Block]) -> list[Clause]:
        return [c for b in blocks for c in b.attached]
