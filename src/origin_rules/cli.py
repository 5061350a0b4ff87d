"""The `origin-rules` command: decide origins from JSON files and explain them.

    origin-rules demo                      # the shipped examples, explained in Chinese
    origin-rules decide applicant.json     # decisions as JSON
    origin-rules explain applicant.json    # the decision with why-not and what-if, 中文
    origin-rules schema                    # the JSON Schema of an applicant
    origin-rules rules                     # the rules in precedence order
    origin-rules check [RULESET_DIR ...]   # validate rule folders

Exit codes: 0 done; 1 only with `--fail-on review`, when a decision is not
`determined`; 2 bad input (unreadable file, invalid JSON, malformed facts, unknown
option); 3 an internal error (a bug: please report it with the input).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
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
from origin_rules.errors import InvalidFactsError, InvalidOptionError, RulesetError
from origin_rules.explain import explain
from origin_rules.explain.model import Explanation
from origin_rules.facts import Applicant
from origin_rules.render import LANGS, outcome_label, render, render_json
from origin_rules.render.markdown import escape as md_escape
from origin_rules.ruleset.bundled import bundled_rulesets, rulesets_folder
from origin_rules.ruleset.load import load_ruleset
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
    budget_seconds: float = 1.0  # explain only: the counterfactual search's time budget


def _decide_record(record: Record, options: Options) -> Decision | dict[str, Any]:
    """A decision, or the error record that takes its place in the output."""
    result = _run_record(record, options, explaining=False)
    assert not isinstance(result, Explanation)
    return result


def _run_record(
    record: Record, options: Options, *, explaining: bool
) -> Decision | Explanation | dict[str, Any]:
    """A decision (or an explanation), or the error record that takes its place."""
    if record.error is not None:
        error = record.error
    else:
        try:
            if explaining:
                return explain(
                    record.data,
                    decision_date=options.decision_date,
                    interpretations=options.interpretations,
                    engine=options.engine,
                    budget_seconds=options.budget_seconds,
                )
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


def _dump(obj: Any, indent: int | None, *, sort_keys: bool = False) -> str:
    separators = None if indent else (",", ":")
    return json.dumps(
        obj,
        ensure_ascii=False,
        indent=indent,
        separators=separators,
        sort_keys=sort_keys,
        default=str,
    )


def cmd_decide(args: argparse.Namespace) -> int:
    options = Options(args.engine, args.decision_date, dict(args.interpretation or []))
    _check_interpretations(options.interpretations)
    _engine_ready(options.engine)
    output: str = args.output or ("jsonl" if args.jsonl else "json")
    out = sys.stdout
    many = _many(args)

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
        elif output in ("text", "md"):
            _write_rendered(out, result, record, args.lang, output, many, first=count == 1)
        else:
            results.append(as_json)

    if output == "json":
        if single and count == 1:
            out.write(_dump(results[0], 2) + "\n")
        else:
            out.write(_dump(results, 2) + "\n")
    return _exit_code(bad_input, not_determined, args.fail_on)


def _exit_code(bad_input: bool, not_determined: bool, fail_on: str | None) -> int:
    """Bad input outranks --fail-on: a caller must see that a record was not decided."""
    if bad_input:
        return EXIT_BAD_INPUT
    if fail_on == "review" and not_determined:
        return EXIT_FAIL_ON
    return EXIT_OK


def _many(args: argparse.Namespace) -> bool:
    """Whether the input can hold more than one record (several files, JSON Lines, or
    a file holding an array): then each rendering is headed by where it came from."""
    return len(args.files) != 1 or bool(args.jsonl)


def _write_rendered(
    out: TextIO,
    result: Decision | Explanation | dict[str, Any],
    record: Record,
    lang: str,
    fmt: str,
    many: bool,
    *,
    first: bool,
) -> None:
    """One record rendered as text or Markdown; an error record as what went wrong.

    When the input can hold several records (or one file holds an array), each is
    headed by where it came from: a `==== file ====` line in text, an HTML comment after
    a thematic break in Markdown."""
    many = many or record.index is not None
    if fmt == "md":
        if many:
            if not first:
                out.write("\n---\n\n")
            where = record.where().replace("--", "- -")
            out.write(f"<!-- {where} -->\n\n")
        if isinstance(result, Decision | Explanation):
            out.write(render(result, lang=lang, format="md"))
        else:
            head = "输入有误：" if lang == "zh" else "Invalid input: "
            out.write(f"# {head}{md_escape(record.where())}\n\n")
            for line in _error_lines(result["error"]):
                out.write(f"- {md_escape(line)}\n")
        return
    if many:
        if not first:
            out.write("\n")
        out.write(f"==== {record.where()} ".ljust(72, "=") + "\n")
    if isinstance(result, Decision | Explanation):
        out.write(render(result, lang=lang, format="text"))
    else:
        head = "输入有误：" if lang == "zh" else "Invalid input: "
        out.write(f"{head}{record.where()}\n")
        for line in _error_lines(result["error"]):
            out.write(f"  - {line}\n")


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
    fmt: str = args.format
    if fmt == "md":
        intro = f"# {md_escape(intro)}"
    out.write(intro + "\n\n")
    records = read_records([str(f) for f in files], jsonl=False)
    for number, record in enumerate(records):
        record = Record(
            Path(record.file).name, record.index, record.line, record.data, record.error
        )
        result = _decide_record(record, options)
        bad_input |= not isinstance(result, Decision)
        _write_rendered(out, result, record, lang, fmt, True, first=number == 0)
    return EXIT_BAD_INPUT if bad_input else EXIT_OK


# --- explain -------------------------------------------------------------------------


def cmd_explain(args: argparse.Namespace) -> int:
    options = Options(args.engine, args.decision_date, dict(args.interpretation or []), args.budget)
    _check_interpretations(options.interpretations)
    _engine_ready(options.engine)
    fmt: str = args.format
    out = sys.stdout
    many = _many(args)

    results: list[Any] = []
    bad_input = False
    not_determined = False
    single = not many
    count = 0
    for record in read_records(args.files, args.jsonl):
        count += 1
        if record.index is not None:
            single = False
        result = _run_record(record, options, explaining=True)
        if isinstance(result, Explanation):
            not_determined |= result.decision.outcome is not Outcome.DETERMINED
        else:
            bad_input = True
        if fmt in ("text", "md"):
            _write_rendered(out, result, record, args.lang, fmt, many, first=count == 1)
        elif args.jsonl:
            if isinstance(result, Explanation):
                out.write(render_json(result, indent=None))
            else:
                out.write(_dump(result, None, sort_keys=True) + "\n")
            out.flush()
        else:
            results.append(
                result.model_dump(mode="json") if isinstance(result, Explanation) else result
            )

    if fmt == "json" and not args.jsonl:
        shown = results[0] if single and count == 1 else results
        out.write(_dump(shown, 2, sort_keys=True) + "\n")
    return _exit_code(bad_input, not_determined, args.fail_on)


# --- check -------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    if args.folders:
        folders = [Path(name) for name in args.folders]
    else:
        root = rulesets_folder()
        folders = sorted(sub for sub in root.iterdir() if (sub / "ruleset.yaml").is_file())
        if not folders:
            raise _Fatal(f"no rulesets (folders with a ruleset.yaml) in {root}")
    failed = 0
    for folder in folders:
        if not folder.is_dir():
            print(f"{folder}: not a folder", file=sys.stderr)
            failed += 1
            continue
        try:
            ruleset = load_ruleset(folder)
        except RulesetError as exc:
            failed += 1
            for p in exc.problems:
                print(
                    f"{folder / p.file}: {p.rule or '-'}: {p.field}: {p.message}", file=sys.stderr
                )
            print(f"{folder}: {len(exc.problems)} problem(s)", file=sys.stderr)
            continue
        print(
            f"{folder}: {ruleset.id} {ruleset.version} OK: {len(ruleset.rules)} rules, "
            f"{len(ruleset.clauses)} clauses, {len(ruleset.interpretations)} interpretations"
        )
    return EXIT_BAD_INPUT if failed else EXIT_OK


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


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


_DEMO_EXAMPLE = """\
Examples:
  origin-rules demo                  # every examples/*.json, explained in Chinese
  origin-rules demo --lang en        # the same in English
  origin-rules demo --format md > demo.md
  origin-rules demo --engine python  # with the pure-Python evaluator
"""

_DECIDE_EXAMPLE = """\
Examples:
  origin-rules decide applicant.json
  cat applicant.json | origin-rules decide -
  origin-rules decide --jsonl applicants.jsonl > decisions.jsonl
  origin-rules decide a.json b.json --output text --lang en
  origin-rules decide a.json --output md > decision.md
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

_EXPLAIN_EXAMPLE = """\
Examples:
  origin-rules explain applicant.json                  # 中文, plain text
  origin-rules explain applicant.json --lang en --format md > decision.md
  cat applicant.json | origin-rules explain - --format json
  origin-rules explain --jsonl batch.jsonl --format json > explanations.jsonl
  origin-rules explain a.json --budget 5 --interpretation workplace_precision=prefecture_accepted

The explanation is the decision (each rule that applied, with its clause quoted and the
facts it tested; the conclusion; what staff must ask for) plus why the rules that rank
above the deciding one did not decide, and the smallest changes of the facts that would
change the outcome, searched for at most --budget seconds per applicant (the text says
when the search was cut short). Inputs as for `origin-rules decide`. JSON output has
its keys sorted; with --jsonl it is one explanation per line.

Exit codes: 0 done; 1 with --fail-on review when any decision is not "determined";
2 bad input; 3 internal error.
"""

_CHECK_EXAMPLE = """\
Examples:
  origin-rules check                         # the bundled rulesets
  origin-rules check rulesets/guide-2022     # a rule folder being edited

Each problem is printed to stderr as `file: rule: field: message` (`-` when no rule is
concerned), and the exit code is 2; otherwise one line per ruleset: its rules, clauses
and interpretations, and exit code 0.
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
  origin-rules explain applicant.json --lang en
  origin-rules check
  origin-rules decide --help

Exit codes: 0 done; 1 only with `--fail-on review`; 2 bad input; 3 internal error.
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
        "--format",
        choices=("text", "md"),
        default="text",
        help="text (the default) or md (Markdown)",
    )
    demo.add_argument(
        "--examples",
        metavar="DIR",
        help="folder of *.json applicants (default: examples/ of the checkout)",
    )

    def inputs(p: argparse.ArgumentParser) -> None:
        p.add_argument("files", nargs="+", metavar="FILE", help="JSON file(s); - reads stdin")
        p.add_argument(
            "--jsonl",
            action="store_true",
            help="read JSON Lines (one applicant per line); JSON output is then JSON Lines",
        )

    def decision_options(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--decision-date",
            type=_iso_date,
            metavar="YYYY-MM-DD",
            help="decide as of this day (default: the applicant's decision_date, "
            "else the ruleset's default)",
        )
        p.add_argument(
            "--interpretation",
            type=_interpretation,
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

    decide = add(
        "decide", "Decide applicants from JSON files or stdin.", _DECIDE_EXAMPLE, cmd_decide
    )
    inputs(decide)
    decide.add_argument(
        "--output",
        choices=("json", "jsonl", "text", "md"),
        help="output format (default: json, or jsonl with --jsonl); text and md (Markdown) "
        "are the decision explained for people, in --lang",
    )
    lang_option(decide)
    engine_option(decide)
    decision_options(decide)

    explain_cmd = add(
        "explain",
        "Explain decisions for policy staff: each rule's clause and facts, why not the "
        "other rules, and what would change the outcome.",
        _EXPLAIN_EXAMPLE,
        cmd_explain,
    )
    inputs(explain_cmd)
    lang_option(explain_cmd)
    explain_cmd.add_argument(
        "--format",
        choices=("text", "md", "json"),
        default="text",
        help="text (the default), md (Markdown) or json (for machines; both languages)",
    )
    explain_cmd.add_argument(
        "--engine",
        choices=ENGINE_NAMES,
        default="python",
        help="rules engine: python (the default here: the search decides hundreds of "
        "variants, and both engines decide alike) or durable",
    )
    explain_cmd.add_argument(
        "--budget",
        type=_seconds,
        default=1.0,
        metavar="SECONDS",
        help="time for the search for what would change the outcome, per applicant (default: 1)",
    )
    decision_options(explain_cmd)

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

    check = add(
        "check",
        "Validate rule folders (rule files, clauses, interpretations, precedence).",
        _CHECK_EXAMPLE,
        cmd_check,
    )
    check.add_argument(
        "folders",
        nargs="*",
        metavar="RULESET_DIR",
        help="folder(s) holding a ruleset.yaml (default: the bundled rulesets)",
    )
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
