"""One decided correction written out: its result, summary, clauses, evidence and the
interpretations it relied on."""

from __future__ import annotations

from origin_rules.changes.decision import FieldResult, Named, Result
from origin_rules.changes.field import FieldBeingDecided
from origin_rules.changes.policy import ChangesPolicy
from origin_rules.changes.words import local, local_text
from origin_rules.decision import ClauseRef, LocalText


def field_result(fld: FieldBeingDecided, result: Result, rejection: Named | None) -> FieldResult:
    policy = fld.policy
    route_text = policy.changes.routes[fld.route]
    named = _named_evidence(policy)
    if rejection is not None:
        summary = local("rejected", why=(rejection.text.zh, rejection.text.en))
    elif result == "needs_evidence":
        summary = (
            local("needs_evidence", missing=_listed([named[e] for e in fld.missing], fld))
            if fld.missing
            else local("needs_facts")
        )
    elif fld.route == "student":
        summary = local("accepted_student", route=(route_text.zh, route_text.en))
    else:
        key = "accepted_form" if fld.required else "accepted_form_no_evidence"
        summary = local(key, route=(route_text.zh, route_text.en))
    reason = policy.reasons.get(fld.reason_id) if fld.reason_id else None
    return FieldResult(
        field=fld.spec.id,
        field_name=LocalText(zh=fld.spec.name.zh, en=fld.spec.name.en),
        old=None if fld.old is None else fld.shown(fld.old),
        new=fld.shown(fld.correction.new),
        reason=None if reason is None else Named(id=reason.id, text=local_text(reason.name)),
        reason_assumed=fld.reason_assumed,
        route=fld.route,
        route_text=local_text(route_text),
        result=result,
        rejection=rejection,
        summary=summary,
        clauses=tuple(
            ClauseRef(id=c.id, section=c.section, text=c.text)
            for c in (policy.clauses[i] for i in fld.clause_ids)
        ),
        evidence_required=tuple(named[e] for e in fld.required),
        evidence_supplied=tuple(named[e] for e in fld.correction.evidence),
        evidence_missing=tuple(named[e] for e in fld.missing),
        facts_to_supply=fld.facts_to_supply,
        flags=tuple(fld.flags),
        interpretations=tuple(fld.use(i) for i in fld.relied),
        redecision=fld.redecision,
    )


def _listed(items: list[Named], fld: FieldBeingDecided) -> tuple[str, str]:
    zh = "；".join(i.text.zh for i in items)
    en = "; ".join(i.text.en for i in items)
    if fld.readings["named_evidence"] == "named_are_examples" and len(items) > 1:
        one_of = local("one_of", items=(zh, en))
        return one_of.zh, one_of.en
    return zh, en


def _named_evidence(policy: ChangesPolicy) -> dict[str, Named]:
    return {e.id: Named(id=e.id, text=local_text(e.name)) for e in policy.changes.evidence}
