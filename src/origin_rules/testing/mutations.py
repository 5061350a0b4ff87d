"""Deliberately broken copies of the bundled guide-2022 rules, for checking that a property
suite catches a careless edit.

Each mutation edits a copy of the rule folder the way a hurried edit might, and names
the property (`origin_rules.testing.properties`) expected to catch it. Use them to check
your own properties too:

    folder = mutated_copy("employer_collective_qualifies", tmp_path)
    ruleset = load_ruleset(folder)
    # ... search generated applicants for one where your property fails under `ruleset`

An edit that no longer matches the rule files (because the rules were rewritten) fails
loudly instead of leaving the copy unbroken.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from origin_rules.ruleset.bundled import rulesets_folder


@dataclass(frozen=True)
class Mutation:
    id: str
    description: str
    expected: str  # the id of the property expected to catch it
    apply: Callable[[Path], None]  # edits the rule folder in place


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    if text.count(old) != 1:
        raise ValueError(f"{name}: expected exactly one {old!r} to edit")
    path.write_text(text.replace(old, new), encoding="utf-8")


def _drop_rule(folder: Path, name: str, rule_id: str) -> None:
    """Delete a rule from its file and from the precedence list."""
    path = folder / name
    pattern = rf"  - id: {re.escape(rule_id)}\n.*?(?=\n  - id: |\Z)"
    text, removed = re.subn(pattern, "", path.read_text(encoding="utf-8"), flags=re.S)
    if removed != 1:
        raise ValueError(f"{name}: rule {rule_id} not found")
    path.write_text(text, encoding="utf-8")
    _edit(folder, "ruleset.yaml", f"  - {rule_id}\n", "")


def _temporary_collective_accepted(folder: Path) -> None:
    # The base rule accepts any kind, and the rule that sends collectives to staff goes.
    _edit(
        folder,
        "rules/bachelor.yaml",
        "in: [family_household, individual_independent, employer_collective, public_collective]",
        "in: [family_household, individual_independent, employer_collective, public_collective,"
        " temporary_collective, school_collective]",
    )
    _drop_rule(folder, "rules/origin-concept.yaml", "review.family_hukou_not_permanent")


def _employer_collective_qualifies(folder: Path) -> None:
    _edit(
        folder,
        "rules/graduate-workplace.yaml",
        "{fact: work_hukou_kind, equals: individual_independent}",
        "{fact: work_hukou_kind, in: [individual_independent, employer_collective]}",
    )


def _workplace_kinds_swapped(folder: Path) -> None:
    _edit(
        folder,
        "rules/graduate-workplace.yaml",
        "{fact: work_hukou_kind, equals: individual_independent}",
        "{fact: work_hukou_kind, equals: employer_collective}",
    )


def _family_move_keeps_the_old_place(folder: Path) -> None:
    # The move rule still decides, but its conclusion was copied from the base rule.
    _edit(
        folder,
        "rules/family-move.yaml",
        "then: {outcome: determined, origin: family_now}",
        "then: {outcome: determined, origin: family_before_gaokao}",
    )


def _county_precision_dropped(folder: Path) -> None:
    _drop_rule(folder, "rules/origin-concept.yaml", "precision.family_before_gaokao")


MUTATIONS: tuple[Mutation, ...] = (
    Mutation(
        "temporary_collective_accepted",
        "drop the temporary-collective exclusion: a temporary or school collective before "
        "the gaokao becomes the origin",
        "never_a_temporary_or_school_collective",
        _temporary_collective_accepted,
    ),
    Mutation(
        "employer_collective_qualifies",
        "let an employer collective hukou at the workplace qualify like an individual one",
        "employer_collective_never_yields_the_workplace",
        _employer_collective_qualifies,
    ),
    Mutation(
        "workplace_kinds_swapped",
        "the workplace rule asks for an employer collective instead of an individual hukou",
        "individual_hukou_at_the_workplace_yields_it",
        _workplace_kinds_swapped,
    ),
    Mutation(
        "family_move_keeps_the_old_place",
        "a family move after enrollment concludes the place before the gaokao",
        "family_move_after_enrollment_moves_the_origin",
        _family_move_keeps_the_old_place,
    ),
    Mutation(
        "county_precision_dropped",
        "drop the rule that asks for the county when the family's registration is known "
        "only to prefecture or province",
        "determined_origins_are_county_level",
        _county_precision_dropped,
    ),
)


def mutated_copy(mutation_id: str, into: Path) -> Path:
    """A copy of the bundled guide-2022 folder under `into`, broken by the mutation."""
    by_id = {m.id: m for m in MUTATIONS}
    if mutation_id not in by_id:
        raise ValueError(f"mutation: {mutation_id!r} is not one of {sorted(by_id)}")
    folder = Path(into) / f"guide-2022-{mutation_id}"
    shutil.copytree(rulesets_folder() / "guide-2022", folder)
    by_id[mutation_id].apply(folder)
    return folder
