"""The `origin-rules` command: decide origins from JSON files and explain them.

    origin-rules demo                      # the shipped examples, explained in Chinese
    origin-rules decide applicant.json     # decisions as JSON
    origin-rules explain applicant.json    # the decision with why-not and what-if, 中文
    origin-rules schema                    # the JSON Schema of an applicant
    origin-rules rules                     # the rules in precedence order
    origin-rules check [RULESET_DIR ...]   # validate rule folders
    origin-rules change request.json       # a change request after verification, field by field
    origin-rules forms change-form r.json -o 附表1.xlsx   # form 1; also: forms minority-summary
    origin-rules diagnose state.json       # why an origin record is stuck, and what next
    origin-rules workflow-rules            # the workflow rules; --check WORKFLOW_DIR validates
    origin-rules analyze [RULESET_DIR ...] # prove no gap, overlap or dead rule, with witnesses
    origin-rules diff OLD_DIR NEW_DIR      # which cases change outcome, as a table
    origin-rules lint [RULESET_DIR ...]    # rule-file problems as file:line: rule-id: message
    origin-rules serve [--port 8000]       # the HTTP service (extra `serve`; docs/service.md)

Each subcommand lives in its own module here and adds itself to the parser with
`register`; `common.py` holds what they share.

Exit codes: 0 done; 1 only with `--fail-on review`, when a decision is not
`determined`; 2 bad input (unreadable file, invalid JSON, malformed facts, unknown
option); 3 an internal error (a bug: please report it with the input).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import TextIO

from origin_rules.cli import (
    analyze,
    changes,
    decide,
    demo,
    explain,
    forms,
    rulesets,
    serve,
    workflow,
)
from origin_rules.cli.common import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, Fatal
from origin_rules.cli.demo import examples_folder

__all__ = ["build_parser", "examples_folder", "main"]

# In the order `origin-rules --help` lists them.
COMMANDS = (demo, decide, explain, rulesets, analyze, changes, forms, workflow, serve)

MAIN_EXAMPLES = """\
Examples:
  origin-rules demo
  origin-rules decide applicant.json
  origin-rules decide --batch applicants.jsonl --workers 2 -o decisions.jsonl
  origin-rules explain applicant.json --lang en
  origin-rules change request.json                 # a change request after verification
  origin-rules forms change-form r.json -o 附表1.xlsx
  origin-rules diagnose state.json --symptom department_cannot_see
  origin-rules analyze && origin-rules lint        # the bundled rulesets
  origin-rules diff rulesets/guide-2022 edited/ --format md
  origin-rules decide --help

Exit codes: 0 done; 1 a finding the command was asked to report (`--fail-on`, problems
found by analyze, lint or forms minority-summary, changes found by diff: see each
command's --help); 2 bad input; 3 internal error.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="origin-rules",
        description="Decide a graduate's place of origin (生源地) under a university's policy "
        "and explain the decision clause by clause.",
        epilog=MAIN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from origin_rules import __version__

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(sub)
    return parser


def _utf8(stream: TextIO) -> None:
    if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower() not in ("utf-8", "utf8"):
        stream.reconfigure(encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    _utf8(sys.stdout)
    _utf8(sys.stderr)
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except Fatal as exc:
        print(f"origin-rules {args.command}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly.
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception:
        traceback.print_exc()
        print(
            "origin-rules: internal error (a bug). Please report it with the input that caused it.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError, ValueError):
        os.dup2(devnull, sys.stdout.fileno())
