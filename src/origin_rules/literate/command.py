"""`python -m origin_rules.literate`: write, or with --check compare, the literate page
of each bundled ruleset."""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Sequence
from pathlib import Path

from origin_rules.errors import OriginRulesError
from origin_rules.literate.page import COMMAND
from origin_rules.literate.render import render_literate
from origin_rules.ruleset.bundled import bundled_rulesets
from origin_rules.ruleset.model import Ruleset

DEFAULT_FOLDER = Path("docs") / "rulesets"

EXIT_OK = 0
EXIT_STALE = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=COMMAND,
        description=(
            "Write (or, with --check, compare) the literate page of each bundled ruleset: "
            "the guide's text with the rules that encode each clause."
        ),
        epilog=(
            "Examples:\n"
            f"  {COMMAND}                       # writes docs/rulesets/<id>.md\n"
            f"  {COMMAND} --check               # exit 1 with a diff when a page is stale\n"
            f"  {COMMAND} --ruleset guide-2022 /tmp/guide.md"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "out",
        nargs="?",
        metavar="OUT",
        type=Path,
        help=f"a folder for <id>.md pages, or one .md file with --ruleset (default: {DEFAULT_FOLDER})",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 with a unified diff when a page differs from the generated one",
    )
    parser.add_argument("--ruleset", metavar="ID", help="only this bundled ruleset")
    return parser


def _targets(args: argparse.Namespace) -> list[tuple[Ruleset, Path]]:
    rulesets = bundled_rulesets()
    if args.ruleset is not None:
        if args.ruleset not in rulesets:
            raise _UsageError(f"--ruleset: {args.ruleset!r} is not one of {sorted(rulesets)}")
        chosen = [rulesets[args.ruleset]]
    else:
        chosen = list(rulesets.values())
    out: Path = args.out if args.out is not None else DEFAULT_FOLDER
    if out.suffix == ".md":
        if len(chosen) != 1:
            raise _UsageError(f"{out}: one file holds one ruleset's page; name it with --ruleset")
        return [(chosen[0], out)]
    return [(ruleset, out / f"{ruleset.id}.md") for ruleset in chosen]


class _UsageError(Exception):
    pass


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        targets = _targets(args)
        pages = [(path, render_literate(ruleset)) for ruleset, path in targets]
    except (_UsageError, OriginRulesError, ValueError, OSError) as exc:
        print(f"{COMMAND}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    stale: list[Path] = []
    for path, page in pages:
        if args.check:
            try:
                current = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                current = ""
            if current != page:
                stale.append(path)
                sys.stdout.writelines(
                    difflib.unified_diff(
                        current.splitlines(keepends=True),
                        page.splitlines(keepends=True),
                        fromfile=f"{path} (committed)",
                        tofile=f"{path} (generated)",
                    )
                )
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="\n") as handle:
                handle.write(page)
            print(f"wrote {path}", file=sys.stderr)
    if stale:
        again = COMMAND + (f" {args.out}" if args.out is not None else "")
        if args.ruleset is not None:
            again = f"{COMMAND} --ruleset {args.ruleset}" + (
                f" {args.out}" if args.out is not None else ""
            )
        names = ", ".join(str(p) for p in stale)
        print(f"out of date: {names}; regenerate with: {again}", file=sys.stderr)
        return EXIT_STALE
    return EXIT_OK
