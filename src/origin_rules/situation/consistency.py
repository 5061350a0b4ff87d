"""Facts that are well formed but contradict each other.

These are not input errors: each becomes a reason for `needs_review`, in words staff
can put to the graduate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from origin_rules.facts import Applicant, FamilyHousehold, HukouHolder
from origin_rules.situation.timeline import overlapping_pairs

_TWO_HOUSEHOLDS = {FamilyHousehold.PARENTS, FamilyHousehold.RELATIVES}


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
    if gaokao is not None and applicant.enrollment <= gaokao.date:
        add(
            Inconsistency(
                "enrollment_not_after_gaokao",
                f"本阶段入学日期 {applicant.enrollment} 不晚于高考日期 {gaokao.date}",
                f"enrollment {applicant.enrollment} is not after the gaokao {gaokao.date}",
            )
        )
    if applicant.enrollment > decision_date:
        add(
            Inconsistency(
                "enrollment_after_decision_date",
                f"入学日期 {applicant.enrollment} 晚于判定日期 {decision_date}",
                f"enrollment {applicant.enrollment} is after the decision date {decision_date}",
            )
        )
    graduation = date(applicant.cohort.year, applicant.cohort.month, 1)
    if graduation <= applicant.enrollment:
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
    for i, programme in enumerate(applicant.earlier_programmes):
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
    for i, record in enumerate(applicant.hukou):
        if record.end is not None and record.end < record.start:
            add(
                Inconsistency(
                    "hukou_ends_before_start",
                    f"第 {i + 1} 条户籍记录的迁出日期 {record.end} 早于迁入日期 {record.start}",
                    f"hukou record {i + 1} ends ({record.end}) before it starts ({record.start})",
                )
            )
    for holder, zh_holder in ((HukouHolder.FAMILY, "家庭"), (HukouHolder.STUDENT, "本人")):
        indexed = [(i, r) for i, r in enumerate(applicant.hukou) if r.holder is holder]
        for a, b in overlapping_pairs([r for _, r in indexed]):
            (ia, ra), (ib, rb) = indexed[a], indexed[b]
            if {ra.household_of, rb.household_of} == _TWO_HOUSEHOLDS:
                continue  # the parents' and the student's households, stated as such
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
                    f"第 {ia + 1} 条与第 {ib + 1} 条{zh_holder}户籍记录的时间重叠{hint_zh}",
                    f"{holder.value} hukou records {ia + 1} and {ib + 1} overlap in time{hint_en}",
                )
            )
    for i, work in enumerate(applicant.work_before_enrollment):
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
