"""`decide_change`: a change request in, a decision per field out.

For each correction, in this order: a value on record that the request misstates, a
value that would not change, a field that a change request cannot correct (the
graduation year: unbind and bind again) and an invalid corrected ID number are
rejected. Then the route: the student edits the field, or it needs form 1 through the
department; on the form route the reason must be one the guide accepts for that field,
and the evidence it needs must be supplied. A change of origin is decided again from the
corrected facts with `decide_origin`: an origin other than the one asked for rejects it,
an unsettled one (needs review, insufficient facts) asks for the facts first. The
request's result is the worst of its fields'.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from origin_rules.changes.decision import (
    SEVERITY,
    ChangeDecision,
    FieldResult,
    Flag,
    Named,
    Redecision,
    Result,
    RouteName,
)
from origin_rules.changes.policy import ASSUMED_REASON, ChangesPolicy, bundled_changes_policy, pick
from origin_rules.changes.request import (
    ChangeRequest,
    Correction,
    InvalidRequestError,
    parse_request,
)
from origin_rules.changes.words import local
from origin_rules.decide import decide_origin
from origin_rules.decision import ClauseRef, InterpretationUse, LocalText, RulesetRef
from origin_rules.divisions import DivisionLevel, level_from_code
from origin_rules.divisions.registry import default_registry
from origin_rules.errors import FactError
from origin_rules.identity import check_document, mask_number, normalise_number
from origin_rules.render.narrative import origin_label
from origin_rules.ruleset.files import TextFile
from origin_rules.ruleset.model import Outcome, Text
from origin_rules.ruleset.readings import interpretation_use
from origin_rules.situation.vocabulary import value_label

__all__ = ["decide_change"]


def decide_change(
    request: ChangeRequest | Mapping[str, Any] | str | bytes,
    *,
    interpretations: Mapping[str, str] | None = None,
    origin_interpretations: Mapping[str, str] | None = None,
    engine: str = "durable",
    policy: ChangesPolicy | None = None,
) -> ChangeDecision:
    """Decide a change request (生源信息修改申请), field by field.

    `request` is a `ChangeRequest` or its JSON (text, bytes or parsed); a malformed one
    raises `InvalidRequestError` listing every problem with its path. `interpretations`
    chooses readings of the change policy's open points, `origin_interpretations` those
    of the origin ruleset used to decide a change of origin again (an unknown one raises
    `InvalidOptionError`); `engine` is the engine `decide_origin` uses.
    """
    policy = policy or bundled_changes_policy()
    readings = policy.readings(interpretations)
    parsed = parse_request(_as_data(request), policy)
    fields = tuple(
        _Field(parsed, c, policy, readings, engine, origin_interpretations).decide()
        for c in parsed.corrections
    )
    used: dict[str, InterpretationUse] = {}
    for result in fields:
        for use in result.interpretations:
            used.setdefault(use.id, use)
    record = parsed.record
    return ChangeDecision(
        request_id=parsed.request_id,
        student_number=record.student_number,
        name=record.name,
        department=record.department,
        degree=record.degree,
        phone=record.phone,
        verified=parsed.verified,
        result=max((r.result for r in fields), key=SEVERITY.__getitem__),
        fields=fields,
        interpretations=tuple(used.values()),
        policy=RulesetRef(id=policy.id, version=policy.version, content_hash=policy.content_hash),
        options=readings,
    )


def _as_data(request: ChangeRequest | Mapping[str, Any] | str | bytes) -> Any:
    if isinstance(request, str | bytes):
        try:
            return json.loads(request)
        except json.JSONDecodeError as exc:
            raise InvalidRequestError(
                [FactError("(root)", f"invalid JSON: {exc.msg} (line {exc.lineno})", None)]
            ) from None
    return request


class _Rejected(Exception):
    def __init__(self, rejection: str, **values: tuple[str, str] | str) -> None:
        super().__init__(rejection)
        self.rejection = rejection
        self.values = values


@dataclass
class _Field:
    """One correction being decided: what it relied on accumulates as it goes."""

    request: ChangeRequest
    correction: Correction
    policy: ChangesPolicy
    readings: Mapping[str, str]
    engine: str
    origin_interpretations: Mapping[str, str] | None
    clause_ids: list[str] = field(default_factory=list)
    relied: list[str] = field(default_factory=list)
    reason_id: str | None = None
    reason_assumed: bool = False
    required: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    facts_to_supply: tuple[LocalText, ...] = ()
    redecision: Redecision | None = None
    flags: list[Flag] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.spec = self.policy.fields[self.correction.field]
        self.recorded = self.request.record.value_of(self.spec.id)
        self.old = self.correction.old if self.correction.old is not None else self.recorded
        self.reason_id = self.correction.reason
        state = (
            self.spec.after_verification if self.request.verified else self.spec.before_verification
        )
        self.route: RouteName = self._pick(state)
        if self.route == "student" and self.relied:
            # The student edits it because of how an open point is read: that point's
            # clause is what allows it.
            self.clause_ids.append(self.policy.interpretations[self.relied[-1]].clause)
        elif self.request.verified and self.spec.clause_after_verification is not None:
            self.clause_ids.append(self.spec.clause_after_verification)
        else:
            self.clause_ids.append(self.spec.clause)

    def _pick(self, value: Any, matters: Callable[[Any], object] = lambda v: v) -> Any:
        """The value for the chosen reading. The interpretation counts as relied on only
        when another reading would give this correction something different (`matters`
        says what of the value concerns it)."""
        chosen, interp = pick(value, self.readings)
        if (
            interp is not None
            and interp not in self.relied
            and len({repr(matters(v)) for v in value.by_reading.values()}) > 1
        ):
            self.relied.append(interp)
        return chosen

    def _clause(self, clause_id: str) -> None:
        if clause_id not in self.clause_ids:
            self.clause_ids.append(clause_id)

    # --- the decision -------------------------------------------------------------------

    def decide(self) -> FieldResult:
        if self.spec.value == "division_code":
            self.redecision = self._redecide()
        try:
            result = self._result()
            rejection = None
        except _Rejected as rejected:
            result = "rejected"
            spec = self.policy.rejections[rejected.rejection]
            self._clause(spec.clause)
            values = {"field": (self.spec.name.zh, self.spec.name.en), **rejected.values}
            rejection = Named(id=spec.id, text=_fill(spec.text, values))
        return self._out(result, rejection)

    def _result(self) -> Result:
        c = self.correction
        if c.old is not None and self.recorded is not None and not self._same(c.old, self.recorded):
            raise _Rejected("old_value_mismatch", recorded=self._shown(self.recorded))
        if self.old is not None and self._same(c.new, self.old):
            raise _Rejected("no_change")
        if self.route == "rebind":
            raise _Rejected("rebind_instead")
        if self.spec.value == "id_number":
            checked = check_document(self.request.record.id_kind, c.new)
            if not checked.valid:
                problems = checked.problems
                raise _Rejected(
                    "invalid_new_value",
                    problem=("；".join(p.zh for p in problems), "; ".join(p.en for p in problems)),
                )
        if self.redecision is not None:
            after = self.redecision.after
            if after.outcome is Outcome.DETERMINED and not self.redecision.supports:
                raise _Rejected(
                    "redecision_disagrees",
                    decided=(origin_label(after.origin, "zh"), origin_label(after.origin, "en")),
                    requested=self._requested_label(),
                )
            if after.outcome is not Outcome.DETERMINED:
                # What staff must settle: the facts missing and the points to verify, or
                # (out of scope) what the deciding rule said; never nothing.
                self.facts_to_supply = (
                    tuple([m.text for m in after.missing_facts] + [r.text for r in after.reasons])
                    or tuple(t.text for t in after.trace if t.role == "decided")
                    or (self.redecision.note,)
                )
        if self.route == "student":
            return "needs_evidence" if self.facts_to_supply else "accepted"
        self._reason_allows_field()
        self._check_reason()
        self._evidence()
        return "needs_evidence" if self.missing or self.facts_to_supply else "accepted"

    def _reason_allows_field(self) -> None:
        if self.reason_id is None:
            reading = self._pick_reading("missing_reason")
            if reading == "reject" or (
                reading == "record_error_before_verification" and self.request.verified
            ):
                raise _Rejected("no_reason")
            self.reason_id = ASSUMED_REASON
            self.reason_assumed = True
        reason = self.policy.reasons[self.reason_id]
        self._clause(reason.clause)
        allowed = reason.fields
        if self.request.verified and reason.fields_after_verification is not None:
            allowed = self._pick(
                reason.fields_after_verification, lambda fields: self.spec.id in fields
            )
        if self.spec.id not in allowed:
            raise _Rejected("reason_not_for_field", reason=(reason.name.zh, reason.name.en))

    def _check_reason(self) -> None:
        """A change of origin the re-decision supports: is the reason given the cause the
        re-decision shows? A named reason must be among the causes its rules show; a
        wrong initial value disagrees only when the verified origin is what the verified
        facts give and the re-decision shows a named cause. A disagreement is flagged or
        rejects, by the reading of `reason_mismatch`."""
        rd = self.redecision
        if rd is None or not rd.supports or self.reason_id is None:
            return
        stated = self.policy.reasons[self.reason_id]
        shown = [t.rule for t in rd.after.trace if t.role in ("decided", "concurs")]
        causes = [
            r
            for r in self.policy.changes.reasons
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
        if self._pick_reading("reason_mismatch") == "reject":
            raise _Rejected("reason_disagrees", **values)
        spec = self.policy.flags["reason_disagrees"]
        clause = self.policy.clauses[spec.clause]
        self.flags.append(
            Flag(
                id=spec.id,
                text=_fill(spec.text, values),
                clause=ClauseRef(id=clause.id, section=clause.section, text=clause.text),
            )
        )

    def _evidence(self) -> None:
        assert self.reason_id is not None
        reason = self.policy.reasons[self.reason_id]
        by_field = reason.evidence.by_field.get(self.spec.id)
        required: list[str] = reason.evidence.default if by_field is None else self._pick(by_field)
        self.required = tuple(required)
        if not required:
            return
        for evidence_id in required:
            self._clause(self.policy.evidence[evidence_id].clause)
        supplied = set(self.correction.evidence)
        if self._pick_reading("named_evidence") == "all_named":
            self.missing = tuple(e for e in required if e not in supplied)
        elif not supplied & set(required):
            self.missing = tuple(required)

    def _pick_reading(self, interp_id: str) -> str:
        if interp_id not in self.relied:
            self.relied.append(interp_id)
        return self.readings[interp_id]

    # --- a change of origin, decided again ----------------------------------------------

    def _redecide(self) -> Redecision:
        before_facts = self.request.applicant_before
        after_facts = self.request.applicant_after
        assert before_facts is not None and after_facts is not None  # parse_request checks
        before = decide_origin(
            before_facts, interpretations=self.origin_interpretations, engine=self.engine
        )
        after = decide_origin(
            after_facts,
            decision_date=self.request.request_date,
            interpretations=self.origin_interpretations,
            engine=self.engine,
        )
        requested = self.correction.new
        supports = (
            after.outcome is Outcome.DETERMINED
            and after.origin is not None
            and after.origin.code == requested
        )
        recorded = self.old
        matches: bool | None = None
        if recorded is not None and before.outcome is Outcome.DETERMINED and before.origin:
            matches = before.origin.code == recorded
        on = after.options.decision_date if after.options else date.today()
        requested_name = default_registry().full_name(requested, on)
        # The verified code is named as of the day the verified origin was decided.
        then = before.options.decision_date if before.options else on
        recorded_name = None if recorded is None else default_registry().full_name(recorded, then)
        if supports:
            note = local(
                "supports",
                decided=(origin_label(after.origin, "zh"), origin_label(after.origin, "en")),
            )
        elif after.outcome is Outcome.DETERMINED:
            note = _fill(
                self.policy.rejections["redecision_disagrees"].text,
                {
                    "decided": (origin_label(after.origin, "zh"), origin_label(after.origin, "en")),
                    "requested": _place(requested, requested_name),
                },
            )
        else:
            note = local("unsettled", outcome=after.outcome.value)
        if matches is False and before.origin is not None and recorded is not None:
            extra = local(
                "record_differs",
                before=(origin_label(before.origin, "zh"), origin_label(before.origin, "en")),
                recorded=_place(recorded, recorded_name),
            )
            note = LocalText(zh=note.zh + extra.zh, en=f"{note.en} {extra.en}")
        if recorded is not None and level_from_code(recorded) is not DivisionLevel.COUNTY:
            # A verified origin short of county level (附表1 例2: 广东省潮州市) is itself
            # wrong: the origin is stated to the county (四(二) 生源地的概念).
            level = level_from_code(recorded).value
            extra = local(
                "record_not_county",
                recorded=_place(recorded, recorded_name),
                level=(value_label(level, "zh"), value_label(level, "en")),
            )
            note = LocalText(zh=note.zh + extra.zh, en=f"{note.en} {extra.en}")
        return Redecision(
            requested=requested,
            requested_name=requested_name,
            recorded=recorded,
            recorded_name=recorded_name,
            before=before,
            after=after,
            supports=supports,
            record_matches_before=matches,
            note=note,
        )

    def _requested_label(self) -> tuple[str, str]:
        assert self.redecision is not None
        return _place(self.redecision.requested, self.redecision.requested_name)

    # --- output ---------------------------------------------------------------------------

    def _same(self, a: str, b: str) -> bool:
        if self.spec.value == "id_number":
            return normalise_number(a)[0] == normalise_number(b)[0]
        return a.strip() == b.strip()

    def _shown(self, value: str) -> str:
        return mask_number(value) if self.spec.value == "id_number" else value

    def _out(self, result: Result, rejection: Named | None) -> FieldResult:
        policy = self.policy
        route_text = policy.changes.routes[self.route]
        named = _named_evidence(policy)
        if rejection is not None:
            summary = local("rejected", why=(rejection.text.zh, rejection.text.en))
        elif result == "needs_evidence":
            summary = (
                local("needs_evidence", missing=_listed([named[e] for e in self.missing], self))
                if self.missing
                else local("needs_facts")
            )
        elif self.route == "student":
            summary = local("accepted_student", route=(route_text.zh, route_text.en))
        else:
            key = "accepted_form" if self.required else "accepted_form_no_evidence"
            summary = local(key, route=(route_text.zh, route_text.en))
        reason = policy.reasons.get(self.reason_id) if self.reason_id else None
        return FieldResult(
            field=self.spec.id,
            field_name=LocalText(zh=self.spec.name.zh, en=self.spec.name.en),
            old=None if self.old is None else self._shown(self.old),
            new=self._shown(self.correction.new),
            reason=None if reason is None else Named(id=reason.id, text=_text(reason.name)),
            reason_assumed=self.reason_assumed,
            route=self.route,
            route_text=_text(route_text),
            result=result,
            rejection=rejection,
            summary=summary,
            clauses=tuple(
                ClauseRef(id=c.id, section=c.section, text=c.text)
                for c in (policy.clauses[i] for i in self.clause_ids)
            ),
            evidence_required=tuple(named[e] for e in self.required),
            evidence_supplied=tuple(named[e] for e in self.correction.evidence),
            evidence_missing=tuple(named[e] for e in self.missing),
            facts_to_supply=self.facts_to_supply,
            flags=tuple(self.flags),
            interpretations=tuple(self._use(i) for i in self.relied),
            redecision=self.redecision,
        )

    def _use(self, interp_id: str) -> InterpretationUse:
        return interpretation_use(self.policy.interpretations[interp_id], self.readings[interp_id])


def _listed(items: list[Named], fld: _Field) -> tuple[str, str]:
    zh = "；".join(i.text.zh for i in items)
    en = "; ".join(i.text.en for i in items)
    if fld.readings["named_evidence"] == "named_are_examples" and len(items) > 1:
        one_of = local("one_of", items=(zh, en))
        return one_of.zh, one_of.en
    return zh, en


def _named_evidence(policy: ChangesPolicy) -> dict[str, Named]:
    return {e.id: Named(id=e.id, text=_text(e.name)) for e in policy.changes.evidence}


def _text(t: TextFile | Text) -> LocalText:
    return LocalText(zh=t.zh, en=t.en)


def _place(code: str, full_name: str | None) -> tuple[str, str]:
    if full_name is None:
        return code, code
    return f"{full_name}（{code}）", f"{full_name} ({code})"


def _fill(text: TextFile, values: Mapping[str, tuple[str, str] | str]) -> LocalText:
    def in_lang(i: int) -> dict[str, str]:
        return {k: v if isinstance(v, str) else v[i] for k, v in values.items()}

    return LocalText(zh=text.zh.format_map(in_lang(0)), en=text.en.format_map(in_lang(1)))
