"""Hypothesis strategies for testing systems built on origin-rules (needs the `testing`
extra), and the policy's properties (`origin_rules.testing.properties`).

Importing it (or hypothesis, with the library installed) also registers the strategies
with hypothesis, so `st.from_type(Applicant)` draws `applicants()`.
"""

try:
    import hypothesis  # noqa: F401  (only to say what is missing, before anything else fails)
except ImportError as exc:
    raise ImportError(
        "origin_rules.testing needs hypothesis, which the `testing` extra installs: "
        "pip install 'origin-rules[testing]'",
        name=exc.name,
    ) from exc

from origin_rules._hypothesis_registration import register_strategies
from origin_rules.testing.malformed import malformed_applicants
from origin_rules.testing.strategies import (
    applicants,
    cancelled_families,
    exam_migrants,
    family_movers,
    gaokao_sittings,
    governed_cohorts,
    graduate_workers,
    graduation_cohorts,
    hk_mo_tw_students,
    hukou_records,
    interpretation_choices,
    other_cohorts,
    places,
    programmes,
    work_periods,
)
from origin_rules.testing.timelines import (
    counties_in_force,
    family_timeline,
    identity_documents,
    places_on,
)

register_strategies()

__all__ = [
    "applicants",
    "cancelled_families",
    "counties_in_force",
    "exam_migrants",
    "family_movers",
    "family_timeline",
    "gaokao_sittings",
    "governed_cohorts",
    "graduate_workers",
    "graduation_cohorts",
    "hk_mo_tw_students",
    "hukou_records",
    "identity_documents",
    "interpretation_choices",
    "malformed_applicants",
    "other_cohorts",
    "places",
    "places_on",
    "programmes",
    "work_periods",
]
