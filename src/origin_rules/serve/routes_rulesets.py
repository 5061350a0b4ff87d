"""What the service decides with: the applicant's JSON Schema, the bundled rulesets
(origin rules, change policy, workflow rules) with their rules, clauses,
interpretations and content hashes, and whether the service is up."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter

import origin_rules
from origin_rules.changes import ChangesPolicy, bundled_changes_policy
from origin_rules.facts import Applicant
from origin_rules.ruleset.bundled import bundled_rulesets
from origin_rules.ruleset.model import All, Any_, Atom, Clause, Condition, Interpretation, Ruleset
from origin_rules.serve.errors import ApiError
from origin_rules.workflow.load import bundled_workflow
from origin_rules.workflow.model import WorkflowRuleset

router = APIRouter(tags=["rules"])

Bundled = Ruleset | WorkflowRuleset | ChangesPolicy


def _bundled() -> dict[str, tuple[str, Bundled]]:
    """Every bundled rule folder by id, with its kind."""
    found: dict[str, tuple[str, Bundled]] = {
        r.id: ("origin", r) for r in bundled_rulesets().values()
    }
    workflow = bundled_workflow()
    found[workflow.id] = ("workflow", workflow)
    policy = bundled_changes_policy()
    found[policy.id] = ("changes", policy)
    return found


@router.get("/healthz", summary="Whether the service is up, and with which rules")
def healthz() -> dict[str, Any]:
    return {
        "status": "ok",
        "version": origin_rules.__version__,
        "rulesets": {rid: r.content_hash for rid, (_, r) in sorted(_bundled().items())},
    }


@router.get("/v1/schema", summary="The JSON Schema of an applicant's facts")
def schema() -> dict[str, Any]:
    return Applicant.model_json_schema()


@router.get("/v1/rulesets", summary="The bundled rulesets")
def rulesets() -> list[dict[str, Any]]:
    return [_summary(kind, r) for _, (kind, r) in sorted(_bundled().items())]


@router.get(
    "/v1/rulesets/{ruleset_id}",
    summary="One bundled ruleset: its rules, clauses, interpretations and content hash",
)
def ruleset(ruleset_id: str) -> dict[str, Any]:
    found = _bundled().get(ruleset_id)
    if found is None:
        raise ApiError(
            404, "not_found", f"no bundled ruleset {ruleset_id!r}; known: {sorted(_bundled())}"
        )
    kind, r = found
    out = {
        **_summary(kind, r),
        "clauses": [_clause(c) for c in r.clauses.values()],
        "interpretations": _interpretations(r.interpretations.values()),
    }
    if isinstance(r, Ruleset):
        out["rules"] = [_origin_rule(r, rule.id) for rule in r.rules]
    elif isinstance(r, WorkflowRuleset):
        out["rules"] = [
            {
                "id": rule.id,
                "file": rule.file,
                "clause": rule.clause,
                "title": asdict(rule.title),
                "kind": rule.kind,
                "condition": _condition(rule.condition),
                "next_steps": [{"actor": s.actor, "text": asdict(s.text)} for s in rule.next_steps],
                "replaces": list(rule.replaces),
                "explain": asdict(rule.explain),
            }
            for rule in r.rules
        ]
    else:
        out["policy"] = r.changes.model_dump(mode="json")
    return out


def _summary(kind: str, r: Bundled) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": r.id,
        "kind": kind,
        "version": r.version,
        "title": asdict(r.title),
        "content_hash": r.content_hash,
        "clauses": len(r.clauses),
        "interpretations": len(r.interpretations),
    }
    if isinstance(r, Ruleset):
        out["rules"] = len(r.rules)
        out["governed_cohorts"] = sorted(r.governed_cohorts)
        out["decision_date_default"] = r.decision_date_default.isoformat()
    elif isinstance(r, WorkflowRuleset):
        out["rules"] = len(r.rules)
    return out


def _clause(c: Clause) -> dict[str, Any]:
    return {"id": c.id, "section": c.section, "text": c.text}


def _interpretations(found: Iterable[Interpretation]) -> list[dict[str, Any]]:
    return [
        {
            "id": i.id,
            "clause": i.clause,
            "question": asdict(i.question),
            "default": i.default,
            "readings": {k: asdict(v) for k, v in i.readings.items()},
            "why_default": asdict(i.why_default),
        }
        for i in found
    ]


def _origin_rule(r: Ruleset, rule_id: str) -> dict[str, Any]:
    rule = r.rules_by_id[rule_id]
    c = rule.conclusion
    return {
        "id": rule.id,
        "file": rule.file,
        "clause": rule.clause,
        "title": asdict(rule.title),
        "condition": _condition(rule.condition),
        "extends": rule.extends,
        "exception_of": list(rule.exception_of),
        "conclusion": {
            "outcome": None if c.outcome is None else c.outcome.value,
            "origin": c.origin,
            "missing": [{"fact": m.fact, "text": asdict(m.text)} for m in c.missing],
            "candidates": list(c.candidates),
            "reason": None if c.reason is None else asdict(c.reason),
        },
        "explain": asdict(rule.explain),
    }


def _condition(condition: Condition) -> Mapping[str, Any]:
    """A rule's condition as written: an atom, or all/any of conditions."""
    if isinstance(condition, Atom):
        return {"fact": condition.fact, "op": condition.op, "values": list(condition.values)}
    if isinstance(condition, All):
        return {"all": [_condition(c) for c in condition.items]}
    if isinstance(condition, Any_):
        return {"any": [_condition(c) for c in condition.items]}
    return {"always": True}
