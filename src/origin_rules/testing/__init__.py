"""Hypothesis strategies for testing systems built on origin-rules (needs the `testing`
extra), and the policy's properties (`origin_rules.testing.properties`)."""

from origin_rules.testing.strategies import (
    applicants,
    cancelled_families,
    counties_in_force,
    exam_migrants,
    family_movers,
    family_timeline,
    graduate_workers,
    hk_mo_tw_students,
    identity_documents,
    interpretation_choices,
    malformed_applicants,
    places_on,
)

__all__ = [
    "applicants",
    "cancelled_families",
    "counties_in_force",
    "exam_migrants",
    "family_movers",
    "family_timeline",
    "graduate_workers",
    "hk_mo_tw_students",
    "identity_documents",
    "interpretation_choices",
    "malformed_applicants",
    "places_on",
]
