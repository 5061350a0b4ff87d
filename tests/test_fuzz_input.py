"""Structure-aware fuzzing of the facts (issue 13): hostile values at every path, in
every input form, on both engines. Whatever the input, the call decides or raises
`InvalidFactsError` (every error with a field path) or `InvalidOptionError`, shows no
document number, and takes bounded time (origin_rules.testing.hostile says what is
generated). scripts/fuzz.py runs the same for longer; docs/reliability.md has figures."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from origin_rules.testing.hostile import base_applicant, check_hostile, hostile_applicants

# An eighth of the profile's examples: each input may be large (CI: 250, thorough: 2,500).
EXAMPLES = max(settings().max_examples // 8, 10)


def test_the_base_applicant_is_decided_so_every_error_below_comes_from_the_change() -> None:
    assert check_hostile(base_applicant()) == "decided"


@settings(
    max_examples=EXAMPLES,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(hostile_applicants(), st.sampled_from(["python", "durable"]))
def test_any_hostile_input_is_decided_or_refused_cleanly_masked_and_quickly(
    applicant: Any, engine: str
) -> None:
    check_hostile(applicant, engine)
