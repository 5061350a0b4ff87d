"""The performance targets of issue 7, measured in one run.

    python benchmarks/targets.py [--n 5000] [--batch-n 1000000] [--seed 2022]

1. Decisions per second on the same N generated applicants (benchmarks/engines.py's
   generator), one pinned core: the hand-written baseline (benchmarks/baseline.py), full
   `decide_origin` with engine="python" and with engine="durable" (decision, trace,
   interpretations relied on), and the engines alone (`fired` over facts prepared
   beforehand). The baseline is checked against `decide_origin` for every applicant
   (outcome, origin, deciding rule): any disagreement is counted and fails the run.
2. `origin-rules decide --batch` over BATCH_N generated applicants in JSON Lines (CSV
   output, to a temporary file) with 1 and 2 workers: wall time, records per second,
   and peak resident memory of the whole process tree and of its largest process
   (sampled every 0.1 s with psutil, when it is installed).

Prints each figure with its target, met or missed; exits 1 if the baseline disagrees.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from baseline import decide as baseline_decide
from engines import _one, _pin_to_one_cpu, generate

from origin_rules import Applicant, decide_origin, decide_verdict
from origin_rules.divisions.registry import default_registry
from origin_rules.engines import engine_for
from origin_rules.ruleset.bundled import bundled_ruleset
from origin_rules.ruleset.readings import chosen_readings
from origin_rules.situation.prepare import prepare

TARGET_PYTHON = 0.5  # python engine / baseline
TARGET_DURABLE = 0.15  # durable engine / baseline
TARGET_SECONDS = 60.0  # 1,000,000 applicants on 2 cores
TARGET_RSS_MB = 300.0


def _rate(call: Callable[[Any], object], items: Sequence[Any], repeat: int) -> float:
    """The best of `repeat` timed passes: on a shared machine the least disturbed one."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for item in items:
            call(item)
        best = min(best, time.perf_counter() - started)
    return len(items) / best


def decisions(applicants: list[Applicant], repeat: int) -> int:
    disagree = 0
    for applicant in applicants:
        d = decide_origin(applicant, engine="python")
        expected = (d.outcome.value, d.origin.code if d.origin else None, d.decided_by)
        v = decide_verdict(applicant, engine="python")
        fast = (v.outcome.value, v.origin.code if v.origin else None, v.decided_by)
        if tuple(baseline_decide(applicant)) != expected or fast != expected:
            disagree += 1
    print(
        f"  baseline, decide_verdict and decide_origin disagree for {disagree} of {len(applicants)}"
    )

    ruleset = bundled_ruleset("guide-2022")
    readings = chosen_readings(ruleset.interpretations, None, of=f"ruleset {ruleset.id}")
    registry = default_registry()
    situations = [
        prepare(a, readings, ruleset.decision_date_default, ruleset.governed_cohorts, registry)
        for a in applicants
    ]
    rates = {"baseline": _rate(baseline_decide, applicants, repeat)}
    for engine in ("python", "durable"):

        def full(applicant: Applicant, engine: str = engine) -> object:
            return decide_origin(applicant, engine=engine)

        rates[engine] = _rate(full, applicants, repeat)

        def verdict(applicant: Applicant, engine: str = engine) -> object:
            return decide_verdict(applicant, engine=engine)

        rates[f"{engine} verdict"] = _rate(verdict, applicants, repeat)
        compiled = engine_for(ruleset, engine)
        facts = [s.facts for s in situations]
        rates[f"{engine} engine only"] = _rate(compiled.fired, facts, repeat)
    rates["preparation only"] = _rate(
        lambda a: prepare(
            a, readings, ruleset.decision_date_default, ruleset.governed_cohorts, registry
        ),
        applicants,
        repeat,
    )
    for name, rate in rates.items():
        print(f"  {name:<22} {rate:>10,.0f} decisions/s")
    base = rates["baseline"]
    for engine, target in (("python", TARGET_PYTHON), ("durable", TARGET_DURABLE)):
        for kind in (engine, f"{engine} verdict"):
            ratio = rates[kind] / base
            met = "met" if ratio >= target else "MISSED"
            print(f"  {kind}/baseline = {ratio:.3f}  (target >= {target}: {met})")
    return disagree


def write_jsonl(path: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps(_one(rng, i), ensure_ascii=False, separators=(",", ":")))
            out.write("\n")


def _tree_rss(pid: int, stop: threading.Event, peak: list[int]) -> None:
    """Sample the resident memory of the process and its workers every 0.1 s: peak[0]
    is the largest sum over the tree, peak[1] the largest single process."""
    try:
        import psutil
    except ImportError:
        return
    try:
        root = psutil.Process(pid)
        while not stop.is_set():
            sizes = []
            for p in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    sizes.append(p.memory_info().rss)
            peak[0] = max(peak[0], sum(sizes))
            peak[1] = max(peak[1], max(sizes, default=0))
            stop.wait(0.1)
    except psutil.Error:
        return


def batch(
    path: Path, n: int, workers: int, engine: str, verdict_only: bool = False
) -> tuple[float, float | None, float | None]:
    """(seconds, peak RSS of the process tree in MB, of its largest process in MB); the
    memory figures need psutil (None without it)."""
    with tempfile.TemporaryDirectory() as tmp:
        command = [
            sys.executable,
            "-m",
            "origin_rules.cli",
            "decide",
            "--batch",
            str(path),
            "--engine",
            engine,
            "--workers",
            str(workers),
            "--format",
            "csv",
            "-o",
            str(Path(tmp) / "out.csv"),
            "--quiet",
            "--summary",
            str(Path(tmp) / "summary.json"),
            *(["--verdict-only"] if verdict_only else []),
        ]
        started = time.perf_counter()
        process = subprocess.Popen(command)
        stop, peak = threading.Event(), [0, 0]
        sampler = threading.Thread(target=_tree_rss, args=(process.pid, stop, peak))
        sampler.start()
        process.wait()
        elapsed = time.perf_counter() - started
        stop.set()
        sampler.join()
        summary = json.loads((Path(tmp) / "summary.json").read_text(encoding="utf-8"))
        if process.returncode not in (0, 1) or summary["records"] != n:
            raise SystemExit(f"batch failed: exit {process.returncode}, summary {summary}")
    if not peak[0]:
        return elapsed, None, None
    return elapsed, peak[0] / 2**20, peak[1] / 2**20


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="applicants per rate (5000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes, best kept (3)")
    parser.add_argument("--batch-n", type=int, default=1_000_000, help="batch size (1e6)")
    parser.add_argument("--batch-engine", default="python", choices=("python", "durable"))
    parser.add_argument("--seed", type=int, default=2022, help="random seed (2022)")
    parser.add_argument("--skip-batch", action="store_true", help="rates only")
    parser.add_argument(
        "--verdicts-only", action="store_true", help="time only the --verdict-only batches"
    )
    args = parser.parse_args(argv)

    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    affinity = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    print(f"1. decisions per second, {args.n} applicants (seed {args.seed}), best of {args.repeat}")
    applicants = generate(args.n, args.seed)
    print(f"  {_pin_to_one_cpu()}")
    disagree = decisions(applicants, args.repeat)
    if affinity is not None:
        os.sched_setaffinity(0, affinity)  # the batch uses every core again
    if not args.skip_batch:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "applicants.jsonl"
            started = time.perf_counter()
            write_jsonl(path, args.batch_n, args.seed)
            size = path.stat().st_size / 2**20
            print(
                f"2. batch of {args.batch_n:,} applicants ({size:,.0f} MB of JSON Lines, "
                f"written in {time.perf_counter() - started:.0f} s), engine {args.batch_engine}"
            )
            scale = 1_000_000 / args.batch_n
            for verdict_only, workers in ((False, 1), (False, 2), (True, 1), (True, 2)):
                if args.verdicts_only and not verdict_only:
                    continue
                seconds, tree, largest = batch(
                    path, args.batch_n, workers, args.batch_engine, verdict_only
                )
                memory = (
                    f"peak RSS {tree:,.0f} MB for the process tree, {largest:,.0f} MB for "
                    "its largest process"
                    if tree is not None and largest is not None
                    else "peak RSS not measured (install psutil)"
                )
                rate = args.batch_n / seconds
                kind = "verdicts" if verdict_only else "decisions"
                print(f"  {kind}, {workers} worker(s): {seconds:,.1f} s, {rate:,.0f}/s, {memory}")
                if workers == 2:
                    per_million = seconds * scale
                    met = "met" if per_million <= TARGET_SECONDS else "MISSED"
                    print(
                        f"  1,000,000 {kind} with 2 workers: {per_million:,.0f} s "
                        f"(target <= {TARGET_SECONDS:.0f}: {met})"
                    )
                    if tree is not None:
                        met = "met" if tree <= TARGET_RSS_MB else "MISSED"
                        print(f"  RSS {tree:,.0f} MB (target <= {TARGET_RSS_MB:.0f}: {met})")
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main())
