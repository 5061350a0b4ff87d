"""The analysis proves the bundled ruleset complete and catches seeded defects, each
with a witness applicant that reproduces it through `decide_origin`."""

from __future__ import annotations

import functools
import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from origin_rules import decide_origin
from origin_rules.analysis import Analysis, Finding, analyze
from origin_rules.analysis.constraints import CONSTRAINTS
from origin_rules.analysis.overrides import overrides, related
from origin_rules.analysis.space import Split, Splitter, domains
from origin_rules.decide import decide_in_detail
from origin_rules.decision import Decision
from origin_rules.facts import Applicant
from origin_rules.ruleset import Ruleset, bundled_ruleset, load_ruleset
from origin_rules.testing import applicants, interpretation_choices

from .seeded import IMPOSSIBLE, SHADOWED, seed_dead, seed_gap, seed_overlap

BUNDLED = bundled_ruleset("guide-2022")


def reproduce(finding: Finding, ruleset: Ruleset) -> Decision:
    """The witness decided from its JSON, as a user would, checked against what the
    finding says it shows."""
    assert finding.witness is not None, finding.message.en
    witness = json.loads(json.dumps(finding.witness.as_json()))
    decision = decide_origin(
        witness["applicant"], interpretations=witness["interpretations"], ruleset=ruleset
    )
    in_trace = {step.rule for step in decision.trace}
    if finding.expect_decided_by is not None:
        assert decision.decided_by == finding.expect_decided_by
    assert set(finding.expect_in_trace) <= in_trace
    assert not set(finding.expect_not_in_trace) & in_trace
    return decision


@functools.cache
def bundled_analysis() -> Analysis:
    return analyze(BUNDLED)


def test_bundled_ruleset_has_no_gap_overlap_or_dead_rule() -> None:
    started = time.perf_counter()
    result = analyze(BUNDLED)
    elapsed = time.perf_counter() - started
    assert result.ok and result.findings == [], [f.message.en for f in result.findings]
    # Most of the space is decided by the scope rules; the fallback decides nothing.
    assert result.decided_by["fallback.no_rule_decided"] == 0
    assert result.regions > 100
    # Well within what CI can afford on every run (about two seconds here: the regions
    # are counted, not listed).
    assert elapsed < 30


def test_every_bundled_rule_decides_for_its_witness() -> None:
    result = bundled_analysis()
    expected = {r.id for r in BUNDLED.rules[:-1]}
    assert set(result.deciding_witnesses) == expected
    for rule_id, witness in result.deciding_witnesses.items():
        decision = decide_origin(
            witness.applicant, interpretations=witness.interpretations, ruleset=BUNDLED
        )
        if BUNDLED.rules_by_id[rule_id].is_note:
            assert rule_id in {s.rule for s in decision.trace if s.role == "noted"}
        else:
            assert decision.decided_by == rule_id


def test_seeded_gap_is_caught_with_a_witness(tmp_path: Path) -> None:
    ruleset = load_ruleset(seed_gap(tmp_path))
    result = analyze(ruleset)
    gaps = [f for f in result.findings if f.kind == "gap"]
    assert gaps and not result.ok
    assert all(f.severity == "error" for f in gaps)
    for finding in gaps:
        decision = reproduce(finding, ruleset)
        assert decision.outcome == "needs_review"
        assert finding.witness is not None and finding.witness.applicant.gaokao is None


def test_fallback_only_cases_are_warnings_when_allowed(tmp_path: Path) -> None:
    result = analyze(load_ruleset(seed_gap(tmp_path)), allow_fallback=True)
    assert result.ok
    assert {f.severity for f in result.findings if f.kind == "gap"} == {"warning"}


def test_seeded_overlap_in_one_rule_file_is_caught_with_a_witness(tmp_path: Path) -> None:
    ruleset = load_ruleset(seed_overlap(tmp_path))
    result = analyze(ruleset)
    overlaps = [f for f in result.findings if f.kind == "overlap"]
    assert [f.rules for f in overlaps] == [("origin.hk_mo_tw_region", "review.hk_mo_tw_origin")]
    decision = reproduce(overlaps[0], ruleset)
    assert decision.outcome == "determined"
    step = next(s for s in decision.trace if s.rule == "review.hk_mo_tw_origin")
    assert step.role == "outranked"  # precedence alone chose


def test_rule_always_outranked_is_dead_with_a_witness(tmp_path: Path) -> None:
    ruleset = load_ruleset(seed_dead(tmp_path))
    result = analyze(ruleset)
    dead = {f.rules[0]: f for f in result.findings if f.kind == "dead"}
    assert set(dead) == {SHADOWED, IMPOSSIBLE}
    decision = reproduce(dead[SHADOWED], ruleset)
    assert decision.decided_by != SHADOWED
    # In its own file it overlaps nothing: dead, not an overlap.
    assert not [f for f in result.findings if f.kind == "overlap"]


def test_rule_no_applicant_can_meet_is_dead_and_absent_from_its_witness(tmp_path: Path) -> None:
    ruleset = load_ruleset(seed_dead(tmp_path))
    finding = next(f for f in analyze(ruleset).findings if f.rules == (IMPOSSIBLE,))
    assert "kind of the family's registration before the gaokao" in finding.message.en
    decision = reproduce(finding, ruleset)
    # The closest an applicant comes: no gaokao, so no registration before it.
    assert decision.decided_by == "insufficient.gaokao_unknown"


def test_exception_overrides_the_refinements_of_its_base() -> None:
    table = overrides(BUNDLED)
    # The family's move sets aside the registration before the gaokao and its checks.
    assert "review.family_before_gaokao_division" in table["origin.family_now_division_changed"]
    assert related(table, "origin.work_hukou_division_changed", "precision.family_before_gaokao")


def test_refinements_of_one_rule_are_unrelated_unless_declared() -> None:
    table = overrides(BUNDLED)
    assert not related(table, "precision.family_before_gaokao", "origin.exam_migration")
    assert "origin.family_hukou_before_gaokao" in table["origin.exam_migration"]


@functools.cache
def winner_splits() -> dict[str, Split]:
    fact_domains = domains({i.id: tuple(i.readings) for i in BUNDLED.interpretations.values()})
    splitter = Splitter([c for _, c in BUNDLED.conditions], fact_domains)
    deciding = [r for r in BUNDLED.rules if not r.is_note]
    found = {}
    for index, rule in enumerate(deciding):
        higher = [(BUNDLED.full_condition(r), False) for r in deciding[:index]]
        found[rule.id] = splitter.split([*higher, (BUNDLED.full_condition(rule), True)])
    return found


READINGS = {i.id: tuple(i.readings) for i in BUNDLED.interpretations.values()}


@settings(max_examples=150)
@given(applicants(), interpretation_choices(READINGS))
def test_every_applicant_lies_in_the_one_region_of_its_deciding_rule(
    applicant: Applicant, readings: dict[str, str]
) -> None:
    detailed = decide_in_detail(
        applicant, interpretations=readings, ruleset=BUNDLED, engine="python"
    )
    assert detailed.situation is not None
    facts = detailed.situation.facts
    containing = [
        rule_id
        for rule_id, split in winner_splits().items()
        for region in split.regions(containing=facts)
        if all(facts[f] in allowed for f, allowed in region.facts.items())
    ]
    assert containing == [detailed.decision.decided_by]


@settings(max_examples=150)
@given(applicants(), st.sampled_from(["day_before_gaokao", "gaokao_day"]))
def test_feasibility_constraints_hold_for_generated_applicants(
    applicant: Applicant, reference_day: str
) -> None:
    detailed = decide_in_detail(
        applicant,
        interpretations={"gaokao_reference_day": reference_day},
        ruleset=BUNDLED,
        engine="python",
    )
    assert detailed.situation is not None
    for constraint in CONSTRAINTS:
        assert constraint.holds(detailed.situation.facts), constraint.id


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_report_of_a_seeded_gap_names_the_fallback(tmp_path: Path, fmt: str) -> None:
    from origin_rules.analysis.report import render_analysis

    result = analyze(load_ruleset(seed_gap(tmp_path)), search_examples=0)
    text = render_analysis(result, lang="zh", format=fmt)
    assert "fallback.no_rule_decided" in text
    if fmt == "json":
        assert json.loads(text)["ok"] is False
    else:
        assert "未通过" in text
