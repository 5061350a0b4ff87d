"""Witnesses: concrete applicants that land in a region of prepared facts.

A region found by the case split is only a combination of prepared values. A witness
shows that some graduate really has them: `WitnessFinder.find` takes the applicants
witness_writer.py writes for the region (a value for each fact, a cohort, dates in a
realistic order, household registrations at places from the division registry whose
state on the decision date is the one asked for), prepares each exactly as
`decide_origin` does and keeps it only if every fact of the region came out as asked.
When no written applicant fits, it searches the library's own generated applicants
(`origin_rules.testing`, if hypothesis is installed). A region for which neither finds
an applicant is reported as unconfirmed, never as a problem.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from origin_rules.analysis.witness_writer import Target, written_applicants
from origin_rules.decide import decide_in_detail
from origin_rules.decision import Decision
from origin_rules.divisions.registry import default_registry
from origin_rules.facts import Applicant
from origin_rules.ruleset.model import FactValue, Ruleset, interpretation_fact
from origin_rules.situation.prepare import prepare
from origin_rules.situation.vocabulary import FamilyMove

_INTERP = interpretation_fact("")

MAX_TRIES = 48


@dataclass(frozen=True)
class Witness:
    """An applicant, with the interpretation readings it is decided under, and its
    decision by `decide_origin` under the ruleset analysed."""

    applicant: Applicant
    interpretations: dict[str, str]  # only readings other than the default
    decision: Decision

    def as_json(self) -> dict[str, Any]:
        """What reproduces it: `decide_origin(applicant, interpretations=...)`."""
        return {
            "applicant": self.applicant.model_dump(mode="json", exclude_defaults=True),
            "interpretations": dict(self.interpretations),
        }


def matches(facts: Mapping[str, FactValue], target: Target) -> bool:
    return all(facts.get(name) in allowed for name, allowed in target.items())


class WitnessFinder:
    """Builds witnesses for regions of one ruleset's fact space."""

    def __init__(self, ruleset: Ruleset, *, search_examples: int = 300) -> None:
        self.ruleset = ruleset
        self.search_examples = search_examples
        self.registry = default_registry()
        self.tried = 0  # applicants prepared, for the report

    def find(
        self,
        target: Target,
        hints: Target | None = None,
        *,
        search: bool = True,
        explicit: Collection[str] = (),
    ) -> Witness | None:
        """A witness whose prepared facts lie in `target` (interpretation facts
        included); `hints` are other facts' values worth trying first. `search=False`
        tries written applicants only. The witness names the readings it needs other
        than the defaults, and those of the interpretations in `explicit` always."""
        readings_target = {k: v for k, v in target.items() if k.startswith(_INTERP)}
        facts_target = {k: v for k, v in target.items() if not k.startswith(_INTERP)}
        readings = self._readings(readings_target)
        for applicant in itertools.islice(
            written_applicants(self.ruleset, facts_target, hints or {}), MAX_TRIES
        ):
            self.tried += 1
            if self._fits(applicant, readings, facts_target):
                return self._witness(applicant, readings, target, explicit)
        found = self._searched(readings, facts_target) if search else None
        return self._witness(found, readings, target, explicit) if found is not None else None

    def _readings(self, target: Target) -> dict[str, str]:
        readings = {}
        for interp in self.ruleset.interpretations.values():
            allowed = target.get(interpretation_fact(interp.id))
            if allowed is None or interp.default in allowed:
                readings[interp.id] = interp.default
            else:
                readings[interp.id] = str(sorted(str(v) for v in allowed)[0])
        return readings

    def _fits(self, applicant: Applicant, readings: dict[str, str], target: Target) -> bool:
        situation = prepare(
            applicant,
            readings,
            applicant.decision_date or self.ruleset.decision_date_default,
            self.ruleset.governed_cohorts,
            self.registry,
        )
        return matches(situation.facts, target)

    def _witness(
        self,
        applicant: Applicant,
        readings: dict[str, str],
        target: Target,
        explicit: Collection[str] = (),
    ) -> Witness | None:
        chosen = {
            k: v
            for k, v in readings.items()
            if k in explicit or v != self.ruleset.interpretations[k].default
        }
        detailed = decide_in_detail(
            applicant, interpretations=chosen, ruleset=self.ruleset, engine="python"
        )
        if detailed.situation is None or not matches(detailed.situation.facts, target):
            return None
        return Witness(applicant, chosen, detailed.decision)

    def _searched(self, readings: dict[str, str], target: Target) -> Applicant | None:
        """A generated applicant that fits, if hypothesis finds one within its budget."""
        if self.search_examples < 1:
            return None
        try:
            from hypothesis import HealthCheck, Phase, find, settings
            from hypothesis.errors import NoSuchExample

            from origin_rules import testing
        except ImportError:
            return None

        # The library's targeted strategies reach their kind of applicant far more often.
        strategy = testing.applicants()
        if target.get("worked_before_enrollment") == frozenset([True]):
            strategy = testing.graduate_workers()
        elif target.get("category", frozenset(["mainland"])) <= {"hong_kong", "macau", "taiwan"}:
            strategy = testing.hk_mo_tw_students()
        elif target.get("student_moved_for_gaokao") == frozenset([True]):
            strategy = testing.exam_migrants()
        elif FamilyMove.NONE not in target.get("family_move", frozenset([FamilyMove.NONE])):
            strategy = testing.family_movers()

        def fits(applicant: Applicant) -> bool:
            self.tried += 1
            return self._fits(applicant, readings, target)

        try:
            return find(
                strategy,
                fits,
                settings=settings(
                    max_examples=self.search_examples,
                    database=None,
                    deadline=None,
                    derandomize=True,
                    phases=[Phase.generate],
                    suppress_health_check=list(HealthCheck),
                ),
            )
        except NoSuchExample:
            return None
