"""Load a workflow rule folder and validate it, without executing anything in it.

The folder's head file is `workflow.yaml` (a `ruleset.yaml` would make it an origin
ruleset). Its files are read, and its clauses checked against the guide's text, by the
functions every rule folder uses (`origin_rules.ruleset.folder`), and conditions are
parsed and checked by the origin ruleset's own functions, so the two kinds of rule file
cannot drift apart. Every problem is collected and reported at once, each
naming the file, the rule and the field.
"""

from __future__ import annotations

import functools
from pathlib import Path

from origin_rules.errors import RulesetError
from origin_rules.ruleset import files as f
from origin_rules.ruleset.bundled import rulesets_folder
from origin_rules.ruleset.folder import Problems, RuleFolder, fact_domains, precedence_positions
from origin_rules.ruleset.load import _template_fields, rule_entries
from origin_rules.ruleset.model import (
    Always,
    Clause,
    Interpretation,
    Text,
    interpretation_fact,
)
from origin_rules.workflow import files as wf
from origin_rules.workflow.model import NextStep, WorkflowRule, WorkflowRuleset
from origin_rules.workflow.vocabulary import DISPLAY, FACTS

HEAD_FILE = "workflow.yaml"
BUNDLED_FOLDER = "workflow-2022"


def bundled_workflow() -> WorkflowRuleset:
    """The workflow ruleset that ships with the library (loaded once per process)."""
    return _bundled()


@functools.cache
def _bundled() -> WorkflowRuleset:
    return load_workflow(rulesets_folder() / BUNDLED_FOLDER)


def load_workflow(folder: str | Path) -> WorkflowRuleset:
    """Load and validate a workflow rule folder; `RulesetError` lists every problem."""
    problems = Problems()
    files = RuleFolder(Path(folder), problems)
    head = files.read(HEAD_FILE, wf.WorkflowHeadFile)
    if head is None:
        raise RulesetError(problems.items)
    clauses_file = files.read("clauses.yaml", f.ClausesFile)
    interps_file = files.read("interpretations.yaml", f.InterpretationsFile)
    rule_files = [(name, files.read(name, wf.WorkflowRulesFile)) for name in head.rule_files]
    clauses, interpretations = files.guide(
        HEAD_FILE, head.source.document, clauses_file, interps_file
    )
    rules = _rules(rule_files, clauses, interpretations, problems)
    if any(parsed is None for _, parsed in rule_files):
        raise RulesetError(problems.items)
    ordered = _precedence(head.precedence, rules, problems)
    if problems.items:
        raise RulesetError(problems.items)
    return WorkflowRuleset(
        id=head.id,
        version=head.version,
        title=Text(head.title.zh, head.title.en),
        source_title=head.source.title,
        window_end=head.window_end,
        chsi_sync_days=head.chsi_sync_days,
        clauses=clauses,
        interpretations=interpretations,
        rules=tuple(ordered),
        content_hash=files.content_hash,
        fact_names=frozenset(FACTS) | {interpretation_fact(i) for i in interpretations},
    )


def _rules(
    files: list[tuple[str, wf.WorkflowRulesFile | None]],
    clauses: dict[str, Clause],
    interpretations: dict[str, Interpretation],
    problems: Problems,
) -> dict[str, WorkflowRule]:
    domains = fact_domains(FACTS, interpretations)
    rules: dict[str, WorkflowRule] = {}
    parsed = [(name, rules_file.rules) for name, rules_file in files if rules_file is not None]
    for file_name, r, bad, condition in rule_entries(
        parsed, clauses, domains, interpretations, rules, problems
    ):
        if r.then.kind != "note" and not r.then.next_steps:
            bad("then.next_steps", f"a {r.then.kind} says who does what next")
        if r.then.kind != "diagnosis" and r.then.replaces:
            bad("then.replaces", f"a {r.then.kind} replaces nothing")
        texts = [("explain", r.explain.zh, r.explain.en)] + [
            (f"then.next_steps.{i}", s.zh, s.en) for i, s in enumerate(r.then.next_steps)
        ]
        for where, zh, en in texts:
            for lang, template in (("zh", zh), ("en", en)):
                for name in _template_fields(template):
                    if name not in DISPLAY:
                        bad(f"{where}.{lang}", f"names unknown placeholder {{{name}}}")
        rules[r.id] = WorkflowRule(
            id=r.id,
            file=file_name,
            clause=r.clause,
            title=Text(r.title.zh, r.title.en),
            condition=condition,
            kind=r.then.kind,
            next_steps=tuple(NextStep(s.actor, Text(s.zh, s.en)) for s in r.then.next_steps),
            replaces=tuple(r.then.replaces),
            explain=Text(r.explain.zh, r.explain.en),
        )
    return rules


def _precedence(
    order: list[str], rules: dict[str, WorkflowRule], problems: Problems
) -> list[WorkflowRule]:
    seen = precedence_positions(order, rules, problems, HEAD_FILE)
    for rid, rule in rules.items():
        if rid not in seen:
            problems.add(rule.file, rid, "id", f"is missing from the precedence in {HEAD_FILE}")
            continue
        for other in rule.replaces:
            if other not in rules:
                problems.add(rule.file, rid, "then.replaces", f"names unknown rule {other!r}")
            elif other == rid:
                problems.add(rule.file, rid, "then.replaces", "a rule cannot replace itself")
            elif seen.get(other, -1) < seen[rid]:
                problems.add(
                    HEAD_FILE,
                    rid,
                    "precedence",
                    f"a rule comes before the rules it replaces ({other})",
                )
    ordered = [rules[rid] for rid in sorted(seen, key=seen.__getitem__) if rid in rules]
    # The always-firing fallback last: every record gets an answer, and the durable engine
    # needs one rule that always fires.
    if ordered and (
        not isinstance(ordered[-1].condition, Always) or ordered[-1].kind != "diagnosis"
    ):
        problems.add(
            HEAD_FILE,
            ordered[-1].id,
            "precedence",
            "the last rule must be a diagnosis that always fires (when: {always: true})",
        )
    for rule in ordered[:-1]:
        if isinstance(rule.condition, Always):
            problems.add(rule.file, rule.id, "when", "only the last rule may always fire")
    return ordered
