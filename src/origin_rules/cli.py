"""The `origin-rules` command: decide origins from JSON files and explain them.

    origin-rules demo                      # the shipped examples, explained in Chinese
    origin-rules decide applicant.json     # decisions as JSON
    origin-rules schema                    # the JSON Schema of an applicant
    origin-rules rules                     # the rules in precedence order

Exit codes: 0 done; 1 only with `--fail-on review`, when a decision is not
`determined`; 2 bad input (unreadable file, invalid JSON, malformed facts, unknown
option); 3 an internal error (a bug: please report it with the input).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from origin_rules.decide import decide_origin
from origin_rules.decision import Decision
from origin_rules.engines import ENGINE_NAMES, engine_for
from origin_rules.errors import InvalidFactsError, InvalidOptionError
from origin_rules.facts import Applicant
from origin_rules.render_text import LANGS, outcome_label, render_text
from origin_rules.ruleset.bundled import bundled_rulesets
from origin_rules.ruleset.model import Outcome, Ruleset

EXIT_OK = 0
EXIT_FAIL_ON = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3

STDIN = "-"
STDIN_NAME = "<stdin>"


def examples_folder() -> Path:
    """The examples shipped at the top of a source checkout."""
    return Path(__file__).resolve().parents[2] / "examples"


# --- input records ---------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One input record: parsed JSON, or the reason it could not be parsed.

    `index` is the 0-based position in a JSON array (None for a file holding one
    object); `line` is the 1-based line of a JSON Lines record.
    """

    file: str
    index: int | None
    line: int | None
    data: Any
    error: dict[str, Any] | None = None

    def where(self) -> str:
        if self.line is not None:
            return f"{self.file}:{self.line}"
        if self.index is not None:
            return f"{self.file}[{self.index}]"
        return self.file

    def position(self) -> dict[str, Any]:
        if self.line is not None:
            return {"file": self.file, "line": self.line}
        return {"file": self.file, "input_index": self.index}


def _read_text(name: str) -> tuple[str, str | None, str | None]:
    """(display name, text, error message)."""
    try:
        if name == STDIN:
            raw = sys.stdin.buffer.read()
            shown = STDIN_NAME
        else:
            raw = Path(name).read_bytes()
            shown = name
    except OSError as exc:
        return name, None, exc.strerror or str(exc)
    try:
        return shown, raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return shown, None, f"not UTF-8 text ({exc})"


def _json_error(exc: json.JSONDecodeError, *, in_line: bool = False) -> dict[str, Any]:
    if in_line:  # JSON Lines: the record's own line is given beside the error
        return {"kind": "invalid_json", "message": exc.msg, "column": exc.colno}
    return {"kind": "invalid_json", "message": exc.msg, "line": exc.lineno, "column": exc.colno}


def read_records(names: Sequence[str], jsonl: bool) -> Iterator[Record]:
    """Every record of every input, in order; unreadable input becomes an error record."""
    for name in names:
        shown, text, problem = _read_text(name)
        if text is None:
            yield Record(shown, None, None, None, {"kind": "unreadable", "message": problem})
            continue
        if jsonl:
            yield from _jsonl_records(shown, text)
        else:
            yield from _json_records(shown, text)


def _json_records(name: str, text: str) -> Iterator[Record]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Record(name, None, None, None, _json_error(exc))
        return
    if isinstance(data, list):
        for i, item in enumerate(data):
            yield Record(name, i, None, item)
    else:
        yield Record(name, None, None, data)


def _jsonl_records(name: str, text: str) -> Iterator[Record]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue  # blank lines are not records
        try:
            yield Record(name, None, number, json.loads(line))
        except json.JSONDecodeError as exc:
            yield Record(name, None, number, None, _json_error(exc, in_line=True))


# --- errors ----------------------------------------------------------------------------


def _facts_error(exc: InvalidFactsError) -> dict[str, Any]:
    return {
        "kind": "invalid_facts",
        "message": f"{len(exc.errors)} problem(s) in the applicant's facts",
        "fields": [_field(e.path, e.message, e.value) for e in exc.errors],
    }


def _field(path: str, message: str, value: Any) -> dict[str, Any]:
    # For a missing field pydantic reports the enclosing object as the value: leave it out.
    if message == "Field required":
        return {"path": path, "message": message}
    return {"path": path, "message": message, "value": value}


def _error_lines(error: dict[str, Any]) -> list[str]:
    """An error record's problems, one line each, for stderr."""
    kind = error["kind"]
    if kind == "invalid_json":
        at = f"line {error['line']}, column" if "line" in error else "column"
        return [f"invalid JSON at {at} {error['column']}: {error['message']}"]
    if kind == "unreadable":
        return [f"cannot read: {error['message']}"]
    if kind == "invalid_facts":
        return [
            f"{f['path']}: {f['message']}"
            + (f" (got {_dump(f['value'], None)})" if "value" in f else "")
            for f in error["fields"]
        ]
    return [f"{error['message']}"]


def _report(record: Record, error: dict[str, Any]) -> None:
    for line in _error_lines(error):
        print(f"{record.where()}: {line}", file=sys.stderr)


class _Fatal(Exception):
    """Stops the command: the message goes to stderr, the exit code is 2."""


def _engine_ready(name: str) -> None:
    """Build the engine for every bundled ruleset now, so that an engine that cannot run
    here is reported once, clearly, instead of once per record."""
    for ruleset in bundled_rulesets().values():
        try:
            engine_for(ruleset, name)
        except ImportError as exc:
            raise _Fatal(
                f"engine {name!r} is not available here: {exc}.\n"
                "Install durable-rules (see README.md, 'Install'), or use --engine python."
            ) from exc


# --- decide --------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    engine: str
    decision_date: date | None
    interpretations: dict[str, str]


def _decide_record(record: Record, options: Options) -> Decision | dict[str, Any]:
    """A decision, or the error record that takes its place in the output."""
    if record.error is not None:
        error = record.error
    else:
        try:
            return decide_origin(
                record.data,
                decision_date=options.decision_date,
                interpretations=options.interpretations,
                engine=options.engine,
            )
        except InvalidFactsError as exc:
            error = _facts_error(exc)
        except InvalidOptionError as exc:
            error = {"kind": "invalid_option", "message": str(exc)}
    _report(record, error)
    return {"error": error, **record.position()}


def _dump(obj: Any, indent: int | None) -> str:
    separators = None if indent else (",", ":")
    return json.dumps(obj, ensure_ascii=False, indent=indent, separators=separators, default=str)


def cmd_decide(args: argparse.Namespace) -> int:
    options = Options(args.engine, args.decision_date, dict(args.interpretation or []))
    _check_interpretations(options.interpretations)
    _engine_ready(options.engine)
    output: str = args.output or ("jsonl" if args.jsonl else "json")
    out = sys.stdout

    results: list[Any] = []
    bad_input = False
    not_determined = False
    single = len(args.files) == 1 and not args.jsonl
    count = 0
    for record in read_records(args.files, args.jsonl):
        count += 1
        if record.index is not None:
            single = False
        result = _decide_record(record, options)
        if isinstance(result, Decision):
            not_determined |= result.outcome is not Outcome.DETERMINED
            as_json: Any = result.model_dump(mode="json")
        else:
            bad_input = True
            as_json = result
        if output == "jsonl":
            out.write(_dump(as_json, None) + "\n")
            out.flush()
        elif output == "text":
            _write_text(out, result, record, args.lang)
        else:
            results.append(as_json)

    if output == "json":
        if single and count == 1:
            out.write(_dump(results[0], 2) + "\n")
        else:
            out.write(_dump(results, 2) + "\n")
    if bad_input:
        return EXIT_BAD_INPUT
    if args.fail_on == "review" and not_determined:
        return EXIT_FAIL_ON
    return EXIT_OK


def _write_text(out: TextIO, result: Decision | dict[str, Any], record: Record, lang: str) -> None:
    out.write(f"==== {record.where()} ".ljust(72, "=") + "\n")
    if isinstance(result, Decision):
        out.write(render_text(result, lang))
    else:
        head = "输入有误：" if lang == "zh" else "Invalid input: "
        out.write(f"{head}{record.where()}\n")
        for line in _error_lines(result["error"]):
            out.write(f"  - {line}\n")
    out.write("\n")


def _check_interpretations(chosen: dict[str, str]) -> None:
    """Reject an interpretation or reading that no bundled ruleset declares, before any
    record is read."""
    declared: dict[str, set[str]] = {}
    for ruleset in bundled_rulesets().values():
        for interp in ruleset.interpretations.values():
            declared.setdefault(interp.id, set()).update(interp.readings)
    for interp_id, reading in chosen.items():
        if interp_id not in declared:
            raise _Fatal(
                f"--interpretation {interp_id}={reading}: unknown interpretation "
                f"{interp_id!r}; known: {', '.join(sorted(declared))}"
            )
        if reading not in declared[interp_id]:
            raise _Fatal(
                f"--interpretation {interp_id}={reading}: {reading!r} is not a reading of "
                f"{interp_id}; choose one of: {', '.join(sorted(declared[interp_id]))}"
            )


# --- demo ----------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    folder = Path(args.examples) if args.examples else examples_folder()
    if not folder.is_dir():
        raise _Fatal(
            f"no examples folder at {folder}.\n"
            "`origin-rules demo` decides the examples shipped in a source checkout of the "
            "repository (examples/*.json); run it from there, pass --examples DIR, or decide "
            "your own files with `origin-rules decide FILE`."
        )
    files = sorted(folder.glob("*.json"))
    if not files:
        raise _Fatal(f"no examples (*.json) in {folder}")
    _engine_ready(args.engine)
    options = Options(args.engine, None, {})
    lang: str = args.lang
    bad_input = False
    out = sys.stdout
    intro = (
        f"生源地判定示例：{len(files)} 个文件，来自 {folder}（规则引擎：{args.engine}）"
        if lang == "zh"
        else f"Origin decisions for {len(files)} example file(s) in {folder} "
        f"(engine: {args.engine})"
    )
    out.write(intro + "\n\n")
    for record in read_records([str(f) for f in files], jsonl=False):
        record = Record(
            Path(record.file).name, record.index, record.line, record.data, record.error
        )
        result = _decide_record(record, options)
        bad_input |= not isinstance(result, Decision)
        _write_text(out, result, record, lang)
    return EXIT_BAD_INPUT if bad_input else EXIT_OK


# --- schema, rules -------------------------------------------------------------------


def cmd_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(_dump(Applicant.model_json_schema(), 2) + "\n")
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    rulesets = bundled_rulesets()
    if args.ruleset is not None:
        if args.ruleset not in rulesets:
            raise _Fatal(f"--ruleset: {args.ruleset!r} is not one of {sorted(rulesets)}")
        chosen = [rulesets[args.ruleset]]
    else:
        chosen = list(rulesets.values())
    for ruleset in chosen:
        sys.stdout.write(_rules_text(ruleset, args.lang))
    return EXIT_OK


def _rules_text(ruleset: Ruleset, lang: str) -> str:
    zh = lang == "zh"
    colon = "：" if zh else ": "
    lines = [
        f"{ruleset.id} {ruleset.version}  {ruleset.title.in_lang(lang)}",
        (
            f"适用届别：{sorted(ruleset.governed_cohorts)}；默认判定日期：{ruleset.decision_date_default}"
            if zh
            else f"Cohorts: {sorted(ruleset.governed_cohorts)}; default decision date: "
            f"{ruleset.decision_date_default}"
        ),
        "按优先级从高到低：" if zh else "Rules, highest precedence first:",
        "",
    ]
    for number, rule in enumerate(ruleset.rules, start=1):
        clause = ruleset.clauses[rule.clause]
        outcome = rule.conclusion.outcome
        concludes = outcome_label(outcome, lang) if outcome else ("说明" if zh else "note")
        lines.append(f"{number:>3}. {rule.id}  → {concludes}")
        lines.append(f"     {rule.title.in_lang(lang)}")
        lines.append(f"     {'条款' if zh else 'Clause'}{colon}{clause.section} [{clause.id}]")
        if rule.exception_of:
            label = "例外于" if zh else "Exception to"
            lines.append(f"     {label}{colon}{', '.join(rule.exception_of)}")
    lines += [
        "",
        "可选解释（--interpretation ID=READING；* 为默认解读）："
        if zh
        else "Interpretations (--interpretation ID=READING; * marks the default reading):",
        "",
    ]
    for interp in ruleset.interpretations.values():
        lines.append(f"  {interp.id}  [{interp.clause}]")
        lines.append(f"     {interp.question.in_lang(lang)}")
        for reading, text in interp.readings.items():
            mark = "*" if reading == interp.default else " "
            lines.append(f"   {mark} {reading}{colon}{text.in_lang(lang)}")
    return "\n".join(lines) + "\n\n"


# --- the parser ------------------------------------------------------------------------


def _interpretation(text: str) -> tuple[str, str]:
    interp_id, sep, reading = text.partition("=")
    if not sep or not interp_id.strip() or not reading.strip():
        raise argparse.ArgumentTypeError(f"expected ID=READING, got {text!r}")
    return interp_id.strip(), reading.strip()


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


_DEMO_EXAMPLE = """\
Examples:
  origin-rules demo                  # every examples/*.json, explained in Chinese
  origin-rules demo --lang en        # the same in English
  origin-rules demo --engine python  # with the pure-Python evaluator
"""

_DECIDE_EXAMPLE = """\
Examples:
  origin-rules decide applicant.json
  cat applicant.json | origin-rules decide -
  origin-rules decide --jsonl applicants.jsonl > decisions.jsonl
  origin-rules decide a.json b.json --output text --lang en
  origin-rules decide a.json --decision-date 2022-06-30 \\
      --interpretation workplace_precision=prefecture_accepted
  origin-rules decide --jsonl batch.jsonl --fail-on review || echo "some need review"

Input: each file holds one applicant (a JSON object) or a JSON array of them; with
--jsonl, one applicant per line (blank lines are skipped). Output: one record per input
record, in order. JSON output is a single object when the input is one file holding one
object, an array otherwise. A record that cannot be decided (invalid JSON, malformed
facts) becomes {"error": {...}, "file": ..., "input_index" or "line": n} and its
problems, with their field paths, go to stderr; the exit code is then 2.

Exit codes: 0 done; 1 with --fail-on review when any decision is not "determined";
2 bad input; 3 internal error.
"""

_SCHEMA_EXAMPLE = """\
Examples:
  origin-rules schema > applicant.schema.json
"""

_RULES_EXAMPLE = """\
Examples:
  origin-rules rules                 # every bundled ruleset, in Chinese
  origin-rules rules --lang en --ruleset guide-2022
"""

_MAIN_EXAMPLE = """\
Examples:
  origin-rules demo
  origin-rules decide applicant.json
  origin-rules decide --help

Exit codes: 0 done; 1 only with `decide --fail-on review`; 2 bad input; 3 internal error.
"""


def build_parser() -> argparse.ArgumentParser:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="origin-rules",
        description="Decide a graduate's place of origin (生源地) under a university's policy "
        "and explain the decision clause by clause.",
        epilog=_MAIN_EXAMPLE,
        formatter_class=formatter,
    )
    from origin_rules import __version__

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(
        name: str, help_text: str, epilog: str, run: Callable[[argparse.Namespace], int]
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name, help=help_text, description=help_text, epilog=epilog, formatter_class=formatter
        )
        p.set_defaults(run=run)
        return p

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

    demo = add(
        "demo", "Decide every shipped example and explain each decision.", _DEMO_EXAMPLE, cmd_demo
    )
    lang_option(demo)
    engine_option(demo)
    demo.add_argument(
        "--examples",
        metavar="DIR",
        help="folder of *.json applicants (default: examples/ of the checkout)",
    )

    decide = add(
        "decide", "Decide applicants from JSON files or stdin.", _DECIDE_EXAMPLE, cmd_decide
    )
    decide.add_argument(
        "files", nargs="+", metavar="FILE", help="JSON file(s) to decide; - reads stdin"
    )
    decide.add_argument(
        "--jsonl",
        action="store_true",
        help="read JSON Lines (one applicant per line) and write JSON Lines",
    )
    decide.add_argument(
        "--output",
        choices=("json", "jsonl", "text"),
        help="output format (default: json, or jsonl with --jsonl); text is "
        "the explanation for people, in --lang",
    )
    lang_option(decide)
    engine_option(decide)
    decide.add_argument(
        "--decision-date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="decide as of this day (default: the applicant's decision_date, "
        "else the ruleset's default)",
    )
    decide.add_argument(
        "--interpretation",
        type=_interpretation,
        action="append",
        metavar="ID=READING",
        help="choose a reading other than the default for an open point of "
        "the guide (repeatable); `origin-rules rules` and the ruleset's "
        "interpretations.yaml list them",
    )
    decide.add_argument(
        "--fail-on",
        choices=("review",),
        help="review: exit 1 when any decision is not 'determined'",
    )

    add("schema", "Print the JSON Schema of an applicant's facts.", _SCHEMA_EXAMPLE, cmd_schema)

    rules = add(
        "rules",
        "List the rules in precedence order, with the clause each encodes, "
        "and the interpretations a call may choose.",
        _RULES_EXAMPLE,
        cmd_rules,
    )
    lang_option(rules)
    rules.add_argument("--ruleset", metavar="ID", help="only this bundled ruleset")
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
    except _Fatal as exc:
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


if __name__ == "__main__":
    sys.exit(main())
