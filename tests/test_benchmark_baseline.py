"""The benchmark's hand-written baseline (benchmarks/baseline.py) stays the same policy.

`benchmarks/targets.py` measures the library against it, so it must keep answering
what `decide_origin` answers (outcome, origin code, deciding rule) as the rules change:
checked here on the library's own generated applicants (contradictions, identity
documents, other cohorts, cancellations included), and its hand-written input checks
must reject a broken field naming it, as the library does. Not timed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from baseline import decide_json
from baseline_input import InputError, read_applicant

from origin_rules import Applicant, decide_origin
from origin_rules.testing import (
    applicants,
    cancelled_families,
    graduate_workers,
    hk_mo_tw_students,
    malformed_applicants,
)

GENERATED = st.one_of(
    applicants(), applicants(), cancelled_families(), graduate_workers(), hk_mo_tw_students()
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(GENERATED)
def test_the_baseline_decides_generated_applicants_as_the_library_does(
    applicant: Applicant,
) -> None:
    text = applicant.model_dump_json()
    decision = decide_origin(text, engine="python")
    expected = (
        decision.outcome.value,
        decision.origin.code if decision.origin is not None else None,
        decision.decided_by,
    )
    assert tuple(decide_json(text)) == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(malformed_applicants())
def test_the_baselines_input_checks_name_the_broken_field(
    broken: tuple[dict[str, object], str],
) -> None:
    data, path = broken
    try:
        read_applicant(json.dumps(data))
    except InputError as error:
        assert error.field == path
    else:
        raise AssertionError(f"{path} broken, but the baseline read the applicant")
