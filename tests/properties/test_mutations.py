"""The mutation check: a deliberately broken ruleset is caught by at least one property.

Each mutation edits a copy of the bundled rule files the way a careless edit might; the
test then searches generated applicants for one that breaks a property under the
mutated ruleset, and reports which property caught it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, find, settings
from hypothesis.errors import NoSuchExample

from origin_rules import Applicant, DegreeLevel, StudentCategory
from origin_rules.ruleset import load_ruleset
from origin_rules.ruleset.bundled import rulesets_folder
from origin_rules.testing import applicants
from origin_rules.testing.properties import PROPERTIES, Property

SOURCE = rulesets_folder() / "guide-2022"
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


def _edit(folder: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, f"{name}: expected {count} of {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def drop_the_temporary_collective_exclusion(folder: Path) -> None:
    # The base rule accepts any kind, and the rule that sends collectives to staff goes.
    _edit(
        folder,
        "rules/bachelor.yaml",
        "in: [family_household, individual_independent, employer_collective, public_collective]",
        "in: [family_household, individual_independent, employer_collective, public_collective,"
        " temporary_collective, school_collective]",
    )
    path = folder / "rules/origin-concept.yaml"
    text = path.read_text(encoding="utf-8")
    text, removed = re.subn(
        r"  - id: review\.family_hukou_not_permanent\n.*?(?=\n  - id: )", "", text, flags=re.S
    )
    assert removed == 1
    path.write_text(text, encoding="utf-8")
    _edit(folder, "ruleset.yaml", "  - review.family_hukou_not_permanent\n", "")


def let_an_employer_collective_qualify(folder: Path) -> None:
    _edit(
        folder,
        "rules/graduate-workplace.yaml",
        "{fact: work_hukou_kind, equals: individual_independent}",
        "{fact: work_hukou_kind, in: [individual_independent, employer_collective]}",
    )


MUTATIONS: dict[str, tuple[Callable[[Path], None], str]] = {
    # mutation -> (how, the property expected to catch it)
    "drop the temporary-collective exclusion": (
        drop_the_temporary_collective_exclusion,
        "never_a_temporary_or_school_collective",
    ),
    "let an employer collective qualify": (
        let_an_employer_collective_qualify,
        "employer_collective_never_yields_the_workplace",
    ),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_a_broken_ruleset_is_caught_by_a_property(mutation: str, tmp_path: Path) -> None:
    folder = tmp_path / "guide-2022"
    shutil.copytree(SOURCE, folder)
    mutate, expected = MUTATIONS[mutation]
    mutate(folder)
    ruleset = load_ruleset(folder)
    assert ruleset.content_hash != load_ruleset(SOURCE).content_hash

    prop = next(p for p in PROPERTIES if p.id == expected)
    try:
        witness: Applicant = find(
            GENERATED, lambda a: prop.check(a, ruleset) is not None, settings=SEARCH
        )
    except NoSuchExample:
        pytest.fail(f"{mutation}: not caught by {expected}")
    assert prop.check(witness, ruleset) is not None


def test_the_unbroken_ruleset_is_caught_by_no_property() -> None:
    # The control: the same search on the bundled rules finds nothing.
    ruleset = load_ruleset(SOURCE)
    control = settings(SEARCH, max_examples=1000)
    for expected in sorted({e for _, e in MUTATIONS.values()}):
        prop = next(p for p in PROPERTIES if p.id == expected)

        def broken(applicant: Applicant, prop: Property = prop) -> bool:
            return prop.check(applicant, ruleset) is not None

        with pytest.raises(NoSuchExample):
            find(GENERATED, broken, settings=control)
