"""A change of origin decided again: `decide_origin` on the facts before and after the
correction, and a note (zh, en) on whether the result supports the origin asked for."""

from __future__ import annotations

from datetime import date

from origin_rules.changes.decision import Redecision
from origin_rules.changes.field import FieldBeingDecided
from origin_rules.changes.words import fill, local, place_words
from origin_rules.decide import decide_origin
from origin_rules.decision import LocalText
from origin_rules.divisions import DivisionLevel, level_from_code
from origin_rules.divisions.registry import default_registry
from origin_rules.render.narrative import origin_label
from origin_rules.ruleset.model import Outcome
from origin_rules.situation.vocabulary import value_label


def redecide(fld: FieldBeingDecided) -> Redecision:
    before_facts = fld.request.applicant_before
    after_facts = fld.request.applicant_after
    assert before_facts is not None and after_facts is not None  # parse_request checks
    before = decide_origin(
        before_facts, interpretations=fld.origin_interpretations, engine=fld.engine
    )
    after = decide_origin(
        after_facts,
        decision_date=fld.request.request_date,
        interpretations=fld.origin_interpretations,
        engine=fld.engine,
    )
    requested = fld.correction.new
    supports = (
        after.outcome is Outcome.DETERMINED
        and after.origin is not None
        and after.origin.code == requested
    )
    recorded = fld.old
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
        note = fill(
            fld.policy.rejections["redecision_disagrees"].text,
            {
                "decided": (origin_label(after.origin, "zh"), origin_label(after.origin, "en")),
                "requested": place_words(requested, requested_name),
            },
        )
    else:
        note = local("unsettled", outcome=after.outcome.value)
    if matches is False and before.origin is not None and recorded is not None:
        extra = local(
            "record_differs",
            before=(origin_label(before.origin, "zh"), origin_label(before.origin, "en")),
            recorded=place_words(recorded, recorded_name),
        )
        note = LocalText(zh=note.zh + extra.zh, en=f"{note.en} {extra.en}")
    if recorded is not None and level_from_code(recorded) is not DivisionLevel.COUNTY:
        # A verified origin short of county level (附表1 例2: 广东省潮州市) is itself
        # wrong: the origin is stated to the county (四(二) 生源地的概念).
        level = level_from_code(recorded).value
        extra = local(
            "record_not_county",
            recorded=place_words(recorded, recorded_name),
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
