"""What every subcommand shares: exit codes, the fatal error, the common options and
their parsers, the checks of an engine and of chosen readings, the validation of rule
folders, and the JSON dump."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Collection, Iterable, Mapping, Sized
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from origin_rules.engines import ENGINE_NAMES, RuleConditions, engine_for
from origin_rules.errors import RulesetError
from origin_rules.render import LANGS
from origin_rules.ruleset.bundled import bundled_readings, bundled_rulesets
from origin_rules.ruleset.model import Interpretation

EXIT_OK = 0
EXIT_FAIL_ON = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3

Run = Callable[[argparse.Namespace], int]


class Fatal(Exception):
    """Stops the command: the message goes to stderr, the exit code is 2."""


def add_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    help_text: str,
    epilog: str,
    run: Run,
    *,
    description: str | None = None,
    run_key: str = "run",
) -> argparse.ArgumentParser:
    """A subcommand whose help shows its examples as written. `description` defaults to
    the help; a command's own subcommands (`forms change-form`) set another `run_key`
    than the one the command's own `run` dispatches on."""
    p = sub.add_parser(
        name,
        help=help_text,
        description=help_text if description is None else description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(**{run_key: run})
    return p


def engine_ready(name: str, rulesets: Iterable[RuleConditions] | None = None) -> None:
    """Build the engine for every bundled ruleset (or for `rulesets`) now, so that an
    engine that cannot run here is reported once, clearly, instead of once per record."""
    for ruleset in bundled_rulesets().values() if rulesets is None else rulesets:
        try:
            engine_for(ruleset, name)
        except ImportError as exc:
            raise Fatal(
                f"engine {name!r} is not available here: {exc}.\n"
                "Install durable-rules (see README.md, 'Install'), or use --engine python."
            ) from exc


@dataclass(frozen=True)
class Options:
    engine: str
    decision_date: date | None
    interpretations: dict[str, str]
    budget_seconds: float = 1.0  # explain only: the counterfactual search's time budget


def check_interpretations(chosen: dict[str, str]) -> None:
    """Reject an interpretation or reading that no bundled ruleset declares, before any
    record is read."""
    check_readings(chosen, bundled_readings())


def check_readings(chosen: Mapping[str, str], declared: Mapping[str, Collection[str]]) -> None:
    """Reject a chosen interpretation or reading that is not in `declared` (its
    readings by interpretation id), naming what may be chosen instead."""
    for interp_id, reading in chosen.items():
        if interp_id not in declared:
            raise Fatal(
                f"--interpretation {interp_id}={reading}: unknown interpretation "
                f"{interp_id!r}; known: {', '.join(sorted(declared))}"
            )
        if reading not in declared[interp_id]:
            raise Fatal(
                f"--interpretation {interp_id}={reading}: {reading!r} is not a reading of "
                f"{interp_id}; choose one of: {', '.join(sorted(declared[interp_id]))}"
            )


class LoadedRules(Protocol):
    """What `check_rule_folders` says of a rule folder that loaded."""

    @property
    def id(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def rules(self) -> Sized: ...

    @property
    def clauses(self) -> Sized: ...

    @property
    def interpretations(self) -> Sized: ...


def check_rule_folders(folders: Iterable[Path], load: Callable[[Path], LoadedRules]) -> int:
    """Load each folder with `load`: print one line for a valid one, every problem of an
    invalid one to stderr (`file: rule: field: message`, `-` when no rule is concerned).
    The exit code is 2 if any folder is missing or invalid."""
    failed = 0
    for folder in folders:
        if not folder.is_dir():
            print(f"{folder}: not a folder", file=sys.stderr)
            failed += 1
            continue
        try:
            loaded = load(folder)
        except RulesetError as exc:
            failed += 1
            for p in exc.problems:
                print(
                    f"{folder / p.file}: {p.rule or '-'}: {p.field}: {p.message}", file=sys.stderr
                )
            print(f"{folder}: {len(exc.problems)} problem(s)", file=sys.stderr)
            continue
        print(
            f"{folder}: {loaded.id} {loaded.version} OK: {len(loaded.rules)} rules, "
            f"{len(loaded.clauses)} clauses, {len(loaded.interpretations)} interpretations"
        )
    return EXIT_BAD_INPUT if failed else EXIT_OK


def interpretation_lines(interpretations: Iterable[Interpretation], lang: str) -> list[str]:
    """The interpretations a call may choose, each with its readings (the default
    marked), as `origin-rules rules` and `workflow-rules` end their listings."""
    zh = lang == "zh"
    colon = "：" if zh else ": "
    lines = [
        "",
        "可选解释（--interpretation ID=READING；* 为默认解读）："
        if zh
        else "Interpretations (--interpretation ID=READING; * marks the default reading):",
        "",
    ]
    for interp in interpretations:
        lines.append(f"  {interp.id}  [{interp.clause}]")
        lines.append(f"     {interp.question.in_lang(lang)}")
        for reading, text in interp.readings.items():
            mark = "*" if reading == interp.default else " "
            lines.append(f"   {mark} {reading}{colon}{text.in_lang(lang)}")
    return lines


def dump(obj: Any, indent: int | None, *, sort_keys: bool = False) -> str:
    separators = None if indent else (",", ":")
    return json.dumps(
        obj,
        ensure_ascii=False,
        indent=indent,
        separators=separators,
        sort_keys=sort_keys,
        default=str,
    )


# --- option parsers ----------------------------------------------------------------------


def parse_interpretation(text: str) -> tuple[str, str]:
    interp_id, sep, reading = text.partition("=")
    if not sep or not interp_id.strip() or not reading.strip():
        raise argparse.ArgumentTypeError(f"expected ID=READING, got {text!r}")
    return interp_id.strip(), reading.strip()


def parse_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def parse_iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


# --- options several subcommands take ------------------------------------------------------


def engine_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--engine",
        choices=ENGINE_NAMES,
        default="durable",
        help="rules engine: durable (durable_rules, the default) or python (the "
        "independent pure-Python evaluator)",
    )


def lang_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lang",
        choices=LANGS,
        default="zh",
        help="language of the text: zh (Chinese, the default) or en",
    )


def inputs_option(
    p: argparse.ArgumentParser,
    jsonl_help: str = "read JSON Lines (one applicant per line); JSON output is then JSON Lines",
) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="JSON file(s); - reads stdin")
    p.add_argument("--jsonl", action="store_true", help=jsonl_help)


def rendered_format_option(p: argparse.ArgumentParser) -> None:
    """--format for a command whose results are for people first (explain, diagnose)."""
    p.add_argument(
        "--format",
        choices=("text", "md", "json", "html"),
        default="text",
        help="text (the default), md (Markdown), html (one self-contained page of reports "
        "to print) or json (for machines; both languages)",
    )


def readings_option(p: argparse.ArgumentParser, help_text: str) -> None:
    """--interpretation ID=READING, repeatable; `help_text` says whose open points."""
    p.add_argument(
        "--interpretation",
        type=parse_interpretation,
        action="append",
        metavar="ID=READING",
        help=help_text,
    )


def decision_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--decision-date",
        type=parse_iso_date,
        metavar="YYYY-MM-DD",
        help="decide as of this day (default: the applicant's decision_date, "
        "else the ruleset's default)",
    )
    readings_option(
        p,
        "choose a reading other than the default for an open point of "
        "the guide (repeatable); `origin-rules rules` and the ruleset's "
        "interpretations.yaml list them",
    )
    p.add_argument(
        "--fail-on",
        choices=("review",),
        help="review: exit 1 when any decision is not 'determined'",
    )
