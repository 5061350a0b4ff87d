"""`origin-rules test CASES_DIR`: run a folder of YAML policy cases (origin_rules.cases),
as `openfisca test` runs a country package's YAML tests, so that a university keeps the
cases of its own policy beside the library's."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from origin_rules.cli.common import (
    EXIT_FAIL_ON,
    EXIT_OK,
    Fatal,
    add_command,
    engine_ready,
)

if TYPE_CHECKING:
    from origin_rules.cases import CaseResult

# Both engines, in the order the policy cases run them (origin_rules.cases.ENGINES).
ENGINES = ("python", "durable")

TEST_EXAMPLES = """\
Examples:
  origin-rules test cases/                        # every case, on both engines
  origin-rules test cases/guide-2022 --engine python
  origin-rules test cases/ -k family-move -k "moved the day after"

CASES_DIR is a folder of folders named after rulesets (cases/guide-2022/*.yaml), or one
such folder. The case format is described in docs/testing.md ("YAML policy cases").

One line per case and engine: PASS, FAIL (with what differs), XFAIL (a case marked
`xfail` that still fails) or XPASS (a case marked `xfail` that now passes: remove the
mark), then a count. Exit code 0 when every case passes; 1 when one fails or passes
unexpectedly; 2 when the folder cannot be read, a case file is malformed (each problem
names the file and the case), or -k selects no case.
"""


def cmd_test(args: argparse.Namespace) -> int:
    from origin_rules.cases import load_cases, run_case

    root = Path(args.cases_dir)
    loaded = load_cases(root)
    if loaded.problems:
        for problem in loaded.problems:
            print(f"{root}: {problem}", file=sys.stderr)
        raise Fatal(f"{len(loaded.problems)} problem(s) in the case files under {root}")
    if not loaded.files:
        raise Fatal(f"no case files (*.yaml) in {root} or in its folders")
    cases = [
        c for c in loaded.cases if not args.k or any(k.lower() in c.id.lower() for k in args.k)
    ]
    if not cases:
        raise Fatal(f"-k {' -k '.join(args.k)}: no case of {len(loaded.cases)} matches")
    engines = ENGINES if args.engine == "both" else (args.engine,)
    for engine in engines:
        engine_ready(engine)
    counts = {"PASS": 0, "FAIL": 0, "XFAIL": 0, "XPASS": 0}
    for case in cases:
        for engine in engines:
            result = run_case(case, engine)
            status = _status(result)
            counts[status] += 1
            print(f"{status:<5} {case.ruleset_dir}/{case.id} [{engine}]")
            for line in result.differences if status == "FAIL" else ():
                print(f"      {line}")
            if status == "XPASS":
                print(f"      marked xfail ({case.xfail}), but it passes: remove the mark")
    print(
        f"{counts['PASS']} passed, {counts['FAIL']} failed, {counts['XFAIL']} xfailed, "
        f"{counts['XPASS']} xpassed ({len(cases)} case(s) x {len(engines)} engine(s))"
    )
    return EXIT_FAIL_ON if counts["FAIL"] or counts["XPASS"] else EXIT_OK


def _status(result: CaseResult) -> str:
    if result.case.xfail:
        return "XFAIL" if not result.matches else "XPASS"
    return "PASS" if result.matches else "FAIL"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    test = add_command(
        sub,
        "test",
        "Run YAML policy cases (facts and the decision expected) on both engines.",
        TEST_EXAMPLES,
        cmd_test,
    )
    test.add_argument("cases_dir", metavar="CASES_DIR", help="folder of YAML case files")
    test.add_argument(
        "--engine",
        choices=(*ENGINES, "both"),
        default="both",
        help="the engine(s) to run each case on (default: both, which must agree)",
    )
    test.add_argument(
        "-k",
        action="append",
        default=[],
        metavar="TEXT",
        help="only cases whose id (file::name) contains TEXT, case-insensitively; "
        "repeat for any of several",
    )
