"""The applicant's facts as a report shows them beside its decision.

A Decision carries no facts, only their hash; a report that draws the hukou records
needs the applicant as well. `report_facts(decision, applicant)` checks that these are
the facts the decision was made from, then gives each hukou record as a row: numbered
as the counterfactuals number them (第2条户籍记录 is `hukou[1]`), its place resolved on
the decision date as the rules resolved it (an abolished division with its successors),
what the preparation read it as (高考前家庭户籍, 现家庭户籍 ...), and whether the
decision rests on it: the record behind the deciding rule's origin or, when the rule
offers staff candidates, behind those.

Nothing is decided here: the record behind each place comes from the same preparation
`decide_origin` runs (`origin_rules.situation.prepare`), under the decision's own date
and readings, with the bundled division registry (a decision made with another
`divisions` is drawn with the bundled registry's view of its places).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from origin_rules.decide import facts_hash
from origin_rules.decision import Decision
from origin_rules.divisions.registry import default_registry
from origin_rules.errors import InvalidOptionError
from origin_rules.explain.counterfactual import HOLDER_WORDS
from origin_rules.facts import Applicant, HukouEndReason, HukouRecord
from origin_rules.identity import check_document
from origin_rules.render.narrative import bundled_for, fact_label
from origin_rules.ruleset.model import Ruleset
from origin_rules.situation.places import IN_FORCE, PlaceRef, describe
from origin_rules.situation.prepare import prepare
from origin_rules.situation.vocabulary import DISPLAY, value_label

__all__ = ["FactsShown", "RecordRow", "WorkRow", "record_lines", "report_facts"]

# Words only the report's tables and timeline use, (zh, en).
WORDS: dict[str, tuple[str, str]] = {
    "moved": ("迁出", "moved out"),
    "in_force": ("至今", "in force"),
    "after_decision": ("判定日之后的记录，未计入", "after the decision date, not counted"),
    "household_parents": ("父母的户口", "the parents' household"),
    "household_relatives": ("亲属的户口（学生在其上）", "relatives' household (the student's)"),
    "records_heading": (
        "户籍记录（下文按此编号）",
        "Hukou records (numbered as the text below refers to them)",
    ),
    "read_as": ("判定中用作", "read as"),
    "rests_on": ("本判定所依据", "the decision rests on it"),
}


def word(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return zh if lang == "zh" else en


@dataclass(frozen=True)
class RecordRow:
    number: int  # 1-based, in the order the facts list the records
    holder: str  # family | student
    holder_label: str
    kind_label: str
    place: str  # as recorded: name (code)
    township: str | None
    start: date
    end: date | None
    ended: str | None  # how it ended, in words
    household: str | None  # whose household (family records on separate registers)
    division: str  # the division's state on the decision date (places.DIVISION_STATES)
    division_label: str
    change: str | None  # the division changes since, in words (not in force only)
    successors: tuple[str, ...]  # the divisions that took it over: full name (code)
    read_as: tuple[str, ...]  # what the preparation read it as, in words
    rests_on: bool
    after_decision: bool  # starts after the decision date: left out of the decision


@dataclass(frozen=True)
class WorkRow:
    number: int
    place: str
    start: date
    end: date | None


@dataclass(frozen=True)
class FactsShown:
    """The facts beside a decision, in one language."""

    summary: tuple[tuple[str, str], ...]  # (label, value): cohort, degree, gaokao ...
    records: tuple[RecordRow, ...]
    work: tuple[WorkRow, ...]
    gaokao: date | None
    earlier_gaokao: tuple[date, ...]
    enrollment: date
    earlier_enrollments: tuple[date, ...]
    decision_date: date | None


def report_facts(
    decision: Decision, applicant: Applicant, lang: str, ruleset: Ruleset | None = None
) -> FactsShown:
    """The applicant's facts as the report shows them beside `decision`.

    Raises `InvalidOptionError` if `applicant` is not the facts the decision was made
    from (their hashes differ): a report must not draw one graduate's records beside
    another's decision. `ruleset` is the ruleset the decision names, by default the
    bundled one when its content hash matches; without it no record is marked as the
    one the decision rests on.
    """
    if facts_hash(applicant) != decision.input_hash:
        raise InvalidOptionError(
            "applicant: these are not the facts the decision was made from "
            f"(their hash is not the decision's input_hash {decision.input_hash})"
        )
    ruleset = ruleset or bundled_for(decision)
    on = decision.options.decision_date if decision.options else applicant.decision_date
    read_as, rests_on = _records_read(decision, applicant, ruleset)
    registry = default_registry()
    rows = []
    for i, record in enumerate(applicant.hukou):
        ref = describe(record.place, record.start, record.end, on or record.start, registry)
        rows.append(_row(i, record, ref, lang, read_as.get(i, ()), i in rests_on, on))
    work = tuple(
        WorkRow(n, _place(w.place.name, w.place.code, lang), w.start, w.end)
        for n, w in enumerate(applicant.work_before_enrollment, start=1)
    )
    return FactsShown(
        summary=_summary(applicant, lang, on or applicant.enrollment),
        records=tuple(rows),
        work=work,
        gaokao=applicant.gaokao.date if applicant.gaokao else None,
        earlier_gaokao=tuple(g.date for g in applicant.earlier_gaokao),
        enrollment=applicant.enrollment,
        earlier_enrollments=tuple(p.enrollment for p in applicant.earlier_programmes),
        decision_date=on,
    )


def _records_read(
    decision: Decision, applicant: Applicant, ruleset: Ruleset | None
) -> tuple[dict[int, tuple[str, ...]], set[int]]:
    """For each record (by index), the places the preparation read from it; and the
    indexes of the records behind the deciding rule's origin or candidates."""
    if ruleset is None or decision.options is None or decision.decided_by is None:
        return {}, set()
    rule = ruleset.rules_by_id.get(decision.decided_by)
    if rule is None:
        return {}, set()
    situation = prepare(
        applicant,
        decision.options.interpretations,
        decision.options.decision_date,
        ruleset.governed_cohorts,
        default_registry(),
        explained=False,
    )
    index = {id(r): i for i, r in enumerate(applicant.hukou)}
    read_as: dict[int, list[str]] = {}
    for key, record in situation.records.items():
        read_as.setdefault(index[id(record)], []).append(key)
    sources = (rule.conclusion.origin,) if rule.conclusion.origin else rule.conclusion.candidates
    rests_on = {index[id(situation.records[s])] for s in sources if s in situation.records}
    return {i: tuple(keys) for i, keys in read_as.items()}, rests_on


def _row(
    i: int,
    record: HukouRecord,
    ref: PlaceRef,
    lang: str,
    keys: tuple[str, ...],
    rests_on: bool,
    on: date | None,
) -> RecordRow:
    zh, en = HOLDER_WORDS[record.holder]
    if record.end_reason is HukouEndReason.CANCELLED and record.cancellation_reason:
        ended: str | None = value_label(record.cancellation_reason.value, lang)
    elif record.end is not None:
        ended = word("moved", lang)
    else:
        ended = None
    household = (
        word(f"household_{record.household_of.value}", lang) if record.household_of else None
    )
    change = None
    if ref.division != IN_FORCE:
        change_zh, change_en = ref.change()
        change = change_zh if lang == "zh" else change_en
    return RecordRow(
        number=i + 1,
        holder=record.holder.value,
        holder_label=zh if lang == "zh" else en,
        kind_label=value_label(record.kind.value, lang),
        place=_place(record.place.name, record.place.code, lang),
        township=record.place.township,
        start=record.start,
        end=record.end,
        ended=ended,
        household=household,
        division=ref.division,
        division_label=value_label(ref.division, lang),
        change=change,
        successors=tuple(
            _place(s.full_name, s.code, lang) for s in ref.successors if ref.division != IN_FORCE
        ),
        read_as=tuple(_display(f"{key}_place", lang) for key in keys),
        rests_on=rests_on,
        after_decision=on is not None and record.start > on,
    )


def _place(name: str | None, code: str, lang: str) -> str:
    if not name:
        return code
    return f"{name}（{code}）" if lang == "zh" else f"{name} ({code})"


def _display(key: str, lang: str) -> str:
    zh, en = DISPLAY[key]
    return zh if lang == "zh" else en


def _summary(applicant: Applicant, lang: str, on: date) -> tuple[tuple[str, str], ...]:
    rows = [
        (_display("cohort", lang), f"{applicant.cohort.year}-{applicant.cohort.month:02d}"),
        (fact_label("degree", lang), value_label(applicant.degree.value, lang)),
        (fact_label("category", lang), value_label(applicant.category.value, lang)),
        (_display("programme", lang), value_label(applicant.programme.value, lang)),
    ]
    if applicant.gaokao is not None:
        rows.append((_display("gaokao_date", lang), applicant.gaokao.date.isoformat()))
    rows.append((_display("enrollment", lang), applicant.enrollment.isoformat()))
    document = applicant.identity_document
    if document is not None:
        # Never the number itself: the masked form the decision's trace shows.
        check = check_document(document.kind, document.number, as_of=on)
        rows.append((_display("id_document_kind", lang), value_label(document.kind.value, lang)))
        rows.append((_display("id_document_number", lang), check.normalised_masked))
    return tuple(rows)


def record_lines(row: RecordRow, lang: str) -> tuple[str, ...]:
    """A hukou record as the text and Markdown narratives list it before the steps, so
    that "第2条户籍记录" in a sentence below points at something the reader sees: the
    record in one sentence, then what the decision read it as and any division change."""
    sep, semi = ("，", "；") if lang == "zh" else (", ", "; ")
    parts = [row.holder_label, row.kind_label, row.place]
    if row.township:
        parts.append(row.township)
    if row.household:
        # Its own clause: a bracketed remark inside 户籍记录（…） brackets would nest.
        parts.append(
            row.household.replace("（", sep).replace("）", "") if lang == "zh" else row.household
        )
    if lang == "zh":
        parts.append(f"{row.start.isoformat()}至{row.end.isoformat() if row.end else '今'}")
    else:
        parts.append(f"from {row.start} to {row.end}" if row.end else f"from {row.start}")
        if row.end is None:
            parts.append(word("in_force", lang))
    if row.ended:
        parts.append(row.ended)
    lines = [sep.join(parts)]
    notes = list(row.read_as)
    if row.rests_on:
        notes.append(word("rests_on", lang))
    if notes:
        colon = "：" if lang == "zh" else ": "
        lines.append(f"{word('read_as', lang)}{colon}{semi.join(notes)}")
    if row.change:
        lines.append(row.change)
    if row.after_decision:
        lines.append(word("after_decision", lang))
    return tuple(lines)
