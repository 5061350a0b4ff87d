"""What every subcommand shares: exit codes, the fatal error, the common options and
their parsers, and the JSON dump."""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from origin_rules.engines import ENGINE_NAMES, engine_for
from origin_rules.render import LANGS
from origin_rules.ruleset.bundled import bundled_rulesets

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
) -> argparse.ArgumentParser:
    """A subcommand whose help shows its examples as written."""
    p = sub.add_parser(
        name,
        help=help_text,
        description=help_text,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(run=run)
    return p


def engine_ready(name: str) -> None:
    """Build the engine for every bundled ruleset now, so that an engine that cannot run
    here is reported once, clearly, instead of once per record."""
    for ruleset in bundled_rulesets().values():
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
    declared: dict[str, set[str]] = {}
    for ruleset in bundled_rulesets().values():
        for interp in ruleset.interpretations.values():
            declared.setdefault(interp.id, set()).update(interp.readings)
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


def inputs_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="JSON file(s); - reads stdin")
    p.add_argument(
        "--jsonl",
        action="store_true",
        help="read JSON Lines (one applicant per line); JSON output is then JSON Lines",
    )


def decision_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--decision-date",
        type=parse_iso_date,
        metavar="YYYY-MM-DD",
        help="decide as of this day (default: the applicant's decision_date, "
        "else the ruleset's default)",
    )
    p.add_argument(
        "--interpretation",
        type=parse_interpretation,
        action="append",
        metavar="ID=READING",
        help="choose a reading other than the default for an open point of "
        "the guide (repeatable); `origin-rules rules` and the ruleset's "
        "interpretations.yaml list them",
    )
    p.add_argument(
        "--fail-on",
        choices=("review",),
        help="review: exit 1 when any decision is not 'determined'",
    )
