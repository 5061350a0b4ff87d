"""`origin-rules forms`: form 1 (附表1) from change requests and annex 2 (附件2) from
graduate records, as CSV (UTF-8 with BOM) or XLSX."""

from __future__ import annotations

import argparse
import codecs
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from origin_rules.cli.changes import (
    interpretation_option,
    problem_lines,
    request_error,
    split_interpretations,
)
from origin_rules.cli.common import (
    EXIT_FAIL_ON,
    EXIT_OK,
    Fatal,
    Run,
    add_command,
    bom_option,
    engine_option,
    engine_ready,
    inputs_option,
    output_option,
    parse_iso_date,
    write_output_bytes,
)

if TYPE_CHECKING:
    from origin_rules.changes import ChangeRequest, GraduateRecord
    from origin_rules.cli.records import Record
    from origin_rules.forms import Table

EXAMPLES = """\
Examples:
  origin-rules forms change-form examples/changes/*.json -o 附表1.xlsx
  origin-rules forms change-form --jsonl requests.jsonl --format csv -o 附表1.csv
  origin-rules forms minority-summary --jsonl graduates.jsonl -o 附件2.xlsx
  origin-rules forms minority-summary records.json --format csv -o - > 附件2.csv

change-form decides each change request (as `origin-rules change` does) and writes one
row of form 1 per correction that goes through the form and is not rejected; the
corrections left out are listed on stderr with the reason. minority-summary writes one
row per graduate record in the minority programme (少干计划) and lists on stderr every
such graduate without the agreement (定向协议书) on file, or with a degree the programme
does not cover.

CSV is UTF-8 with a byte-order mark (spreadsheet programs then show the Chinese;
--no-bom leaves it out) and holds the header row and the rows; a cell starting with = + - @ or a tab gets an
apostrophe before it so that no spreadsheet runs it as a formula (--csv-raw: as is); XLSX (needs the forms extra: pip install
'origin-rules[forms]') is the form as filed: title, signature line, header row, rows,
and a sheet 说明 naming the readings of the guide used (e.g. the header of form 1's
last column). --format defaults to the output file's suffix (.xlsx, else csv).

Exit codes: 0 done; 1 minority-summary found graduates to settle; 2 bad input (no file
is written then); 3 internal error.
"""


T = TypeVar("T")


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    return "xlsx" if str(args.output).lower().endswith(".xlsx") else "csv"


def _write(table: Table, args: argparse.Namespace) -> None:
    from origin_rules.forms import FormsUnavailableError, csv_bytes, xlsx_bytes

    fmt = _format(args)
    try:
        data = xlsx_bytes(table) if fmt == "xlsx" else csv_bytes(table, raw=args.csv_raw)
    except FormsUnavailableError as exc:
        raise Fatal(str(exc)) from None
    if fmt == "csv" and args.no_bom:
        data = data.removeprefix(codecs.BOM_UTF8)
    if args.output == "-" and fmt == "xlsx" and sys.stdout.isatty():
        raise Fatal("will not write XLSX to a terminal; use -o FILE")
    write_output_bytes(args.output, data, inputs=args.files)


class _Unusable(Exception):
    """A record that cannot go on a form, with its problems (one line each)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines)
        self.lines = lines


def _read_all(args: argparse.Namespace, parse: Callable[[Any], T]) -> list[tuple[Record, T]]:
    """Every input record with what `parse` makes of it (`parse` raises `_Unusable`).
    A form is all or nothing: if any record is unusable, each one's problems go to
    stderr and no form is written."""
    from origin_rules.cli.records import read_records, report_lines

    parsed: list[tuple[Record, T]] = []
    bad = False
    for record in read_records(args.files, args.jsonl):
        try:
            if record.error is not None:
                raise _Unusable(problem_lines(record.error))
            parsed.append((record, parse(record.data)))
        except _Unusable as exc:
            report_lines(record, exc.lines)
            bad = True
    if bad:
        raise Fatal("no form written (bad input)")
    return parsed


def cmd_change_form(args: argparse.Namespace) -> int:
    from origin_rules.changes import InvalidRequestError, parse_request
    from origin_rules.changes.policy import bundled_changes_policy
    from origin_rules.forms import change_form

    changes, origin = split_interpretations(args.interpretation or [])
    engine_ready(args.engine)
    policy = bundled_changes_policy()

    def parse(data: Any) -> ChangeRequest:
        try:
            return parse_request(data, policy)
        except InvalidRequestError as exc:
            raise _Unusable(problem_lines(request_error(exc))) from None

    requests = _read_all(args, parse)
    form = change_form(
        [r for _, r in requests],
        interpretations=changes,
        origin_interpretations=origin,
        engine=args.engine,
        policy=policy,
    )
    where = {r.request_id or r.record.student_number: rec.where() for rec, r in requests}
    for s in form.skipped:
        place = where.get(s.request_id or s.student_number, "")
        print(
            f"{place}: not on the form: {s.field} ({s.result}): {s.why.zh}",
            file=sys.stderr,
        )
    _write(form.table, args)
    return EXIT_OK


def cmd_minority_summary(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from origin_rules.changes import GraduateRecord
    from origin_rules.forms import minority_summary

    changes, _ = split_interpretations(args.interpretation or [])

    def parse(data: Any) -> GraduateRecord:
        try:
            return GraduateRecord.model_validate(data)
        except ValidationError as exc:
            raise _Unusable([_record_error(e) for e in exc.errors(include_url=False)]) from None

    graduates = _read_all(args, parse)
    summary = minority_summary([g for _, g in graduates], interpretations=changes, as_of=args.as_of)
    for p in summary.problems:
        record = graduates[p.index][0]
        print(
            f"{record.where()}: {p.student_number} {p.name}: {p.problem}: {p.text.zh}",
            file=sys.stderr,
        )
    _write(summary.table, args)
    return EXIT_FAIL_ON if summary.problems else EXIT_OK


def _record_error(err: Any) -> str:
    from origin_rules.errors import FactError
    from origin_rules.identity import mask_number

    path = ".".join(str(p) for p in err["loc"]) or "(root)"
    if err["msg"] == "Field required":
        return f"{path}: {err['msg']}"
    value = err.get("input")
    if err["loc"][:1] == ("id_number",) and isinstance(value, str | int):
        value = mask_number(str(value))
    elif isinstance(value, dict | list):
        return f"{path}: {err['msg']}"
    return str(FactError(path, err["msg"], value))


def _common(p: argparse.ArgumentParser) -> None:
    inputs_option(p, "read JSON Lines (one per line)")
    output_option(
        p,
        "the form to write, whole or not at all (a temporary file beside it, renamed to "
        "FILE when the form is complete); - is stdout",
        required=True,
    )
    p.add_argument(
        "--format",
        choices=("csv", "xlsx"),
        help="csv (UTF-8 with BOM) or xlsx; default: from the output's suffix",
    )
    bom_option(p)
    p.add_argument(
        "--csv-raw",
        action="store_true",
        help="CSV cells as they are: by default a cell starting with = + - @ or a tab is "
        "written with an apostrophe before it, so a spreadsheet shows it as text",
    )
    interpretation_option(p)


def _form_command(
    inner: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    help_text: str,
    description: str,
    run: Run,
) -> argparse.ArgumentParser:
    """A form's subcommand, with the options every form takes."""
    p = add_command(
        inner, name, help_text, EXAMPLES, run, description=description, run_key="forms_run"
    )
    _common(p)
    return p


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    forms = add_command(
        sub,
        "forms",
        "Write form 1 (附表1) from change requests, or annex 2 (附件2) from graduate records.",
        EXAMPLES,
        lambda args: args.forms_run(args),
    )
    inner = forms.add_subparsers(dest="form", metavar="FORM", required=True)
    change = _form_command(
        inner,
        "change-form",
        "form 1 (附表1): one row per correction that goes through the form",
        "Form 1 (附表1, 生源信息修改申请表) from change requests.",
        cmd_change_form,
    )
    engine_option(change)
    minority = _form_command(
        inner,
        "minority-summary",
        "annex 2 (附件2): the minority-programme (少干计划) graduates",
        "Annex 2 (附件2, 少干计划毕业生信息汇总表) from graduate records.",
        cmd_minority_summary,
    )
    minority.add_argument(
        "--as-of",
        type=parse_iso_date,
        metavar="YYYY-MM-DD",
        help="name origins as the divisions stood on this day (default: today)",
    )
