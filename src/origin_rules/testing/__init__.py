"""Hypothesis strategies for testing systems built on origin-rules (needs the `testing`
extra), and the policy's properties (`origin_rules.testing.properties`)."""

try:
    import hypothesis  # noqa: F401  (only to say what is missing, before anything else fails)
except ImportError as exc:
    raise ImportError(
        "origin_rules.testing needs hypothesis, which the `testing` extra installs: "
        "pip install 'origin-rules[testing]'",
        name=exc.name,
    ) from exc

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
