"""From the rules that fired to a decision: precedence, roles in the trace, and the
interpretations the decision relied on.

Engines only report which rules matched. Choosing among competing conclusions is done
here, by the precedence the ruleset declares, identically for every engine.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Collection, Mapping
from operator import itemgetter
from typing import Literal, NamedTuple

from origin_rules.decision import (
    DEFERRED_FIELDS,
    ClauseRef,
    Decision,
    InterpretationUse,
    LocalText,
    MissingFactOut,
    Options,
    Origin,
    Reason,
    RulesetRef,
    TraceStep,
    Versions,
    built,
    built_from,
)
from origin_rules.divisions import level_from_code
from origin_rules.divisions.answer_cache import remember
from origin_rules.errors import OriginRulesError
from origin_rules.explanation_texts import Compiled, Quoted, compiled, filled, quoted
from origin_rules.relied import relied_on
from origin_rules.ruleset.model import (
    Rule,
    Ruleset,
    Text,
    interpretation_fact,
)
from origin_rules.situation.places import DESCRIPTION_CACHE_SIZE, UNKNOWN_CODE, PlaceRef
from origin_rules.situation.prepare import Situation

_INTERP_PREFIX = interpretation_fact("")
# The explanation texts, each compiled once, filled by this name (benchmarks/phases.py
# and the lazy-decision tests look for it here).
_render = filled
Role = Literal["decided", "noted", "overridden", "concurs", "outranked"]


def resolve(
    ruleset: Ruleset,
    situation: Situation,
    fired: Collection[str],
    readings: dict[str, str],
    engine: str,
    applicant_id: str | None,
    *,
    input_hash: Callable[[], str],
    versions: Versions,
) -> Decision:
    """The decision: what it concludes now, its explanation (and `input_hash()`) when
    first asked for (`Decision`)."""
    plan = _plan(ruleset, fired, engine)
    winner = plan.winner
    c = winner.conclusion
    assert c.outcome is not None  # notes never decide
    return Decision.deferring(
        _Explanation(ruleset, situation, plan, readings, input_hash),
        {
            "applicant_id": applicant_id,
            "outcome": c.outcome,
            "origin": origin_from(situation, c.origin, winner) if c.origin else None,
            "decided_by": winner.id,
            "candidate_origins": candidates(situation, c.candidates),
            "ruleset": ruleset_ref(ruleset),
            # The decision's own copy of the readings: a caller may change it.
            "options": built_from(
                Options,
                {"decision_date": situation.decision_date, "interpretations": dict(readings)},
            ),
            "engine": engine,
            "versions": versions,
        },
    )


class _Explanation:
    """What a decision computes when first asked for (`DEFERRED_FIELDS`), from what it
    was decided on: the rule of each trace step with its role, the prepared facts, the
    readings in force."""

    __slots__ = ("hash_input", "known", "plan", "readings", "ruleset", "situation")

    def __init__(
        self,
        ruleset: Ruleset,
        situation: Situation,
        plan: _Plan,
        readings: dict[str, str],
        input_hash: Callable[[], str],
    ) -> None:
        self.ruleset, self.situation, self.plan = ruleset, situation, plan
        # Kept as given (not copied): `resolve`'s caller made it for this decision and
        # does not change it; the decision's options hold a copy of their own.
        self.readings, self.hash_input = readings, input_hash
        # The values its texts quote, kept as they are looked up (made when first needed).
        self.known: Quoted | None = None

    def compute(self, field: str) -> object:
        """One deferred field, read on its own."""
        method = _FIELD_METHODS.get(field)
        if method is None:
            raise AttributeError(field)
        return method(self)

    def compute_all(self) -> dict[str, object]:
        """Every deferred field: what serialising, comparing or copying a decision reads."""
        return {name: method(self) for name, method in _FIELD_METHODS.items()}

    def input_hash(self) -> str:
        return self.hash_input()

    def _known(self) -> Quoted:
        known = self.known
        if known is None:
            known = self.known = quoted()
        return known

    def trace(self) -> tuple[TraceStep, ...]:
        situation, known = self.situation, self._known()
        steps = []
        for parts in self.plan.trace:
            steps.append(_step(situation, parts, known))
        return tuple(steps)

    def interpretations(self) -> tuple[InterpretationUse, ...]:
        relied = relied_on(self.ruleset, self.situation, self.plan.winner)
        return _interpretation_uses(self.ruleset, relied, self.readings) if relied else ()

    def missing_facts(self) -> tuple[MissingFactOut, ...]:
        missing = self.plan.winner.conclusion.missing
        if not missing:  # most rules miss nothing
            return ()
        situation, known = self.situation, self._known()
        return tuple(
            built(MissingFactOut, fact=m.fact, text=_render(compiled(m.text), situation, known))
            for m in missing
        )

    def reasons(self) -> tuple[Reason, ...]:
        winner = self.plan.winner
        reason = winner.conclusion.reason
        if reason is None and not self.plan.winner_tests_consistency:
            return ()
        reasons = []
        if reason is not None:
            text = _render(compiled(reason), self.situation, self._known())
            reasons.append(built(Reason, code=winner.id, text=text))
        if self.plan.winner_tests_consistency:
            reasons.extend(
                Reason(code=i.code, text=LocalText(zh=i.zh, en=i.en))
                for i in self.situation.inconsistencies
            )
        return tuple(reasons)


# Each deferred field of a decision, and the method that computes it.
_FIELD_METHODS: dict[str, Callable[[_Explanation], object]] = {
    "trace": _Explanation.trace,
    "interpretations": _Explanation.interpretations,
    "missing_facts": _Explanation.missing_facts,
    "reasons": _Explanation.reasons,
    "input_hash": _Explanation.input_hash,
}
assert _FIELD_METHODS.keys() == DEFERRED_FIELDS


class _Plan(NamedTuple):
    """The deciding rule and the trace's rules with their roles, in trace order: the
    deciding rule, the notes, then the other rules that fired in precedence order."""

    winner: Rule
    steps: tuple[tuple[Rule, Role], ...]
    # Whether the deciding rule tests `facts_consistent`: then the inconsistencies are
    # among the decision's reasons.
    winner_tests_consistency: bool
    # What each trace step takes from its rule and role alone, in the same order.
    trace: tuple[_StepParts, ...]


# A plan depends only on the ruleset and the set of rules that fired, and a handful of
# sets covers most applicants. Bounded, and cleared whole when full.
_PLAN_CACHE_SIZE = 10_000
_plans: dict[tuple[str, frozenset[str]], _Plan] = {}


def _plan(ruleset: Ruleset, fired: Collection[str], engine: str) -> _Plan:
    fired = fired if isinstance(fired, frozenset) else frozenset(fired)
    key = (ruleset.content_hash, fired)
    found = _plans.get(key)
    if found is None:
        found = remember(_plans, key, _plan_uncached(ruleset, fired, engine), _PLAN_CACHE_SIZE)
    return found


def _plan_uncached(ruleset: Ruleset, fired: frozenset[str], engine: str) -> _Plan:
    ordered = fired_in_precedence(ruleset, fired, engine)
    winner = ordered[0]
    overridden = _exceptions_closure(ruleset, winner)
    steps: list[tuple[Rule, Role]] = [(winner, "decided")]
    steps.extend((note, "noted") for note in _split(ruleset)[0] if note.id in fired)
    for rule in ordered[1:]:
        # By id: `_split` may hold the rules of an equal ruleset loaded earlier.
        if rule.id == ruleset.rules[-1].id:
            continue  # the always-firing rule only matters when it decides
        role: Role
        if _same_conclusion(rule, winner):
            role = "concurs"
        elif rule.id in overridden:
            role = "overridden"
        else:
            role = "outranked"
        steps.append((rule, role))
    tests_consistency = any(a.fact == "facts_consistent" for a in ruleset.atoms(winner))
    trace = tuple(_step_parts(ruleset, rule, role) for rule, role in steps)
    return _Plan(winner, tuple(steps), tests_consistency, trace)


# A batch repeats a handful of rulesets across millions of decisions; the reference is
# frozen and holds only strings, so one instance can be shared. (Options are not: their
# dict of readings could be changed by a caller.)
_ruleset_refs: dict[str, RulesetRef] = {}


def ruleset_ref(ruleset: Ruleset) -> RulesetRef:
    ref = _ruleset_refs.get(ruleset.content_hash)
    if ref is None:
        ref = RulesetRef(id=ruleset.id, version=ruleset.version, content_hash=ruleset.content_hash)
        _ruleset_refs[ruleset.content_hash] = ref
    return ref


# The interpretations relied on, with their readings, hold only ruleset text: shared
# too, by every decision that relied on the same ones under the same readings. Bounded,
# and cleared whole when full.
_USES_CACHE_SIZE = 10_000


class _Relied(NamedTuple):
    """What the decisions that relied on one set of interpretations share."""

    ids: tuple[str, ...]  # their ids, in ruleset order
    # The readings of those, from a decision's readings: a tuple of them (the reading
    # itself for one), a cheap key for `uses`.
    readings_of: Callable[[Mapping[str, str]], object]
    # Those readings -> what a decision lists.
    uses: dict[object, tuple[InterpretationUse, ...]]


# (ruleset content hash, interpretations relied on) -> `_Relied`
_relied_sets: dict[tuple[str, frozenset[str]], _Relied] = {}


def _interpretation_uses(
    ruleset: Ruleset, relied: frozenset[str], readings: dict[str, str]
) -> tuple[InterpretationUse, ...]:
    """The interpretations relied on in ruleset order, each with its reading."""
    key = (ruleset.content_hash, relied)
    shared = _relied_sets.get(key)
    if shared is None:
        ids = tuple(i.id for i in ruleset.interpretations.values() if i.id in relied)
        readings_of: Callable[[Mapping[str, str]], object] = (
            itemgetter(*ids) if ids else lambda readings: ()
        )
        shared = remember(_relied_sets, key, _Relied(ids, readings_of, {}), _USES_CACHE_SIZE)
    chosen = shared.readings_of(readings)
    found = shared.uses.get(chosen)
    if found is None:
        found = remember(
            shared.uses,
            chosen,
            tuple(_interpretation_use(ruleset, i, readings[i]) for i in shared.ids),
            _USES_CACHE_SIZE,
        )
    return found


def _interpretation_use(ruleset: Ruleset, interp: str, reading: str) -> InterpretationUse:
    i = ruleset.interpretations[interp]
    return InterpretationUse(
        id=i.id,
        reading=reading,
        is_default=reading == i.default,
        question=_local(i.question),
        reading_text=_local(i.readings[reading]),
    )


def fired_in_precedence(ruleset: Ruleset, fired: Collection[str], engine: str) -> list[Rule]:
    """The deciding rules that fired, highest precedence first: the first decides."""
    ordered = [r for r in _split(ruleset)[1] if r.id in fired]
    if not ordered:
        # The last rule always fires; an engine that reports nothing is broken.
        raise OriginRulesError(f"engine {engine!r} reported no rule for ruleset {ruleset.id}")
    return ordered


_splits: dict[str, tuple[tuple[Rule, ...], tuple[Rule, ...]]] = {}


def deciding_rules(ruleset: Ruleset) -> tuple[Rule, ...]:
    """The ruleset's deciding rules (its notes left out), in precedence order."""
    return _split(ruleset)[1]


def _split(ruleset: Ruleset) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    """The ruleset's notes and its deciding rules, each in precedence order."""
    found = _splits.get(ruleset.content_hash)
    if found is None:
        found = (
            tuple(r for r in ruleset.rules if r.is_note),
            tuple(r for r in ruleset.rules if not r.is_note),
        )
        _splits[ruleset.content_hash] = found
    return found


def _exceptions_closure(ruleset: Ruleset, rule: Rule) -> set[str]:
    by_id = ruleset.rules_by_id
    seen: set[str] = set()
    todo = list(rule.exception_of)
    while todo:
        rid = todo.pop()
        if rid not in seen:
            seen.add(rid)
            todo.extend(by_id[rid].exception_of)
    return seen


def _same_conclusion(a: Rule, b: Rule) -> bool:
    return (a.conclusion.outcome, a.conclusion.origin) == (
        b.conclusion.outcome,
        b.conclusion.origin,
    )


def origin_from(situation: Situation, source: str, rule: Rule) -> Origin:
    place = situation.places.get(source)
    if place is None:
        raise OriginRulesError(
            f"rule {rule.id} concluded the origin {source!r}, but the facts prepared no such place"
        )
    return origin_of(place)


# id of a described place -> (that place, its Origin). A place's description is shared
# by every applicant whose record describes alike (`places.Describer`), and so is the
# Origin made from it: a frozen model of strings. The place is kept beside its id, so
# the id cannot be reused while the entry lives; emptied when full, as the descriptions.
_origins: dict[int, tuple[PlaceRef, Origin]] = {}


def origin_of(place: PlaceRef) -> Origin:
    """The place as a decision states it (`made_origin`), made once per described place:
    a decision and a verdict state one or two."""
    found = _origins.get(id(place))
    if found is not None and found[0] is place:
        return found[1]
    origin = made_origin(place)
    remember(_origins, id(place), (place, origin), DESCRIPTION_CACHE_SIZE)
    return origin


def made_origin(place: PlaceRef) -> Origin:
    return built(
        Origin,
        code=place.code,
        level=place.level,
        name=place.name,
        full_name=place.full_name,
        recorded_code=place.recorded_code if place.recorded_code != place.code else None,
    )


def candidates(situation: Situation, sources: tuple[str, ...]) -> tuple[Origin, ...]:
    """The places a rule offers staff; an abolished division offers its successors."""
    if not sources:  # most rules offer none
        return ()
    found: list[Origin] = []
    for source in sources:
        place = situation.places.get(source)
        if place is None or place.division == UNKNOWN_CODE:
            continue  # a code that never existed is no place to offer
        if place.successors and place.code == place.recorded_code:
            found.extend(
                Origin(
                    code=s.code,
                    level=level_from_code(s.code).value,
                    full_name=s.full_name,
                    recorded_code=place.recorded_code,
                )
                for s in place.successors
            )
        else:
            found.append(origin_of(place))
    # Each once, in the order offered (one alone is once already).
    return tuple(dict.fromkeys(found)) if len(found) > 1 else tuple(found)


class _RuleParts(NamedTuple):
    clause: ClauseRef
    title: LocalText
    facts: tuple[str, ...]  # the prepared facts its full condition tests
    interpretations: tuple[str, ...]  # the interpretations it tests


# What a trace step takes from its rule alone, built once per rule. The models are
# frozen and hold only strings, so one instance can be shared by every decision.
_rule_parts: dict[tuple[str, str], _RuleParts] = {}


def _parts(ruleset: Ruleset, rule: Rule) -> _RuleParts:
    key = (ruleset.content_hash, rule.id)
    found = _rule_parts.get(key)
    if found is None:
        atoms = ruleset.atoms(rule)
        clause = ruleset.clauses[rule.clause]
        found = _RuleParts(
            clause=ClauseRef(id=clause.id, section=clause.section, text=clause.text),
            title=_local(rule.title),
            # Interned, as the prepared facts' keys are: each is found without comparing.
            facts=tuple(
                dict.fromkeys(
                    sys.intern(a.fact) for a in atoms if not a.fact.startswith(_INTERP_PREFIX)
                )
            ),
            interpretations=tuple(
                dict.fromkeys(
                    a.fact.removeprefix(_INTERP_PREFIX)
                    for a in atoms
                    if a.fact.startswith(_INTERP_PREFIX)
                )
            ),
        )
        _rule_parts[key] = found
    return found


class _StepParts(NamedTuple):
    """What a trace step takes from its rule and role alone (made with the plan): its
    fields in `TraceStep`'s order, but for the facts and the text (None here), the
    prepared facts its condition tests, and the rule's text, compiled."""

    fields: dict[str, object]
    facts: tuple[str, ...]
    explain: Compiled


def _step_parts(ruleset: Ruleset, rule: Rule, role: Role) -> _StepParts:
    parts = _parts(ruleset, rule)
    fields: dict[str, object] = {
        "rule": rule.id,
        "role": role,
        "clause": parts.clause,
        "title": parts.title,
        "facts": None,
        "interpretations": parts.interpretations,
        "text": None,
    }
    return _StepParts(fields, parts.facts, compiled(rule.explain))


def _step(situation: Situation, parts: _StepParts, known: Quoted) -> TraceStep:
    step_fields, tested, explain = parts  # at once: a NamedTuple's field by name is a call
    values = situation.facts
    facts = {}
    for fact in tested:  # a loop: cheaper than a comprehension's frame (3.11)
        facts[fact] = values[fact]
    fields = step_fields.copy()
    fields["facts"] = facts
    fields["text"] = _render(explain, situation, known)
    return built_from(TraceStep, fields)


def _local(text: Text) -> LocalText:
    return LocalText(zh=text.zh, en=text.en)
