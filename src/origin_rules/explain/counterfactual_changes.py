"""The single changes a counterfactual search tries (`origin_rules.explain.counterfactual`
searches them): each fact's own alternatives, as the graduate would describe them, with
the edits that make them and the facts they change.

Every single change, in the order it is tried: a missing fact supplied (the gaokao, an
earlier bachelor's programme, a county-level code), a record's start or end date moved
across a boundary that matters, a record's other kinds, its other holder, the record
removed; each in record order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import Enum
from typing import Any

from pydantic import BaseModel

from origin_rules.decision import Decision, LocalText
from origin_rules.divisions import DivisionLevel, level_from_code
from origin_rules.divisions.registry import DivisionRegistry, default_registry
from origin_rules.facts import (
    Applicant,
    DegreeLevel,
    Gaokao,
    HukouHolder,
    HukouKind,
    HukouRecord,
    Place,
    Programme,
)
from origin_rules.situation.family import first_enrollment
from origin_rules.situation.vocabulary import value_label

from .counterfactual_words import HOLDER_WORDS, place_words, record_reference, with_article
from .model import FactChange

Path = tuple[str | int, ...]
_REMOVED = object()  # the value of an edit that removes a hukou record


@dataclass(frozen=True)
class Edit:
    path: Path  # ("hukou", 1, "kind"), ("hukou", 1) to remove it, ("gaokao",), ...
    value: Any


@dataclass(frozen=True)
class Change:
    """One change as the graduate would describe it; may touch two linked fields."""

    edits: tuple[Edit, ...]
    facts: tuple[FactChange, ...]
    zh: str  # the 若 clause, without 若
    en: str  # the If clause, without If
    family: str = ""  # supplied, date, kind, holder or removal


def single_changes(applicant: Applicant, decision: Decision) -> Iterator[Change]:
    """Every single change, in the order they are tried and, for the same result,
    preferred: supplied facts first (what staff would ask for), then dates moved (when
    a registration moved is the fact most often misremembered), then other kinds,
    holders flipped, records removed; each in record order."""
    decision_date = decision.options.decision_date if decision.options else None
    yield from (
        replace(c, family="supplied")
        for c in _supplied(applicant, decision_date, default_registry())
    )
    boundaries = _boundaries(applicant)
    records = list(enumerate(applicant.hukou))
    for index, record in records:
        yield from (
            replace(c, family="date") for c in _date_moves(applicant, index, record, boundaries)
        )
    for index, record in records:
        yield from (replace(c, family="kind") for c in _kind_changes(index, record))
    for index, record in records:
        yield replace(_holder_flip(index, record), family="holder")
    for index, record in records:
        yield replace(_removal(index, record), family="removal")


def _supplied(
    applicant: Applicant, decision_date: date | None, registry: DivisionRegistry
) -> Iterator[Change]:
    gaokao_supplied = _supplied_gaokao(applicant, registry)
    if gaokao_supplied is not None:
        yield gaokao_supplied
    bachelor = _supplied_bachelor(applicant)
    if bachelor is not None:
        yield bachelor
    for index, record in enumerate(applicant.hukou):
        county = _supplied_county(index, record, decision_date, registry)
        if county is not None:
            yield county


def _first_enrollment(applicant: Applicant) -> date | None:
    # The preparation's own reading (a second programme's first enrollment is an
    # earlier programme's), so the boundaries tried are the ones the rules count from.
    return first_enrollment(applicant)


def _supplied_gaokao(applicant: Applicant, registry: DivisionRegistry) -> Change | None:
    if applicant.gaokao is not None:
        return None
    first = _first_enrollment(applicant)
    # A graduate student with no earlier programme stated most likely sat the gaokao
    # before a four-year bachelor's.
    year = first.year if first else applicant.enrollment.year - 4
    day = date(year, 6, 7)
    family = [r for r in applicant.hukou if r.holder is HukouHolder.FAMILY]
    in_force = [r for r in family if r.start <= day and (r.end is None or day < r.end)]
    source = next(iter(in_force or family or applicant.hukou), None)
    if source is None:
        return None  # no record to sit the exam from: a gaokao alone decides nothing
    province = source.place.code[:2] + "0000"
    gaokao = Gaokao(date=day, province=province)
    name = registry.full_name(province, day) or province
    return Change(
        edits=(Edit(("gaokao",), gaokao),),
        facts=(_fact_change("gaokao", None, gaokao, f"高考时间为 {day}", f"gaokao on {day}"),),
        zh=f"补充高考时间为 {day}（{name}）",
        en=f"the gaokao were stated as sat on {day} (in {name})",
    )


def _supplied_bachelor(applicant: Applicant) -> Change | None:
    if applicant.degree not in (DegreeLevel.MASTER, DegreeLevel.DOCTOR):
        return None
    if any(p.level is DegreeLevel.BACHELOR for p in applicant.earlier_programmes):
        return None
    later = [applicant.enrollment, *(p.enrollment for p in applicant.earlier_programmes)]
    # Enrolled the September after the gaokao, the usual case; without a gaokao, four
    # years before the next programme.
    year = applicant.gaokao.date.year if applicant.gaokao else min(later).year - 4
    enrolled = date(year, 9, 1)
    if enrolled >= min(later):
        return None
    graduated: date | None = date(year + 4, 6, 30)
    if graduated is not None and graduated >= min(later):
        graduated = None
    programme = Programme(level=DegreeLevel.BACHELOR, enrollment=enrolled, graduation=graduated)
    programmes = tuple(
        sorted((*applicant.earlier_programmes, programme), key=lambda p: p.enrollment)
    )
    return Change(
        edits=(Edit(("earlier_programmes",), programmes),),
        facts=(
            _fact_change(
                "earlier_programmes",
                applicant.earlier_programmes,
                programmes,
                f"本科入学时间为 {enrolled}",
                f"bachelor's enrollment on {enrolled}",
            ),
        ),
        zh=f"补充此前本科学段的入学时间为 {enrolled}",
        en=f"an earlier bachelor's programme were stated, enrolled on {enrolled}",
    )


def _supplied_county(
    index: int, record: HukouRecord, decision_date: date | None, registry: DivisionRegistry
) -> Change | None:
    code = record.place.code
    level = level_from_code(code)
    if level is DivisionLevel.COUNTY:
        return None
    prefix = code[:2] if level is DivisionLevel.PROVINCE else code[:4]
    counties = registry.county_codes(record.start)
    if decision_date is not None:
        # A county abolished since would only send the case to staff.
        counties = counties & registry.county_codes(decision_date)
    under = sorted(c for c in counties if c.startswith(prefix) and c != code)
    if not under:
        return None
    county = under[0]
    on = decision_date or record.start
    place = Place(code=county, name=registry.name(county, record.start))
    new_name = registry.full_name(county, on) or place.name or county
    old_name = record.place.name or registry.full_name(code, record.start) or code
    shown, shown_en = f"{new_name}（{county}）", f"{new_name} ({county})"
    old, old_en = f"{old_name}（{code}）", f"{old_name} ({code})"
    n = index + 1
    ref_zh, ref_en = record_reference(index, record)
    return Change(
        edits=(Edit(("hukou", index, "place"), place),),
        facts=(
            _fact_change(
                f"hukou.{index}.place",
                record.place,
                place,
                f"第{n}条户籍记录的所在地为{shown}",
                f"hukou record {n} at {shown_en}",
            ),
        ),
        zh=f"{ref_zh}的所在地具体到区、县，如{shown}，而非只有{old}",
        en=f"the place of {ref_en} were given to county level, e.g. {shown_en} (not only {old_en})",
    )


# The kind the guide sets against each one comes first: 个人独立户口 against 单位集体户口
# (三2), a permanent household against a temporary collective (四(二)).
_CONTRASTS: dict[HukouKind, HukouKind] = {
    HukouKind.INDIVIDUAL_INDEPENDENT: HukouKind.EMPLOYER_COLLECTIVE,
    HukouKind.EMPLOYER_COLLECTIVE: HukouKind.INDIVIDUAL_INDEPENDENT,
    HukouKind.TEMPORARY_COLLECTIVE: HukouKind.FAMILY_HOUSEHOLD,
    HukouKind.SCHOOL_COLLECTIVE: HukouKind.FAMILY_HOUSEHOLD,
    HukouKind.FAMILY_HOUSEHOLD: HukouKind.TEMPORARY_COLLECTIVE,
    HukouKind.PUBLIC_COLLECTIVE: HukouKind.TEMPORARY_COLLECTIVE,
}


def _kind_changes(index: int, record: HukouRecord) -> Iterator[Change]:
    n = index + 1
    ref_zh, ref_en = record_reference(index, record)
    contrast = _CONTRASTS[record.kind]
    for kind in (contrast, *(k for k in HukouKind if k is not contrast)):
        if kind is record.kind:
            continue
        new_zh, old_zh = value_label(kind.value, "zh"), value_label(record.kind.value, "zh")
        new_en, old_en = value_label(kind.value, "en"), value_label(record.kind.value, "en")
        yield Change(
            edits=(Edit(("hukou", index, "kind"), kind),),
            facts=(
                _fact_change(
                    f"hukou.{index}.kind",
                    record.kind,
                    kind,
                    f"第{n}条户籍记录的户口类型为“{new_zh}”",
                    f"hukou record {n} is {with_article(new_en)}",
                ),
            ),
            zh=f"{ref_zh}的户口类型为“{new_zh}”（而非“{old_zh}”）",
            en=f"{ref_en} were {with_article(new_en)} (not {with_article(old_en)})",
        )


def _holder_flip(index: int, record: HukouRecord) -> Change:
    n = index + 1
    other = HukouHolder.STUDENT if record.holder is HukouHolder.FAMILY else HukouHolder.FAMILY
    (new_zh, new_en), (old_zh, old_en) = HOLDER_WORDS[other], HOLDER_WORDS[record.holder]
    ref_zh, ref_en = record_reference(index, record)
    return Change(
        edits=(Edit(("hukou", index, "holder"), other),),
        facts=(
            _fact_change(
                f"hukou.{index}.holder",
                record.holder,
                other,
                f"第{n}条户籍记录为{new_zh}",
                f"hukou record {n} is {new_en}",
            ),
        ),
        zh=f"{ref_zh}为{new_zh}（而非{old_zh}）",
        en=f"{ref_en} were {new_en} (not {old_en})",
    )


def _removal(index: int, record: HukouRecord) -> Change:
    n = index + 1
    ref_zh, ref_en = record_reference(index, record)
    return Change(
        edits=(Edit(("hukou", index), _REMOVED),),
        facts=(
            _fact_change(
                f"hukou.{index}",
                record,
                None,
                f"没有第{n}条户籍记录",
                f"no hukou record {n}",
            ),
        ),
        zh=f"没有{ref_zh}",
        en=f"there were no {ref_en}",
    )


@dataclass(frozen=True)
class _Boundary:
    day: date
    zh: str  # e.g. 高考
    en: str  # e.g. the gaokao


def _boundaries(applicant: Applicant) -> tuple[_Boundary, ...]:
    """The days whose side a registration date falls on can matter to the rules."""
    found: list[_Boundary] = []
    if applicant.gaokao is not None:
        found.append(_Boundary(applicant.gaokao.date, "高考", "the gaokao"))
    first = _first_enrollment(applicant)
    if first is not None and first != applicant.enrollment:
        found.append(_Boundary(first, "首次入学", "the first enrollment"))
        found.append(_Boundary(applicant.enrollment, "本阶段入学", "the current enrollment"))
    else:
        found.append(_Boundary(applicant.enrollment, "入学", "enrollment"))
    return tuple(found)


def _side(day: date, boundaries: tuple[_Boundary, ...]) -> tuple[int, ...]:
    return tuple((day > b.day) - (day < b.day) for b in boundaries)


def _moved_dates(old: date, boundaries: tuple[_Boundary, ...]) -> list[tuple[date, str, str]]:
    """For each boundary, the day itself and the day just across it from `old`, nearest
    first; a day on the same side of every boundary as `old` changes nothing."""
    found: dict[date, tuple[str, str]] = {}
    for b in boundaries:
        across = b.day + timedelta(days=1 if old < b.day else -1)
        for day, zh, en in (
            (b.day, f"{b.zh}当天", f"the day of {b.en}"),
            (
                across,
                f"{b.zh}{'次日' if across > b.day else '前一天'}",
                f"the day {'after' if across > b.day else 'before'} {b.en}",
            ),
        ):
            if day not in found and _side(day, boundaries) != _side(old, boundaries):
                found[day] = (zh, en)
    return sorted(
        ((d, *words) for d, words in found.items()), key=lambda x: (abs(x[0] - old), x[0])
    )


def _date_moves(
    applicant: Applicant, index: int, record: HukouRecord, boundaries: tuple[_Boundary, ...]
) -> Iterator[Change]:
    n = index + 1
    ref_zh, ref_en = record_reference(index, record)
    same_holder = [
        (i, r) for i, r in enumerate(applicant.hukou) if i != index and r.holder is record.holder
    ]
    # The record this one follows: its end is the day of the move into this one.
    previous = next(((i, r) for i, r in same_holder if r.end == record.start), None)
    for day, zh, en in _moved_dates(record.start, boundaries):
        edits = [Edit(("hukou", index, "start"), day)]
        facts = [
            _fact_change(
                f"hukou.{index}.start",
                record.start,
                day,
                f"第{n}条户籍记录的起始日期为 {day}",
                f"hukou record {n} starts on {day}",
            )
        ]
        zh_also = en_also = ""
        if previous is not None:
            p, prev = previous
            edits.append(Edit(("hukou", p, "end"), day))
            facts.append(
                _fact_change(
                    f"hukou.{p}.end",
                    prev.end,
                    day,
                    f"第{p + 1}条户籍记录的终止日期为 {day}",
                    f"hukou record {p + 1} ends on {day}",
                )
            )
            # Described, not numbered: a second bracket inside this one would nest.
            before_zh, before_en = HOLDER_WORDS[prev.holder]
            zh_also = f"，此前在{place_words(prev)}的{before_zh}记录随之于当日终止"
            en_also = f", {before_en} at {place_words(prev)} before it ending that day"
        yield Change(
            edits=tuple(edits),
            facts=tuple(facts),
            zh=f"{ref_zh}的起始日期为 {day}（{zh}，而非 {record.start}{zh_also}）",
            en=f"{ref_en} started on {day} ({en}, not {record.start}{en_also})",
        )
    if record.end is None:
        return  # an open record is still in force; closing it would need a next place
    if any(r.start == record.end for _, r in same_holder):
        return  # moving this end is moving the next record's start, tried above
    for day, zh, en in _moved_dates(record.end, boundaries):
        yield Change(
            edits=(Edit(("hukou", index, "end"), day),),
            facts=(
                _fact_change(
                    f"hukou.{index}.end",
                    record.end,
                    day,
                    f"第{n}条户籍记录的终止日期为 {day}",
                    f"hukou record {n} ends on {day}",
                ),
            ),
            zh=f"{ref_zh}的终止日期为 {day}（{zh}，而非 {record.end}）",
            en=f"{ref_en} ended on {day} ({en}, not {record.end})",
        )


def _fact_change(path: str, before: Any, after: Any, zh: str, en: str) -> FactChange:
    return FactChange(
        path=path, before=_plain(before), after=_plain(after), text=LocalText(zh=zh, en=en)
    )


def _plain(value: Any) -> Any:
    """The value as JSON would carry it, so an explanation round-trips."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value
