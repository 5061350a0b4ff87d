"""`origin-rules explain`: the decision with why-not and what-if, for policy staff."""

from __future__ import annotations

import argparse
import sys

from origin_rules.cli.common import (
    Options,
    add_command,
    check_interpretations,
    decision_options,
    engine_ready,
    inputs_option,
    lang_option,
    parse_seconds,
    rendered_format_option,
)
from origin_rules.cli.records import (
    DECISIONS_TITLE,
    HtmlOutput,
    JsonOutput,
    exit_code,
    many_records,
    read_records,
    run_record,
    write_rendered,
)
from origin_rules.engines import ENGINE_NAMES
from origin_rules.explain.model import Explanation
from origin_rules.ruleset.model import Outcome

EXAMPLES = """\
Examples:
  origin-rules explain applicant.json                  # 中文, plain text
  origin-rules explain applicant.json --lang en --format md > decision.md
  origin-rules explain applicant.json --format html > report.html   # to print
  cat applicant.json | origin-rules explain - --format json
  origin-rules explain --jsonl batch.jsonl --format json > explanations.jsonl
  origin-rules explain a.json --budget 5 --interpretation workplace_precision=prefecture_accepted

The explanation is the decision (each rule that applied, with its clause quoted and the
facts it tested; the conclusion; what staff must ask for) plus why the rules that rank
above the deciding one did not decide, and the smallest changes of the facts that would
change the outcome, searched for at most --budget seconds per applicant (the text says
when the search was cut short). Inputs as for `origin-rules decide`. JSON output has
its keys sorted; with --jsonl it is one explanation per line. --format html writes one
self-contained HTML page (no network, no script; A4 when printed), one report per
record, each with the graduate's hukou records as a timeline and a numbered table
(docs/report.md).

Exit codes: 0 done; 1 with --fail-on review when any decision is not "determined";
2 bad input; 3 internal error.
"""


def cmd_explain(args: argparse.Namespace) -> int:
    options = Options(args.engine, args.decision_date, dict(args.interpretation or []), args.budget)
    check_interpretations(options.interpretations)
    engine_ready(options.engine)
    fmt: str = args.format
    out = sys.stdout
    many = many_records(args)
    as_json = JsonOutput(out, lines=args.jsonl, one_input=not many)
    as_html = HtmlOutput(out, args.lang, DECISIONS_TITLE[args.lang], many=many)
    bad_input = False
    not_determined = False
    for count, record in enumerate(read_records(args.files, args.jsonl), start=1):
        result = run_record(record, options, explaining=True)
        if isinstance(result, Explanation):
            not_determined |= result.decision.outcome is not Outcome.DETERMINED
        else:
            bad_input = True
        if fmt in ("text", "md"):
            write_rendered(out, result, record, args.lang, fmt, many, first=count == 1)
        elif fmt == "html":
            as_html.add_decision(result, record)
        else:
            as_json.add(
                record,
                result.model_dump(mode="json") if isinstance(result, Explanation) else result,
            )
    if fmt == "json":
        as_json.finish()
    if fmt == "html":
        as_html.finish()
    return exit_code(bad_input, not_determined, args.fail_on)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    explain_cmd = add_command(
        sub,
        "explain",
        "Explain decisions for policy staff: each rule's clause and facts, why not the "
        "other rules, and what would change the outcome.",
        EXAMPLES,
        cmd_explain,
    )
    inputs_option(explain_cmd)
    lang_option(explain_cmd)
    rendered_format_option(explain_cmd)
    explain_cmd.add_argument(
        "--engine",
        choices=ENGINE_NAMES,
        default="python",
        help="rules engine: python (the default here: the search decides hundreds of "
        "variants, and both engines decide alike) or durable",
    )
    explain_cmd.add_argument(
        "--budget",
        type=parse_seconds,
        default=1.0,
        metavar="SECONDS",
        help="time for the search for what would change the outcome, per applicant (default: 1)",
    )
    decision_options(explain_cmd)
