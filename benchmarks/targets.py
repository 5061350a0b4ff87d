"""The performance targets of issue 14, measured in one run.

    python benchmarks/targets.py [--n 5000] [--generated 3000]
        [--batch-n 1000000] [--batch-engine durable] [--seed 2022]

Run it as it is (not under `taskset`): it pins itself to one CPU (`--cpu`, by default
the last one allowed) for the rates, and gives the batch every CPU back.

1. Agreement. The hand-written baseline (benchmarks/baseline.py) must give the outcome,
   origin code and deciding rule of `decide_origin` for every timed applicant, and for
   `--generated` applicants drawn from the library's own hypothesis strategies
   (benchmarks/generated.py: contradictions, identity documents, other cohorts,
   cancellations included). Disagreements fail the run; an applicant the baseline
   cannot read or decide is counted as unsupported, with its error.
2. Rates on one pinned core, over the same N generated applicants
   (benchmarks/engines.py's generator) as JSON text, each path timed twice: with
   parsing on both sides (the JSON text in, the decision out: `decide_json(text)`
   against `decide_origin(text)`, ...) and with parsing left out of both (the baseline
   over facts it read beforehand, the library over `Applicant`s parsed beforehand).
   The passes are interleaved (one pass of every path, then the next) and the best of
   `--repeat` is kept, so every ratio compares figures taken under the same load.
3. `origin-rules decide --batch` over BATCH_N applicants, full decisions, CSV out,
   with 1 and 2 workers (batch_timing.py): wall time, the 2/1 speed-up, peak RSS of the
   process tree; the load average before and after says what the machine was doing.

Prints markdown tables to paste into docs/performance.md; exits 1 on a disagreement.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from baseline import decide as baseline_decide
from baseline import decide_json
from baseline_input import read_applicant
from batch_timing import batch, write_jsonl
from engines import _one
from generated import generated_applicants

from origin_rules import Applicant, decide_origin, decide_verdict
from origin_rules.divisions.registry import default_registry
from origin_rules.engines import engine_for
from origin_rules.facts import parse_applicant_json
from origin_rules.ruleset.bundled import bundled_ruleset
from origin_rules.ruleset.readings import chosen_readings
from origin_rules.situation.prepare import prepare

# (path, goal as a fraction of the baseline's rate, parsing on both sides)
GOALS = {
    "decide_origin, python": 0.5,
    "decide_origin, durable": 0.4,
    "decide_verdict, python": 0.7,
    "decide_origin(...).model_dump_json(), python": 0.3,
}
TARGET_SECONDS = 60.0  # 1,000,000 full decisions on 2 workers
TARGET_RSS_MB = 300.0


def answer_of(decision: Any) -> tuple[str, str | None, str | None]:
    """The three values the baseline answers: outcome, origin code, deciding rule."""
    origin = decision.origin.code if decision.origin is not None else None
    return decision.outcome.value, origin, decision.decided_by


def agreement_on_timed(texts: list[str]) -> int:
    """Disagreements among the baseline, `decide_origin` (both engines) and
    `decide_verdict` over the timed applicants."""
    disagree = 0
    for text in texts:
        expected = answer_of(decide_origin(text, engine="python"))
        others = (
            tuple(decide_json(text)),
            answer_of(decide_origin(text, engine="durable")),
            answer_of(decide_verdict(text, engine="python")),
        )
        disagree += any(other != expected for other in others)
    print(
        f"  timed applicants: the baseline, decide_verdict and decide_origin (python and "
        f"durable) disagree on {disagree} of {len(texts)}"
    )
    return disagree


def agreement_on_generated(n: int, seed: int) -> int:
    """Disagreements between the baseline and `decide_origin` over `n` applicants from
    the library's strategies; unsupported ones are counted and listed, not failed."""
    started = time.perf_counter()
    groups = generated_applicants(n, seed)
    drawn = time.perf_counter() - started
    disagree, unsupported = 0, Counter[str]()
    outcomes, rules = Counter[str](), Counter[str]()
    distinct = len({a.model_dump_json() for group in groups.values() for a in group})
    print(f"  generated applicants (seed {seed}, drawn in {drawn:.0f} s, {distinct} distinct):")
    for name, applicants in groups.items():
        bad = odd = 0
        for applicant in applicants:
            text = applicant.model_dump_json()
            expected = answer_of(decide_origin(text, engine="python"))
            outcomes[expected[0]] += 1
            rules[expected[2] or "(no ruleset)"] += 1
            try:
                got = tuple(decide_json(text))
            except Exception as exc:  # the baseline cannot decide it: say why
                odd += 1
                unsupported[f"{type(exc).__name__}: {exc}"[:120]] += 1
                continue
            bad += got != expected
        disagree += bad
        print(f"    {name:<20} {len(applicants):>6}  disagree {bad:>4}  unsupported {odd:>4}")
    total = sum(len(a) for a in groups.values())
    print(
        f"    {'all':<20} {total:>6}  disagree {disagree:>4}  "
        f"unsupported {sum(unsupported.values()):>4}"
    )
    print("    outcomes: " + ", ".join(f"{k} {v}" for k, v in outcomes.most_common()))
    print(f"    deciding rules reached: {len(rules)}")
    for reason, count in unsupported.most_common(10):
        print(f"    unsupported x{count}: {reason}")
    return disagree


def interleaved_rates(
    paths: dict[str, tuple[Callable[[Any], object], Sequence[Any]]], repeat: int
) -> dict[str, float]:
    """Seconds per call of each path: the best of `repeat` passes, one pass of every
    path in turn, so a burst of load elsewhere touches all of them alike."""
    best = dict.fromkeys(paths, float("inf"))
    for _ in range(repeat):
        for name, (call, items) in paths.items():
            started = time.perf_counter()
            for item in items:
                call(item)
            best[name] = min(best[name], (time.perf_counter() - started) / len(items))
    return best


def rates(texts: list[str], repeat: int) -> None:
    applicants = [parse_applicant_json(t) for t in texts]
    facts = [read_applicant(t) for t in texts]

    def origin(engine: str) -> Callable[[Any], object]:
        return lambda a: decide_origin(a, engine=engine)

    def verdict(engine: str) -> Callable[[Any], object]:
        return lambda a: decide_verdict(a, engine=engine)

    def stored(a: Any) -> object:
        return decide_origin(a, engine="python").model_dump_json()

    rows: dict[str, Callable[[Any], object]] = {
        "decide_origin, python": origin("python"),
        "decide_origin, durable": origin("durable"),
        "decide_verdict, python": verdict("python"),
        "decide_verdict, durable": verdict("durable"),
        "decide_origin(...).model_dump_json(), python": stored,
    }
    paths: dict[str, tuple[Callable[[Any], object], Sequence[Any]]] = {
        "baseline|json": (decide_json, texts),
        "baseline|parsed": (baseline_decide, facts),
    }
    for name, call in rows.items():
        paths[f"{name}|json"] = (call, texts)
        paths[f"{name}|parsed"] = (call, applicants)
    # The parts alone, for the record (not goals): parsing, preparation, the engines.
    ruleset = bundled_ruleset("guide-2022")
    readings = chosen_readings(ruleset.interpretations, None, of=f"ruleset {ruleset.id}")
    registry = default_registry()

    def prepared(a: Applicant) -> Any:
        as_of = a.decision_date or ruleset.decision_date_default
        return prepare(a, readings, as_of, ruleset.governed_cohorts, registry)

    situations = [prepared(a) for a in applicants]
    parts: dict[str, tuple[Callable[[Any], object], Sequence[Any]]] = {
        "parse_applicant_json (pydantic)": (parse_applicant_json, texts),
        "read_applicant (the baseline's)": (read_applicant, texts),
        "prepare (as a decision's)": (prepared, applicants),
        "python engine alone (fired)": (
            engine_for(ruleset, "python").fired,
            [s.facts for s in situations],
        ),
        "durable engine alone (fired)": (
            engine_for(ruleset, "durable").fired,
            [s.facts for s in situations],
        ),
    }
    seconds = interleaved_rates({**paths, **parts}, repeat)

    base_json, base_parsed = seconds["baseline|json"], seconds["baseline|parsed"]
    print()
    print("| path | JSON in: µs | ratio | goal | | parsed before: µs | ratio |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| hand-written baseline | {base_json * 1e6:.1f} ({1 / base_json:,.0f}/s) | | | "
        f"| {base_parsed * 1e6:.1f} ({1 / base_parsed:,.0f}/s) | |"
    )
    for name in rows:
        j, p = seconds[f"{name}|json"], seconds[f"{name}|parsed"]
        ratio_j, ratio_p = base_json / j, base_parsed / p
        goal = GOALS.get(name)
        mark = ("met" if ratio_j >= goal else "MISSED") if goal is not None else ""
        goal_text = f"≥ {goal}×" if goal is not None else ""
        print(
            f"| `{name}` | {j * 1e6:.1f} | {ratio_j:.2f}× | {goal_text} | {mark} "
            f"| {p * 1e6:.1f} | {ratio_p:.3f}× |"
        )
    print()
    print("| part alone | µs |")
    print("|---|---|")
    for name in parts:
        print(f"| {name} | {seconds[name] * 1e6:.1f} |")
    print()


def load_average() -> str:
    if not hasattr(os, "getloadavg"):
        return "load average not available"
    one, five, fifteen = os.getloadavg()
    return (
        f"load average {one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min) on {os.cpu_count()} CPUs"
    )


def batches(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "applicants.jsonl"
        started = time.perf_counter()
        write_jsonl(path, args.batch_n, args.seed)
        size = path.stat().st_size / 2**20
        print(
            f"3. batch of {args.batch_n:,} applicants ({size:,.0f} MB of JSON Lines, "
            f"written in {time.perf_counter() - started:.0f} s), engine {args.batch_engine}, "
            "CSV out"
        )
        kinds = [False] + ([True] if args.verdicts else [])
        scale = 1_000_000 / args.batch_n
        for verdict_only in kinds:
            kind = "verdicts (--verdict-only)" if verdict_only else "full decisions"
            timed: dict[int, float] = {}
            for workers in (1, 2):
                print(f"  before: {load_average()}")
                seconds, tree, largest = batch(
                    path, args.batch_n, workers, args.batch_engine, verdict_only
                )
                timed[workers] = seconds
                memory = (
                    f"peak RSS {tree:,.0f} MB (process tree), {largest:,.0f} MB (largest process)"
                    if tree is not None and largest is not None
                    else "peak RSS not measured (install psutil)"
                )
                print(
                    f"  {kind}, {workers} worker(s): {seconds:,.1f} s, "
                    f"{args.batch_n / seconds:,.0f}/s, {memory}"
                )
                print(f"  after:  {load_average()}")
                if workers == 2 and tree is not None:
                    met = "met" if tree <= TARGET_RSS_MB else "MISSED"
                    print(f"  RSS {tree:,.0f} MB (target <= {TARGET_RSS_MB:.0f} MB: {met})")
            per_million = timed[2] * scale
            met = "met" if per_million <= TARGET_SECONDS else "MISSED"
            print(
                f"  {kind}: 2 workers / 1 worker speed-up {timed[1] / timed[2]:.2f}; "
                f"1,000,000 on 2 workers: {per_million:,.0f} s "
                f"(target <= {TARGET_SECONDS:.0f} s: {met})"
            )


def pin(cpu: int | None) -> str:
    """Pin this process to one CPU (the last one allowed by default) for the rates."""
    if not hasattr(os, "sched_setaffinity"):
        return f"not pinned (no os.sched_setaffinity on {platform.system()})"
    chosen = max(os.sched_getaffinity(0)) if cpu is None else cpu
    try:
        os.sched_setaffinity(0, {chosen})
    except OSError as exc:
        return f"not pinned ({exc})"
    return f"pinned to CPU {chosen}"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="timed applicants (5000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes, best kept (5)")
    parser.add_argument(
        "--generated", type=int, default=3000, help="generated applicants checked (3000)"
    )
    parser.add_argument("--batch-n", type=int, default=1_000_000, help="batch size (1e6)")
    parser.add_argument(
        "--batch-engine",
        default="python",
        choices=("python", "durable"),
        help="engine of the batch (python, as the earlier runs)",
    )
    parser.add_argument("--verdicts", action="store_true", help="also time --verdict-only")
    parser.add_argument("--seed", type=int, default=2022, help="random seed (2022)")
    parser.add_argument(
        "--cpu", type=int, default=None, help="CPU for the rates (the last one allowed)"
    )
    parser.add_argument("--skip-batch", action="store_true", help="parts 1 and 2 only")
    parser.add_argument("--batch-only", action="store_true", help="part 3 only")
    args = parser.parse_args(argv)

    print(
        f"Python {platform.python_version()}, {_cpu_model()}, {os.cpu_count()} CPUs; "
        f"{load_average()}"
    )
    if args.batch_only:
        batches(args)
        return 0
    rng = random.Random(args.seed)
    texts = [
        json.dumps(_one(rng, i), ensure_ascii=False, separators=(",", ":")) for i in range(args.n)
    ]
    print("1. agreement (outcome, origin code, deciding rule)")
    disagree = agreement_on_timed(texts)
    disagree += agreement_on_generated(args.generated, args.seed)
    affinity = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    print(
        f"2. seconds per decision, {args.n} applicants (seed {args.seed}), best of "
        f"{args.repeat} interleaved passes; {pin(args.cpu)}; {load_average()}"
    )
    rates(texts, args.repeat)
    print(f"  after: {load_average()}")
    if affinity is not None:
        os.sched_setaffinity(0, affinity)  # the batch uses every core again
    if not args.skip_batch:
        batches(args)
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main())
