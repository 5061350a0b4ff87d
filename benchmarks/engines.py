"""Throughput of the two engines on the same applicants, in one run.

    python benchmarks/engines.py [--n 5000] [--seed 2022]

Generates N varied, valid applicants deterministically (random.Random(seed)): bachelor,
master and doctor; families that stay, move after enrollment, move between the gaokao
and enrollment, or move on the enrollment day; students whose own hukou moved for the
gaokao; family registrations that are collectives (public, or temporary: a review) or
known only to the prefecture; school collectives; graduate students who worked before enrollment with an
individual hukou (county- or prefecture-level) or an employer collective; repeat gaokao
attempts; a few Hong Kong, Macau and Taiwan students. Each engine is warmed up, then
decides all of them; the decisions per second of each and their ratio are printed, and
the two engines' decisions are compared.

The process is pinned to one CPU where the OS allows it (os.sched_setaffinity), so the
numbers are single-core throughput.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from origin_rules import Applicant, Decision, decide_origin, parse_applicant

COUNTIES = [
    ("440113", "番禺区"),
    ("110108", "海淀区"),
    ("420111", "洪山区"),
    ("510107", "武侯区"),
    ("330106", "西湖区"),
    ("441900", "东莞市"),
    ("450102", "兴宁区"),
    ("360124", "进贤县"),
    ("430104", "岳麓区"),
    ("445102", "湘桥区"),
    ("610113", "雁塔区"),
    ("350203", "思明区"),
]
EXAM_CITY = ("440304", "福田区")  # where a student's own hukou moved for the gaokao
UNIVERSITY = ("440106", "天河区")  # the school collective
WORKPLACES = [  # (county code, county name, prefecture code, prefecture name)
    ("420106", "武昌区", "420100", "武汉市"),
    ("440305", "南山区", "440300", "深圳市"),
    ("310115", "浦东新区", "310100", "上海市"),
    ("330108", "滨江区", "330100", "杭州市"),
]


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days))


def _place(code_name: tuple[str, str]) -> dict[str, str]:
    return {"code": code_name[0], "name": code_name[1]}


def _hukou(
    holder: str, kind: str, place: dict[str, str], start: date, end: date | None = None
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "holder": holder,
        "kind": kind,
        "place": place,
        "start": start.isoformat(),
    }
    if end is not None:
        record["end"] = end.isoformat()
    return record


def generate(n: int, seed: int) -> list[Applicant]:
    """N valid applicants of the 2022 cohort, the same for the same seed."""
    rng = random.Random(seed)
    return [parse_applicant(_one(rng, i)) for i in range(n)]


def _one(rng: random.Random, i: int) -> dict[str, Any]:
    degree = rng.choices(["bachelor", "master", "doctor"], weights=[50, 35, 15])[0]
    category = rng.choices(["mainland", "hong_kong", "macau", "taiwan"], weights=[94, 2, 2, 2])[0]
    # The current programme ends in June 2022.
    enrollment = {
        "bachelor": date(2018, 9, 1),
        "master": date(2019, 9, 1),
        "doctor": date(2017, 9, 1),
    }[degree] + timedelta(days=rng.randrange(10))
    applicant: dict[str, Any] = {
        "applicant_id": f"bench-{i:06d}",
        "cohort": {"year": 2022, "month": 6},
        "degree": degree,
        "category": category,
        "enrollment": enrollment.isoformat(),
    }
    if category != "mainland":
        return applicant

    # The first enrollment in higher education and the gaokao before it.
    if degree == "bachelor":
        first = enrollment
    else:
        years_before = rng.randint(4, 9) if degree == "master" else rng.randint(6, 12)
        first = date(enrollment.year - years_before, 9, 1)
        graduation = date(first.year + 4, 6, 30)
        applicant["earlier_programmes"] = [
            {
                "level": "bachelor",
                "enrollment": first.isoformat(),
                "graduation": graduation.isoformat(),
            }
        ]
    gaokao = date(first.year, 6, 7)
    applicant["gaokao"] = {"date": gaokao.isoformat(), "province": "440000"}
    if rng.random() < 0.05:  # a repeat: an earlier attempt the year before
        applicant["earlier_gaokao"] = [
            {"date": date(first.year - 1, 6, 7).isoformat(), "province": "440000"}
        ]

    home = rng.choice(COUNTIES)
    if rng.random() < 0.02:  # the family's place known only to the prefecture
        home = (home[0][:4] + "00", home[1])
    home_kind = rng.choices(
        ["family_household", "public_collective", "individual_independent", "temporary_collective"],
        weights=[90, 5, 2, 3],
    )[0]
    born = date(first.year - 18, 1, 1) + timedelta(days=rng.randrange(365))
    hukou: list[dict[str, Any]] = []
    move = rng.choices(
        ["none", "after_enrollment", "before_enrollment", "on_enrollment_day"],
        weights=[70, 18, 8, 4],
    )[0]
    if move == "none":
        hukou.append(_hukou("family", home_kind, _place(home), born))
    else:
        if move == "after_enrollment":
            moved = _day(rng, first + timedelta(days=30), date(2021, 9, 30))
        elif move == "before_enrollment":
            moved = _day(rng, gaokao + timedelta(days=1), first)
        else:
            moved = first
        new_home = rng.choice([c for c in COUNTIES if c != home])
        hukou.append(_hukou("family", home_kind, _place(home), born, moved))
        hukou.append(_hukou("family", "family_household", _place(new_home), moved))

    if rng.random() < 0.1:  # own hukou moved for the gaokao, parents' stayed
        hukou.append(
            _hukou(
                "student",
                rng.choice(["family_household", "public_collective"]),
                _place(EXAM_CITY),
                date(gaokao.year - 2, 3, 1),
                first,
            )
        )
    if rng.random() < 0.5:  # a school collective while studying
        hukou.append(
            _hukou(
                "student",
                "school_collective",
                _place(UNIVERSITY),
                first,
                None if degree == "bachelor" else date(first.year + 4, 7, 1),
            )
        )

    # Work between the bachelor's and this programme, where there was at least a year.
    if degree != "bachelor" and first.year + 5 <= enrollment.year and rng.random() < 0.5:
        county, county_name, prefecture, prefecture_name = rng.choice(WORKPLACES)
        start = date(first.year + 4, 7, 15)
        end = enrollment - timedelta(days=rng.randrange(20, 60))
        applicant["work_before_enrollment"] = [
            {
                "place": {"code": prefecture, "name": prefecture_name},
                "start": start.isoformat(),
                "end": end.isoformat(),
            }
        ]
        kind = rng.choices(
            ["individual_county", "individual_prefecture", "employer_collective", "none"],
            weights=[45, 20, 25, 10],
        )[0]
        if kind == "individual_county":
            hukou.append(
                _hukou(
                    "student",
                    "individual_independent",
                    {"code": county, "name": county_name},
                    start + timedelta(days=30),
                )
            )
        elif kind == "individual_prefecture":
            hukou.append(
                _hukou(
                    "student",
                    "individual_independent",
                    {"code": prefecture, "name": prefecture_name},
                    start + timedelta(days=30),
                )
            )
        elif kind == "employer_collective":
            hukou.append(
                _hukou(
                    "student",
                    "employer_collective",
                    {"code": county, "name": county_name},
                    start + timedelta(days=30),
                    end,
                )
            )
    applicant["hukou"] = hukou
    return applicant


def _pin_to_one_cpu() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return f"not pinned (os.sched_setaffinity is not available on {platform.system()})"
    allowed = os.sched_getaffinity(0)
    cpu = min(allowed)
    try:
        os.sched_setaffinity(0, {cpu})
    except OSError as exc:
        return f"not pinned ({exc})"
    return f"pinned to CPU {cpu} (os.sched_setaffinity)"


def _run(applicants: Sequence[Applicant], engine: str, warmup: int) -> tuple[float, list[Decision]]:
    for applicant in applicants[:warmup]:
        decide_origin(applicant, engine=engine)
    started = time.perf_counter()
    decisions = [decide_origin(applicant, engine=engine) for applicant in applicants]
    return time.perf_counter() - started, decisions


def _key(decision: Decision) -> tuple[Any, ...]:
    return (
        decision.outcome,
        decision.origin,
        decision.decided_by,
        tuple((s.rule, s.role) for s in decision.trace),
        decision.interpretations,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Decisions per second of engine='python' and engine='durable'.",
        epilog="Example: python benchmarks/engines.py --n 5000",
    )
    parser.add_argument("--n", type=int, default=5000, help="applicants to decide (5000)")
    parser.add_argument("--seed", type=int, default=2022, help="random seed (2022)")
    parser.add_argument("--warmup", type=int, default=200, help="decisions before timing (200)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")

    print(f"Python {platform.python_version()} on {platform.machine()}; {_pin_to_one_cpu()}")
    applicants = generate(args.n, args.seed)
    print(f"{len(applicants)} applicants (seed {args.seed}), warm-up {args.warmup} each")

    rates: dict[str, float] = {}
    results: dict[str, list[Decision]] = {}
    for engine in ("python", "durable"):
        try:
            elapsed, decisions = _run(applicants, engine, args.warmup)
        except ImportError as exc:
            print(f"  {engine:<8} unavailable: {exc}")
            continue
        rates[engine] = len(applicants) / elapsed
        results[engine] = decisions
        print(f"  {engine:<8} {rates[engine]:>10,.0f} decisions/s  ({elapsed:.2f} s)")

    outcomes = Counter(d.outcome.value for d in results.get("python", []))
    if outcomes:
        print("  outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    if "python" in rates and "durable" in rates:
        print(f"  ratio    python/durable = {rates['python'] / rates['durable']:.2f}")
        differ = sum(
            _key(p) != _key(d) for p, d in zip(results["python"], results["durable"], strict=True)
        )
        print(f"  the engines' decisions differ for {differ} of {len(applicants)} applicants")
        if differ:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
