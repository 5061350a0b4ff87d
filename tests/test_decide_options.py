"""`decide_origin`'s options and guarantees: option errors, the decision date, cohorts no
ruleset governs, the input hash, purity, thread safety and JSON round trips."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest

from origin_rules import (
    Decision,
    InvalidOptionError,
    Outcome,
    decide_origin,
    facts_hash,
    parse_applicant,
)

ENGINE = "python"


def family(
    code: str, start: str, end: str | None = None, kind: str = "family_household"
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "holder": "family",
        "kind": kind,
        "place": {"code": code},
        "start": start,
    }
    if end is not None:
        record["end"] = end
    return record


def student(code: str, start: str, kind: str, end: str | None = None) -> dict[str, Any]:
    record = family(code, start, end, kind)
    record["holder"] = "student"
    return record


def bachelor() -> dict[str, Any]:
    return {
        "applicant_id": "b-1",
        "cohort": {"year": 2022, "month": 6},
        "degree": "bachelor",
        "category": "mainland",
        "hukou": [family("440113", "2000-01-01")],
        "gaokao": {"date": "2018-06-07", "province": "440000"},
        "enrollment": "2018-09-01",
    }


def bachelor_whose_family_moved() -> dict[str, Any]:
    """Family moved from 440113 to 440106 on 2020-05-01, after enrollment."""
    data = bachelor()
    data["hukou"] = [family("440113", "2000-01-01", "2020-05-01"), family("440106", "2020-05-01")]
    return data


def master_who_worked() -> dict[str, Any]:
    return {
        "applicant_id": "m-1",
        "cohort": {"year": 2022, "month": 6},
        "degree": "master",
        "category": "mainland",
        "hukou": [
            family("440113", "2000-01-01"),
            student("420106", "2016-08-01", "individual_independent"),
        ],
        "gaokao": {"date": "2012-06-07", "province": "440000"},
        "enrollment": "2019-09-01",
        "earlier_programmes": [
            {"level": "bachelor", "enrollment": "2012-09-01", "graduation": "2016-06-30"}
        ],
        "work_before_enrollment": [
            {"place": {"code": "420106"}, "start": "2016-07-01", "end": "2019-08-01"}
        ],
    }


def origin_code(decision: Decision) -> str | None:
    return decision.origin.code if decision.origin else None


# --- invalid options ------------------------------------------------------------------------


def test_unknown_interpretation_id_raises_naming_it() -> None:
    with pytest.raises(InvalidOptionError, match="gaokao_reference_dya"):
        decide_origin(bachelor(), engine=ENGINE, interpretations={"gaokao_reference_dya": "x"})


def test_unknown_reading_raises_naming_the_reading_and_interpretation() -> None:
    with pytest.raises(InvalidOptionError) as caught:
        decide_origin(
            bachelor(), engine=ENGINE, interpretations={"gaokao_reference_day": "week_before"}
        )
    message = str(caught.value)
    assert "week_before" in message
    assert "gaokao_reference_day" in message
    assert "day_before_gaokao" in message  # lists what is accepted


def test_several_bad_interpretation_options_are_all_named() -> None:
    with pytest.raises(InvalidOptionError) as caught:
        decide_origin(
            bachelor(),
            engine=ENGINE,
            interpretations={"no_such_point": "a", "hk_mo_tw_origin": "nowhere"},
        )
    assert "no_such_point" in str(caught.value)
    assert "nowhere" in str(caught.value)


def test_unknown_engine_raises_naming_it() -> None:
    with pytest.raises(InvalidOptionError, match="drools"):
        decide_origin(bachelor(), engine="drools")


def test_unknown_ruleset_id_raises_naming_it() -> None:
    with pytest.raises(InvalidOptionError, match="guide-1999"):
        decide_origin(bachelor(), engine=ENGINE, ruleset="guide-1999")


def test_unknown_engine_raises_even_for_a_cohort_no_ruleset_governs() -> None:
    data = bachelor()
    data["cohort"] = {"year": 2021, "month": 6}
    with pytest.raises(InvalidOptionError, match="drools"):
        decide_origin(data, engine="drools")


def test_a_valid_non_default_reading_is_used_and_reported() -> None:
    decision = decide_origin(
        bachelor(), engine=ENGINE, interpretations={"gaokao_reference_day": "gaokao_day"}
    )
    assert decision.options is not None
    assert decision.options.interpretations["gaokao_reference_day"] == "gaokao_day"
    assert decision.options.interpretations["admitting_gaokao"] == "admitting"


# --- decision date ----------------------------------------------------------------------------


def test_decision_date_defaults_to_the_rulesets_2021_10_10() -> None:
    decision = decide_origin(bachelor_whose_family_moved(), engine=ENGINE)
    assert decision.options is not None
    assert decision.options.decision_date == date(2021, 10, 10)
    assert origin_code(decision) == "440106"  # the move of 2020-05-01 is known


def test_applicants_decision_date_overrides_the_ruleset_default() -> None:
    data = bachelor_whose_family_moved()
    data["decision_date"] = "2020-01-01"
    decision = decide_origin(data, engine=ENGINE)
    assert decision.options is not None
    assert decision.options.decision_date == date(2020, 1, 1)
    assert origin_code(decision) == "440113"  # the move is not known yet


def test_decision_date_argument_overrides_the_applicants_decision_date() -> None:
    data = bachelor_whose_family_moved()
    data["decision_date"] = "2020-01-01"
    decision = decide_origin(data, engine=ENGINE, decision_date=date(2021, 10, 10))
    assert decision.options is not None
    assert decision.options.decision_date == date(2021, 10, 10)
    assert origin_code(decision) == "440106"


def test_decision_date_argument_overrides_the_ruleset_default() -> None:
    decision = decide_origin(
        bachelor_whose_family_moved(), engine=ENGINE, decision_date=date(2020, 1, 1)
    )
    assert decision.options is not None
    assert decision.options.decision_date == date(2020, 1, 1)
    assert origin_code(decision) == "440113"


def test_decision_date_on_the_family_move_day_sees_the_move() -> None:
    decision = decide_origin(
        bachelor_whose_family_moved(), engine=ENGINE, decision_date=date(2020, 5, 1)
    )
    assert origin_code(decision) == "440106"
    before = decide_origin(
        bachelor_whose_family_moved(), engine=ENGINE, decision_date=date(2020, 4, 30)
    )
    assert origin_code(before) == "440113"


# --- cohorts no ruleset governs ----------------------------------------------------------------


def test_cohort_2021_is_out_of_scope_with_reason_no_ruleset_for_cohort() -> None:
    data = bachelor()
    data["cohort"] = {"year": 2021, "month": 6}
    decision = decide_origin(data, engine=ENGINE)
    assert decision.outcome is Outcome.OUT_OF_SCOPE
    assert [r.code for r in decision.reasons] == ["no_ruleset_for_cohort"]
    assert "2021" in decision.reasons[0].text.en and "2021" in decision.reasons[0].text.zh
    assert decision.origin is None
    assert decision.ruleset is None
    assert decision.decided_by is None
    assert decision.input_hash == facts_hash(parse_applicant(data))
    assert decision.applicant_id == "b-1"


def test_cohort_2021_under_an_explicit_ruleset_is_out_of_scope_by_its_scope_rule() -> None:
    data = bachelor()
    data["cohort"] = {"year": 2021, "month": 6}
    decision = decide_origin(data, engine=ENGINE, ruleset="guide-2022")
    assert decision.outcome is Outcome.OUT_OF_SCOPE
    assert decision.decided_by == "scope.cohort_not_governed"


def test_cohort_2022_is_governed() -> None:
    decision = decide_origin(bachelor(), engine=ENGINE)
    assert decision.ruleset is not None and decision.ruleset.id == "guide-2022"
    assert decision.outcome is Outcome.DETERMINED


# --- input hash ------------------------------------------------------------------------------


def test_input_hash_is_equal_for_dict_json_text_json_bytes_and_applicant() -> None:
    data = master_who_worked()
    text = json.dumps(data, ensure_ascii=False)
    reordered = json.dumps(
        dict(reversed(list(data.items()))), ensure_ascii=False, indent=3, sort_keys=True
    )
    hashes = {
        decide_origin(given, engine=ENGINE).input_hash
        for given in (data, text, text.encode("utf-8"), reordered, parse_applicant(data))
    }
    assert len(hashes) == 1
    assert hashes == {facts_hash(parse_applicant(data))}


def test_input_hash_is_equal_for_hukou_in_the_same_order_with_keys_reordered() -> None:
    data = master_who_worked()
    shuffled = copy.deepcopy(data)
    shuffled["hukou"] = [dict(reversed(list(r.items()))) for r in shuffled["hukou"]]
    assert [r["place"]["code"] for r in shuffled["hukou"]] == ["440113", "420106"]
    assert (
        decide_origin(data, engine=ENGINE).input_hash
        == decide_origin(json.dumps(shuffled), engine=ENGINE).input_hash
    )


def test_input_hash_is_equal_when_a_default_is_stated_or_omitted() -> None:
    stated = bachelor()
    stated["normal_university"] = False
    stated["earlier_gaokao"] = []
    assert (
        decide_origin(stated, engine=ENGINE).input_hash
        == decide_origin(bachelor(), engine=ENGINE).input_hash
    )


def _one_day_later_enrollment(data: dict[str, Any]) -> None:
    data["enrollment"] = "2018-09-02"


def _other_hukou_code(data: dict[str, Any]) -> None:
    data["hukou"][0]["place"]["code"] = "440114"


def _hukou_name_added(data: dict[str, Any]) -> None:
    data["hukou"][0]["place"]["name"] = "番禺区"


def _second_hukou_record(data: dict[str, Any]) -> None:
    data["hukou"].append(student("440106", "2017-01-01", "school_collective"))


def _other_applicant_id(data: dict[str, Any]) -> None:
    data["applicant_id"] = "b-2"


def _decision_date_stated(data: dict[str, Any]) -> None:
    data["decision_date"] = "2021-10-10"


@pytest.mark.parametrize(
    "change",
    [
        _one_day_later_enrollment,
        _other_hukou_code,
        _hukou_name_added,
        _second_hukou_record,
        _other_applicant_id,
        _decision_date_stated,
    ],
)
def test_input_hash_differs_when_a_fact_changes(
    change: Callable[[dict[str, Any]], None],
) -> None:
    changed = bachelor()
    change(changed)
    assert (
        decide_origin(changed, engine=ENGINE).input_hash
        != decide_origin(bachelor(), engine=ENGINE).input_hash
    )


# --- purity and concurrency ----------------------------------------------------------------------


def test_deciding_twice_gives_equal_decisions() -> None:
    for data in (bachelor(), bachelor_whose_family_moved(), master_who_worked()):
        assert decide_origin(data, engine=ENGINE) == decide_origin(data, engine=ENGINE)


def test_a_call_with_other_options_in_between_leaves_no_trace() -> None:
    data = master_who_worked()
    first = decide_origin(data, engine=ENGINE)
    other = decide_origin(
        data,
        engine=ENGINE,
        decision_date=date(2019, 1, 1),
        interpretations={
            "workplace_hukou_match": "same_code",
            "worked_without_individual_hukou": "needs_review",
        },
    )
    assert other != first
    assert decide_origin(data, engine=ENGINE) == first


def test_deciding_does_not_change_the_callers_facts() -> None:
    data = master_who_worked()
    before = copy.deepcopy(data)
    decide_origin(data, engine=ENGINE)
    assert data == before


def generated_applicants(count: int, seed: int = 2022) -> list[dict[str, Any]]:
    """Varied applicants covering every outcome (deterministic for a seed)."""
    rng = random.Random(seed)
    counties = ["440113", "440106", "110108", "420106", "429004", "441900", "320102"]
    prefectures = ["440100", "420100"]
    result = []
    for i in range(count):
        degree = rng.choice(["bachelor", "bachelor", "master", "doctor", "associate"])
        gaokao_year = rng.randint(2010, 2018)
        enrollment_year = gaokao_year if degree in ("bachelor", "associate") else 2019
        data: dict[str, Any] = {
            "applicant_id": f"gen-{i}",
            "cohort": {"year": rng.choice([2022] * 8 + [2021, 2023]), "month": 6},
            "degree": degree,
            "category": rng.choice(
                ["mainland"] * 6 + ["hong_kong", "macau", "taiwan", "international"]
            ),
            "normal_university": rng.random() < 0.05,
            "enrollment": f"{enrollment_year}-09-01",
            "hukou": [],
        }
        if rng.random() < 0.9:
            data["gaokao"] = {"date": f"{gaokao_year}-06-07", "province": "440000"}
        first_place = rng.choice(counties + prefectures)
        kind = rng.choice(["family_household"] * 5 + ["temporary_collective"])
        if rng.random() < 0.35:
            move = f"{rng.randint(gaokao_year - 1, 2021)}-{rng.choice(['06-07', '09-01', '03-15'])}"
            data["hukou"] += [
                family(first_place, "2000-01-01", move, kind),
                family(rng.choice(counties + prefectures), move),
            ]
        elif rng.random() < 0.95:
            data["hukou"].append(family(first_place, "2000-01-01", None, kind))
        if rng.random() < 0.15:
            data["hukou"].append(student("440303", f"{gaokao_year - 1}-09-01", "family_household"))
        if degree in ("master", "doctor"):
            if rng.random() < 0.6:
                data["earlier_programmes"] = [
                    {"level": "bachelor", "enrollment": f"{gaokao_year}-09-01"}
                ]
            if rng.random() < 0.5:
                work = rng.choice(counties + prefectures)
                data["work_before_enrollment"] = [
                    {"place": {"code": work}, "start": "2017-07-01", "end": "2019-08-01"}
                ]
                own_kind = rng.choice(["individual_independent", "employer_collective"])
                own_place = rng.choice([work, work[:4] + "02", "110108"])
                data["hukou"].append(student(own_place, "2017-08-01", own_kind))
        if rng.random() < 0.05:
            data["enrollment"] = f"{gaokao_year}-05-01"  # inconsistent: before the gaokao
        result.append(data)
    return result


def test_generated_applicants_cover_every_outcome() -> None:
    outcomes = {decide_origin(a, engine=ENGINE).outcome for a in generated_applicants(200)}
    assert outcomes == set(Outcome)


def test_eight_threads_deciding_200_applicants_match_serial_decisions() -> None:
    applicants = generated_applicants(200)
    serial = [decide_origin(a, engine=ENGINE) for a in applicants]
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(lambda a: decide_origin(a, engine=ENGINE), applicants * 3))
    assert concurrent == serial * 3
    assert len({d.input_hash for d in serial}) == 200


# --- JSON round trip -------------------------------------------------------------------------


def test_decision_round_trips_through_json() -> None:
    decision = decide_origin(master_who_worked(), engine=ENGINE)
    assert Decision.model_validate_json(decision.model_dump_json()) == decision


def test_every_generated_decision_round_trips_through_json() -> None:
    for data in generated_applicants(200):
        decision = decide_origin(data, engine=ENGINE)
        assert Decision.model_validate_json(decision.model_dump_json()) == decision, data


# --- facts dated after the decision date ---------------------------------------------------


def without_hash(decision: Decision) -> Decision:
    return decision.model_copy(update={"input_hash": ""})


def test_family_record_starting_after_the_decision_date_changes_nothing_but_the_hash() -> None:
    data = bachelor()  # family record open-ended since 2000
    later = copy.deepcopy(data)
    later["hukou"].append(family("440106", "2021-10-11"))  # the day after 2021-10-10
    base, with_later = decide_origin(data, engine=ENGINE), decide_origin(later, engine=ENGINE)
    assert with_later.input_hash != base.input_hash
    assert without_hash(with_later) == without_hash(base)


def test_family_record_starting_on_the_decision_date_does_count() -> None:
    # the control for the test above: on the decision date the record is known, and it
    # overlaps the open-ended record, so the facts are inconsistent
    data = bachelor()
    data["hukou"].append(family("440106", "2021-10-10"))
    decision = decide_origin(data, engine=ENGINE)
    assert decision.outcome is Outcome.NEEDS_REVIEW
    assert "overlapping_family_records" in [r.code for r in decision.reasons]


def test_family_move_after_an_explicit_decision_date_changes_nothing_but_the_hash() -> None:
    data = bachelor_whose_family_moved()
    later = copy.deepcopy(data)
    later["hukou"][1]["end"] = "2021-01-01"
    later["hukou"].append(family("110108", "2021-01-01"))
    as_of = date(2020, 12, 31)
    base = decide_origin(data, engine=ENGINE, decision_date=as_of)
    with_later = decide_origin(later, engine=ENGINE, decision_date=as_of)
    assert without_hash(with_later) == without_hash(base)
    # and by the default date the new record is known and moves the origin
    assert origin_code(decide_origin(later, engine=ENGINE)) == "110108"


def test_student_record_after_the_decision_date_changes_nothing_but_the_hash() -> None:
    data = master_who_worked()
    data["hukou"][1]["kind"] = "employer_collective"
    later = copy.deepcopy(data)
    later["hukou"].append(student("420106", "2021-12-01", "individual_independent"))
    base, with_later = decide_origin(data, engine=ENGINE), decide_origin(later, engine=ENGINE)
    assert without_hash(with_later) == without_hash(base)


def test_backwards_record_after_the_decision_date_changes_nothing_but_the_hash() -> None:
    data = bachelor()
    later = copy.deepcopy(data)
    later["hukou"].append(family("440106", "2022-03-01", "2022-01-01"))  # ends before start
    base, with_later = decide_origin(data, engine=ENGINE), decide_origin(later, engine=ENGINE)
    assert base.outcome is Outcome.DETERMINED
    assert without_hash(with_later) == without_hash(base)
