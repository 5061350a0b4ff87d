"""`origin-rules analyze`, `diff` and `lint`: what a ruleset proves over the whole fact
space, what changes between two rulesets, and what is wrong in rule files (with lines)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from origin_rules.cli.common import (
    EXIT_OK,
    Fatal,
    add_command,
    bom_option,
    dump,
    lang_option,
    output_option,
    output_stream,
)
from origin_rules.cli.rule_folders import bundled_rule_folders

if TYPE_CHECKING:
    from origin_rules.ruleset.model import Ruleset

EXIT_FOUND = 1  # the command ran and found problems (analyze, lint) or changes (diff)

# origin_rules.analysis.report's formats, written out so that the parser is built without
# importing the library; tests/test_cli_help_and_startup.py keeps them equal.
ANALYSIS_FORMATS = ("text", "md", "json")
DIFF_FORMATS = ("md", "csv", "text", "json")

ANALYZE_EXAMPLES = """\
Examples:
  origin-rules analyze                              # the bundled rulesets
  origin-rules analyze rulesets/guide-2022 --lang en
  origin-rules analyze edited/ --format md -o analysis.md
  origin-rules analyze edited/ --format json --precedence

Proves, over every combination of prepared facts the rules tell apart, that each gets
an outcome from a rule written for it (no gap), that no two rules of one rule file
apply together and conclude differently without an exception between them (no
overlap), and that every rule can decide (no dead rule). Each problem comes with a
witness applicant: decide_origin(witness["applicant"],
interpretations=witness["interpretations"]) reproduces it. See docs/analysis.md.

Exit codes: 0 no errors; 1 errors found (gaps, overlaps, dead rules); 2 a folder is
missing or does not load (its problems as `origin-rules check` prints them); 3 internal
error.
"""

DIFF_EXAMPLES = """\
Examples:
  origin-rules diff rulesets/guide-2022 edited/                  # Markdown, 中文
  origin-rules diff rulesets/guide-2022 edited/ --format csv -o changes.csv
  origin-rules diff rulesets/guide-2022 edited/ --lang en --format text

A summary, one row per change of deciding rule (原结论 → 新结论, with the number of
regions, largest first), then each change: the conditions its cases share (共同条件),
the alternatives of which one holds (另满足其一, in independent groups where they
combine freely) and a witness applicant decided both ways (示例). CSV is UTF-8 with a
byte-order mark, for spreadsheet programs (--no-bom leaves it out), one row per change.

Exit codes (as diff(1)): 0 no decision changes; 1 changes found; 2 a folder is missing
or does not load; 3 internal error.
"""

LINT_EXAMPLES = """\
Examples:
  origin-rules lint                         # the bundled rulesets
  origin-rules lint rulesets/guide-2022 edited/
  origin-rules lint edited/ --format json

Prints `file:line: rule-id: message` for each problem, even in a folder the loader
refuses. Rules: unknown-fact, template-fact, missing-text, clause-section,
unused-interpretation, precedence (and yaml for unreadable files).

Exit codes: 0 clean; 1 problems found; 2 a folder is missing; 3 internal error.
"""


def _folders(names: list[str]) -> list[Path]:
    folders = [Path(name) for name in names] or bundled_rule_folders("ruleset.yaml")
    for folder in folders:
        if not (folder / "ruleset.yaml").is_file():
            raise Fatal(f"{folder}: not a rule folder (no ruleset.yaml)")
    return folders


def _load(folder: Path) -> Ruleset:
    from origin_rules.errors import RulesetError
    from origin_rules.ruleset.load import load_ruleset

    try:
        return load_ruleset(folder)
    except RulesetError as exc:
        for p in exc.problems:
            print(f"{folder / p.file}: {p.rule or '-'}: {p.field}: {p.message}", file=sys.stderr)
        raise Fatal(
            f"{folder}: does not load ({len(exc.problems)} problem(s)); "
            f"`origin-rules lint {folder}` shows their lines"
        ) from None


def cmd_analyze(args: argparse.Namespace) -> int:
    from origin_rules.analysis import analyze
    from origin_rules.analysis.report import render_analysis

    rulesets = [_load(folder) for folder in _folders(args.folders)]
    failed = False
    with output_stream(args.output) as out:
        for ruleset in rulesets:
            result = analyze(
                ruleset,
                allow_fallback=args.allow_fallback,
                precedence_choices=args.precedence,
                search_examples=args.search,
            )
            out.write(render_analysis(result, lang=args.lang, format=args.format))
            failed = failed or not result.ok
    return EXIT_FOUND if failed else EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from origin_rules.analysis.diff import diff_rulesets
    from origin_rules.analysis.report import render_diff

    old_folder, new_folder = _folders([args.old, args.new])
    result = diff_rulesets(_load(old_folder), _load(new_folder), search_examples=args.search)
    text = render_diff(result, lang=args.lang, format=args.format)
    if args.format == "csv" and args.no_bom:
        text = text.removeprefix("\ufeff")
    with output_stream(args.output) as out:
        out.write(text)
    return EXIT_FOUND if result.changes else EXIT_OK


def cmd_lint(args: argparse.Namespace) -> int:
    with output_stream(args.output) as out:
        return _lint(args, out)


def _lint(args: argparse.Namespace, out: TextIO) -> int:
    from origin_rules.lint import lint_folder

    found = 0
    report = []
    for folder in _folders(args.folders):
        problems = lint_folder(folder)
        found += len(problems)
        if args.format == "json":
            report += [
                {
                    "file": str(folder / p.file),
                    "line": p.line,
                    "rule": p.rule,
                    "message": p.message,
                }
                for p in problems
            ]
        else:
            out.writelines(p.render(folder) + "\n" for p in problems)
            print(f"{folder}: {len(problems)} problem(s)", file=sys.stderr)
    if args.format == "json":
        out.write(dump(report, 2) + "\n")
    return EXIT_FOUND if found else EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = add_command(
        sub,
        "analyze",
        "Prove a ruleset has no gap, overlap or dead rule, with witness applicants.",
        ANALYZE_EXAMPLES,
        cmd_analyze,
    )
    p.add_argument(
        "folders",
        nargs="*",
        metavar="RULESET_DIR",
        help="folder(s) holding a ruleset.yaml (default: the bundled rulesets)",
    )
    p.add_argument("--format", choices=ANALYSIS_FORMATS, default="text", help="output format")
    output_option(p)
    lang_option(p)
    p.add_argument(
        "--allow-fallback",
        action="store_true",
        help="report cases only the fallback rule decides as warnings, not errors",
    )
    p.add_argument(
        "--precedence",
        action="store_true",
        help="also list the pairs of rules (of different files) ordered by precedence alone",
    )
    _search_option(p)

    d = add_command(
        sub,
        "diff",
        "Which cases change outcome between two rulesets, with a witness for each.",
        DIFF_EXAMPLES,
        cmd_diff,
    )
    d.add_argument("old", metavar="OLD_DIR", help="the ruleset folder before the edit")
    d.add_argument("new", metavar="NEW_DIR", help="the ruleset folder after the edit")
    d.add_argument("--format", choices=DIFF_FORMATS, default="md", help="output format")
    output_option(d)
    bom_option(d)
    lang_option(d)
    _search_option(d)

    lint = add_command(
        sub,
        "lint",
        "Check rule files for problems, each with file and line.",
        LINT_EXAMPLES,
        cmd_lint,
    )
    lint.add_argument(
        "folders",
        nargs="*",
        metavar="RULESET_DIR",
        help="folder(s) holding a ruleset.yaml (default: the bundled rulesets)",
    )
    lint.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    output_option(lint)


def _search_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--search",
        type=_count,
        default=100,
        metavar="N",
        help="generated applicants tried per region when no written witness fits "
        "(needs hypothesis; 0: written witnesses only; default 100)",
    )


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more, got {text!r}")
    return value
