"""Facts that are well formed but contradict each other.

These are not input errors: each becomes a reason for `needs_review`, in words staff
can put to the graduate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from origin_rules.facts import Applicant, FamilyHousehold, HukouHolder, HukouRecord
from origin_rules.situation.timeline import overlapping_groups

_TWO_HOUSEHOLDS = (FamilyHousehold.PARENTS, FamilyHousehold.RELATIVES)
_HOLDERS = ((HukouHolder.FAMILY, "家庭"), (HukouHolder.STUDENT, "本人"))


@dataclass(frozen=True)
class Inconsistency:
    code: str
    zh: str
    en: str


def find_inconsistencies(applicant: Applicant, decision_date: date) -> list[Inconsistency]:
    """Every contradiction among the facts known on the decision date."""
    found: list[Inconsistency] = []
    add = found.append
    gaokao = applicant.gaokao
    enrollment = applicant.enrollment
    if gaokao is not None and enrollment <= gaokao.date:
        add(
            Inconsistency(
                "enrollment_not_after_gaokao",
                f"本阶段入学日期 {applicant.enrollment} 不晚于高考日期 {gaokao.date}",
                f"enrollment {applicant.enrollment} is not after the gaokao {gaokao.date}",
            )
        )
    if enrollment > decision_date:
        add(
            Inconsistency(
                "enrollment_after_decision_date",
                f"入学日期 {applicant.enrollment} 晚于判定日期 {decision_date}",
                f"enrollment {applicant.enrollment} is after the decision date {decision_date}",
            )
        )
    cohort = applicant.cohort
    # Graduation (the first of its month) on or before enrollment: compared as months
    # counted from year 0, which says the same without making the date.
    if cohort.year * 12 + cohort.month <= enrollment.year * 12 + enrollment.month:
        add(
            Inconsistency(
                "graduation_not_after_enrollment",
                f"毕业时间 {applicant.cohort.year}年{applicant.cohort.month}月 不晚于入学日期 "
                f"{applicant.enrollment}",
                f"graduation {applicant.cohort.year}-{applicant.cohort.month:02d} is not after "
                f"enrollment {applicant.enrollment}",
            )
        )
    for i, attempt in enumerate(applicant.earlier_gaokao):
        if gaokao is not None and attempt.date >= gaokao.date:
            add(
                Inconsistency(
                    "earlier_gaokao_not_earlier",
                    f"第 {i + 1} 次往年高考 {attempt.date} 不早于录取所依据的高考 {gaokao.date}",
                    f"earlier gaokao attempt {i + 1} ({attempt.date}) is not before the admitting "
                    f"gaokao ({gaokao.date})",
                )
            )
    programmes = applicant.earlier_programmes
    for i, programme in enumerate(programmes):
        if programme.enrollment >= applicant.enrollment:
            add(
                Inconsistency(
                    "earlier_programme_not_earlier",
                    f"第 {i + 1} 个前置学段的入学日期 {programme.enrollment} 不早于本阶段入学日期",
                    f"earlier programme {i + 1} enrolled {programme.enrollment}, not before the "
                    f"current enrollment",
                )
            )
        if gaokao is not None and programme.enrollment <= gaokao.date:
            add(
                Inconsistency(
                    "earlier_programme_before_gaokao",
                    f"第 {i + 1} 个前置学段的入学日期 {programme.enrollment} 不晚于高考日期",
                    f"earlier programme {i + 1} enrolled {programme.enrollment}, not after the gaokao",
                )
            )
    hukou = applicant.hukou
    for i, record in enumerate(hukou):
        end = record.end
        if end is not None and end < record.start:
            add(
                Inconsistency(
                    "hukou_ends_before_start",
                    f"第 {i + 1} 条户籍记录的迁出日期 {record.end} 早于迁入日期 {record.start}",
                    f"hukou record {i + 1} ends ({record.end}) before it starts ({record.start})",
                )
            )
    # The usual timeline has each record follow the one before: a quick test first.
    for holder, zh_holder in _HOLDERS if len(hukou) > 1 and _may_overlap(hukou) else ():
        indexed = [(i, r) for i, r in enumerate(applicant.hukou) if r.holder is holder]
        for group in _overlapping(indexed):
            numbers = [indexed[k][0] + 1 for k in group]
            hint_zh, hint_en = (
                (
                    "（学生与父母不在同一户口本上的，用 household_of 标明父母的户籍与学生所在的亲属家庭户）",
                    " (if the student and the parents are on different registers, mark them "
                    "with household_of: parents / relatives)",
                )
                if holder is HukouHolder.FAMILY
                else ("", "")
            )
            add(
                Inconsistency(
                    f"overlapping_{holder.value}_records",
                    f"{_numbered_zh(numbers)}{zh_holder}户籍记录的时间重叠{hint_zh}",
                    f"{holder.value} hukou records {_numbered_en(numbers)} overlap in time{hint_en}",
                )
            )
    works = applicant.work_before_enrollment
    for i, work in enumerate(works):
        if work.end is not None and work.end < work.start:
            add(
                Inconsistency(
                    "work_ends_before_start",
                    f"第 {i + 1} 段工作经历的结束日期早于开始日期",
                    f"work period {i + 1} ends before it starts",
                )
            )
        if work.start >= applicant.enrollment:
            add(
                Inconsistency(
                    "work_not_before_enrollment",
                    f"第 {i + 1} 段“入学前工作经历”开始于入学之后",
                    f"work period {i + 1} ('before enrollment') starts on or after enrollment",
                )
            )
    return found


def _may_overlap(records: Sequence[HukouRecord]) -> bool:
    """Whether two records of one holder may overlap: a quick test before the grouping
    below. One pass in the order given, keeping the latest end so far of each holder: a
    record that starts before it may overlap an earlier one. It says yes for every
    overlap the grouping finds, in any order (of two records that overlap, the later one
    given starts before the earlier one's end); and no for the usual timeline, each
    holder's records given in order, each starting where the one before ended."""
    reach: dict[HukouHolder, date] = {}  # the latest end so far, by holder
    for record in records:
        holder = record.holder
        so_far = reach.get(holder, _NEVER)
        if record.start < so_far:
            return True
        end = record.end or _OPEN
        if end > so_far:
            reach[holder] = end
    return False


_NEVER, _OPEN = date.min, date.max  # no end yet; the end of a record still in force


def _overlapping(indexed: list[tuple[int, HukouRecord]]) -> list[list[int]]:
    """Groups of records (positions in `indexed`) whose periods overlap, each once.

    The parents' registration and the relatives' household the student is on
    (household_of: parents / relatives) may run side by side: records so marked are
    checked against their own kind and the unmarked ones, never against each other.
    """
    records = [r for _, r in indexed]
    lanes = [
        [k for k, r in enumerate(records) if r.household_of is not other]
        for other in _TWO_HOUSEHOLDS
    ]
    if lanes[0] == lanes[1]:  # nothing marked: one lane
        lanes = lanes[:1]
    merged: list[set[int]] = []
    for lane in lanes:
        for group in overlapping_groups([records[k] for k in lane]):
            members = {lane[k] for k in group}
            joined = [g for g in merged if g & members]
            for g in joined:
                merged.remove(g)
                members |= g
            merged.append(members)
    return sorted(sorted(g) for g in merged)


def _numbered_zh(numbers: list[int]) -> str:
    # Two records as before ("第 1 条与第 2 条"); a group of more as "第 1、2、3 条".
    if len(numbers) == 2:
        return f"第 {numbers[0]} 条与第 {numbers[1]} 条"
    return f"第 {'、'.join(str(n) for n in numbers)} 条"


def _numbered_en(numbers: list[int]) -> str:
    if len(numbers) == 2:
        return f"{numbers[0]} and {numbers[1]}"
    return ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"
