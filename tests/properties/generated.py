"""What the property tests draw from: the bundled guide, its interpretations with their
readings, and applicants of every kind the library's strategies make."""

from __future__ import annotations

from hypothesis import strategies as st

from origin_rules import Applicant
from origin_rules.ruleset import bundled_ruleset
from origin_rules.testing import (
    applicants,
    cancelled_families,
    exam_migrants,
    family_movers,
    graduate_workers,
    hk_mo_tw_students,
)

RULESET = bundled_ruleset("guide-2022")
# Interpretation id -> its readings, for `interpretation_choices`.
READINGS = {i.id: tuple(i.readings) for i in RULESET.interpretations.values()}


def every_kind(*more: st.SearchStrategy[Applicant]) -> st.SearchStrategy[Applicant]:
    """Applicants of every kind the strategies make (`more` added to the mix, e.g. a kind
    drawn twice as often): contradictions, graduates who worked, exam migrants, families
    that moved or were cancelled, Hong Kong/Macau/Taiwan students."""
    kinds = (
        applicants(),
        graduate_workers(),
        exam_migrants(),
        family_movers(),
        cancelled_families(),
        hk_mo_tw_students(),
        *more,
    )
    return st.one_of(kinds)
