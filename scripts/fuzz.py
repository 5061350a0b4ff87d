#!/usr/bin/env python3
"""The fuzz test of tests/test_fuzz_input.py, run for longer, with figures.

    python scripts/fuzz.py                       # 20,000 hostile inputs, both engines
    python scripts/fuzz.py --examples 100000 --seed 7

Draws hostile applicants (`origin_rules.testing.hostile`: deep nesting, huge lists and
strings, extreme dates, wrong types at every path, document numbers anywhere, invalid
UTF-8, byte-order marks) and checks each with `check_hostile`: decided, or refused with
`InvalidFactsError` (every error with a field path) or `InvalidOptionError`; no document
number in any error text; under two seconds a call. Stops at the first input that
breaks a promise and prints it (shrunk by Hypothesis); otherwise prints the counts by
outcome, the slowest call and the rate, the figures docs/reliability.md quotes.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from origin_rules.testing.hostile import check_hostile, hostile_applicants


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    outcomes: collections.Counter[str] = collections.Counter()
    slowest = 0.0

    @seed(args.seed)
    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(hostile_applicants(), st.sampled_from(["python", "durable"]))
    def run(applicant: Any, engine: str) -> None:
        nonlocal slowest
        started = time.perf_counter()
        outcomes[f"{engine} {check_hostile(applicant, engine)}"] += 1
        slowest = max(slowest, time.perf_counter() - started)

    started = time.perf_counter()
    run()
    elapsed = time.perf_counter() - started
    total = sum(outcomes.values())
    print(
        f"{total:,} hostile inputs in {elapsed:.0f} s ({total / elapsed:,.0f}/s), seed {args.seed}"
    )
    for name, count in sorted(outcomes.items()):
        print(f"  {name}: {count:,}")
    print(
        f"slowest call: {slowest * 1000:.0f} ms; no crash, no unmasked number, no error without a path"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
