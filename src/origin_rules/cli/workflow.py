"""`origin-rules diagnose` and `origin-rules workflow-rules`: the verification workflow's
diagnoses for origin records, and the workflow rules themselves."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from origin_rules.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    add_command,
    check_readings,
    check_rule_folders,
    engine_option,
    engine_ready,
    inputs_option,
    interpretation_lines,
    lang_option,
    parse_iso_date,
    readings_option,
    rendered_format_option,
)
from origin_rules.cli.records import (
    HtmlOutput,
    JsonOutput,
    Record,
    error_lines,
    error_result,
    facts_error,
    many_records,
    read_records,
    write_error,
    write_heading,
)
from origin_rules.errors import InvalidFactsError, InvalidOptionError
from origin_rules.workflow import Diagnosis, Symptom, diagnose
from origin_rules.workflow.html import diagnosis_article
from origin_rules.workflow.load import bundled_workflow, load_workflow
from origin_rules.workflow.model import WorkflowRuleset
from origin_rules.workflow.render import render_diagnosis
from origin_rules.workflow.vocabulary import ACTORS

DIAGNOSE_EXAMPLES = """\
Examples:
  origin-rules diagnose examples/workflow/department-cannot-see.json   # 中文, plain text
  origin-rules diagnose state.json --symptom department_cannot_see --lang en
  origin-rules diagnose state.json --format md > diagnosis.md
  origin-rules diagnose state.json --format html > diagnosis.html   # to print
  cat state.json | origin-rules diagnose - --format json
  origin-rules diagnose --jsonl states.jsonl --format json > diagnoses.jsonl
  origin-rules diagnose state.json --as-of 2021-10-20 --interpretation late_record=review_continues

Input: each file holds one record state (a JSON object) or a JSON array of them; with
--jsonl, one per line (blank lines are skipped). `origin-rules workflow-rules` lists the
symptoms, rules and interpretations; docs/workflow.md describes the state's fields.
--symptom overrides the state's own `symptom`; --as-of its `as_of` (default: today).
Output: one record per input record, in order. A record that cannot be diagnosed
(invalid JSON, a malformed or impossible state) becomes {"error": {...}, "file": ...,
"input_index" or "line": n}, its problems with their field paths go to stderr, and the
exit code is 2.

Exit codes: 0 done; 2 bad input; 3 internal error.
"""

RULES_EXAMPLES = """\
Examples:
  origin-rules workflow-rules                      # the bundled workflow rules, 中文
  origin-rules workflow-rules --lang en
  origin-rules workflow-rules --check rulesets/workflow-2022   # validate a folder

With --check, each problem is printed to stderr as `file: rule: field: message` (`-`
when no rule is concerned) and the exit code is 2; otherwise one line per folder.
"""


# --- diagnose ---------------------------------------------------------------------------


def cmd_diagnose(args: argparse.Namespace) -> int:
    workflow = bundled_workflow()
    interpretations = dict(args.interpretation or [])
    check_readings(interpretations, {i.id: i.readings for i in workflow.interpretations.values()})
    engine_ready(args.engine, [workflow])
    fmt: str = args.format
    out = sys.stdout
    many = many_records(args)
    as_json = JsonOutput(out, lines=args.jsonl, one_input=not many)
    title = "生源记录诊断" if args.lang == "zh" else "Origin record diagnoses"
    as_html = HtmlOutput(out, args.lang, title, many=many)
    bad_input = False
    for count, record in enumerate(read_records(args.files, args.jsonl), start=1):
        result = _diagnose_record(record, args, interpretations)
        bad_input |= not isinstance(result, Diagnosis)
        if fmt == "html":
            if isinstance(result, Diagnosis):
                as_html.add(diagnosis_article(result, args.lang))
            else:
                as_html.error(record, error_lines(result["error"]))
        elif fmt in ("text", "md"):
            write_heading(out, record, fmt, many, first=count == 1)
            if isinstance(result, Diagnosis):
                out.write(render_diagnosis(result, lang=args.lang, format=fmt))
            else:
                write_error(out, record, error_lines(result["error"]), args.lang, fmt)
        else:
            as_json.add(
                record, result.model_dump(mode="json") if isinstance(result, Diagnosis) else result
            )
    if fmt == "json":
        as_json.finish()
    if fmt == "html":
        as_html.finish()
    return EXIT_BAD_INPUT if bad_input else EXIT_OK


def _diagnose_record(
    record: Record, args: argparse.Namespace, interpretations: dict[str, str]
) -> Diagnosis | dict[str, Any]:
    if record.error is not None:
        error = record.error
    else:
        try:
            return diagnose(
                record.data,
                symptom=args.symptom,
                as_of=args.as_of,
                interpretations=interpretations,
                engine=args.engine,
            )
        except InvalidFactsError as exc:
            error = facts_error(exc)
            error["message"] = f"{len(exc.errors)} problem(s) in the record's state"
        except InvalidOptionError as exc:
            error = {"kind": "invalid_option", "message": str(exc)}
    return error_result(record, error)


# --- workflow-rules --------------------------------------------------------------------


def cmd_workflow_rules(args: argparse.Namespace) -> int:
    if args.check:
        return check_rule_folders([Path(name) for name in args.check], load_workflow)
    sys.stdout.write(rules_text(bundled_workflow(), args.lang))
    return EXIT_OK


def rules_text(workflow: WorkflowRuleset, lang: str) -> str:
    """The workflow rules in precedence order, the symptoms and the interpretations."""
    zh = lang == "zh"
    colon = "：" if zh else ": "
    lines = [
        f"{workflow.id} {workflow.version}  {workflow.title.in_lang(lang)}",
        (
            f"校对截止：{workflow.window_end}；学信网更正后省厅更新约 {workflow.chsi_sync_days} 天"
            if zh
            else f"Window ends: {workflow.window_end}; the province picks up a 学信网 "
            f"correction after about {workflow.chsi_sync_days} days"
        ),
        "症状（--symptom）：" if zh else "Symptoms (--symptom):",
        "  " + ", ".join(s.value for s in Symptom),
        "",
        "按优先级从高到低：" if zh else "Rules, highest precedence first:",
        "",
    ]
    kinds = {
        "diagnosis": ("诊断", "diagnosis"),
        "status": ("状态", "status"),
        "note": ("提示", "note"),
    }
    for number, rule in enumerate(workflow.rules, start=1):
        clause = workflow.clauses[rule.clause]
        kind = kinds[rule.kind][0 if zh else 1]
        actors = ", ".join(dict.fromkeys(ACTORS[s.actor].in_lang(lang) for s in rule.next_steps))
        lines.append(
            f"{number:>3}. {rule.id}  → {kind}"
            + (f"（{actors}）" if zh and actors else f" ({actors})" if actors else "")
        )
        lines.append(f"     {rule.title.in_lang(lang)}")
        lines.append(f"     {'条款' if zh else 'Clause'}{colon}{clause.section} [{clause.id}]")
        if rule.replaces:
            lines.append(f"     {'涵盖' if zh else 'Replaces'}{colon}{', '.join(rule.replaces)}")
    lines += interpretation_lines(workflow.interpretations.values(), lang)
    return "\n".join(lines) + "\n"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = add_command(
        sub,
        "diagnose",
        "Diagnose why an origin record is stuck in the binding and verification workflow, "
        "and who does what next, clause by clause.",
        DIAGNOSE_EXAMPLES,
        cmd_diagnose,
    )
    inputs_option(p)
    p.add_argument(
        "--symptom",
        choices=[s.value for s in Symptom],
        help="the problem reported (overrides the state's own `symptom`)",
    )
    p.add_argument(
        "--as-of",
        type=parse_iso_date,
        metavar="YYYY-MM-DD",
        help="judge the state as of this day (default: the state's as_of, else today)",
    )
    readings_option(
        p,
        "choose a reading other than the default for an open point of the guide "
        "(repeatable); `origin-rules workflow-rules` lists them",
    )
    lang_option(p)
    rendered_format_option(p)
    engine_option(p)

    rules = add_command(
        sub,
        "workflow-rules",
        "List the workflow rules in precedence order with their clauses, the symptoms and "
        "the interpretations; or validate workflow rule folders (--check).",
        RULES_EXAMPLES,
        cmd_workflow_rules,
    )
    lang_option(rules)
    rules.add_argument(
        "--check",
        nargs="+",
        metavar="WORKFLOW_DIR",
        help="validate these folders (each holding a workflow.yaml) instead of listing",
    )
