"""Load a workflow rule folder and validate it, without executing anything in it.

The folder's head file is `workflow.yaml` (a `ruleset.yaml` would make it an origin
ruleset). Conditions are parsed and checked by the origin ruleset's own functions, and
clauses are checked against the guide's text with the same `squash`, so the two kinds
of rule file cannot drift apart. Every problem is collected and reported at once, each
naming the file, the rule and the field.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from origin_rules.errors import RulesetError
from origin_rules.ruleset import files as f
from origin_rules.ruleset.bundled import rulesets_folder
from origin_rules.ruleset.load import _condition, _Problems, _rule_of, _template_fields, squash
from origin_rules.ruleset.model import (
    Always,
    Clause,
    FactValue,
    Interpretation,
    Text,
    interpretation_fact,
)
from origin_rules.workflow import files as wf
from origin_rules.workflow.model import NextStep, WorkflowRule, WorkflowRuleset
from origin_rules.workflow.vocabulary import DISPLAY, FACTS

HEAD_FILE = "workflow.yaml"
BUNDLED_FOLDER = "workflow-2022"

M = TypeVar("M", bound=BaseModel)


def bundled_workflow() -> WorkflowRuleset:
    """The workflow ruleset that ships with the library (loaded once per process)."""
    return _bundled()


@functools.cache
def _bundled() -> WorkflowRuleset:
    return load_workflow(rulesets_folder() / BUNDLED_FOLDER)


def load_workflow(folder: str | Path) -> WorkflowRuleset:
    """Load and validate a workflow rule folder; `RulesetError` lists every problem."""
    folder = Path(folder)
    problems = _Problems()
    digest = hashlib.sha256()

    def read(name: str, model: type[M]) -> M | None:
        try:
            raw_bytes = (folder / name).read_bytes()
        except OSError as exc:
            problems.add(name, None, "(file)", f"cannot be read: {exc.strerror}")
            return None
        digest.update(name.encode() + b"\0" + raw_bytes + b"\0")
        try:
            raw = yaml.safe_load(raw_bytes.decode("utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            problems.add(name, None, "(file)", f"is not valid UTF-8 YAML: {exc}")
            return None
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = ".".join(str(p) for p in err["loc"]) or "(root)"
                problems.add(name, _rule_of(raw, err["loc"]), loc, err["msg"])
            return None

    head = read(HEAD_FILE, wf.WorkflowHeadFile)
    if head is None:
        raise RulesetError(problems.items)
    clauses_file = read("clauses.yaml", f.ClausesFile)
    interps_file = read("interpretations.yaml", f.InterpretationsFile)
    rule_files = [(name, read(name, wf.WorkflowRulesFile)) for name in head.rule_files]
    source = _source(folder, head.source.document, problems, digest)

    clauses = _clauses(clauses_file, source, problems)
    interpretations = _interpretations(interps_file, clauses, problems)
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
        content_hash="sha256:" + digest.hexdigest(),
        fact_names=frozenset(FACTS) | frozenset(interpretation_fact(i) for i in interpretations),
    )


def _source(folder: Path, name: str, problems: _Problems, digest: Any) -> str:
    try:
        data = (folder / name).read_bytes()
    except OSError as exc:
        problems.add(HEAD_FILE, None, "source.document", f"{name} cannot be read: {exc}")
        return ""
    digest.update(name.encode() + b"\0" + data + b"\0")
    return data.decode("utf-8")


def _clauses(file: f.ClausesFile | None, source: str, problems: _Problems) -> dict[str, Clause]:
    clauses: dict[str, Clause] = {}
    if file is None:
        return clauses
    flat = squash(source)
    for c in file.clauses:
        if c.id in clauses:
            problems.add("clauses.yaml", c.id, "id", "is declared twice")
        if source and squash(c.text) not in flat:
            problems.add("clauses.yaml", c.id, "text", "is not verbatim in the source document")
        if source and squash(c.section).split("/")[-1] not in flat:
            problems.add("clauses.yaml", c.id, "section", "heading not found in the source")
        clauses[c.id] = Clause(c.id, c.section, c.text)
    return clauses


def _interpretations(
    file: f.InterpretationsFile | None, clauses: dict[str, Clause], problems: _Problems
) -> dict[str, Interpretation]:
    result: dict[str, Interpretation] = {}
    for i in file.interpretations if file else ():
        where = "interpretations.yaml"
        if i.id in result:
            problems.add(where, i.id, "id", "is declared twice")
        if i.clause not in clauses:
            problems.add(where, i.id, "clause", f"names unknown clause {i.clause!r}")
        if i.default not in i.readings:
            problems.add(where, i.id, "default", f"{i.default!r} is not one of its readings")
        result[i.id] = Interpretation(
            id=i.id,
            clause=i.clause,
            question=Text(i.question.zh, i.question.en),
            default=i.default,
            readings={k: Text(v.zh, v.en) for k, v in i.readings.items()},
            why_default=Text(i.why_default.zh, i.why_default.en),
        )
    return result


def _rules(
    files: list[tuple[str, wf.WorkflowRulesFile | None]],
    clauses: dict[str, Clause],
    interpretations: dict[str, Interpretation],
    problems: _Problems,
) -> dict[str, WorkflowRule]:
    domains: dict[str, tuple[FactValue, ...]] = dict(FACTS)
    for interp in interpretations.values():
        domains[interpretation_fact(interp.id)] = tuple(interp.readings)
    rules: dict[str, WorkflowRule] = {}
    for file_name, rules_file in files:
        for r in rules_file.rules if rules_file else ():

            def bad(field: str, message: str, rid: str = r.id, fn: str = file_name) -> None:
                problems.add(fn, rid, field, message)

            if r.id in rules:
                bad("id", f"is also declared in {rules[r.id].file}")
            if r.clause not in clauses:
                bad("clause", f"names unknown clause {r.clause!r}")
            condition = _condition(r.when, "when", domains, interpretations, bad)
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
    order: list[str], rules: dict[str, WorkflowRule], problems: _Problems
) -> list[WorkflowRule]:
    seen: dict[str, int] = {}
    for i, rid in enumerate(order):
        if rid in seen:
            problems.add(HEAD_FILE, rid, f"precedence.{i}", "is listed twice")
        elif rid not in rules:
            problems.add(HEAD_FILE, rid, f"precedence.{i}", "is not a rule of any rule file")
        seen.setdefault(rid, i)
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
