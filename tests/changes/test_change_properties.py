"""Properties of a change of origin over generated graduates: the re-decision alone
settles whether the origin asked for is supported."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from origin_rules import Applicant, Outcome, decide_origin
from origin_rules.changes import decide_change
from origin_rules.testing import family_movers

RECORD = {"student_number": "1", "name": "甲", "department": "院", "degree": "bachelor"}
EVIDENCE = ["hukou_booklet", "id_card"]


def request(before: Applicant, after: Applicant, new: str) -> dict[str, Any]:
    return {
        "verified": True,
        "record": RECORD,
        "corrections": [
            {
                "field": "origin",
                "new": new,
                "reason": "family_move_after_enrollment",
                "evidence": EVIDENCE,
            }
        ],
        "applicant_before": before.model_dump(mode="json"),
        "applicant_after": after.model_dump(mode="json"),
    }


@settings(max_examples=40, deadline=None)
@given(family_movers(), st.sampled_from(["110108", "440113"]))
def test_the_origin_the_corrected_facts_give_is_accepted_and_no_other(
    after: Applicant, other: str
) -> None:
    decided = decide_origin(after, engine="python")
    if decided.outcome is Outcome.DETERMINED:
        assert decided.origin is not None
        asked = decided.origin.code
        accepted = decide_change(request(after, after, asked), engine="python")
        assert accepted.result == "accepted", accepted.fields[0].summary.en
        if other != asked:
            rejected = decide_change(request(after, after, other), engine="python")
            assert rejected.fields[0].rejection is not None
            assert rejected.fields[0].rejection.id == "redecision_disagrees"
    else:
        unsettled = decide_change(request(after, after, other), engine="python")
        assert unsettled.result == "needs_evidence"
        assert unsettled.fields[0].facts_to_supply
