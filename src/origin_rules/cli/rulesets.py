"""`origin-rules rules`, `check` and `schema`: what the bundled rulesets hold, whether a
rule folder is valid, and the shape of an applicant's facts."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from origin_rules.cli.common import (
    EXIT_OK,
    Fatal,
    add_command,
    dump,
    interpretation_lines,
    lang_option,
    output_option,
    output_stream,
)
from origin_rules.cli.rule_folders import bundled_rule_folders, check_rule_folders

if TYPE_CHECKING:
    from origin_rules.ruleset.model import Ruleset

CHECK_EXAMPLES = """\
Examples:
  origin-rules check                           # every bundled rule folder
  origin-rules check rulesets/guide-2022       # a rule folder being edited
  origin-rules check rulesets/workflow-2022 rulesets/changes-2022

A folder's kind comes from its head file: ruleset.yaml (origin rules), workflow.yaml
(workflow rules, as `origin-rules diagnose` uses) or changes.yaml (the change policy, as
`origin-rules change` and `forms` use). Each problem is printed to stderr as `file: rule: field: message` (`-` when no rule is
concerned), and the exit code is 2; otherwise one line per folder: what it holds (rules
or, for a change policy, fields and reasons; clauses; interpretations), and exit code 0.
"""


SCHEMA_EXAMPLES = """\
Examples:
  origin-rules schema -o applicant.schema.json
"""


RULES_EXAMPLES = """\
Examples:
  origin-rules rules                 # every bundled ruleset, in Chinese
  origin-rules rules --lang en --ruleset guide-2022
"""


# --- check -------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    return check_rule_folders([Path(name) for name in args.folders] or bundled_rule_folders())


# --- schema, rules -------------------------------------------------------------------


def cmd_schema(args: argparse.Namespace) -> int:
    from origin_rules.facts import Applicant

    with output_stream(args.output) as out:
        out.write(dump(Applicant.model_json_schema(), 2) + "\n")
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from origin_rules.ruleset.bundled import bundled_rulesets

    rulesets = bundled_rulesets()
    if args.ruleset is not None:
        if args.ruleset not in rulesets:
            raise Fatal(f"--ruleset: {args.ruleset!r} is not one of {sorted(rulesets)}")
        chosen = [rulesets[args.ruleset]]
    else:
        chosen = list(rulesets.values())
    with output_stream(args.output) as out:
        out.writelines(_rules_text(ruleset, args.lang) for ruleset in chosen)
    return EXIT_OK


def _rules_text(ruleset: Ruleset, lang: str) -> str:
    from origin_rules.render import outcome_label

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
    lines += interpretation_lines(ruleset.interpretations.values(), lang)
    return "\n".join(lines) + "\n\n"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    schema = add_command(
        sub, "schema", "Print the JSON Schema of an applicant's facts.", SCHEMA_EXAMPLES, cmd_schema
    )
    output_option(schema)
    rules = add_command(
        sub,
        "rules",
        "List the rules in precedence order, with the clause each encodes, "
        "and the interpretations a call may choose.",
        RULES_EXAMPLES,
        cmd_rules,
    )
    lang_option(rules)
    rules.add_argument("--ruleset", metavar="ID", help="only this bundled ruleset")
    output_option(rules)

    check = add_command(
        sub,
        "check",
        "Validate rule folders (rule files, clauses, interpretations, precedence).",
        CHECK_EXAMPLES,
        cmd_check,
    )
    check.add_argument(
        "folders",
        nargs="*",
        metavar="RULE_DIR",
        help="rule folder(s), each holding a ruleset.yaml, workflow.yaml or changes.yaml "
        "(default: every bundled one)",
    )
