"""The library's exceptions: one for bad facts, one for bad rule files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from origin_rules.masking import excerpt, quote


class OriginRulesError(Exception):
    """Base class of every error this library raises on purpose."""


@dataclass(frozen=True)
class FactError:
    """One problem in the facts: where (a dotted path such as `hukou.0.place.code`),
    what is wrong, and the value found.

    What it holds is masked and bounded when it is made (`origin_rules.masking`): the
    path, the message and the value may quote input, and an error must never show an
    identity document number or carry a megabyte of input into a log."""

    path: str
    message: str
    value: Any = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", ".".join(excerpt(p) for p in self.path.split(".")))
        object.__setattr__(self, "message", excerpt(self.message, 400))
        object.__setattr__(self, "value", quote(self.value))

    def __str__(self) -> str:
        return f"{self.path}: {self.message} (got {self.value!r})"


class InvalidFactsError(OriginRulesError, ValueError):
    """The facts are malformed. `errors` lists every problem, not just the first."""

    def __init__(self, errors: list[FactError]) -> None:
        self.errors = errors
        lines = "\n".join(f"  - {e}" for e in errors)
        super().__init__(f"{len(errors)} problem(s) in the applicant's facts:\n{lines}")


class InvalidOptionError(OriginRulesError, ValueError):
    """A call option (an engine, an interpretation reading) is not one the ruleset knows."""


@dataclass(frozen=True)
class RuleFileProblem:
    """One problem in a rule file: the file, the rule (if any) and the field."""

    file: str
    rule: str | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}"
        if self.rule:
            where += f", rule {self.rule}"
        return f"{where}, field {self.field}: {self.message}"


class RulesetError(OriginRulesError):
    """A ruleset failed validation on load. `problems` lists every one found."""

    def __init__(self, problems: list[RuleFileProblem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the ruleset:\n{lines}")
