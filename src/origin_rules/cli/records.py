"""Input records (JSON files, arrays, JSON Lines, stdin), the error record that takes the
place of one that cannot be decided, and how results are written: for people (text,
Markdown, an HTML page of reports) and as JSON. Every command that reads records (decide, explain, diagnose,
change, forms) writes them the same way."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from markupsafe import Markup

from origin_rules.batch.readers import read_jsonl
from origin_rules.cli.common import EXIT_BAD_INPUT, EXIT_FAIL_ON, EXIT_OK, Options, dump
from origin_rules.decide import decide_origin
from origin_rules.decision import Decision
from origin_rules.errors import InvalidFactsError, InvalidOptionError
from origin_rules.explain import explain
from origin_rules.explain.model import Explanation
from origin_rules.facts import parse_applicant
from origin_rules.input_limits import JsonTextError, load_json_text
from origin_rules.render import render
from origin_rules.render.html import html_document, html_title, report_article
from origin_rules.render.markdown import escape as md_escape

STDIN = "-"
STDIN_NAME = "<stdin>"


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
        return shown, None, f"not UTF-8 text ({exc.reason} at byte {exc.start + 1})"


def _json_error(exc: JsonTextError, *, in_line: bool = False) -> dict[str, Any]:
    error: dict[str, Any] = {"kind": "invalid_json", "message": exc.message}
    if exc.column is None:  # not at one place (nested too deeply)
        return error
    if not in_line:  # JSON Lines: the record's own line is given beside the error
        error["line"] = exc.line
    error["column"] = exc.column
    return error


def read_records(names: Sequence[str], jsonl: bool) -> Iterator[Record]:
    """Every record of every input, in order; unreadable input becomes an error record."""
    for name in names:
        if jsonl:
            yield from _jsonl_records(name)
            continue
        shown, text, problem = _read_text(name)
        if text is None:
            yield Record(shown, None, None, None, {"kind": "unreadable", "message": problem})
            continue
        yield from _json_records(shown, text)


def _json_records(name: str, text: str) -> Iterator[Record]:
    try:
        data = load_json_text(text)
    except JsonTextError as exc:
        yield Record(name, None, None, None, _json_error(exc))
        return
    if isinstance(data, list):
        for i, item in enumerate(data):
            yield Record(name, i, None, item)
    else:
        yield Record(name, None, None, data)


def _jsonl_records(name: str) -> Iterator[Record]:
    # The reader `decide --batch` uses: lines end at "\n" only (a U+2028 inside a JSON
    # string is not a line break), blank lines are counted but are not records, and a
    # line that is not UTF-8 is an error for that line alone.
    with contextlib.ExitStack() as stack:
        if name == STDIN:
            shown, stream = STDIN_NAME, sys.stdin.buffer
        else:
            try:
                shown, stream = name, stack.enter_context(open(name, "rb"))
            except OSError as exc:
                problem = exc.strerror or str(exc)
                yield Record(name, None, None, None, {"kind": "unreadable", "message": problem})
                return
        for source in read_jsonl(stream):
            if source.kind == "unreadable":
                error = {"kind": "unreadable", "message": source.payload}
                yield Record(shown, None, source.line, None, error)
                continue
            try:
                yield Record(shown, None, source.line, load_json_text(source.payload))
            except JsonTextError as exc:
                yield Record(shown, None, source.line, None, _json_error(exc, in_line=True))


# --- errors ----------------------------------------------------------------------------


def facts_error(exc: InvalidFactsError) -> dict[str, Any]:
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


def error_lines(error: dict[str, Any]) -> list[str]:
    """An error record's problems, one line each, for stderr."""
    kind = error["kind"]
    if kind == "invalid_json":
        if "column" not in error:
            return [f"invalid JSON: {error['message']}"]
        at = f"line {error['line']}, column" if "line" in error else "column"
        return [f"invalid JSON at {at} {error['column']}: {error['message']}"]
    if kind == "unreadable":
        return [f"cannot read: {error['message']}"]
    if kind == "invalid_facts":
        return [
            f"{f['path']}: {f['message']}"
            + (f" (got {dump(f['value'], None)})" if "value" in f else "")
            for f in error["fields"]
        ]
    return [f"{error['message']}"]


def report_lines(record: Record, lines: list[str]) -> None:
    """A record's problems to stderr, each headed by where the record came from."""
    for line in lines:
        print(f"{record.where()}: {line}", file=sys.stderr)


def error_result(
    record: Record,
    error: dict[str, Any],
    lines: Callable[[dict[str, Any]], list[str]] = error_lines,
) -> dict[str, Any]:
    """The error record that takes a record's place in the output, its problems
    (`lines(error)`) reported on stderr."""
    report_lines(record, lines(error))
    return {"error": error, **record.position()}


def decide_record(record: Record, options: Options) -> Decision | dict[str, Any]:
    """A decision, or the error record that takes its place in the output."""
    result = run_record(record, options, explaining=False)
    assert not isinstance(result, Explanation)
    return result


def run_record(
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
            error = facts_error(exc)
        except InvalidOptionError as exc:
            error = {"kind": "invalid_option", "message": str(exc)}
    return error_result(record, error)


def exit_code(bad_input: bool, not_determined: bool, fail_on: str | None) -> int:
    """Bad input outranks --fail-on: a caller must see that a record was not decided."""
    if bad_input:
        return EXIT_BAD_INPUT
    if fail_on == "review" and not_determined:
        return EXIT_FAIL_ON
    return EXIT_OK


def many_records(args: argparse.Namespace) -> bool:
    """Whether the input can hold more than one record (several files, JSON Lines, or
    a file holding an array): then each rendering is headed by where it came from."""
    return len(args.files) != 1 or bool(args.jsonl)


def write_rendered(
    out: TextIO,
    result: Decision | Explanation | dict[str, Any],
    record: Record,
    lang: str,
    fmt: str,
    many: bool,
    *,
    first: bool,
) -> None:
    """One record rendered as text or Markdown (`fmt`); an error record as what went
    wrong. Headed as `write_heading` says. The record's facts go with the decision,
    so that the narrative lists the hukou records its sentences number."""
    write_heading(out, record, fmt, many, first=first)
    if isinstance(result, Decision | Explanation):
        applicant = parse_applicant(record.data)
        out.write(render(result, lang=lang, format=fmt, applicant=applicant))
    else:
        write_error(out, record, error_lines(result["error"]), lang, fmt)


def write_heading(out: TextIO, record: Record, fmt: str, many: bool, *, first: bool) -> None:
    """When the input can hold several records (`many`, or one file holds an array),
    each record's rendering is headed by where it came from: a `==== file ====` line in
    text, an HTML comment after a thematic break in Markdown."""
    if not (many or record.index is not None):
        return
    if fmt == "md":
        if not first:
            out.write("\n---\n\n")
        where = record.where().replace("--", "- -")
        out.write(f"<!-- {where} -->\n\n")
    else:
        if not first:
            out.write("\n")
        out.write(f"==== {record.where()} ".ljust(72, "=") + "\n")


def _error_head(lang: str) -> str:
    return "输入有误：" if lang == "zh" else "Invalid input: "


def write_error(out: TextIO, record: Record, lines: list[str], lang: str, fmt: str) -> None:
    """An error record for people: where the record came from, then its problems."""
    head = _error_head(lang)
    if fmt == "md":
        out.write(f"# {head}{md_escape(record.where())}\n\n")
        out.writelines(f"- {md_escape(line)}\n" for line in lines)
    else:
        out.write(f"{head}{record.where()}\n")
        out.writelines(f"  - {line}\n" for line in lines)


class JsonOutput:
    """Results as JSON with sorted keys: each on its own line as it comes (JSON Lines,
    `lines`), or all at `finish` as one document, which is the lone result when the
    input is one file holding one object (`one_input` and no array) and else an array."""

    def __init__(self, out: TextIO, *, lines: bool, one_input: bool) -> None:
        self.out = out
        self.lines = lines
        self.single = one_input
        self.results: list[Any] = []

    def add(self, record: Record, as_json: Any) -> None:
        self.single = self.single and record.index is None
        if self.lines:
            # Flushed at once: a caller reading the lines as a stream sees each result.
            self.out.write(dump(as_json, None, sort_keys=True) + "\n")
            self.out.flush()
        else:
            self.results.append(as_json)

    def finish(self) -> None:
        if not self.lines:
            body = self.results[0] if self.single and len(self.results) == 1 else self.results
            self.out.write(dump(body, 2, sort_keys=True) + "\n")


# The title of a page of decision reports (one report's page names its applicant).
DECISIONS_TITLE = {"zh": "生源地判定", "en": "Origin decisions"}


class HtmlOutput:
    """Reports for people as one HTML page, written at `finish`: each record an
    `<article>` (a new printed page), an error record what went wrong with it. The ids
    in each article start with its number when the page may hold several (`many`), so
    that each report's links reach its own records."""

    def __init__(self, out: TextIO, lang: str, title: str, *, many: bool) -> None:
        self.out = out
        self.lang = lang
        self.title = title
        self.many = many
        self.articles: list[Markup] = []

    def anchor(self, record: Record) -> str:
        # A file holding an array holds several records too.
        self.many = self.many or record.index is not None
        return f"r{len(self.articles) + 1}-" if self.many else ""

    def add(self, article: Markup) -> None:
        self.articles.append(article)

    def error(self, record: Record, lines: list[str]) -> None:
        items = Markup("").join(Markup("<li>{}</li>\n").format(line) for line in lines)
        self.articles.append(
            Markup(
                '<article class="report error">\n<h1>{}{}</h1>\n<ul>\n{}</ul>\n</article>'
            ).format(_error_head(self.lang), record.where(), items)
        )

    def add_decision(self, result: Decision | Explanation | dict[str, Any], record: Record) -> None:
        """A decision or explanation with the applicant's records, or an error record."""
        if isinstance(result, Decision | Explanation):
            applicant = parse_applicant(record.data)
            anchor = self.anchor(record)
            if not self.many:
                decision = result.decision if isinstance(result, Explanation) else result
                self.title = html_title(decision, self.lang)
            self.add(report_article(result, self.lang, applicant=applicant, anchor=anchor))
        else:
            self.error(record, error_lines(result["error"]))

    def finish(self) -> None:
        self.out.write(html_document(self.articles, self.lang, self.title))
