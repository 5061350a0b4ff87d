"""The smallest changes of a graduate's facts that would change the decision.

The search only tries each fact's own alternatives, so every change it reports is one
staff can put to the graduate ("is this record really an employer collective?"):

- a hukou record's kind: every other kind;
- a record's holder: the family's registration instead of the student's own, or back;
- a record's start or end date moved across a boundary that matters: to the day of
  the gaokao, the first enrollment or the current enrollment, or the day just on the
  other side of it. A move from one record to the next of the same holder is one
  event, so when a record starts the day the previous one ends, both dates move
  together (otherwise every such move would first show up as overlapping records);
- a record removed;
- a missing fact supplied: the gaokao (7 June of the year of the first enrollment), an
  earlier bachelor's programme for a graduate student without one (enrolled 1 September
  of the gaokao year), a county-level code for a place recorded only to province or
  prefecture level (the first county under it in force both then and on the decision
  date, from the bundled division registry).

Degree level, student category, cohort and the normal-university flag are never
changed: they are not the graduate's to change, and they decide which rules apply at
all rather than how a rule reads the facts.

The search is breadth-first: every single change, then pairs of changes if time
remains and fewer than `max_results` were found. A counterfactual is reported only if
the outcome or the origin code differs from the decision's, and only once per result
(outcome, origin, deciding rule): the first, smallest change that reaches it. A pair is
not tried if either of its changes already changes the result alone (it would not be
smallest), nor if either makes the facts unusable on its own (a variant that fails
validation, or whose decision rests on the facts contradicting each other: "if the
dates contradicted each other, staff would review" is no answer). The search stops at
the time budget or `max_tried` decisions and then says it is incomplete. Complete means
that every change set that could have been reported was tried: pairs are skipped, and
the search is still complete, once `max_results` are found, since a later pair would
be listed after them.

Order: single changes first, those giving a determined origin first, then in the order
searched (supplied facts, moved dates, other kinds, other holders, removed records).
Pairs follow in the order searched. The result is deterministic whenever the search
completes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import Enum
from itertools import combinations
from typing import Any

from pydantic import BaseModel, ValidationError

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
from origin_rules.ruleset.model import Outcome
from origin_rules.situation.family import first_enrollment
from origin_rules.situation.vocabulary import value_label

from .model import Counterfactual, CounterfactualSearch, FactChange

Path = tuple[str | int, ...]
_REMOVED = object()  # the value of an edit that removes a hukou record


@dataclass(frozen=True)
class _Edit:
    path: Path  # ("hukou", 1, "kind"), ("hukou", 1) to remove it, ("gaokao",), ...
    value: Any


@dataclass(frozen=True)
class _Change:
    """One change as the graduate would describe it; may touch two linked fields."""

    edits: tuple[_Edit, ...]
    facts: tuple[FactChange, ...]
    zh: str  # the 若 clause, without 若
    en: str  # the If clause, without If
    family: str = ""  # supplied, date, kind, holder or removal


def counterfactuals(
    applicant: Applicant,
    decision: Decision,
    *,
    decide: Callable[[Applicant], Decision],
    budget_seconds: float = 1.0,
    max_tried: int = 2000,
    max_changes: int = 2,
    max_results: int = 5,
) -> tuple[tuple[Counterfactual, ...], CounterfactualSearch]:
    """Search the smallest changes of `applicant`'s facts that change `decision`'s
    outcome or origin code (see the module's docstring). `decide` decides a changed
    applicant with the same options as `decision`."""
    started = time.monotonic()
    tried = 0
    complete = True
    # Each result (outcome, origin, rule) is reported once per family of change, reached
    # by its first change of that family: a kind and a date reaching the same result are
    # different things to ask the graduate about (同学乙: an employer collective hukou,
    # or an individual hukou set up only after enrollment).
    seen: set[tuple[Outcome, str | None, str | None, tuple[str, ...]]] = set()
    singles: list[tuple[int, Counterfactual]] = []
    effective: set[int] = set()  # singles that change the result or make the facts unusable

    def budget_left() -> bool:
        return tried < max_tried and time.monotonic() - started < budget_seconds

    def attempt(changes: tuple[_Change, ...]) -> tuple[str, Counterfactual | None]:
        """ "unusable", "same" or "changed", with the counterfactual if its result is new."""
        nonlocal tried
        variant = _apply(applicant, [e for c in changes for e in c.edits])
        if variant is None:
            return "unusable", None
        tried += 1
        new = decide(variant)
        if _rests_on_inconsistency(new):
            return "unusable", None
        if not _differs(new, decision):
            return "same", None
        key = (
            new.outcome,
            new.origin.code if new.origin else None,
            new.decided_by,
            tuple(c.family for c in changes),
        )
        if key in seen:
            return "changed", None
        seen.add(key)
        return "changed", _counterfactual(changes, new)

    candidates = list(_single_changes(applicant, decision)) if max_changes >= 1 else []
    for index, change in enumerate(candidates):
        if not budget_left():
            complete = False
            break
        status, found = attempt((change,))
        if status != "same":
            effective.add(index)
        if found is not None:
            singles.append((index, found))
    # Every single change was tried before any pair, so they can be ranked together.
    singles.sort(key=lambda found: (_rank(found[1]), found[0]))
    results = [c for _, c in singles if _leads_somewhere(c)][:max_results]
    missing_only = [c for _, c in singles if not _leads_somewhere(c)]

    if complete and max_changes >= 2 and len(results) < max_results:
        for i, j in combinations(range(len(candidates)), 2):
            if i in effective or j in effective or _conflict(candidates[i], candidates[j]):
                continue
            if not budget_left():
                complete = False
                break
            _, found = attempt((candidates[i], candidates[j]))
            if found is None:
                continue
            if not _leads_somewhere(found):
                missing_only.append(found)
                continue
            results.append(found)
            if len(results) == max_results:
                break  # later pairs come after these, so none could be reported
    # Where nothing reaches another decision, the changes that only leave facts missing
    # are all there is to say: listed, not counted.
    listed, unlisted = (results, len(missing_only)) if results else (missing_only[:max_results], 0)
    return tuple(listed), CounterfactualSearch(
        tried=tried,
        complete=complete,
        seconds_budget=budget_seconds,
        max_changes=min(max_changes, 2),
        only_missing_facts=unlisted,
    )


def _leads_somewhere(found: Counterfactual) -> bool:
    """Whether a change reaches another decision, rather than only leaving facts missing
    (deleting a record, moving a date onto the gaokao day): staff ask about the first."""
    return found.outcome is not Outcome.INSUFFICIENT_FACTS


def _rank(found: Counterfactual) -> int:
    """Another origin first, then a case for staff, then anything else."""
    order = (Outcome.DETERMINED, Outcome.NEEDS_REVIEW, Outcome.OUT_OF_SCOPE)
    return order.index(found.outcome) if found.outcome in order else len(order)


# --- applying changes ---------------------------------------------------------------


def _apply(applicant: Applicant, edits: Iterable[_Edit]) -> Applicant | None:
    """The applicant with the edits made, validated afresh; None if that fails."""
    removed: set[int] = set()
    per_record: dict[int, dict[str, Any]] = {}
    top: dict[str, Any] = {}
    for edit in edits:
        head = edit.path[0]
        if head == "hukou":
            index = edit.path[1]
            assert isinstance(index, int)
            if len(edit.path) == 2:
                removed.add(index)
            else:
                per_record.setdefault(index, {})[str(edit.path[2])] = edit.value
        else:
            top[str(head)] = edit.value
    hukou = tuple(
        record.model_copy(update=per_record.get(i, {}))
        for i, record in enumerate(applicant.hukou)
        if i not in removed
    )
    # model_copy does not validate; validating the whole afresh catches a variant that
    # is not well-formed facts at all.
    try:
        return type(applicant).model_validate(
            applicant.model_copy(update={**top, "hukou": hukou}).model_dump()
        )
    except ValidationError:
        return None


def _conflict(a: _Change, b: _Change) -> bool:
    """Two changes touch the same field (or one removes the record the other edits)."""
    return any(
        p.path[: len(q.path)] == q.path or q.path[: len(p.path)] == p.path
        for p in a.edits
        for q in b.edits
    )


def _rests_on_inconsistency(decision: Decision) -> bool:
    return any(
        step.role == "decided" and step.facts.get("facts_consistent") is False
        for step in decision.trace
    )


def _differs(new: Decision, old: Decision) -> bool:
    def code(d: Decision) -> str | None:
        return d.origin.code if d.origin else None

    return new.outcome is not old.outcome or code(new) != code(old)


# --- the single changes -------------------------------------------------------------


def _single_changes(applicant: Applicant, decision: Decision) -> Iterator[_Change]:
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
) -> Iterator[_Change]:
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


def _supplied_gaokao(applicant: Applicant, registry: DivisionRegistry) -> _Change | None:
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
    return _Change(
        edits=(_Edit(("gaokao",), gaokao),),
        facts=(_fact_change("gaokao", None, gaokao, f"高考时间为 {day}", f"gaokao on {day}"),),
        zh=f"补充高考时间为 {day}（{name}）",
        en=f"the gaokao were stated as sat on {day} (in {name})",
    )


def _supplied_bachelor(applicant: Applicant) -> _Change | None:
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
    return _Change(
        edits=(_Edit(("earlier_programmes",), programmes),),
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
) -> _Change | None:
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
    return _Change(
        edits=(_Edit(("hukou", index, "place"), place),),
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


def _kind_changes(index: int, record: HukouRecord) -> Iterator[_Change]:
    n = index + 1
    ref_zh, ref_en = record_reference(index, record)
    contrast = _CONTRASTS[record.kind]
    for kind in (contrast, *(k for k in HukouKind if k is not contrast)):
        if kind is record.kind:
            continue
        new_zh, old_zh = value_label(kind.value, "zh"), value_label(record.kind.value, "zh")
        new_en, old_en = value_label(kind.value, "en"), value_label(record.kind.value, "en")
        yield _Change(
            edits=(_Edit(("hukou", index, "kind"), kind),),
            facts=(
                _fact_change(
                    f"hukou.{index}.kind",
                    record.kind,
                    kind,
                    f"第{n}条户籍记录的户口类型为“{new_zh}”",
                    f"hukou record {n} is {_a(new_en)}",
                ),
            ),
            zh=f"{ref_zh}的户口类型为“{new_zh}”（而非“{old_zh}”）",
            en=f"{ref_en} were {_a(new_en)} (not {_a(old_en)})",
        )


def _a(label: str) -> str:
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
    place, n = _place_words(record), index + 1
    return (
        f"第{n}条户籍记录（{holder_zh}，{place}，自{record.start}起）",
        f"hukou record {n} ({holder_en}, {place}, from {record.start})",
    )


def _place_words(record: HukouRecord) -> str:
    return record.place.name or record.place.code


def _holder_flip(index: int, record: HukouRecord) -> _Change:
    n = index + 1
    other = HukouHolder.STUDENT if record.holder is HukouHolder.FAMILY else HukouHolder.FAMILY
    (new_zh, new_en), (old_zh, old_en) = HOLDER_WORDS[other], HOLDER_WORDS[record.holder]
    ref_zh, ref_en = record_reference(index, record)
    return _Change(
        edits=(_Edit(("hukou", index, "holder"), other),),
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


def _removal(index: int, record: HukouRecord) -> _Change:
    n = index + 1
    ref_zh, ref_en = record_reference(index, record)
    return _Change(
        edits=(_Edit(("hukou", index), _REMOVED),),
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
) -> Iterator[_Change]:
    n = index + 1
    ref_zh, ref_en = record_reference(index, record)
    same_holder = [
        (i, r) for i, r in enumerate(applicant.hukou) if i != index and r.holder is record.holder
    ]
    # The record this one follows: its end is the day of the move into this one.
    previous = next(((i, r) for i, r in same_holder if r.end == record.start), None)
    for day, zh, en in _moved_dates(record.start, boundaries):
        edits = [_Edit(("hukou", index, "start"), day)]
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
            edits.append(_Edit(("hukou", p, "end"), day))
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
            zh_also = f"，此前在{_place_words(prev)}的{before_zh}记录随之于当日终止"
            en_also = f", {before_en} at {_place_words(prev)} before it ending that day"
        yield _Change(
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
        yield _Change(
            edits=(_Edit(("hukou", index, "end"), day),),
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


# --- the counterfactual in words ----------------------------------------------------


def _counterfactual(changes: tuple[_Change, ...], new: Decision) -> Counterfactual:
    result = _result_words(new)
    return Counterfactual(
        changes=tuple(f for c in changes for f in c.facts),
        outcome=new.outcome,
        origin=new.origin,
        decided_by=new.decided_by,
        text=LocalText(
            zh=f"若{'，且'.join(c.zh for c in changes)}，则{result.zh}",
            en=f"If {', and '.join(c.en for c in changes)}, {result.en}",
        ),
    )


def _result_words(new: Decision) -> LocalText:
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
