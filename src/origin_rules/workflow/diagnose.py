"""`diagnose`: a record's state (and a symptom) in, the diagnosis with its next steps out.

Resolution, the same for both engines: every rule that applies is reported in the
precedence order of `workflow.yaml`. The first diagnosis is *the* diagnosis; further
diagnoses are also to be acted on; a rule that `replaces` others hides them when it
applies (they are kept, marked `replaced`); a status (the record is complete) is the
diagnosis only when no diagnosis applies, and is otherwise shown without its steps;
notes add cautions. The last rule always applies and speaks only when nothing else
did, so every record gets an answer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from origin_rules.decision import ClauseRef, LocalText
from origin_rules.engines import check_engine, engine_for
from origin_rules.errors import InvalidFactsError, InvalidOptionError
from origin_rules.ruleset.model import Text
from origin_rules.ruleset.readings import chosen_readings, interpretation_use
from origin_rules.workflow.diagnosis import (
    Diagnosis,
    Finding,
    NextStep,
    WorkflowOptions,
    WorkflowRef,
)
from origin_rules.workflow.load import bundled_workflow
from origin_rules.workflow.model import WorkflowRule, WorkflowRuleset
from origin_rules.workflow.prepare import Prepared, prepare
from origin_rules.workflow.state import (
    Symptom,
    WorkflowState,
    consistency_problems,
    parse_state,
)
from origin_rules.workflow.vocabulary import ACTORS


def diagnose(
    state: WorkflowState | Mapping[str, Any] | str | bytes,
    *,
    symptom: Symptom | str | None = None,
    as_of: date | None = None,
    interpretations: Mapping[str, str] | None = None,
    engine: str = "durable",
    ruleset: WorkflowRuleset | None = None,
) -> Diagnosis:
    """Diagnose where an origin record stands and what is to be done next.

    `state` is a `WorkflowState` or its JSON (text, bytes or a parsed mapping); a
    malformed or impossible state raises `InvalidFactsError` listing every problem with
    its field path and value. `symptom` overrides the state's `symptom`. The state is
    judged as of `as_of`, else the state's `as_of`, else today. `interpretations`
    chooses readings other than the defaults (`{id: reading}`); an unknown one raises
    `InvalidOptionError`. `ruleset` defaults to the bundled workflow ruleset.
    """
    check_engine(engine)
    chosen = ruleset or bundled_workflow()
    readings = chosen_readings(chosen.interpretations, interpretations, of=chosen.id)
    parsed = _state(state, as_of)
    if symptom is not None:
        parsed = parsed.model_copy(update={"symptom": _symptom(symptom)})
    day = as_of or parsed.as_of or date.today()
    prepared = prepare(parsed, day, readings, chosen)
    compiled = engine_for(chosen, engine)
    fired = compiled.fired(prepared.facts)
    return resolve(chosen, parsed, prepared, fired, readings, day, compiled.name)


def _state(
    state: WorkflowState | Mapping[str, Any] | str | bytes, as_of: date | None
) -> WorkflowState:
    if isinstance(state, WorkflowState):
        problems = consistency_problems(state, as_of or state.as_of)
        if problems:
            raise InvalidFactsError(problems)
        return state
    return parse_state(state, as_of=as_of)


def _symptom(value: Symptom | str) -> Symptom:
    try:
        return Symptom(value)
    except ValueError:
        raise InvalidOptionError(
            f"symptom: {value!r} is not one of {[s.value for s in Symptom]}"
        ) from None


def resolve(
    ruleset: WorkflowRuleset,
    state: WorkflowState,
    prepared: Prepared,
    fired: frozenset[str],
    readings: dict[str, str],
    as_of: date,
    engine: str,
) -> Diagnosis:
    """The diagnosis from the rules that applied (see the module's docstring)."""
    applied = [r for r in ruleset.rules if r.id in fired]
    replaced_by: dict[str, str] = {}
    for rule in applied:
        if rule.id in replaced_by:
            continue
        for other in rule.replaces:
            if other in fired:
                replaced_by.setdefault(other, rule.id)
    fallback = ruleset.rules[-1]
    standing = [r for r in applied if r.id not in replaced_by and r.id != fallback.id]
    causes = [r for r in standing if r.kind == "diagnosis"]
    statuses = [r for r in standing if r.kind == "status"]
    diagnoses = causes or statuses[:1] or [fallback]
    shown_statuses = [r for r in statuses if r is not diagnoses[0]]
    notes = [r for r in applied if r.is_note]
    replaced = [r for r in applied if r.id in replaced_by]

    def finding(rule: WorkflowRule, role: Any) -> Finding:
        return Finding(
            rule=rule.id,
            role=role,
            replaced_by=replaced_by.get(rule.id),
            title=_local(rule.title),
            clause=_clause(ruleset, rule),
            text=_fill(rule.explain, prepared),
            facts={f: prepared.facts[f] for f in ruleset.facts_tested(rule)},
            interpretations=ruleset.interpretations_named(rule),
            next_steps=tuple(
                NextStep(
                    rule=rule.id,
                    actor=step.actor,  # checked on load
                    actor_label=_local(ACTORS[step.actor]),
                    text=_fill(step.text, prepared),
                )
                for step in rule.next_steps
            ),
        )

    findings = (
        [finding(diagnoses[0], "diagnosis")]
        + [finding(r, "also") for r in diagnoses[1:]]
        + [finding(r, "status") for r in shown_statuses]
        + [finding(r, "note") for r in notes]
        + [finding(r, "replaced") for r in replaced]
    )
    reported = [f for f in findings if f.role != "replaced"]
    relied = dict.fromkeys(i for f in reported for i in f.interpretations)
    return Diagnosis(
        record_id=state.record_id,
        symptom=state.symptom.value,
        diagnosis=diagnoses[0].id,
        title=_local(diagnoses[0].title),
        next_steps=tuple(step for f in reported if f.role != "status" for step in f.next_steps),
        findings=tuple(findings),
        interpretations=tuple(
            interpretation_use(ruleset.interpretations[i], readings[i]) for i in relied
        ),
        options=WorkflowOptions(as_of=as_of, interpretations=dict(readings)),
        engine=engine,
        ruleset=WorkflowRef(
            id=ruleset.id, version=ruleset.version, content_hash=ruleset.content_hash
        ),
        state_hash=state_hash(state),
    )


def state_hash(state: WorkflowState) -> str:
    """A hash of the state as stated, independent of key order and formatting."""
    canonical = json.dumps(
        state.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _local(text: Text) -> LocalText:
    return LocalText(zh=text.zh, en=text.en)


def _fill(template: Text, prepared: Prepared) -> LocalText:
    return LocalText(
        zh=template.zh.format_map({k: v.zh for k, v in prepared.display.items()}),
        en=template.en.format_map({k: v.en for k, v in prepared.display.items()}),
    )


def _clause(ruleset: WorkflowRuleset, rule: WorkflowRule) -> ClauseRef:
    clause = ruleset.clauses[rule.clause]
    return ClauseRef(id=clause.id, section=clause.section, text=clause.text)
