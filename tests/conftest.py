"""Hypothesis profiles: `ci` (the default) is derandomized, so a CI run is repeatable;
`thorough` explores ten times as many applicants with a fresh seed each run.

    ORIGIN_RULES_HYPOTHESIS_PROFILE=thorough pytest tests/test_engines_agree.py
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=2000,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "thorough",
    max_examples=20000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("ORIGIN_RULES_HYPOTHESIS_PROFILE", "ci"))
