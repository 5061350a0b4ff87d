"""The mutation check: a deliberately broken ruleset is caught by at least one property.

Each mutation (origin_rules.testing.mutations) edits a copy of the bundled rule files
the way a careless edit might; the test searches generated applicants for one that
breaks the property expected to catch it under the mutated ruleset. Which of the other
properties catch each mutation too: `python scripts/mutation_report.py`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, find, settings
from hypothesis.errors import NoSuchExample

from origin_rules import Applicant, DegreeLevel, StudentCategory
from origin_rules.ruleset import load_ruleset
from origin_rules.ruleset.bundled import rulesets_folder
from origin_rules.testing import applicants
from origin_rules.testing.mutations import MUTATIONS, Mutation, mutated_copy
from origin_rules.testing.properties import PROPERTIES, Property

SEARCH = settings(
    max_examples=3000,
    database=None,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
GENERATED = applicants() | applicants(
    degrees=(DegreeLevel.MASTER, DegreeLevel.DOCTOR),
    categories=(StudentCategory.MAINLAND,),
    worked=True,
)
BY_ID = {p.id: p for p in PROPERTIES}


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.id)
def test_a_broken_ruleset_is_caught_by_a_property(mutation: Mutation, tmp_path: Path) -> None:
    ruleset = load_ruleset(mutated_copy(mutation.id, tmp_path))
    assert ruleset.content_hash != load_ruleset(rulesets_folder() / "guide-2022").content_hash
    prop = BY_ID[mutation.expected]
    try:
        witness: Applicant = find(
            GENERATED, lambda a: prop.check(a, ruleset) is not None, settings=SEARCH
        )
    except NoSuchExample:
        pytest.fail(f"{mutation.id}: not caught by {prop.id}")
    assert prop.check(witness, ruleset) is not None


def test_the_unbroken_ruleset_is_caught_by_no_property() -> None:
    # The control: the same search on the bundled rules finds nothing.
    ruleset = load_ruleset(rulesets_folder() / "guide-2022")
    control = settings(SEARCH, max_examples=400)
    for expected in sorted({m.expected for m in MUTATIONS}):
        prop = BY_ID[expected]

        def broken(applicant: Applicant, prop: Property = prop) -> bool:
            return prop.check(applicant, ruleset) is not None

        with pytest.raises(NoSuchExample):
            find(GENERATED, broken, settings=control)


def test_an_edit_that_no_longer_matches_the_rules_fails_loudly(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not one of"):
        mutated_copy("no_such_mutation", tmp_path)
    folder = mutated_copy("employer_collective_qualifies", tmp_path)
    mutation = next(m for m in MUTATIONS if m.id == "employer_collective_qualifies")
    with pytest.raises(ValueError, match="expected exactly one"):
        mutation.apply(folder)  # already applied: the text it edits is gone
