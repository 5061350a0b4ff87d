"""`origin-rules decide`: decisions as JSON, JSON Lines, text or Markdown; with --batch,
a large file streamed through (origin_rules.batch.command)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from origin_rules.batch.command import run_batch
from origin_rules.batch.run import BatchOptions
from origin_rules.cli.common import (
    Fatal,
    Options,
    add_command,
    check_interpretations,
    decision_options,
    dump,
    engine_option,
    engine_ready,
    inputs_option,
    lang_option,
)
from origin_rules.cli.records import (
    DECISIONS_TITLE,
    HtmlOutput,
    decide_record,
    exit_code,
    many_records,
    read_records,
    write_rendered,
)
from origin_rules.decision import Decision
from origin_rules.ruleset.model import Outcome

EXAMPLES = """\
Examples:
  origin-rules decide applicant.json
  cat applicant.json | origin-rules decide -
  origin-rules decide --jsonl applicants.jsonl > decisions.jsonl
  origin-rules decide a.json b.json --output text --lang en
  origin-rules decide a.json --output md > decision.md
  origin-rules decide a.json b.json --output html > reports.html
  origin-rules decide a.json --decision-date 2022-06-30 \\
      --interpretation workplace_precision=prefecture_accepted
  origin-rules decide --jsonl batch.jsonl --fail-on review || echo "some need review"
  origin-rules decide --batch applicants.jsonl --workers 2 -o decisions.jsonl
  origin-rules decide --batch applicants.csv --output-format csv -o decisions.csv \
      --summary summary.json
  origin-rules decide --batch applicants.jsonl --workers 2 --verdict-only -o verdicts.jsonl

Input: each file holds one applicant (a JSON object) or a JSON array of them; with
--jsonl, one applicant per line (blank lines are skipped). Output: one record per input
record, in order. JSON output is a single object when the input is one file holding one
object, an array otherwise. A record that cannot be decided (invalid JSON, malformed
facts) becomes {"error": {...}, "file": ..., "input_index" or "line": n} and its
problems, with their field paths, go to stderr; the exit code is then 2.

Batch (--batch INPUT): streams one JSON Lines or CSV file (the layout in
docs/integrators.md, "Batches") in flat memory, with --workers processes (at most the
CPUs), and writes one line per input record, in order: a decision, or an error record
naming the line and each field problem (blank lines are not records). With -o FILE the
lines go to FILE.partial, renamed to FILE when all are written, so FILE is never a
partial output and a failed run leaves an existing FILE as it was. A run stopped by
Ctrl-C or SIGTERM (exit 130 / 143), killed or crashed leaves whole lines in
FILE.partial; --resume continues it to the output an uninterrupted run writes. A
progress line shows on stderr when it is a terminal; a summary (counts by outcome and
by deciding rule, errors, rate) goes to stderr at the end unless --quiet. With
--verdict-only each line is the record's verdict (outcome, origin, deciding rule,
missing facts, candidates, options) without the explanation: about three times faster,
for screening; explain the records it flags with `origin-rules explain`.

Exit codes: 0 done; 1 with --fail-on review when any decision is not "determined";
2 bad input (with --batch: any record could not be decided); 3 internal error.
"""


def cmd_decide(args: argparse.Namespace) -> int:
    options = Options(args.engine, args.decision_date, dict(args.interpretation or []))
    check_interpretations(options.interpretations)
    engine_ready(options.engine)
    if args.verdict_only and not args.batch:
        # Silently writing full decisions would hide that the option did nothing.
        raise Fatal("--verdict-only: only with --batch (in Python, decide_verdict)")
    if args.batch:
        return run_batch(
            args,
            BatchOptions(
                options.engine,
                options.decision_date,
                tuple(sorted(options.interpretations.items())),
                args.verdict_only,
            ),
        )
    output: str = args.output or ("jsonl" if args.jsonl else "json")
    out = sys.stdout
    many = many_records(args)

    results: list[Any] = []
    as_html = HtmlOutput(out, args.lang, DECISIONS_TITLE[args.lang], many=many)
    bad_input = False
    not_determined = False
    single = len(args.files) == 1 and not args.jsonl
    count = 0
    for record in read_records(args.files, args.jsonl):
        count += 1
        if record.index is not None:
            single = False
        result = decide_record(record, options)
        if isinstance(result, Decision):
            not_determined |= result.outcome is not Outcome.DETERMINED
            as_json: Any = result.model_dump(mode="json")
        else:
            bad_input = True
            as_json = result
        if output == "jsonl":
            out.write(dump(as_json, None) + "\n")
            out.flush()
        elif output in ("text", "md"):
            write_rendered(out, result, record, args.lang, output, many, first=count == 1)
        elif output == "html":
            as_html.add_decision(result, record)
        else:
            results.append(as_json)

    if output == "html":
        as_html.finish()
    if output == "json":
        if single and count == 1:
            out.write(dump(results[0], 2) + "\n")
        else:
            out.write(dump(results, 2) + "\n")
    return exit_code(bad_input, not_determined, args.fail_on)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    decide = add_command(
        sub, "decide", "Decide applicants from JSON files or stdin.", EXAMPLES, cmd_decide
    )
    inputs_option(decide)
    decide.add_argument(
        "--output",
        choices=("json", "jsonl", "text", "md", "html"),
        help="output format (default: json, or jsonl with --jsonl); text, md (Markdown) "
        "and html (one self-contained page of reports to print) are the decision "
        "explained for people, in --lang",
    )
    lang_option(decide)
    engine_option(decide)
    decision_options(decide)
    batch = decide.add_argument_group("batch (--batch)")
    batch.add_argument(
        "--batch",
        action="store_true",
        help="stream one large JSON Lines or CSV file: one output line per input record",
    )
    batch.add_argument(
        "--input-format",
        choices=("jsonl", "csv"),
        help="the input's format (default: csv for a .csv file, else jsonl)",
    )
    batch.add_argument(
        "--output-format",
        choices=("jsonl", "csv"),
        default="jsonl",
        help="jsonl: each decision or error record as JSON (the default); csv: flat columns",
    )
    batch.add_argument(
        "--csv-raw",
        action="store_true",
        help="with --output-format csv, cells as they are: by default a cell starting with "
        "= + - @ or a tab gets an apostrophe before it, so a spreadsheet shows it as text",
    )
    batch.add_argument(
        "--workers", type=int, default=1, metavar="N", help="decide in N processes (default 1)"
    )
    batch.add_argument(
        "--chunk-size",
        type=int,
        default=200,
        metavar="N",
        help="records sent to a worker at a time (default 200)",
    )
    batch.add_argument(
        "--verdict-only",
        action="store_true",
        help="write each record's verdict (outcome, origin, deciding rule, missing facts, "
        "candidates, options) without the explanation: several times faster, for "
        "screening; explain the records it flags with `origin-rules explain`",
    )
    batch.add_argument(
        "-o",
        "--out",
        metavar="FILE",
        help="write here instead of stdout (through FILE.partial, renamed to FILE when "
        "every record is written; never the input)",
    )
    batch.add_argument(
        "--resume",
        action="store_true",
        help="continue a stopped run: keep the whole lines of FILE.partial (or FILE), skip "
        "the records they hold, append the rest",
    )
    batch.add_argument(
        "--quiet", action="store_true", help="no progress line, no error lines, no summary"
    )
    batch.add_argument("--summary", metavar="FILE", help="also write the summary here, as JSON")
