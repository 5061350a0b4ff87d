"""The display values an explanation quotes most are worded once and kept
(`situation/display.py`: each day's ISO text, each work period, the work hukou basis of
each enrollment and reading): on generated applicants of every kind under any readings,
each must be what wording it plainly gives, read first (worded and kept) and again
(read from what was kept)."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings

from origin_rules import Applicant
from origin_rules.decide import evaluate
from origin_rules.situation.display import DisplaySources, LazyDisplay, display_value
from origin_rules.testing import interpretation_choices

from .generated import READINGS, RULESET, every_kind


def plain_values(s: DisplaySources) -> dict[str, object]:
    """The kept keys' values, worded plainly from the sources."""
    shown: dict[str, object] = {key: day.isoformat() for key, day in s.dates.items()}
    shown["decision_date"] = s.decision_date.isoformat()
    shown["enrollment"] = s.applicant.enrollment.isoformat()
    if s.work_period is not None:
        start, end = s.work_period
        shown["work_period"] = f"{start.isoformat()} – {end.isoformat() if end else '至今'}"
    if s.graduate_hukou_reference == "day_before_enrollment":
        day = (s.applicant.enrollment - timedelta(days=1)).isoformat()
        shown["work_hukou_basis"] = (
            f"入学前（{day}）的本人户口",
            f"the student's own registration before enrollment ({day})",
        )
    else:
        shown["work_hukou_basis"] = (
            "入学前工作期间在工作地的本人户口",
            "the student's own registration at the workplace while working before enrollment",
        )
    return shown


@settings(max_examples=150, deadline=None)
@given(every_kind(), interpretation_choices(READINGS))
def test_kept_display_values_are_worded_as_plainly(
    applicant: Applicant, readings: dict[str, str]
) -> None:
    situation = evaluate(applicant, RULESET, None, readings, "python", None).situation
    if situation is None or type(situation.display) is not LazyDisplay:
        return
    sources = situation.display.sources
    for key, expected in plain_values(sources).items():
        assert display_value(sources, key) == expected, key  # worded (or already kept)
        assert display_value(sources, key) == expected, key  # read from what was kept
