"""Lint of rule folders: problems a policy editor can fix, each with file and line.

    from origin_rules.lint import lint_folder
    for problem in lint_folder("rulesets/guide-2022"):
        print(problem.render())   # rules/bachelor.yaml:12: unknown-fact: ...

Unlike `load_ruleset`, lint reads the files as written, so it reports with lines even
a folder the loader refuses. The rules are in `origin_rules.lint.rules`, one module
each.
"""

from __future__ import annotations

from pathlib import Path

from origin_rules.lint.context import LintContext, LintProblem
from origin_rules.lint.rules import ALL_RULES, LintRule

SYNTAX = "yaml"  # the id under which unreadable files are reported


def lint_folder(folder: str | Path, rules: tuple[LintRule, ...] = ALL_RULES) -> list[LintProblem]:
    """Every problem the lint rules find in one rule folder, by file and line."""
    ctx = LintContext(Path(folder))
    rule_files = ctx.rule_file_names()
    problems = []
    for file in ctx.files.values():
        if file.error is None:
            continue
        if not (ctx.folder / file.name).is_file() and file.name in rule_files:
            # A rule file that is not there: the line that names it.
            line = ctx.head.line(("rule_files", rule_files.index(file.name)))
            problems.append(LintProblem(ctx.head.name, line, SYNTAX, f"{file.name} {file.error}"))
        else:
            problems.append(LintProblem(file.name, file.error_line, SYNTAX, file.error))
    for rule in rules:
        problems.extend(rule.check(ctx))
    return sorted(dict.fromkeys(problems), key=lambda p: (p.file, p.line, p.rule, p.message))


__all__ = ["ALL_RULES", "LintProblem", "LintRule", "lint_folder"]
