"""The benchmark's hand-written baseline (benchmarks/baseline.py) stays the same policy.

`benchmarks/targets.py` measures the library against it, so it must keep answering
what `decide_origin` answers (outcome, origin code, deciding rule) as the rules change:
checked here on every policy case of the default readings and on the library's own
generated applicants (contradictions, identity documents, other cohorts, cancellations
included). Its document-number check must agree with the library's, and its
hand-written input checks must reject a broken field naming it, as the library does.
Not timed.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_policy_cases import LOADED

from origin_rules.cases import Case

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from baseline import decide_json
from baseline_ids import document_check
from baseline_input import InputError, read_applicant

from origin_rules import Applicant, decide_origin
from origin_rules.identity import (
    DocumentKind,
    check_document,
    gb11643_check_character,
    hong_kong_check_character,
    taiwan_check_digit,
)
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


DEFAULT_READING_CASES = [
    c for c in LOADED.cases if c.ruleset_dir == "guide-2022" and not c.options and not c.xfail
]


@pytest.mark.parametrize("case", DEFAULT_READING_CASES, ids=lambda c: c.id)
def test_the_baseline_decides_every_policy_case_of_the_default_readings(case: Case) -> None:
    # The cases name the boundaries (household_of, the enrollment day, cancellations...)
    # that generated applicants reach only by chance.
    text = json.dumps(case.facts, default=str, ensure_ascii=False)
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


def _library_check(kind: DocumentKind, number: str, on: date) -> str:
    check = check_document(kind, number, as_of=on)
    if check.valid:
        return "normalised" if check.changes else "valid"
    return (
        "invalid_mainland_id" if kind is DocumentKind.MAINLAND_RESIDENT_ID else "invalid_hk_mo_tw"
    )


@st.composite
def document_numbers(draw: st.DrawFn) -> tuple[DocumentKind, str]:
    """A kind and a number: a valid one of that kind or of another, perhaps written
    loosely (spaces, lower case, full-width characters), perhaps with one character
    changed, or any short text."""
    kind = draw(st.sampled_from(list(DocumentKind)))
    body = f"{draw(st.sampled_from(['440113', '110108', '810000', '820000', '830000', '990000']))}"
    body += f"{draw(st.integers(1890, 2030))}{draw(st.integers(1, 13)):02d}{draw(st.integers(1, 31)):02d}"
    body += f"{draw(st.integers(0, 999)):03d}"
    letters = draw(st.sampled_from(["A", "AB", "Z", "WX"]))
    serial = f"{draw(st.integers(0, 999999)):06d}"
    tw = f"{draw(st.sampled_from('ABCDEFGHIJKLMNOPQRSTUVWXYZ'))}{draw(st.sampled_from('123'))}{draw(st.integers(0, 9999999)):07d}"
    valid = {
        DocumentKind.MAINLAND_RESIDENT_ID: body + gb11643_check_character(body),
        DocumentKind.RESIDENCE_PERMIT_HMT: body + gb11643_check_character(body),
        DocumentKind.HONG_KONG_IDENTITY_CARD: draw(st.sampled_from(["({})", "{}"])).format(
            hong_kong_check_character(letters, serial)
        ),
        DocumentKind.MACAU_IDENTITY_CARD: f"{draw(st.sampled_from('1579'))}{serial}({draw(st.integers(0, 9))})",
        DocumentKind.TAIWAN_COMPATRIOT_PERMIT: draw(
            st.sampled_from([f"{serial}12", f"{serial}1234", f"{serial}1234(B)"])
        ),
        DocumentKind.TAIWAN_IDENTITY_CARD: tw + taiwan_check_digit(tw),
    }
    valid[DocumentKind.HONG_KONG_IDENTITY_CARD] = (
        f"{letters}{serial}{valid[DocumentKind.HONG_KONG_IDENTITY_CARD]}"
    )
    own = valid[kind]
    number = draw(
        st.sampled_from([own] * 6 + list(valid.values()))
        | st.text("0123456789XAB()（） x", max_size=20)
    )
    if draw(st.booleans()):
        number = draw(st.sampled_from([f" {number}", number.lower(), number.replace("(", "（")]))
    if number and draw(st.integers(0, 3)) == 0:
        i = draw(st.integers(0, len(number) - 1))
        number = number[:i] + draw(st.sampled_from("0123456789XA")) + number[i + 1 :]
    return kind, number


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document_numbers(), st.sampled_from([date(2021, 10, 10), date(1995, 1, 1)]))
def test_the_baselines_document_check_agrees_with_the_library(
    document: tuple[DocumentKind, str], on: date
) -> None:
    kind, number = document
    assert document_check(kind.value, number, on) == _library_check(kind, number, on)
