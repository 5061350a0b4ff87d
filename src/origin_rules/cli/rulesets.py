"""`origin-rules rules`, `check` and `schema`: what the bundled rulesets hold, whether a
rule folder is valid, and the shape of an applicant's facts and of a decision."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    from pydantic import BaseModel

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
  origin-rules schema -o applicant.schema.json                          # what a call takes
  origin-rules schema --output-model decision -o decision.schema.json  # what it returns

docs/applicant.schema.json and docs/decision.schema.json are these, published.
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


# The JSON Schema dialect pydantic writes, and where each published schema is named.
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_MODELS = ("applicant", "decision")


def published_schema(model: str) -> dict[str, Any]:
    """The JSON Schema of an applicant (`decide_origin`'s input) or of a decision (its
    output), with the dialect (`$schema`) and a stable name (`$id`) a validator needs."""
    from origin_rules.decision import Decision
    from origin_rules.facts import Applicant

    models: dict[str, type[BaseModel]] = {"applicant": Applicant, "decision": Decision}
    schema = models[model].model_json_schema()
    return {"$schema": JSON_SCHEMA_DIALECT, "$id": f"urn:origin-rules:schema:{model}", **schema}


def cmd_schema(args: argparse.Namespace) -> int:
    with output_stream(args.output) as out:
        out.write(dump(published_schema(args.output_model), 2) + "\n")
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
        sub,
        "schema",
        "Print the JSON Schema of an applicant's facts, or of a decision.",
        SCHEMA_EXAMPLES,
        cmd_schema,
    )
    schema.add_argument(
        "--output-model",
        choices=SCHEMA_MODELS,
        default="applicant",
        help="whose schema: the facts a call takes (applicant, the default) or the "
        "decision it returns",
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
