"""`decide_origin`: one graduate's facts in, one explained decision out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import partial
from typing import Any, NamedTuple

from origin_rules.decision import Decision, LocalText, Reason, Versions
from origin_rules.divisions import Divisions
from origin_rules.divisions.registry import default_registry
from origin_rules.engines import Engine, check_engine, engine_for
from origin_rules.errors import InvalidOptionError
from origin_rules.facts import Applicant, parse_applicant, parse_applicant_json
from origin_rules.input_hash import canonical_json as canonical_json  # re-exported
from origin_rules.input_hash import facts_hash as facts_hash  # re-exported
from origin_rules.input_limits import EARLIEST_DATE, LATEST_DATE
from origin_rules.masking import quote
from origin_rules.resolve import resolve
from origin_rules.ruleset.bundled import bundled_ruleset, bundled_rulesets, ruleset_for_cohort
from origin_rules.ruleset.model import FactValue, Outcome, Ruleset
from origin_rules.ruleset.readings import chosen_readings
from origin_rules.situation.prepare import Situation, prepare, readings_as_facts
from origin_rules.versions import decision_versions


def decide_origin(
    applicant: Applicant | Mapping[str, Any] | str | bytes,
    *,
    decision_date: date | None = None,
    interpretations: Mapping[str, str] | None = None,
    engine: str = "durable",
    ruleset: Ruleset | str | None = None,
    divisions: Divisions | None = None,
) -> Decision:
    """Decide a graduate's origin (生源地) and explain it.

    `applicant` is an `Applicant`, or its JSON (text, bytes, or parsed into a mapping);
    malformed facts raise `InvalidFactsError` listing every problem. The decision date is,
    in order: this argument, the applicant's `decision_date`, the ruleset's default.
    `interpretations` chooses readings other than the defaults (`{id: reading}`).
    `ruleset` is a loaded ruleset or a bundled ruleset's id; by default the bundled
    ruleset that governs the applicant's cohort, and `out_of_scope` if none does.
    `divisions` answers what a recorded place is on the decision date; by default the
    bundled division registry (GB/T 2260 year-end lists, loaded on first use).

    Pure: nothing is kept between calls, and it is safe to call from many threads.
    """
    return _decided(applicant, decision_date, interpretations, engine, ruleset, divisions)[0]


class Detailed(NamedTuple):
    """A decision with what it was made from, for explanations that look further."""

    decision: Decision
    applicant: Applicant
    ruleset: Ruleset | None  # None when no ruleset governs the cohort
    situation: Situation | None


def decide_in_detail(
    applicant: Applicant | Mapping[str, Any] | str | bytes,
    *,
    decision_date: date | None = None,
    interpretations: Mapping[str, str] | None = None,
    engine: str = "durable",
    ruleset: Ruleset | str | None = None,
    divisions: Divisions | None = None,
) -> Detailed:
    """`decide_origin`, also returning the applicant, the ruleset and the prepared facts."""
    return Detailed._make(
        _decided(applicant, decision_date, interpretations, engine, ruleset, divisions)
    )


def _decided(
    applicant: Applicant | Mapping[str, Any] | str | bytes,
    decision_date: date | None,
    interpretations: Mapping[str, str] | None,
    engine: str,
    ruleset: Ruleset | str | None,
    divisions: Divisions | None,
) -> tuple[Decision, Applicant, Ruleset | None, Situation | None]:
    """What `decide_in_detail` returns, as a plain tuple: `decide_origin` keeps only the
    decision, and makes no `Detailed` for it (the arguments by position, as the
    evaluation's steps: this runs for every decision)."""
    check_call_options(engine, decision_date, interpretations, ruleset)
    facts = as_applicant(applicant)
    versions = decision_versions(divisions)
    chosen = choose_ruleset(ruleset, facts)
    if chosen is None:
        return no_ruleset(facts, engine, versions), facts, None, None
    # `evaluate`, without its named tuple
    readings, compiled, situation = prepared_for_rules(
        facts, chosen, decision_date, interpretations, engine, divisions
    )
    decision = resolve(
        chosen,
        situation,
        compiled.fired(situation.facts),
        readings,
        compiled.name,
        facts.applicant_id,
        input_hash=partial(facts_hash, facts),
        versions=versions,
    )
    return decision, facts, chosen, situation


class Evaluation(NamedTuple):
    """The rules evaluated over one applicant's prepared facts, before precedence."""

    readings: dict[str, str]  # every interpretation's reading in force
    engine: str
    situation: Situation
    fired: frozenset[str]


def evaluate(
    facts: Applicant,
    ruleset: Ruleset,
    decision_date: date | None,
    interpretations: Mapping[str, str] | None,
    engine: str,
    divisions: Divisions | None,
    *,
    explained: bool = True,
) -> Evaluation:
    """What a decision and a verdict share: the readings checked, the facts prepared as of
    the decision date (the call's, else the applicant's, else the ruleset's default),
    and the rules that matched."""
    readings, compiled, situation = prepared_for_rules(
        facts, ruleset, decision_date, interpretations, engine, divisions, explained=explained
    )
    return Evaluation(readings, compiled.name, situation, compiled.fired(situation.facts))


def prepared_for_rules(
    facts: Applicant,
    ruleset: Ruleset,
    decision_date: date | None,
    interpretations: Mapping[str, str] | None,
    engine: str,
    divisions: Divisions | None,
    *,
    explained: bool = True,
) -> tuple[dict[str, str], Engine, Situation]:
    """`evaluate` before the rules are matched: the readings in force, the engine that
    will match them, and the prepared facts."""
    if interpretations:
        readings = chosen_readings(
            ruleset.interpretations, interpretations, of=f"ruleset {ruleset.id}"
        )
        reading_facts = None
    else:  # nearly every call: the defaults (a copy the caller may keep) and their facts
        defaults, reading_facts = _defaults(ruleset)
        readings = dict(defaults)
    compiled = engine_for(ruleset, engine)
    as_of = decision_date or facts.decision_date or ruleset.decision_date_default
    situation = prepare(
        facts,
        readings,
        as_of,
        ruleset.governed_cohorts,
        divisions or default_registry(),
        explained=explained,
        reading_facts=reading_facts,
    )
    return readings, compiled, situation


# ruleset content hash -> its interpretations' default readings (as `chosen_readings`
# gives them when nothing is chosen) and the facts that carry them (interp_<id>), made
# once per ruleset: read, never changed.
_default_readings: dict[str, tuple[dict[str, str], dict[str, FactValue]]] = {}


def default_readings(ruleset: Ruleset) -> Mapping[str, str]:
    """Every interpretation's default reading: `chosen_readings` choosing none."""
    return _defaults(ruleset)[0]


def _defaults(ruleset: Ruleset) -> tuple[dict[str, str], dict[str, FactValue]]:
    found = _default_readings.get(ruleset.content_hash)
    if found is None:
        readings = chosen_readings(ruleset.interpretations, None, of=f"ruleset {ruleset.id}")
        found = (readings, readings_as_facts(readings))
        _default_readings[ruleset.content_hash] = found
    return found


def check_call_options(engine: Any, decision_date: Any, interpretations: Any, ruleset: Any) -> None:
    """Raise `InvalidOptionError` naming the option for a call option of the wrong type
    or out of range, before any fact is read: a wrong option must not surface as a
    `TypeError` deep inside, nor be silently ignored."""
    if not isinstance(engine, str):
        raise InvalidOptionError(f"engine: expected a name such as 'durable', got {engine!r}")
    check_engine(engine)
    if decision_date is not None:
        if not isinstance(decision_date, date) or isinstance(decision_date, datetime):
            raise InvalidOptionError(
                f"decision_date: expected a datetime.date, got {type(decision_date).__name__} "
                f"{quote(decision_date)!r}"
            )
        if not EARLIEST_DATE <= decision_date <= LATEST_DATE:
            raise InvalidOptionError(
                f"decision_date: {decision_date} is not between {EARLIEST_DATE} and {LATEST_DATE}"
            )
    if interpretations is not None and not (
        isinstance(interpretations, Mapping)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in interpretations.items())
    ):
        raise InvalidOptionError(
            "interpretations: expected a mapping of interpretation id to reading "
            f"({{id: reading}}, both strings), got {quote(interpretations)!r}"
        )
    if ruleset is not None and not isinstance(ruleset, Ruleset | str):
        raise InvalidOptionError(
            f"ruleset: expected a Ruleset or a bundled ruleset's id, got {quote(ruleset)!r}"
        )


def as_applicant(applicant: Applicant | Mapping[str, Any] | str | bytes) -> Applicant:
    if isinstance(applicant, str):  # the commonest, tested first (the cheapest test)
        return parse_applicant_json(applicant)
    if isinstance(applicant, Applicant):
        return applicant
    if isinstance(applicant, bytes):
        return parse_applicant_json(applicant)
    return parse_applicant(applicant)


def choose_ruleset(ruleset: Ruleset | str | None, applicant: Applicant) -> Ruleset | None:
    if isinstance(ruleset, Ruleset):
        return ruleset
    if isinstance(ruleset, str):
        return bundled_ruleset(ruleset)
    return ruleset_for_cohort(applicant.cohort.year)


def no_ruleset(applicant: Applicant, engine: str, versions: Versions) -> Decision:
    """The decision for a cohort no ruleset governs (its input hash computed when asked)."""
    governed = sorted(y for r in bundled_rulesets().values() for y in r.governed_cohorts)
    year = applicant.cohort.year
    return Decision.deferring(
        _HashWhenAsked(applicant),
        {
            "applicant_id": applicant.applicant_id,
            "outcome": Outcome.OUT_OF_SCOPE,
            "origin": None,
            "decided_by": None,
            "trace": (),
            "interpretations": (),
            "missing_facts": (),
            "reasons": (
                Reason(
                    code="no_ruleset_for_cohort",
                    text=LocalText(
                        zh=f"没有规则集适用于 {year} 届毕业生（现有规则集适用于：{governed} 届）。",
                        en=f"No ruleset governs the {year} cohort (the bundled ones govern {governed}).",
                    ),
                ),
            ),
            "candidate_origins": (),
            "ruleset": None,
            "options": None,
            "engine": engine,
            "versions": versions,
        },
    )


class _HashWhenAsked:
    """The one deferred field of a decision without a ruleset: the input hash."""

    __slots__ = ("applicant",)

    def __init__(self, applicant: Applicant) -> None:
        self.applicant = applicant

    def compute(self, field: str) -> object:
        if field != "input_hash":
            raise AttributeError(field)
        return facts_hash(self.applicant)

    def compute_all(self) -> dict[str, object]:
        return {"input_hash": facts_hash(self.applicant)}
