"""The shape of a lint rule: an id, what it checks, and the check."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from origin_rules.lint.context import LintContext, LintProblem


@dataclass(frozen=True)
class LintRule:
    id: str
    description: str
    check: Callable[[LintContext], Iterator[LintProblem]]
