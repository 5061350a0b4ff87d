"""The rulesets that ship with the library, one folder per policy edition."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from origin_rules.errors import InvalidOptionError
from origin_rules.ruleset.load import load_ruleset
from origin_rules.ruleset.model import Ruleset


def rulesets_folder() -> Path:
    """Where the bundled rule files are: inside the installed package, or at the top of
    a source checkout (an editable install keeps them there, where staff edit them)."""
    packaged = Path(str(resources.files("origin_rules"))) / "rulesets"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "rulesets"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"no bundled rulesets at {packaged} or {checkout}")


@functools.cache
def bundled_rulesets() -> dict[str, Ruleset]:
    folder = rulesets_folder()
    return {
        ruleset.id: ruleset
        for ruleset in (
            load_ruleset(sub)
            for sub in sorted(folder.iterdir())
            if (sub / "ruleset.yaml").is_file()
        )
    }


def bundled_ruleset(ruleset_id: str) -> Ruleset:
    rulesets = bundled_rulesets()
    if ruleset_id not in rulesets:
        raise InvalidOptionError(f"ruleset: {ruleset_id!r} is not one of {sorted(rulesets)}")
    return rulesets[ruleset_id]


def bundled_readings() -> dict[str, frozenset[str]]:
    """Every interpretation a bundled ruleset declares, with the readings any of them
    allows: what a caller may choose before it is known which ruleset governs each
    applicant (a batch, a command-line option)."""
    declared: dict[str, set[str]] = {}
    for ruleset in bundled_rulesets().values():
        for interp in ruleset.interpretations.values():
            declared.setdefault(interp.id, set()).update(interp.readings)
    return {interp_id: frozenset(readings) for interp_id, readings in declared.items()}


# Asked for every decision that names no ruleset; the bundled rulesets are loaded once
# and never change. Bounded: the year is any int a caller passes.
@functools.lru_cache(maxsize=256)
def ruleset_for_cohort(year: int) -> Ruleset | None:
    """The bundled ruleset that governs graduates of this year, if any."""
    for ruleset in bundled_rulesets().values():
        if year in ruleset.governed_cohorts:
            return ruleset
    return None
