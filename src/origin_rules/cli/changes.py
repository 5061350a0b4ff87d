"""`origin-rules change`: decide change requests (生源信息修改申请) field by field."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from origin_rules.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_FAIL_ON,
    EXIT_OK,
    Fatal,
    add_command,
    check_interpretations,
    dump,
    engine_option,
    engine_ready,
    inputs_option,
    lang_option,
    output_option,
    output_stream,
    readings_option,
)

if TYPE_CHECKING:
    from origin_rules.changes import ChangeDecision, InvalidRequestError
    from origin_rules.cli.records import HtmlOutput, Record
    from origin_rules.errors import FactError

EXAMPLES = """\
Examples:
  origin-rules change examples/changes/origin-parents-moved.json          # 中文, for staff
  origin-rules change request.json --lang en --format md -o decision.md
  origin-rules change request.json --format html -o decision.html      # to print
  cat request.json | origin-rules change - --format json
  origin-rules change --jsonl requests.jsonl --format jsonl > decisions.jsonl
  origin-rules change request.json --interpretation missing_reason=assume_record_error
  origin-rules change --jsonl requests.jsonl --format jsonl --fail-on not-accepted

A request is a JSON object: {"verified": true, "record": {...the graduate's record},
"corrections": [{"field": "origin", "old": "445102", "new": "440113",
"reason": "family_move_after_enrollment", "evidence": ["hukou_booklet", "id_card"]}],
"applicant_before": {...}, "applicant_after": {...}, "request_date": "2022-03-01"}.
A change of origin needs the graduate's facts before and after (applicants, as for
`origin-rules decide`): both are decided and shown side by side. Fields, reasons and
evidence are the ids in rulesets/changes-2022/changes.yaml; docs/changes.md lists them.

Each field is accepted, needs evidence (listed) or rejected (with the reason and the
clause). --interpretation takes the change policy's open points and the origin rules'
(for the re-decision) alike. One output record per input record; a malformed request
becomes {"error": {...}, "file": ..., "input_index" or "line": n}, its problems (with
their paths) go to stderr, and the exit code is 2.

Exit codes: 0 done; 1 with --fail-on not-accepted when any request is not accepted;
2 bad input; 3 internal error.
"""


def split_interpretations(
    chosen: Sequence[tuple[str, str]],
) -> tuple[dict[str, str], dict[str, str]]:
    """The readings chosen, split into the change policy's and the origin rules'; an
    unknown one is fatal before any record is read."""
    from origin_rules.changes import bundled_changes_policy
    from origin_rules.errors import InvalidOptionError

    policy = bundled_changes_policy()
    changes, origin = policy.split_readings(dict(chosen))
    try:
        policy.readings(changes)
    except InvalidOptionError as exc:
        raise Fatal(f"--interpretation: {exc}") from None
    check_interpretations(origin)
    return changes, origin


def request_error(exc: InvalidRequestError) -> dict[str, Any]:
    return {
        "kind": "invalid_request",
        "message": f"{len(exc.errors)} problem(s) in the change request",
        "fields": [_field(e) for e in exc.errors],
    }


def _field(e: FactError) -> dict[str, Any]:
    if e.value is None:
        return {"path": e.path, "message": e.message}
    return {"path": e.path, "message": e.message, "value": e.value}


def problem_lines(error: dict[str, Any]) -> list[str]:
    from origin_rules.cli.records import error_lines

    if error["kind"] == "invalid_request":
        return [
            f"{f['path']}: {f['message']}"
            + (f" (got {dump(f['value'], None)})" if "value" in f else "")
            for f in error["fields"]
        ]
    return error_lines(error)


def decide_one(
    record: Record, changes: dict[str, str], origin: dict[str, str], engine: str
) -> ChangeDecision | dict[str, Any]:
    """A change decision, or the error record that takes its place."""
    from origin_rules.changes import InvalidRequestError, decide_change
    from origin_rules.cli.records import error_result
    from origin_rules.errors import InvalidOptionError

    if record.error is not None:
        error = record.error
    else:
        try:
            return decide_change(
                record.data, interpretations=changes, origin_interpretations=origin, engine=engine
            )
        except InvalidRequestError as exc:
            error = request_error(exc)
        except InvalidOptionError as exc:
            error = {"kind": "invalid_option", "message": str(exc)}
    return error_result(record, error, problem_lines)


def cmd_change(args: argparse.Namespace) -> int:
    changes, origin = split_interpretations(args.interpretation or [])
    engine_ready(args.engine)
    with output_stream(args.output, inputs=args.files) as out:
        return _change_all(args, changes, origin, out)


def _change_all(
    args: argparse.Namespace, changes: dict[str, str], origin: dict[str, str], out: TextIO
) -> int:
    from origin_rules.changes import ChangeDecision
    from origin_rules.cli.records import HtmlOutput, JsonOutput, many_records, read_records

    fmt: str = args.format or ("jsonl" if args.jsonl else "text")
    as_json = JsonOutput(out, lines=fmt == "jsonl", one_input=not many_records(args))
    title = "生源信息修改申请审核结果" if args.lang == "zh" else "Change requests: decisions"
    as_html = HtmlOutput(out, args.lang, title, many=many_records(args))
    bad_input = False
    not_accepted = False
    for count, record in enumerate(read_records(args.files, args.jsonl), start=1):
        result = decide_one(record, changes, origin, args.engine)
        if isinstance(result, ChangeDecision):
            not_accepted |= result.result != "accepted"
        else:
            bad_input = True
        if fmt in ("json", "jsonl"):
            as_json.add(
                record,
                result.model_dump(mode="json") if isinstance(result, ChangeDecision) else result,
            )
        elif fmt == "html":
            _add_html(as_html, result, record, args.lang)
        else:
            _write_rendered(out, result, record, args.lang, fmt, first=count == 1)
    if fmt == "json":
        as_json.finish()
    if fmt == "html":
        as_html.finish()
    if bad_input:
        return EXIT_BAD_INPUT
    if args.fail_on == "not-accepted" and not_accepted:
        return EXIT_FAIL_ON
    return EXIT_OK


def _write_rendered(
    out: TextIO,
    result: ChangeDecision | dict[str, Any],
    record: Record,
    lang: str,
    fmt: str,
    *,
    first: bool,
) -> None:
    from origin_rules.changes import ChangeDecision, render_change
    from origin_rules.cli.records import write_error

    if not first:
        out.write("\n---\n\n" if fmt == "md" else "\n" + "=" * 72 + "\n\n")
    if isinstance(result, ChangeDecision):
        out.write(render_change(result, lang=lang, format=fmt))
        return
    write_error(out, record, problem_lines(result["error"]), lang, fmt)


def _add_html(
    page: HtmlOutput, result: ChangeDecision | dict[str, Any], record: Record, lang: str
) -> None:
    from origin_rules.changes import ChangeDecision, bundled_changes_policy, parse_request
    from origin_rules.changes.html import change_article

    if isinstance(result, ChangeDecision):
        # The request was parsed when it was decided: it draws the records before and after.
        request = parse_request(record.data, bundled_changes_policy())
        page.add(change_article(result, lang, request, anchor=page.anchor(record)))
        return
    page.error(record, problem_lines(result["error"]))


def interpretation_option(p: argparse.ArgumentParser) -> None:
    """--interpretation for the commands that decide change requests (change, forms)."""
    readings_option(
        p,
        "choose a reading other than the default for an open point (repeatable): the "
        "change policy's (rulesets/changes-2022/interpretations.yaml) or the origin rules'",
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = add_command(
        sub,
        "change",
        "Decide change requests after verification (生源信息修改申请, 附表1), field by field.",
        EXAMPLES,
        cmd_change,
    )
    inputs_option(p, "read JSON Lines (one request per line)")
    p.add_argument(
        "--format",
        choices=("text", "md", "html", "json", "jsonl"),
        help="text (the default; jsonl with --jsonl), md and html (one self-contained page "
        "of reports to print) are for staff, in --lang; json and jsonl are the decisions "
        "as data, keys sorted",
    )
    output_option(p)
    lang_option(p)
    engine_option(p)
    interpretation_option(p)
    p.add_argument(
        "--fail-on",
        choices=("not-accepted",),
        help="not-accepted: exit 1 when any request is not accepted in full",
    )


__all__ = ["decide_one", "interpretation_option", "register", "split_interpretations"]
