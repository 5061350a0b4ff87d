"""How a counterfactual speaks (zh, en): whose registration a record is, how a record
is named (by its number and in words), and the result a change would reach."""

from __future__ import annotations

from origin_rules.decision import Decision, LocalText
from origin_rules.facts import HukouHolder, HukouRecord
from origin_rules.ruleset.model import Outcome

__all__ = ["HOLDER_WORDS", "place_words", "record_reference", "result_words", "with_article"]


def with_article(label: str) -> str:
    return ("an " if label[:1] in "aeiou" else "a ") + label


# Whose registration a record is, in words (zh, en); reports label their records with them.
HOLDER_WORDS = {
    HukouHolder.FAMILY: ("家庭户籍", "the family's registration"),
    HukouHolder.STUDENT: ("本人户口", "the student's own registration"),
}


def record_reference(index: int, record: HukouRecord) -> tuple[str, str]:
    """How a counterfactual names a hukou record, (zh, en): its number, as the rendered
    narratives and the HTML report list the records, and in words whose registration it
    is, where and since when, so that the sentence is understood where the list is not
    shown (a decision rendered without its facts, the JSON read by another system)."""
    holder_zh, holder_en = HOLDER_WORDS[record.holder]
    place, n = place_words(record), index + 1
    return (
        f"第{n}条户籍记录（{holder_zh}，{place}，自{record.start}起）",
        f"hukou record {n} ({holder_en}, {place}, from {record.start})",
    )


def place_words(record: HukouRecord) -> str:
    return record.place.name or record.place.code


def result_words(new: Decision) -> LocalText:
    if new.outcome is Outcome.DETERMINED and new.origin is not None:
        shown = new.origin.full_name or new.origin.name or new.origin.code
        return LocalText(
            zh=f"生源地为{shown}（{new.origin.code}）",
            en=f"the origin would be {shown} ({new.origin.code})",
        )
    if new.outcome is Outcome.INSUFFICIENT_FACTS:
        zh = "；".join(m.text.zh for m in new.missing_facts)
        en = "; ".join(m.text.en for m in new.missing_facts)
        return LocalText(
            zh=f"事实不足，须补充：{zh}" if zh else "事实不足",
            en=f"more facts would be needed: {en}" if en else "more facts would be needed",
        )
    if new.outcome is Outcome.NEEDS_REVIEW:
        decided = next((s for s in new.trace if s.role == "decided"), None)
        return LocalText(
            zh=f"须交由学校人工审核（{decided.title.zh}）" if decided else "须交由学校人工审核",
            en=f"staff would have to review it ({decided.title.en})"
            if decided
            else "staff would have to review it",
        )
    return LocalText(zh="不在本规则集的适用范围内", en="it would be outside this ruleset")
