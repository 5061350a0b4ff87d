"""The policy's properties over generated applicants (origin_rules.testing.properties).

The number of applicants per property comes from the hypothesis profile in
tests/conftest.py (derandomized in CI; ORIGIN_RULES_HYPOTHESIS_PROFILE=thorough for more).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings

from origin_rules import Applicant, DegreeLevel, StudentCategory
from origin_rules.ruleset import bundled_ruleset
from origin_rules.testing import applicants
from origin_rules.testing.mutations import MUTATIONS
from origin_rules.testing.properties import PROPERTIES, Property

RULESET = bundled_ruleset("guide-2022")
GENERATED = (
    applicants()
    | applicants(
        degrees=(DegreeLevel.MASTER, DegreeLevel.DOCTOR),
        categories=(StudentCategory.MAINLAND,),
        worked=True,
    )
    | applicants(degrees=(DegreeLevel.BACHELOR,), categories=(StudentCategory.MAINLAND,))
)


def test_every_property_names_a_clause_of_the_ruleset() -> None:
    assert {p.clause for p in PROPERTIES} <= set(RULESET.clauses)


@pytest.mark.parametrize("prop", PROPERTIES, ids=lambda p: p.id)
def test_property_holds_for_generated_applicants(prop: Property) -> None:
    # A fifteenth of the profile's examples for each property (133 in CI, 1,333 thorough).
    @settings(max_examples=max(50, settings().max_examples // 15))
    @given(GENERATED)
    def holds(applicant: Applicant) -> None:
        failure = prop.check(applicant, RULESET)
        assert failure is None, f"{prop.statement} ({prop.clause}): {failure}"

    holds()


def test_the_testing_guide_lists_every_property_and_mutation() -> None:
    guide = (Path(__file__).parents[2] / "docs" / "testing.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z_]+)` \|", guide, flags=re.M))
    missing = {p.id for p in PROPERTIES} - listed
    missing |= {m.id for m in MUTATIONS} - listed
    assert not missing, f"docs/testing.md does not list: {sorted(missing)}"
