"""Explanations: why the rules above the deciding one did not decide, and the smallest
changes of facts that would change the decision (checked by deciding them again)."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from origin_rules import (
    Decision,
    Outcome,
    bundled_ruleset,
    decide_origin,
    facts_hash,
    parse_applicant,
)
from origin_rules.divisions.registry import default_registry
from origin_rules.explain import (
    Counterfactual,
    CounterfactualSearch,
    Explanation,
    FactChange,
    WhyNot,
    counterfactuals,
    explain,
)
from origin_rules.explain.why_not import RECORD_CHECK_FACTS, SCOPE_FACTS
from origin_rules.situation.vocabulary import FACTS

CASES_DIR = Path(__file__).parent / "cases"


def record(
    holder: str, kind: str, code: str, start: str, end: str | None = None, name: str | None = None
) -> dict[str, Any]:
    place: dict[str, Any] = {"code": code}
    if name is not None:
        place["name"] = name
    found: dict[str, Any] = {"holder": holder, "kind": kind, "place": place, "start": start}
    if end is not None:
        found["end"] = end
    return found


def bachelor(hukou: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    return {
        "cohort": {"year": 2022, "month": 6},
        "degree": "bachelor",
        "category": "mainland",
        "hukou": hukou,
        "gaokao": {"date": "2018-06-07", "province": "440000"},
        "enrollment": "2018-09-01",
        **more,
    }


def master_who_worked_in_wuhan(kind: str) -> dict[str, Any]:
    """Like 同学乙 of the guide, with the given kind of hukou at the workplace."""
    return {
        "cohort": {"year": 2022, "month": 6},
        "degree": "master",
        "category": "mainland",
        "hukou": [
            record("family", "family_household", "430102", "1994-03-01", name="芙蓉区"),
            record("student", kind, "420106", "2016-10-12", name="武昌区"),
        ],
        "gaokao": {"date": "2012-06-07", "province": "430000"},
        "enrollment": "2019-09-01",
        "earlier_programmes": [
            {"level": "bachelor", "enrollment": "2012-09-01", "graduation": "2016-06-30"}
        ],
        "work_before_enrollment": [
            {
                "place": {"code": "420106", "name": "武昌区"},
                "start": "2016-07-04",
                "end": "2019-08-23",
            }
        ],
    }


EMPLOYER_COLLECTIVE = master_who_worked_in_wuhan("employer_collective")


def family_moved_on(day: str) -> dict[str, Any]:
    """A bachelor whose family moved from Panyu (440113) to Tianhe (440106) on `day`."""
    return bachelor(
        [
            record("family", "family_household", "440113", "2000-01-01", day, name="番禺区"),
            record("family", "family_household", "440106", day, name="天河区"),
        ]
    )


def the(why: tuple[WhyNot, ...], rule: str) -> WhyNot:
    found = [w for w in why if w.rule == rule]
    assert len(found) == 1, [w.rule for w in why]
    return found[0]


# --- why not ------------------------------------------------------------------------


def test_the_workplace_rule_failed_on_the_employer_collective() -> None:
    explained = explain(EMPLOYER_COLLECTIVE)
    assert explained.decision.decided_by == "origin.graduate_worked_without_individual_hukou"
    workplace = the(explained.why_not, "origin.graduate_workplace_individual_hukou")
    assert workplace.failed.fact == "work_hukou_kind"
    assert workplace.failed.op == "equals"
    assert workplace.failed.expected == ("individual_independent",)
    assert workplace.failed.actual == "employer_collective"
    assert workplace.failed.text.zh == (
        "入学前在工作地的本人户口类型为“工作单位集体户口”，不是“个人独立户口”"
    )
    assert workplace.failed.text.en == (
        "kind of the student's own registration at the workplace before enrollment is "
        '"employer collective hukou", not "individual independent hukou"'
    )
    assert workplace.would_conclude.zh == "生源地为工作地户口所在地（湖北省武汉市武昌区，420106）"
    assert workplace.would_conclude.en == (
        "the origin is the registration at the workplace (湖北省武汉市武昌区, 420106)"
    )
    assert workplace.clause.id == "origin.graduate.worked"


def test_an_interpretation_that_kept_a_rule_from_deciding_is_named_in_words() -> None:
    explained = explain(EMPLOYER_COLLECTIVE)
    review = the(explained.why_not, "review.graduate_worked_without_individual_hukou")
    assert review.failed.fact == "interp_worked_without_individual_hukou"
    assert review.failed.actual == "gaokao_family_hukou"
    assert review.failed.expected == ("needs_review",)
    assert "所选解释为“按第一种情况，以高考前家庭常驻户籍所在地为生源地”" in review.failed.text.zh
    assert "不是“两种情况都不适用，交由学校人工审核”" in review.failed.text.zh
    assert review.failed.text.en.startswith('On "A graduate student who worked before enrollment')
    assert review.would_conclude.zh == "交由学校人工审核"


def test_a_bachelor_decided_by_the_base_rule_is_told_the_family_did_not_move() -> None:
    explained = explain(bachelor([record("family", "family_household", "440113", "2000-01-01")]))
    assert explained.decision.decided_by == "origin.family_hukou_before_gaokao"
    move = the(explained.why_not, "origin.family_move_after_enrollment")
    # Of the rule's `any`, the branch one test away, not the one needing two.
    assert (move.failed.fact, move.failed.actual) == ("family_move", "none")
    assert move.failed.expected == ("after_enrollment",)
    assert move.failed.text.zh == "家庭户籍未迁移，而本条要求家庭户籍迁移的时间为“入学后迁移”"
    assert move.would_conclude.zh == "生源地为现家庭户籍所在地"
    rules = {w.rule for w in explained.why_not}
    # The graduate-student rules are for another degree level; the checks passed.
    assert not any("graduate" in r for r in rules)
    assert not rules & {
        "review.facts_inconsistent",
        "insufficient.gaokao_unknown",
        "precision.family_before_gaokao",
        "origin.family_before_gaokao_division_changed",
        "origin.exam_migration",  # it would conclude the same
    }


def test_the_branch_a_scope_fact_rules_out_is_not_the_one_reported() -> None:
    # A master whose family moved after enrollment, under the reading that a move never
    # changes a graduate student's origin: the family-move rule's `any` fails on the
    # degree (not bachelor) and on that reading, and only the reading could change.
    facts = {
        **master_who_worked_in_wuhan("employer_collective"),
        "hukou": [
            record("family", "family_household", "430102", "1994-03-01", "2015-05-01"),
            record("family", "family_household", "430103", "2015-05-01"),
        ],
        "work_before_enrollment": [],
    }
    explained = explain(facts, interpretations={"family_move_for_graduates": "gaokao_place_only"})
    assert explained.decision.decided_by == "origin.graduate_no_work"
    move = the(explained.why_not, "origin.family_move_after_enrollment")
    assert move.failed.fact == "interp_family_move_for_graduates"
    assert move.failed.actual == "gaokao_place_only"
    assert move.would_conclude.zh == "生源地为现家庭户籍所在地（湖南省长沙市天心区，430103）"


@pytest.mark.parametrize(
    "changes",
    [{"category": "international"}, {"normal_university": True}, {"degree": "other"}],
)
def test_a_scope_decision_has_no_why_not(changes: dict[str, Any]) -> None:
    explained = explain(
        {**bachelor([record("family", "family_household", "440113", "2000-01-01")]), **changes}
    )
    assert explained.decision.outcome is Outcome.OUT_OF_SCOPE
    assert explained.why_not == ()


def test_why_not_reports_only_rules_above_the_decision_with_another_conclusion() -> None:
    explained = explain(EMPLOYER_COLLECTIVE)
    decided = explained.decision.decided_by
    ruleset = bundled_ruleset("guide-2022")
    rank = [r.id for r in ruleset.rules]
    winner = ruleset.rules_by_id[decided or ""]
    for why in explained.why_not:
        rule = ruleset.rules_by_id[why.rule]
        assert rank.index(why.rule) < rank.index(winner.id)
        assert (rule.conclusion.outcome, rule.conclusion.origin) != (
            winner.conclusion.outcome,
            winner.conclusion.origin,
        )
        assert why.failed.fact not in SCOPE_FACTS


def test_the_fact_sets_why_not_filters_on_name_real_facts() -> None:
    # A misspelt name would silently stop a rule from being filtered.
    assert FACTS.keys() >= SCOPE_FACTS
    assert FACTS.keys() >= RECORD_CHECK_FACTS


# --- counterfactuals ----------------------------------------------------------------


def test_an_individual_hukou_would_have_made_the_workplace_the_origin() -> None:
    explained = explain(EMPLOYER_COLLECTIVE)
    first = explained.counterfactuals[0]
    assert first.changes == (
        FactChange(
            path="hukou.1.kind",
            before="employer_collective",
            after="individual_independent",
            text=first.changes[0].text,
        ),
    )
    assert first.outcome is Outcome.DETERMINED
    assert first.origin is not None and first.origin.code == "420106"
    assert first.decided_by == "origin.graduate_workplace_individual_hukou"
    assert first.text.zh == (
        "若第2条户籍记录（本人户口，武昌区，自2016-10-12起）的户口类型为“个人独立户口”"
        "（而非“工作单位集体户口”），则生源地为湖北省武汉市武昌区（420106）"
    )
    # The record is named by its number and described, for a reader without the list.
    assert first.text.en == (
        "If hukou record 2 (the student's own registration, 武昌区, from 2016-10-12) were an "
        "individual independent hukou (not an employer collective hukou), the origin would be "
        "湖北省武汉市武昌区 (420106)"
    )


@pytest.mark.parametrize(("coarse", "prefix"), [("420100", "4201"), ("430000", "43")])
def test_a_place_known_only_to_prefecture_or_province_gets_a_county(
    coarse: str, prefix: str
) -> None:
    facts = bachelor([record("family", "family_household", coarse, "2000-01-01")])
    explained = explain(facts)
    assert explained.decision.outcome is Outcome.INSUFFICIENT_FACTS
    supplied = [c for c in explained.counterfactuals if c.changes[0].path == "hukou.0.place"]
    assert len(supplied) == 1
    code = supplied[0].changes[0].after["code"]
    assert code.startswith(prefix)
    assert code in default_registry().county_codes(date(2000, 1, 1))
    assert supplied[0].outcome is Outcome.DETERMINED
    assert supplied[0].origin is not None and supplied[0].origin.code == code
    assert "具体到区、县" in supplied[0].text.zh
    # Asking for the county is what fixes it, so it comes first.
    assert explained.counterfactuals[0] == supplied[0]


def test_a_move_two_days_after_enrollment_would_not_count_on_or_before_it() -> None:
    explained = explain(family_moved_on("2018-09-03"))
    assert explained.decision.origin is not None
    assert explained.decision.origin.code == "440106"
    first = explained.counterfactuals[0]
    # The move is one event: the new record's start and the old record's end move together.
    assert [(c.path, c.before, c.after) for c in first.changes] == [
        ("hukou.1.start", "2018-09-03", "2018-09-01"),
        ("hukou.0.end", "2018-09-03", "2018-09-01"),
    ]
    assert first.origin is not None and first.origin.code == "440113"
    assert first.text.zh == (
        "若第2条户籍记录（家庭户籍，天河区，自2018-09-03起）的起始日期为 2018-09-01"
        "（入学当天，而非 2018-09-03，此前在番禺区的家庭户籍记录随之于当日终止），"
        "则生源地为广东省广州市番禺区（440113）"
    )


def test_a_move_the_day_before_enrollment_would_count_the_day_after() -> None:
    explained = explain(family_moved_on("2018-08-31"))
    assert explained.decision.origin is not None
    assert explained.decision.origin.code == "440113"
    moved = [
        c
        for c in explained.counterfactuals
        if c.changes[0].path == "hukou.1.start" and c.changes[0].after == "2018-09-02"
    ]
    assert len(moved) == 1
    assert moved[0].origin is not None and moved[0].origin.code == "440106"
    assert moved[0].decided_by == "origin.family_move_after_enrollment"
    assert "入学次日" in moved[0].text.zh and "the day after enrollment" in moved[0].text.en


def test_a_missing_gaokao_is_supplied() -> None:
    facts = bachelor([record("family", "family_household", "440113", "2000-01-01")])
    del facts["gaokao"]
    explained = explain(facts)
    assert explained.decision.decided_by == "insufficient.gaokao_unknown"
    first = explained.counterfactuals[0]
    assert first.changes[0].path == "gaokao"
    assert first.changes[0].after == {"date": "2018-06-07", "province": "440000"}
    assert first.origin is not None and first.origin.code == "440113"


def test_a_pair_is_searched_when_no_single_change_is_enough() -> None:
    # Both the gaokao and the county are missing: neither alone gives an origin.
    facts = bachelor([record("family", "family_household", "420100", "2000-01-01")])
    del facts["gaokao"]
    explained = explain(facts)
    pairs = [c for c in explained.counterfactuals if "，且" in c.text.zh]
    assert pairs, [c.text.zh for c in explained.counterfactuals]
    assert {c.path for c in pairs[0].changes} == {"gaokao", "hukou.0.place"}
    assert pairs[0].outcome is Outcome.DETERMINED
    singles = [c for c in explained.counterfactuals if "，且" not in c.text.zh]
    # Single changes come first.
    assert explained.counterfactuals[: len(singles)] == tuple(singles)
    assert explained.search.complete


def test_a_graduate_without_an_earlier_programme_is_asked_for_the_bachelors() -> None:
    facts = {
        **master_who_worked_in_wuhan("employer_collective"),
        "hukou": [
            record("family", "family_household", "430102", "1994-03-01", "2014-05-01"),
            record("family", "family_household", "430103", "2014-05-01"),
        ],
        "earlier_programmes": [],
        "work_before_enrollment": [],
    }
    explained = explain(facts)
    assert explained.decision.decided_by == "insufficient.first_enrollment_unknown"
    first = explained.counterfactuals[0]
    assert first.changes[0].path == "earlier_programmes"
    assert first.changes[0].after == [
        {"level": "bachelor", "enrollment": "2012-09-01", "graduation": "2016-06-30"}
    ]
    # The family moved in 2014, after that enrollment: the new place.
    assert first.origin is not None and first.origin.code == "430103"


def test_degree_and_category_are_never_changed() -> None:
    for facts in (EMPLOYER_COLLECTIVE, family_moved_on("2018-09-03")):
        for found in explain(facts).counterfactuals:
            for change in found.changes:
                assert change.path.split(".")[0] in {"hukou", "gaokao", "earlier_programmes"}


def _search(
    facts: dict[str, Any], **limits: Any
) -> tuple[tuple[Counterfactual, ...], CounterfactualSearch, int]:
    applicant = parse_applicant(facts)
    decision = decide_origin(applicant, engine="python")
    calls = 0

    def decide(variant: Any) -> Decision:
        nonlocal calls
        calls += 1
        return decide_origin(variant, engine="python")

    found, search = counterfactuals(applicant, decision, decide=decide, **limits)
    return found, search, calls


def test_a_small_search_completes() -> None:
    found, search, calls = _search(family_moved_on("2018-09-03"))
    assert search.complete
    assert search.tried == calls > 0
    assert search.max_changes == 2
    assert found


@pytest.mark.parametrize("limits", [{"budget_seconds": 0.0}, {"max_tried": 1}])
def test_a_search_cut_short_says_so(limits: dict[str, Any]) -> None:
    _, search, calls = _search(EMPLOYER_COLLECTIVE, **limits)
    assert not search.complete
    assert search.tried == calls == limits.get("max_tried", 0)


def test_max_changes_one_searches_no_pairs() -> None:
    facts = bachelor([record("family", "family_household", "420100", "2000-01-01")])
    del facts["gaokao"]
    found, search, _ = _search(facts, max_changes=1)
    assert search.complete and search.max_changes == 1
    assert all(len({c.path.split(".")[0] for c in f.changes}) == 1 for f in found)
    assert not any("，且" in f.text.zh for f in found)


def test_the_same_input_gives_the_same_explanation() -> None:
    # A generous budget: determinism is promised for a search that completes.
    first = explain(EMPLOYER_COLLECTIVE, budget_seconds=60)
    second = explain(EMPLOYER_COLLECTIVE, budget_seconds=60)
    assert first.search.complete
    assert first == second
    assert first.model_dump_json() == second.model_dump_json()


def test_the_input_applicant_is_left_as_it_was() -> None:
    applicant = parse_applicant(EMPLOYER_COLLECTIVE)
    before, digest = applicant.model_dump(mode="json"), facts_hash(applicant)
    explain(applicant)
    assert applicant.model_dump(mode="json") == before
    assert facts_hash(applicant) == digest


def test_both_engines_explain_alike() -> None:
    python = explain(EMPLOYER_COLLECTIVE, engine="python", budget_seconds=60)
    durable = explain(EMPLOYER_COLLECTIVE, engine="durable", budget_seconds=60)
    assert python.why_not == durable.why_not
    assert python.counterfactuals == durable.counterfactuals


def test_an_explanation_round_trips_as_json() -> None:
    explained = explain(EMPLOYER_COLLECTIVE)
    assert Explanation.model_validate_json(explained.model_dump_json()) == explained


def test_no_ruleset_for_the_cohort_explains_nothing_more() -> None:
    facts = {**EMPLOYER_COLLECTIVE, "cohort": {"year": 2021, "month": 6}}
    explained = explain(facts)
    assert explained.decision.outcome is Outcome.OUT_OF_SCOPE
    assert explained.why_not == () and explained.counterfactuals == ()
    assert explained.search.complete


# --- every counterfactual, decided again ----------------------------------------------


def _with_changes(facts: dict[str, Any], changes: tuple[FactChange, ...]) -> dict[str, Any]:
    """The facts (as JSON) with the reported changes made; checks each `before` too."""
    changed = copy.deepcopy(facts)
    removals: list[tuple[list[Any], int]] = []
    for change in changes:
        *parents, last = change.path.split(".")
        target: Any = changed
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        key: Any = int(last) if isinstance(target, list) else last
        current = target[key] if isinstance(target, list) else target.get(key)
        assert current == change.before, change.path
        if change.after is None and isinstance(target, list):
            removals.append((target, key))
        else:
            target[key] = change.after
    for target, index in sorted(removals, key=lambda r: -r[1]):
        del target[index]
    return changed


def _case_applicants() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    found = []
    for path in sorted(CASES_DIR.rglob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            # Through JSON, as a caller would send them (YAML reads dates as dates).
            facts = json.loads(json.dumps(case["facts"], default=str))
            options = case.get("options") or {}
            found.append((f"{path.stem}::{case['name']}", facts, options))
    return found


EXTRA: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("employer collective", EMPLOYER_COLLECTIVE, {}),
    ("moved two days after enrollment", family_moved_on("2018-09-03"), {}),
    ("moved the day before enrollment", family_moved_on("2018-08-31"), {}),
]


@pytest.mark.parametrize(
    ("facts", "options"),
    [pytest.param(f, o, id=name) for name, f, o in [*EXTRA, *_case_applicants()]],
)
def test_every_counterfactual_is_what_deciding_the_changed_facts_gives(
    facts: dict[str, Any], options: dict[str, Any]
) -> None:
    kwargs: dict[str, Any] = {
        "decision_date": date.fromisoformat(str(options["decision_date"]))
        if "decision_date" in options
        else None,
        "interpretations": options.get("interpretations"),
        "ruleset": options.get("ruleset"),
    }
    applicant = parse_applicant(facts)
    explained = explain(applicant, budget_seconds=60, **kwargs)
    assert explained.search.complete
    assert len(explained.counterfactuals) <= 5
    original = explained.decision
    stated = applicant.model_dump(mode="json")
    for found in explained.counterfactuals:
        # Decided again from the reported changes alone, with the other engine.
        again = decide_origin(_with_changes(stated, found.changes), engine="durable", **kwargs)
        assert (again.outcome, again.origin, again.decided_by) == (
            found.outcome,
            found.origin,
            found.decided_by,
        ), found.text.en
        assert (again.outcome, again.origin and again.origin.code) != (
            original.outcome,
            original.origin and original.origin.code,
        )
        assert found.text.zh.startswith("若") and found.text.en.startswith("If ")
    for why in explained.why_not:
        assert why.failed.text.zh and why.failed.text.en and why.would_conclude.zh


def test_every_fact_that_can_be_none_says_so_in_words() -> None:
    from origin_rules.situation.vocabulary import FACTS, NONE, NONE_SAID

    assert {f for f, spec in FACTS.items() if NONE in spec.values} == set(NONE_SAID)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_why_not_says_a_family_that_did_not_move_did_not_move(lang: str) -> None:
    import json
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples" / "bachelor-panyu.json"
    explanation = explain(json.loads(example.read_text(encoding="utf-8")))
    failed = [getattr(w.failed.text, lang) for w in explanation.why_not]
    assert not any("“无”" in f or '"none"' in f for f in failed), failed
    said = "家庭户籍未迁移" if lang == "zh" else "The family's registration did not move"
    assert any(f.startswith(said) for f in failed), failed


EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.json"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_changes_that_reach_another_decision_come_first_and_missing_facts_only_are_grouped(
    example: Path,
) -> None:
    explanation = explain(json.loads(example.read_text(encoding="utf-8")))
    outcomes = [c.outcome for c in explanation.counterfactuals]
    order = [Outcome.DETERMINED, Outcome.NEEDS_REVIEW, Outcome.OUT_OF_SCOPE]
    reaching = [o for o in outcomes if o is not Outcome.INSUFFICIENT_FACTS]
    if reaching:
        # Changes that only leave facts missing are counted, not listed.
        assert reaching == outcomes
        singles = [c for c in explanation.counterfactuals if len(c.changes) == 1]
        assert [order.index(c.outcome) for c in singles] == sorted(
            order.index(c.outcome) for c in singles
        )
    else:
        assert explanation.search.only_missing_facts == 0


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_a_step_s_interpretations_agree_with_those_the_decision_relied_on(example: Path) -> None:
    from origin_rules.render import render
    from origin_rules.render.narrative import label, narrative

    decision = decide_origin(json.loads(example.read_text(encoding="utf-8")), engine="python")
    relied = {u.id for u in decision.interpretations}
    told = narrative(decision, "zh")
    for step in told.steps:
        for i in step.interpretations:
            assert i.relied == (i.id in relied), (step.rule, i.id)
    text = render(decision, lang="zh")
    not_relied = {i.id for s in told.steps for i in s.interpretations if not i.relied}
    assert text.count(label("not_relied", "zh")) == sum(
        1 for s in told.steps for i in s.interpretations if not i.relied
    )
    # An interpretation a step names but the decision did not rely on says so in words,
    # so "本判定所依据的解释：无" never contradicts the steps above it.
    if not relied:
        assert all(not i.relied for s in told.steps for i in s.interpretations), not_relied
