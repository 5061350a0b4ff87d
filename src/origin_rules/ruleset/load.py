"""Load a ruleset folder and validate it, without executing anything in it.

Every problem found is collected and reported at once, each naming the file, the rule
and the field, so a policy editor can fix a ruleset in one pass.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from origin_rules.errors import RulesetError
from origin_rules.ruleset import files as f
from origin_rules.ruleset.folder import (
    Problems,
    RuleFolder,
    fact_domains,
    precedence_positions,
    require_readings,
)
from origin_rules.ruleset.folder import squash as squash  # where lint and literate find it
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
ORIGIN_SOURCES = ("family_before_gaokao", "family_now", "work_hukou", "region", "family_region")
CANDIDATE_SOURCES = (*ORIGIN_SOURCES, "student_before_gaokao", "work", "family_cancelled")


def load_ruleset(folder: str | Path) -> Ruleset:
    problems = Problems()
    files = RuleFolder(Path(folder), problems)
    head = files.read("ruleset.yaml", f.RulesetFile)
    if head is None:
        raise RulesetError(problems.items)
    clauses_file = files.read("clauses.yaml", f.ClausesFile)
    interps_file = files.read("interpretations.yaml", f.InterpretationsFile)
    rule_files = [(name, files.read(name, f.RulesFile)) for name in head.rule_files]
    clauses, interpretations = files.guide(
        "ruleset.yaml", head.source.document, clauses_file, interps_file
    )
    if interps_file is not None:
        # The preparation step acts on these readings: the file must declare them.
        require_readings(
            interpretations,
            PREPARATION_READINGS,
            problems,
            used="when facts are prepared",
            known_as=", the readings the preparation knows",
        )
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
        content_hash=files.content_hash,
        fact_names=frozenset(FACTS) | {interpretation_fact(i) for i in interpretations},
    )


def _rules(
    files: list[tuple[str, f.RulesFile | None]],
    clauses: dict[str, Clause],
    interpretations: dict[str, Interpretation],
    problems: Problems,
    *,
    check_references: bool,
) -> dict[str, Rule]:
    vocabulary = {name: (True, False) if s.is_bool else s.values for name, s in FACTS.items()}
    domains = fact_domains(vocabulary, interpretations)
    placeholders = set(domains) | set(DISPLAY)
    rules: dict[str, Rule] = {}
    parsed = [(name, rules_file.rules) for name, rules_file in files if rules_file is not None]
    for file_name, r, bad, condition in rule_entries(
        parsed, clauses, domains, interpretations, rules, problems
    ):
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


class _RuleEntry(Protocol):
    """What every kind of rule file (origin, workflow) gives for each rule."""

    @property
    def id(self) -> str: ...

    @property
    def clause(self) -> str: ...

    @property
    def when(self) -> f.ConditionFile: ...


class _Declared(Protocol):
    @property
    def file(self) -> str: ...


# Records a problem (field, message) against one rule entry.
Bad = Callable[[str, str], None]
E = TypeVar("E", bound=_RuleEntry)


def rule_entries(
    files: Iterable[tuple[str, Sequence[E]]],
    clauses: Mapping[str, Clause],
    domains: dict[str, tuple[FactValue, ...]],
    interpretations: dict[str, Interpretation],
    declared: Mapping[str, _Declared],
    problems: Problems,
) -> Iterator[tuple[str, E, Bad, Condition]]:
    """Each rule entry of each rule file (file name, entries), with what every kind of
    rule file checks done: the id not declared already, the clause known, the condition
    parsed. `declared` is the caller's rules by id, filled as it goes, so a second
    declaration is caught; `bad` records the caller's own problems with the entry."""
    for file_name, entries in files:
        for r in entries:

            def bad(field: str, message: str, rid: str = r.id, fn: str = file_name) -> None:
                problems.add(fn, rid, field, message)

            if r.id in declared:
                bad("id", f"is also declared in {declared[r.id].file}")
            if r.clause not in clauses:
                bad("clause", f"names unknown clause {r.clause!r}")
            yield file_name, r, bad, _condition(r.when, "when", domains, interpretations, bad)


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


def _precedence(order: list[str], rules: dict[str, Rule], problems: Problems) -> list[Rule]:
    where = "ruleset.yaml"
    seen = precedence_positions(order, rules, problems, where)
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
