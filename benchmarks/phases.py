"""Where a decision's time goes: the library's own phases, timed around its functions.

    taskset -c 1 python benchmarks/phases.py [--n 3000] [--engine python] [--repeat 5]

Decides N generated applicants (benchmarks/engines.py's generator) as JSON text with
`decide_origin(text)`, then `.model_dump_json()`, first as they are (the whole, best of
`--repeat` passes), then with a timer around each function in `PHASES` (monkeypatched
for the run, put back after). A phase's time is its own: the time inside its functions
less the time inside other timed phases they call (the division lookups made during
the preparation count as lookups, not as preparation). The timers' own cost (the timed
run's extra time over the untimed one, per timed call) is taken off the phase that
made each call, so the phases and the glue (what they leave of the whole: argument
checks, choosing the ruleset and readings, finding the engine, ...) add up to the
untimed run. Prints µs per decision as a markdown table.

The phases are found by module and attribute name; when the library's internals move,
edit `PHASES` (a phase whose function is gone is reported as not timed, never guessed).
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from engines import _one, _pin_to_one_cpu

from origin_rules import decide_origin

# (phase, module, attribute): the attribute is a function the module calls by that
# name, or a class method ("Class.method"), or a class the module constructs.
PHASES: tuple[tuple[str, str, str], ...] = (
    ("parse (pydantic)", "origin_rules.decide", "parse_applicant_json"),
    ("parse (pydantic)", "origin_rules.decide", "parse_applicant"),
    ("input hash", "origin_rules.decide", "facts_hash"),
    ("preparation", "origin_rules.decide", "prepare"),
    ("division lookups", "origin_rules.divisions.registry", "DivisionRegistry.resolve"),
    ("division lookups", "origin_rules.divisions.registry", "DivisionRegistry.name_matches"),
    ("division lookups", "origin_rules.divisions.registry", "DivisionRegistry.full_name"),
    ("division lookups", "origin_rules.divisions.registry", "DivisionRegistry.settle"),
    ("division lookups", "origin_rules.divisions.registry", "DivisionRegistry.level"),
    ("engine", "origin_rules.engines.memo", "MemoisedEngine.fired"),
    ("engine", "origin_rules.engines.python", "PythonEngine.fired"),
    ("engine", "origin_rules.engines.durable", "DurableEngine.fired"),
    ("precedence and trace", "origin_rules.decide", "resolve"),
    ("explanation texts", "origin_rules.resolve", "_render"),
    # Output models the library builds from checked values (`built`), and the decision
    # whose texts and hash are filled in when first read (`Decision.deferring`).
    ("output models", "origin_rules.resolve", "built"),
    ("output models", "origin_rules.resolve", "built_from"),
    ("output models", "origin_rules.decision", "Decision.deferring"),
)


@dataclass
class Tally:
    """Per phase: time inside its functions, time inside timed phases they called, calls."""

    inside: dict[str, float] = field(default_factory=dict)
    nested: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    # timed calls made from inside each phase ("" for calls from untimed code): the
    # timer's own cost around such a call lands in the caller's time
    calls_made: dict[str, int] = field(default_factory=dict)
    stack: list[str] = field(default_factory=list)

    def own(self, phase: str) -> float:
        return self.inside.get(phase, 0.0) - self.nested.get(phase, 0.0)


def _timed(tally: Tally, phase: str, function: Callable[..., Any]) -> Callable[..., Any]:
    now = time.perf_counter
    stack = tally.stack

    def timed(*args: Any, **kwargs: Any) -> Any:
        stack.append(phase)
        started = now()
        try:
            return function(*args, **kwargs)
        finally:
            spent = now() - started
            stack.pop()
            tally.inside[phase] = tally.inside.get(phase, 0.0) + spent
            tally.calls[phase] = tally.calls.get(phase, 0) + 1
            parent = stack[-1] if stack else ""
            tally.calls_made[parent] = tally.calls_made.get(parent, 0) + 1
            if parent:
                tally.nested[parent] = tally.nested.get(parent, 0.0) + spent

    return timed


def _putting_back(owner: Any, name: str, original: Any) -> Callable[[], None]:
    return lambda: setattr(owner, name, original)


def install(tally: Tally) -> tuple[list[Callable[[], None]], list[str]]:
    """Wrap every phase function that exists; the undo calls, and the phases not found."""
    undo: list[Callable[[], None]] = []
    missing: list[str] = []
    for phase, module_name, attribute in PHASES:
        owner: Any = importlib.import_module(module_name)
        *classes, name = attribute.split(".")
        for cls in classes:
            owner = getattr(owner, cls, None)
        original = getattr(owner, name, None) if owner is not None else None
        if original is None:
            missing.append(f"{phase}: {module_name}.{attribute}")
            continue
        setattr(owner, name, _timed(tally, phase, original))
        undo.append(_putting_back(owner, name, original))
    return undo, missing


def one_pass(texts: Sequence[str], engine: str, tally: Tally | None) -> float:
    started = time.perf_counter()
    for text in texts:
        decision = decide_origin(text, engine=engine)
        if tally is None:
            decision.model_dump_json()
        else:
            tally.stack.append("serialisation")
            t0 = time.perf_counter()
            decision.model_dump_json()
            tally.inside["serialisation"] = tally.inside.get("serialisation", 0.0) + (
                time.perf_counter() - t0
            )
            tally.calls["serialisation"] = tally.calls.get("serialisation", 0) + 1
            tally.stack.pop()
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--n", type=int, default=3000, help="applicants (3000)")
    parser.add_argument("--engine", default="python", choices=("python", "durable"))
    parser.add_argument("--repeat", type=int, default=5, help="passes, best kept (5)")
    parser.add_argument("--seed", type=int, default=2022, help="random seed (2022)")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    texts = [
        json.dumps(_one(rng, i), ensure_ascii=False, separators=(",", ":")) for i in range(args.n)
    ]
    print(f"{_pin_to_one_cpu()}; {args.n} applicants, engine {args.engine}, best of {args.repeat}")
    whole = min(one_pass(texts, args.engine, None) for _ in range(args.repeat)) / args.n

    best: Tally | None = None
    best_seconds = float("inf")
    for _ in range(args.repeat):
        tally = Tally()
        undo, missing = install(tally)
        try:
            seconds = one_pass(texts, args.engine, tally)
        finally:
            for put_back in reversed(undo):
                put_back()
        if seconds < best_seconds:
            best, best_seconds = tally, seconds
    assert best is not None
    # What a timed call costs beyond the call itself: the timed run's extra time over
    # the untimed one, shared among its timed calls; taken off the phase that made it.
    timed_calls = sum(best.calls_made.values())
    cost = max(0.0, (best_seconds - whole * args.n) / timed_calls)
    phases = list(dict.fromkeys([p for p, _, _ in PHASES] + ["serialisation"]))
    print()
    print(
        f"| phase (`decide_origin(text, engine={args.engine!r})` + `model_dump_json()`) | µs | calls |"
    )
    print("|---|---|---|")
    accounted = 0.0
    for phase in phases:
        calls = best.calls.get(phase, 0)
        if not calls:
            continue
        own = (best.own(phase) - best.calls_made.get(phase, 0) * cost) / args.n
        accounted += own
        print(f"| {phase} | {own * 1e6:.1f} | {calls / args.n:.1f} |")
    print(f"| glue (the rest) | {(whole - accounted) * 1e6:.1f} | |")
    print(f"| **all, untimed run** | **{whole * 1e6:.1f}** | |")
    print()
    print(
        f"the timed run took {best_seconds / args.n * 1e6:.1f} µs a decision: "
        f"{cost * 1e6:.2f} µs for each of {timed_calls / args.n:.1f} timed calls, taken "
        "off the phase that made the call"
    )
    for name in missing:
        print(f"not timed (not found): {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
