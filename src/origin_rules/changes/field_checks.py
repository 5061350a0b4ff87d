"""The checks of one correction, in this order: a misstated value on record, no
change, a field a request cannot correct, an invalid new ID number, a re-decision that
disagrees; then, on the form route, the reason (allowed for the field, agreeing with
the re-decision) and the evidence it needs."""

from __future__ import annotations

from origin_rules.changes.decision import Flag, Result
from origin_rules.changes.field import FieldBeingDecided, Rejected
from origin_rules.changes.policy import ASSUMED_REASON
from origin_rules.changes.words import fill, local
from origin_rules.decision import ClauseRef
from origin_rules.identity import check_document
from origin_rules.render.narrative import origin_label
from origin_rules.ruleset.model import Outcome


def result_of(fld: FieldBeingDecided) -> Result:
    """The correction's result when no check rejects it (a rejection raises `Rejected`)."""
    c = fld.correction
    if c.old is not None and fld.recorded is not None and not fld.same(c.old, fld.recorded):
        raise Rejected("old_value_mismatch", recorded=fld.shown(fld.recorded))
    if fld.old is not None and fld.same(c.new, fld.old):
        raise Rejected("no_change")
    if fld.route == "rebind":
        raise Rejected("rebind_instead")
    if fld.spec.value == "id_number":
        checked = check_document(fld.request.record.id_kind, c.new)
        if not checked.valid:
            problems = checked.problems
            raise Rejected(
                "invalid_new_value",
                problem=("；".join(p.zh for p in problems), "; ".join(p.en for p in problems)),
            )
    if fld.redecision is not None:
        after = fld.redecision.after
        if after.outcome is Outcome.DETERMINED and not fld.redecision.supports:
            raise Rejected(
                "redecision_disagrees",
                decided=(origin_label(after.origin, "zh"), origin_label(after.origin, "en")),
                requested=fld.requested_label(),
            )
        if after.outcome is not Outcome.DETERMINED:
            # What staff must settle: the facts missing and the points to verify, or
            # (out of scope) what the deciding rule said; never nothing.
            fld.facts_to_supply = (
                tuple([m.text for m in after.missing_facts] + [r.text for r in after.reasons])
                or tuple(t.text for t in after.trace if t.role == "decided")
                or (fld.redecision.note,)
            )
    if fld.route == "student":
        return "needs_evidence" if fld.facts_to_supply else "accepted"
    _reason_allows_field(fld)
    _check_reason(fld)
    _evidence(fld)
    return "needs_evidence" if fld.missing or fld.facts_to_supply else "accepted"


def _reason_allows_field(fld: FieldBeingDecided) -> None:
    if fld.reason_id is None:
        reading = fld.pick_reading("missing_reason")
        if reading == "reject" or (
            reading == "record_error_before_verification" and fld.request.verified
        ):
            raise Rejected("no_reason")
        fld.reason_id = ASSUMED_REASON
        fld.reason_assumed = True
    reason = fld.policy.reasons[fld.reason_id]
    fld.add_clause(reason.clause)
    allowed = reason.fields
    if fld.request.verified and reason.fields_after_verification is not None:
        allowed = fld.pick(reason.fields_after_verification, lambda fields: fld.spec.id in fields)
    if fld.spec.id not in allowed:
        raise Rejected("reason_not_for_field", reason=(reason.name.zh, reason.name.en))


def _check_reason(fld: FieldBeingDecided) -> None:
    """A change of origin the re-decision supports: is the reason given the cause the
    re-decision shows? A named reason must be among the causes its rules show; a
    wrong initial value disagrees only when the verified origin is what the verified
    facts give and the re-decision shows a named cause. A disagreement is flagged or
    rejects, by the reading of `reason_mismatch`."""
    rd = fld.redecision
    if rd is None or not rd.supports or fld.reason_id is None:
        return
    stated = fld.policy.reasons[fld.reason_id]
    shown = [t.rule for t in rd.after.trace if t.role in ("decided", "concurs")]
    causes = [
        r
        for r in fld.policy.changes.reasons
        if r.redecided_by is not None and set(r.redecided_by) & set(shown)
    ]
    if stated.redecided_by is not None:
        agrees = stated.id in {r.id for r in causes}
    else:
        agrees = rd.record_matches_before is not True or not causes
    if agrees:
        return
    rules = "、".join(shown), ", ".join(shown)
    if causes:
        cause = local(
            "cause_named",
            reasons=(
                "”“".join(r.name.zh for r in causes),
                "; ".join(r.name.en for r in causes),
            ),
            rules=rules,
        )
    else:
        cause = local("cause_none", rules=rules)
    values = {
        "reason": (stated.name.zh, stated.name.en),
        "cause": (cause.zh, cause.en),
    }
    if fld.pick_reading("reason_mismatch") == "reject":
        raise Rejected("reason_disagrees", **values)
    spec = fld.policy.flags["reason_disagrees"]
    clause = fld.policy.clauses[spec.clause]
    fld.flags.append(
        Flag(
            id=spec.id,
            text=fill(spec.text, values),
            clause=ClauseRef(id=clause.id, section=clause.section, text=clause.text),
        )
    )


def _evidence(fld: FieldBeingDecided) -> None:
    assert fld.reason_id is not None
    reason = fld.policy.reasons[fld.reason_id]
    by_field = reason.evidence.by_field.get(fld.spec.id)
    required: list[str] = reason.evidence.default if by_field is None else fld.pick(by_field)
    fld.required = tuple(required)
    if not required:
        return
    for evidence_id in required:
        fld.add_clause(fld.policy.evidence[evidence_id].clause)
    supplied = set(fld.correction.evidence)
    if fld.pick_reading("named_evidence") == "all_named":
        fld.missing = tuple(e for e in required if e not in supplied)
    elif not supplied & set(required):
        fld.missing = tuple(required)
