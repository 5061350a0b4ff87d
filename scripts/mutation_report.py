#!/usr/bin/env python3
"""Which properties catch which deliberately broken ruleset: a table for the notes.

    python scripts/mutation_report.py                # 500 generated applicants per search
    python scripts/mutation_report.py --examples 2000

For every mutation of `origin_rules.testing.mutations` and every property of
`origin_rules.testing.properties`, hypothesis searches generated applicants (the same
derandomized search each run) for one that breaks the property under the mutated rules,
and prints a Markdown table: the property's failure message where caught, `-` where not.
The property each mutation names as expected must catch it (exit 1 otherwise); the
unbroken ruleset must be caught by none (also exit 1). The CI test
tests/properties/test_mutations.py checks only the expected property; this looks at all.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, find, settings
from hypothesis.errors import NoSuchExample

from origin_rules import Applicant, DegreeLevel, StudentCategory
from origin_rules.ruleset import load_ruleset
from origin_rules.ruleset.bundled import rulesets_folder
from origin_rules.ruleset.model import Ruleset
from origin_rules.testing import applicants
from origin_rules.testing.mutations import MUTATIONS, mutated_copy
from origin_rules.testing.properties import PROPERTIES, Property

GENERATED = applicants() | applicants(
    degrees=(DegreeLevel.MASTER, DegreeLevel.DOCTOR),
    categories=(StudentCategory.MAINLAND,),
    worked=True,
)


def caught_by(prop: Property, ruleset: Ruleset, examples: int) -> str | None:
    """The property's failure message for the first applicant found to break it."""
    search = settings(
        max_examples=examples,
        database=None,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    try:
        witness: Applicant = find(
            GENERATED, lambda a: prop.check(a, ruleset) is not None, settings=search
        )
    except NoSuchExample:
        return None
    return prop.check(witness, ruleset)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--examples",
        type=int,
        default=500,
        metavar="N",
        help="generated applicants per search (default: 500)",
    )
    args = parser.parse_args(argv)
    if args.examples < 1:
        parser.error(f"--examples: expected a positive number, got {args.examples}")

    started = time.perf_counter()
    rows: list[tuple[str, dict[str, str | None]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        rulesets = {"(unbroken)": load_ruleset(rulesets_folder() / "guide-2022")}
        for mutation in MUTATIONS:
            rulesets[mutation.id] = load_ruleset(mutated_copy(mutation.id, Path(tmp)))
        for name, ruleset in rulesets.items():
            found = {p.id: caught_by(p, ruleset, args.examples) for p in PROPERTIES}
            rows.append((name, found))
            print(
                f"{name}: caught by {sum(v is not None for v in found.values())}", file=sys.stderr
            )

    print(f"Mutations against properties ({args.examples} generated applicants per search)\n")
    for name, found in rows:
        expected = next((m.expected for m in MUTATIONS if m.id == name), None)
        print(f"## {name}\n")
        print("| property | caught | how |")
        print("|---|---|---|")
        for p in PROPERTIES:
            message = found[p.id]
            mark = "yes" if message else "-"
            if p.id == expected:
                mark += " (expected)"
            print(f"| {p.id} | {mark} | {(message or '').replace('|', '/')} |")
        print()
    print(f"_{time.perf_counter() - started:.0f} s_")

    failures = [
        f"{m.id}: not caught by {m.expected}"
        for m in MUTATIONS
        if dict(rows)[m.id][m.expected] is None
    ]
    failures += [
        f"the unbroken ruleset breaks {pid}: {msg}"
        for pid, msg in dict(rows)["(unbroken)"].items()
        if msg is not None
    ]
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
