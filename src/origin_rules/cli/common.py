"""What every subcommand shares: exit codes, the fatal error, the common options and
their parsers, the checks of an engine and of chosen readings, the JSON dump, and where
the output goes (--format, `-o/--output FILE` written whole, the old spellings).

Only the standard library is imported here at the top, and so in every module that
registers a subcommand: building the parser (`origin-rules --version`, `--help`,
shell completion) must not load pydantic, the rules or the engines. What a command
needs to run is imported when it runs."""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from origin_rules.engines import RuleConditions
    from origin_rules.ruleset.model import Interpretation

# The library's own names for these (origin_rules.engines.ENGINE_NAMES,
# origin_rules.render.LANGS), written out so that the parser is built without importing
# the library; tests/test_cli_help_and_startup.py keeps them equal.
ENGINE_NAMES = ("durable", "python")
LANGS = ("zh", "en")

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
    from origin_rules.engines import engine_for
    from origin_rules.ruleset.bundled import bundled_rulesets

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
    from origin_rules.ruleset.bundled import bundled_readings

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
    """--format for a command whose results are for people first (explain, diagnose),
    and -o/--output FILE."""
    p.add_argument(
        "--format",
        choices=("text", "md", "json", "html"),
        default="text",
        help="text (the default), md (Markdown), html (one self-contained page of reports "
        "to print) or json (for machines; both languages)",
    )
    output_option(p)


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


# --- formats and where the output goes ---------------------------------------------------
#
# One convention for every subcommand: --format names a format, -o/--output FILE the
# file to write (- or no -o: stdout). The old spellings (`decide --output text`, where
# --output named a format, and `decide --batch --output-format csv`) still work, with a
# deprecation message on stderr saying what to write instead.

STDOUT = "-"


def format_option(
    p: argparse.ArgumentParser, choices: Sequence[str], help_text: str, default: str | None = None
) -> None:
    """--format: the output's format, one of `choices`."""
    p.add_argument("--format", choices=choices, default=default, help=help_text)


def output_option(
    p: argparse.ArgumentParser,
    help_text: str = "write the output to FILE instead of stdout, whole or not at all (a "
    "temporary file beside it, renamed to FILE when the command has finished); - is stdout",
    *,
    legacy_formats: Collection[str] = (),
    required: bool = False,
) -> None:
    """-o/--output FILE. `legacy_formats`: the formats the command's --output once named;
    `--output FORMAT` is still taken as `--format FORMAT`, with a deprecation message."""
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        action=_OutputAction,
        legacy_formats=tuple(legacy_formats),
        required=required,
        help=help_text,
    )
    if legacy_formats:
        p.set_defaults(legacy_format=None)


def bom_option(p: argparse._ActionsContainer) -> None:
    """--no-bom, for a command that writes CSV: UTF-8 with a byte-order mark by default,
    so that spreadsheet programs (Excel in a Chinese locale among them) show the Chinese."""
    p.add_argument(
        "--no-bom",
        action="store_true",
        help="CSV without the byte-order mark it starts with by default (spreadsheet "
        "programs need the mark to read the file as UTF-8; some other tools do not want it)",
    )


def deprecated_format_option(p: argparse.ArgumentParser, old: str, choices: Sequence[str]) -> None:
    """An old option (hidden from --help) that named the format: still taken as --format,
    with a deprecation message."""
    p.add_argument(old, choices=choices, action=_DeprecatedFormat, help=argparse.SUPPRESS)
    p.set_defaults(legacy_format=None)


def deprecated_output_alias(p: argparse.ArgumentParser, old: str) -> None:
    """An old spelling of -o/--output FILE (hidden from --help), with a deprecation message."""
    p.add_argument(old, metavar="FILE", action=_DeprecatedOutput, help=argparse.SUPPRESS)


def _deprecated(parser: argparse.ArgumentParser, old: str, new: str, why: str = "") -> None:
    print(f"{parser.prog}: {old} is deprecated: write {new} instead{why}", file=sys.stderr)


class _OutputAction(argparse.Action):
    def __init__(
        self, option_strings: list[str], dest: str, legacy_formats: tuple[str, ...] = (), **kw: Any
    ) -> None:
        super().__init__(option_strings, dest, **kw)
        self.legacy_formats = legacy_formats

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        value = str(values)
        if option_string == "--output" and value in self.legacy_formats:
            _deprecated(
                parser,
                f"--output {value}",
                f"--format {value}",
                f" (-o/--output names the file to write; -o ./{value} writes a file of that name)",
            )
            namespace.legacy_format = value
            namespace.legacy_spelling = f"--output {value}"
            return
        setattr(namespace, self.dest, value)


class _DeprecatedFormat(argparse.Action):
    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        _deprecated(parser, f"{option_string} {values}", f"--format {values}")
        namespace.legacy_format = str(values)
        namespace.legacy_spelling = f"{option_string} {values}"


class _DeprecatedOutput(argparse.Action):
    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        _deprecated(parser, str(option_string), f"-o/--output {values}")
        namespace.output = str(values)


def settle_format(args: argparse.Namespace) -> None:
    """A format given in an old spelling becomes `args.format`; given both ways, they
    must agree."""
    legacy: str | None = getattr(args, "legacy_format", None)
    if legacy is None:
        return
    given: str | None = getattr(args, "format", None)
    if given is not None and given != legacy:
        raise Fatal(
            f"--format {given} and {args.legacy_spelling} (the old spelling of --format "
            f"{legacy}) disagree: give --format only"
        )
    args.format = legacy


@contextlib.contextmanager
def _replaced_whole(target: str, inputs: Iterable[str]) -> Iterator[Path]:
    """A new temporary file beside `target`, renamed to `target` when the block ends
    normally and removed when it raises: `target` is only ever a whole output, and an
    existing one stays as it was until then. An input (any name of the same file) is
    refused, so that a command never writes over what it reads."""
    path = Path(target)
    for name in inputs:
        with contextlib.suppress(OSError):
            if name != STDOUT and os.path.samefile(name, path):
                raise Fatal(f"-o {target}: that is an input; write the output to another file")
    if path.is_dir():
        raise Fatal(f"-o {target}: that is a folder; name a file")
    work = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
    try:
        # O_EXCL: never an existing file; mode 0o666 less the umask, as a new file gets.
        os.close(os.open(work, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as exc:
        raise Fatal(f"-o {target}: cannot write: {exc.strerror or exc}") from None
    try:
        yield work
        fd = os.open(work, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.replace(work, path)
        except OSError as exc:
            raise Fatal(f"-o {target}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(work)
        raise


@contextlib.contextmanager
def output_stream(target: str | None, *, inputs: Iterable[str] = ()) -> Iterator[TextIO]:
    """Where a command writes its text: stdout when `target` is None or -, else the file
    `target` (UTF-8, "\\n" line ends), written whole when the command finishes (even
    with records in error, as stdout would show them) and not at all when it stops on
    an error."""
    if target is None or target == STDOUT:
        yield sys.stdout
        return
    with (
        _replaced_whole(target, inputs) as work,
        open(work, "w", encoding="utf-8", newline="") as f,
    ):
        yield f


def write_output_bytes(target: str | None, data: bytes, *, inputs: Iterable[str] = ()) -> None:
    """`data` to stdout (`target` None or -) or, whole, to the file `target`."""
    if target is None or target == STDOUT:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    with _replaced_whole(target, inputs) as work:
        work.write_bytes(data)
