"""What a narrative holds (`origin_rules.render.narrative` builds it): the steps, the
rules outranked, the interpretations, what to ask for, why not, what if; every sentence
already in one language."""

from __future__ import annotations

from dataclasses import dataclass

from origin_rules.render.narrative_labels import label


@dataclass(frozen=True)
class FactLine:
    label: str
    value: str


@dataclass(frozen=True)
class Step:
    number: int
    role: str
    title: str
    rule: str
    section: str
    clause_id: str
    clause_text: str
    text: str
    facts: tuple[FactLine, ...]
    interpretations: tuple[Interp, ...]


@dataclass(frozen=True)
class Secondary:
    """A rule that also matched but was outranked: named, not told."""

    title: str
    rule: str
    section: str
    clause_id: str


@dataclass(frozen=True)
class Interp:
    """An interpretation as a step names it: the reading used, whether that is the
    default (None when not known), and the reading in words."""

    id: str
    reading: str | None
    mark: str | None  # 默认解读 / default reading, or the opposite
    text: str | None
    question: str | None  # what the interpretation settles, in words (None if unknown)
    # Whether the decision relied on it (listed under 本判定所依据的解释): a rule's
    # condition may name an interpretation that no reading of would change this decision.
    relied: bool = True


@dataclass(frozen=True)
class Relied:
    id: str
    reading: str
    mark: str
    question: str
    reading_text: str


@dataclass(frozen=True)
class Item:
    text: str
    detail: str | None = None  # a field path or a reason code, shown beside the text


@dataclass(frozen=True)
class AskGroup:
    key: str  # ask_missing | ask_reasons | ask_candidates
    heading: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class WhyNotLine:
    title: str
    rule: str
    section: str
    clause_id: str
    failed: str
    would: str


@dataclass(frozen=True)
class WhatIf:
    """The counterfactual section: its sentences and a closing note on the search."""

    items: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Narrative:
    lang: str
    applicant: str
    header: tuple[tuple[str, str], ...]  # (label, value), the applicant first
    steps: tuple[Step, ...]
    secondary: tuple[Secondary, ...]
    relied: tuple[Relied, ...]
    conclusion: str
    decided_by: str | None
    decided_by_title: str | None  # the deciding rule as staff read it: its title
    ask: tuple[AskGroup, ...] | None  # None unless needs_review or insufficient_facts
    reasons: tuple[Item, ...]  # reasons of any other outcome
    why_not: tuple[WhyNotLine, ...] | None  # None for a bare Decision
    what_if: WhatIf | None  # None for a bare Decision

    def label(self, key: str) -> str:
        return label(key, self.lang)

    @property
    def colon(self) -> str:
        return "：" if self.lang == "zh" else ": "

    def paren(self, inner: str) -> str:
        """`inner` in brackets after a word: （…） in Chinese, ` (…)` in English."""
        return f"（{inner}）" if self.lang == "zh" else f" ({inner})"

    @property
    def dash(self) -> str:
        """Between a title and where it comes from, when the latter may hold brackets of
        its own (a section such as 四、…/（二）…, which brackets would nest)."""
        return "——" if self.lang == "zh" else " — "


def step_reading(n: Narrative, i: Interp) -> str:
    """What a step says of an interpretation it names, after its question: the reading
    taken, whether it is the default, and whether the decision relied on it."""
    shown = f"{n.label('reading')}{n.colon}{i.text}" if i.text else ""
    if i.text and i.mark:
        shown += n.paren(i.mark)
    if not i.relied:
        note = n.label("not_relied")
        shown = f"{shown}{n.paren(note)}" if shown else note
    return shown
