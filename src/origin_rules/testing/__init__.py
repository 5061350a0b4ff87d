"""Hypothesis strategies for testing systems built on origin-rules (needs the `testing` extra)."""

from origin_rules.testing.strategies import applicants, family_timeline, interpretation_choices

__all__ = ["applicants", "family_timeline", "interpretation_choices"]
