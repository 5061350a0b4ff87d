"""Load a ruleset folder and validate it, without executing anything in it.

Every problem found is collected and reported at once, each naming the file, the rule
and the field, so a policy editor can fix a ruleset in one pass.
"""

from __future__ import annotations

import hashlib
import re
import string
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from origin_rules.errors import RuleFileProblem, RulesetError
from origin_rules.ruleset import files as f
from origin_rules.ruleset.model import (
    All,
    Always,
    Any_,
    Atom,
    Clause,
    Conclusion,
    Condition,
    FactValue,
    Interpretation,
    MissingFact,
    Outcome,
    Rule,
    Ruleset,
    Text,
    interpretation_fact,
)
from origin_rules.situation.prepare import PREPARATION_READINGS
from origin_rules.situation.vocabulary import DISPLAY, FACTS

# Places the preparation step can offer as an origin or a candidate.
ORIGIN_SOURCES = ("family_before_gaokao", "family_now", "work_hukou", "region")
CANDIDATE_SOURCES = (*ORIGIN_SOURCES, "student_before_gaokao", "work")

M = TypeVar("M", bound=BaseModel)


class _Problems:
    def __init__(self) -> None:
        self.items: list[RuleFileProblem] = []

    def add(self, file: str, rule: str | None, field: str, message: str) -> None:
        self.items.append(RuleFileProblem(file, rule, field, message))


def load_ruleset(folder: str | Path) -> Ruleset:
    folder = Path(folder)
    problems = _Problems()
    digest = hashlib.sha256()

    def read(name: str, model: type[M], rule_hint: str | None = None) -> M | None:
        path = folder / name
        try:
            raw_bytes = path.read_bytes()
        except OSError as exc:
            problems.add(name, rule_hint, "(file)", f"cannot be read: {exc.strerror}")
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
                rule = _rule_of(raw, err["loc"])
                loc = ".".join(str(p) for p in err["loc"]) or "(root)"
                problems.add(name, rule, loc, err["msg"])
            return None

    head = read("ruleset.yaml", f.RulesetFile)
    if head is None:
        raise RulesetError(problems.items)
    clauses_file = read("clauses.yaml", f.ClausesFile)
    interps_file = read("interpretations.yaml", f.InterpretationsFile)
    rule_files = [(name, read(name, f.RulesFile)) for name in head.rule_files]
    source_text = _read_source(folder, head.source.document, problems, digest)

    clauses = _clauses(clauses_file, source_text, problems)
    interpretations = _interpretations(interps_file, clauses, problems)
    # A rule file that failed to parse would make every rule it holds look unknown to
    # the cross-file checks; those wait until it parses.
    all_parsed = all(parsed is not None for _, parsed in rule_files)
    rules = _rules(rule_files, clauses, interpretations, problems, check_references=all_parsed)
    if not all_parsed:
        raise RulesetError(problems.items)
    ordered = _precedence(head.precedence, rules, problems)
    if problems.items:
        raise RulesetError(problems.items)
    return Ruleset(
        id=head.id,
        version=head.version,
        title=Text(head.title.zh, head.title.en),
        source_title=head.source.title,
        governed_cohorts=frozenset(head.governs.cohorts),
        decision_date_default=head.decision_date_default,
        clauses=clauses,
        interpretations=interpretations,
        rules=tuple(ordered),
        content_hash="sha256:" + digest.hexdigest(),
        fact_names=frozenset(FACTS) | frozenset(interpretation_fact(i) for i in interpretations),
    )


def _rule_of(raw: Any, loc: tuple[int | str, ...]) -> str | None:
    """The id of the rule an error location points into, for the message."""
    if len(loc) >= 2 and loc[0] in ("rules", "clauses", "interpretations"):
        try:
            item = raw[loc[0]][loc[1]]
            return str(item.get("id")) if isinstance(item, dict) else None
        except (KeyError, IndexError, TypeError):
            return None
    return None


def _read_source(folder: Path, name: str, problems: _Problems, digest: Any) -> str:
    try:
        data = (folder / name).read_bytes()
    except OSError as exc:
        problems.add("ruleset.yaml", None, "source.document", f"{name} cannot be read: {exc}")
        return ""
    digest.update(name.encode() + b"\0" + data + b"\0")
    return data.decode("utf-8")


def squash(text: str) -> str:
    """Text without white space, markup emphasis or line breaks: the guide's PDF-derived
    text breaks lines mid-sentence, and a clause is still verbatim across a break."""
    return re.sub(r"[\s*]", "", text)


def _clauses(file: f.ClausesFile | None, source: str, problems: _Problems) -> dict[str, Clause]:
    clauses: dict[str, Clause] = {}
    if file is None:
        return clauses
    flat_source = squash(source)
    for c in file.clauses:
        if c.id in clauses:
            problems.add("clauses.yaml", c.id, "id", "is declared twice")
        if source and squash(c.text) not in flat_source:
            problems.add("clauses.yaml", c.id, "text", "is not verbatim in the source document")
        if source and squash(c.section).split("/")[-1] not in flat_source:
            problems.add("clauses.yaml", c.id, "section", "heading not found in the source")
        clauses[c.id] = Clause(c.id, c.section, c.text)
    return clauses


def _interpretations(
    file: f.InterpretationsFile | None, clauses: dict[str, Clause], problems: _Problems
) -> dict[str, Interpretation]:
    result: dict[str, Interpretation] = {}
    if file is None:
        return result
    name = "interpretations.yaml"
    for i in file.interpretations:
        if i.id in result:
            problems.add(name, i.id, "id", "is declared twice")
        if i.clause not in clauses:
            problems.add(name, i.id, "clause", f"names unknown clause {i.clause!r}")
        if i.default not in i.readings:
            problems.add(name, i.id, "default", f"{i.default!r} is not one of its readings")
        result[i.id] = Interpretation(
            id=i.id,
            clause=i.clause,
            question=Text(i.question.zh, i.question.en),
            default=i.default,
            readings={k: Text(v.zh, v.en) for k, v in i.readings.items()},
            why_default=Text(i.why_default.zh, i.why_default.en),
        )
    for interp, readings in PREPARATION_READINGS.items():
        declared = result.get(interp)
        if declared is None:
            problems.add(name, interp, "id", "is used when facts are prepared but not declared")
        elif set(declared.readings) != set(readings):
            problems.add(
                name,
                interp,
                "readings",
                f"must be exactly {sorted(readings)}, the readings the preparation knows",
            )
    return result


def _rules(
    files: list[tuple[str, f.RulesFile | None]],
    clauses: dict[str, Clause],
    interpretations: dict[str, Interpretation],
    problems: _Problems,
    *,
    check_references: bool,
) -> dict[str, Rule]:
    domains: dict[str, tuple[FactValue, ...]] = {
        name: ((True, False) if spec.is_bool else spec.values) for name, spec in FACTS.items()
    }
    for interp in interpretations.values():
        domains[interpretation_fact(interp.id)] = tuple(interp.readings)
    placeholders = set(domains) | set(DISPLAY)
    rules: dict[str, Rule] = {}
    for file_name, rules_file in files:
        if rules_file is None:
            continue
        for r in rules_file.rules:

            def bad(field: str, message: str, rid: str = r.id, fn: str = file_name) -> None:
                problems.add(fn, rid, field, message)

            if r.id in rules:
                bad("id", f"is also declared in {rules[r.id].file}")
            if r.clause not in clauses:
                bad("clause", f"names unknown clause {r.clause!r}")
            condition = _condition(r.when, "when", domains, interpretations, bad)
            conclusion = _conclusion(r.then, bad)
            for lang in ("zh", "en"):
                for field_name in _template_fields(getattr(r.explain, lang)):
                    if field_name not in placeholders:
                        bad(f"explain.{lang}", f"names unknown fact {{{field_name}}}")
            exception_of = tuple(
                dict.fromkeys([*(r.exception_of), *([r.extends] if r.extends else [])])
            )
            rules[r.id] = Rule(
                id=r.id,
                file=file_name,
                clause=r.clause,
                title=Text(r.title.zh, r.title.en),
                condition=condition,
                extends=r.extends,
                exception_of=exception_of,
                conclusion=conclusion,
                explain=Text(r.explain.zh, r.explain.en),
            )
    for rule in rules.values() if check_references else ():
        for other in rule.exception_of:
            if other == rule.id:
                problems.add(
                    rule.file, rule.id, "exception_of/extends", "a rule cannot be its own exception"
                )
            elif other not in rules:
                problems.add(
                    rule.file, rule.id, "exception_of/extends", f"names unknown rule {other!r}"
                )
    return rules


def _template_fields(template: str) -> list[str]:
    try:
        return [name for _, name, _, _ in string.Formatter().parse(template) if name]
    except ValueError:
        return ["(malformed template)"]


def _condition(
    node: f.ConditionFile,
    where: str,
    domains: dict[str, tuple[FactValue, ...]],
    interpretations: dict[str, Interpretation],
    bad: Any,
) -> Condition:
    if isinstance(node, f.AlwaysFile):
        return Always()
    if isinstance(node, f.AllFile):
        return All(
            tuple(
                _condition(c, f"{where}.all.{i}", domains, interpretations, bad)
                for i, c in enumerate(node.all)
            )
        )
    if isinstance(node, f.AnyFile):
        return Any_(
            tuple(
                _condition(c, f"{where}.any.{i}", domains, interpretations, bad)
                for i, c in enumerate(node.any)
            )
        )
    if (node.fact is None) == (node.interpretation is None):
        bad(where, "an atom names exactly one of `fact` or `interpretation`")
        return Always()
    if node.interpretation is not None:
        if node.interpretation not in interpretations:
            bad(
                f"{where}.interpretation",
                f"names undeclared interpretation {node.interpretation!r}",
            )
        fact = interpretation_fact(node.interpretation)
    else:
        fact = str(node.fact)
        if fact not in domains:
            bad(f"{where}.fact", f"names unknown fact {fact!r}")
    tests = [
        (op, value)
        for op, value in (
            ("equals", node.equals),
            ("not_equals", node.not_equals),
            ("in", node.in_),
            ("not_in", node.not_in),
        )
        if value is not None
    ]
    if len(tests) != 1:
        bad(where, "an atom has exactly one of equals, not_equals, in, not_in")
        return Always()
    op, value = tests[0]
    values = tuple(value) if isinstance(value, list) else (value,)
    domain = domains.get(fact)
    for v in values:
        if domain is not None and v not in domain:
            bad(f"{where}.{op}", f"{v!r} is not a value of {fact} (one of {list(domain)})")
    return Atom(fact=fact, op=op, values=values)


def _conclusion(then: f.ThenFile, bad: Any) -> Conclusion:
    outcome = None if then.outcome == "note" else Outcome(then.outcome)
    if outcome is None and (then.missing or then.candidates or then.reason):
        bad("then", "a note concludes nothing: no missing, candidates or reason")
    if outcome is Outcome.DETERMINED and then.origin not in ORIGIN_SOURCES:
        bad("then.origin", f"a determined outcome names its origin, one of {list(ORIGIN_SOURCES)}")
    if outcome is not Outcome.DETERMINED and then.origin is not None:
        bad("then.origin", "only a determined outcome has an origin")
    if outcome is Outcome.INSUFFICIENT_FACTS and not then.missing:
        bad("then.missing", "insufficient_facts must say which facts are missing")
    if outcome is Outcome.NEEDS_REVIEW and then.reason is None:
        bad("then.reason", "needs_review must say what staff must settle")
    for c in then.candidates:
        if c not in CANDIDATE_SOURCES:
            bad("then.candidates", f"{c!r} is not one of {list(CANDIDATE_SOURCES)}")
    return Conclusion(
        outcome=outcome,
        origin=then.origin,
        missing=tuple(MissingFact(m.fact, Text(m.zh, m.en)) for m in then.missing),
        candidates=tuple(then.candidates),
        reason=Text(then.reason.zh, then.reason.en) if then.reason else None,
    )


def _precedence(order: list[str], rules: dict[str, Rule], problems: _Problems) -> list[Rule]:
    where = "ruleset.yaml"
    seen: dict[str, int] = {}
    for i, rid in enumerate(order):
        if rid in seen:
            problems.add(where, rid, f"precedence.{i}", "is listed twice")
        elif rid not in rules:
            problems.add(where, rid, f"precedence.{i}", "is not a rule of any rule file")
        seen.setdefault(rid, i)
    for rid, rule in rules.items():
        if rid not in seen:
            problems.add(rule.file, rid, "id", "is missing from the precedence in ruleset.yaml")
            continue
        for base in rule.exception_of:
            if base in seen and seen[base] < seen[rid]:
                problems.add(
                    where,
                    rid,
                    "precedence",
                    f"an exception must come before the rule it is an exception of ({base})",
                )
    ordered = [rules[rid] for rid in sorted(seen, key=seen.__getitem__) if rid in rules]
    if ordered and (not isinstance(ordered[-1].condition, Always) or ordered[-1].is_note):
        problems.add(
            where,
            ordered[-1].id,
            "precedence",
            "the last rule must always fire (when: {always: true})",
        )
    for rule in ordered[:-1]:
        if isinstance(rule.condition, Always) and rule.extends is None:
            problems.add(rule.file, rule.id, "when", "only the last rule may always fire")
    return ordered
