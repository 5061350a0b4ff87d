"""What every rule-data folder shares: the origin rulesets, the workflow ruleset and the
change policy are each a folder of YAML files beside the guide's text, read the same way.

A loader makes one `RuleFolder` and reads its files through it (every problem is
collected, naming the file, the entry and the field, so an editor fixes a folder in one
pass); `RuleFolder.guide` then reads the source document, checks the clauses verbatim
against it and loads the interpretations. The loader raises
`RulesetError(problems.items)` if any problem was found. The content hash covers every
file read, in the order read, so a loader keeps its order of reads.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from origin_rules.errors import RuleFileProblem
from origin_rules.ruleset.files import ClauseFile, InterpretationFile
from origin_rules.ruleset.model import (
    Clause,
    FactValue,
    Interpretation,
    Text,
    interpretation_fact,
)

M = TypeVar("M", bound=BaseModel)

# The id of the entry a validation error's location points into, or None.
EntryOf = Callable[[Any, tuple[int | str, ...]], str | None]


class HasClauses(Protocol):
    """A `clauses.yaml` as parsed (each kind of folder has its own model of it)."""

    @property
    def clauses(self) -> Sequence[ClauseFile]: ...


class HasInterpretations(Protocol):
    """An `interpretations.yaml` as parsed."""

    @property
    def interpretations(self) -> Sequence[InterpretationFile]: ...


class Problems:
    """Every problem found so far in a folder's files."""

    def __init__(self) -> None:
        self.items: list[RuleFileProblem] = []

    def add(self, file: str, entry: str | None, field: str, message: str) -> None:
        self.items.append(RuleFileProblem(file, entry, field, message))


def rule_of(raw: Any, loc: tuple[int | str, ...]) -> str | None:
    """The id of the rule, clause or interpretation an error location points into."""
    if len(loc) >= 2 and loc[0] in ("rules", "clauses", "interpretations"):
        return id_at(raw, loc)
    return None


def id_at(raw: Any, loc: tuple[int | str, ...]) -> str | None:
    """The `id` of the entry `raw[loc[0]][loc[1]]` of a file as parsed from YAML, if there
    is such an entry (the file may be malformed anywhere)."""
    try:
        item = raw[loc[0]][loc[1]]
        return str(item.get("id")) if isinstance(item, dict) else None
    except (KeyError, IndexError, TypeError):
        return None


class RuleFolder:
    """A folder being loaded: its files read into models, its problems, its hash."""

    def __init__(self, path: Path, problems: Problems, *, entry_of: EntryOf = rule_of) -> None:
        self.path = path
        self.problems = problems
        self._entry_of = entry_of
        self._digest = hashlib.sha256()

    @property
    def content_hash(self) -> str:
        return "sha256:" + self._digest.hexdigest()

    def read(self, name: str, model: type[M]) -> M | None:
        """The YAML file `name` as `model`, or None with its problems recorded."""
        try:
            raw_bytes = (self.path / name).read_bytes()
        except OSError as exc:
            self.problems.add(name, None, "(file)", f"cannot be read: {exc.strerror}")
            return None
        self._hash(name, raw_bytes)
        try:
            raw = yaml.safe_load(raw_bytes.decode("utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            self.problems.add(name, None, "(file)", f"is not valid UTF-8 YAML: {exc}")
            return None
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = ".".join(str(p) for p in err["loc"]) or "(root)"
                self.problems.add(name, self._entry_of(raw, err["loc"]), loc, err["msg"])
            return None

    def source(self, head_file: str, name: str) -> str:
        """The source document's text ("" if it cannot be read: the problem is recorded
        against `head_file`, which names the document)."""
        try:
            data = (self.path / name).read_bytes()
        except OSError as exc:
            self.problems.add(head_file, None, "source.document", f"{name} cannot be read: {exc}")
            return ""
        self._hash(name, data)
        return data.decode("utf-8")

    def guide(
        self,
        head_file: str,
        document: str,
        clauses_file: HasClauses | None,
        interpretations_file: HasInterpretations | None,
    ) -> tuple[dict[str, Clause], dict[str, Interpretation]]:
        """The clauses, checked verbatim against the source `document` (which
        `head_file` names), and the interpretations on them. A file that did not parse
        gives none: its problems are recorded already."""
        source = self.source(head_file, document)
        clauses = load_clauses(clauses_file.clauses if clauses_file else (), source, self.problems)
        interpretations = load_interpretations(
            interpretations_file.interpretations if interpretations_file else (),
            clauses,
            self.problems,
        )
        return clauses, interpretations

    def _hash(self, name: str, data: bytes) -> None:
        self._digest.update(name.encode() + b"\0" + data + b"\0")


def squash(text: str) -> str:
    """Text without white space, markup emphasis or line breaks: the guide's PDF-derived
    text breaks lines mid-sentence, and a clause is still verbatim across a break."""
    return re.sub(r"[\s*]", "", text)


def load_clauses(
    entries: Iterable[ClauseFile], source: str, problems: Problems
) -> dict[str, Clause]:
    """The clauses of `clauses.yaml`, each checked verbatim against the source (not
    checked when the source could not be read: that is reported already)."""
    clauses: dict[str, Clause] = {}
    flat_source = squash(source)
    for c in entries:
        if c.id in clauses:
            problems.add("clauses.yaml", c.id, "id", "is declared twice")
        if source and squash(c.text) not in flat_source:
            problems.add("clauses.yaml", c.id, "text", "is not verbatim in the source document")
        if source and squash(c.section).split("/")[-1] not in flat_source:
            problems.add("clauses.yaml", c.id, "section", "heading not found in the source")
        clauses[c.id] = Clause(c.id, c.section, c.text)
    return clauses


INTERPRETATIONS_FILE = "interpretations.yaml"


def load_interpretations(
    entries: Iterable[InterpretationFile], clauses: Mapping[str, Clause], problems: Problems
) -> dict[str, Interpretation]:
    """The interpretations of `interpretations.yaml`, each on a known clause with its
    default among its readings."""
    result: dict[str, Interpretation] = {}
    name = INTERPRETATIONS_FILE
    for i in entries:
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
    return result


def require_readings(
    declared: Mapping[str, Interpretation],
    required: Mapping[str, Collection[str]],
    problems: Problems,
    *,
    used: str,
    known_as: str = "",
) -> None:
    """Interpretations the code acts on must be declared with exactly the readings it
    knows. `used` says where the code uses them and `known_as` (if any) what the
    readings are, for the messages."""
    name = INTERPRETATIONS_FILE
    for interp_id, readings in required.items():
        interp = declared.get(interp_id)
        if interp is None:
            problems.add(name, interp_id, "id", f"is used {used} but not declared")
        elif set(interp.readings) != set(readings):
            problems.add(
                name, interp_id, "readings", f"must be exactly {sorted(readings)}{known_as}"
            )


def precedence_positions(
    order: Sequence[str], rules: Collection[str], problems: Problems, head_file: str
) -> dict[str, int]:
    """Each rule's position in the precedence `head_file` gives (its first, if listed
    twice); a rule listed twice, or an id that is no rule, is a problem."""
    seen: dict[str, int] = {}
    for i, rid in enumerate(order):
        if rid in seen:
            problems.add(head_file, rid, f"precedence.{i}", "is listed twice")
        elif rid not in rules:
            problems.add(head_file, rid, f"precedence.{i}", "is not a rule of any rule file")
        seen.setdefault(rid, i)
    return seen


def fact_domains(
    facts: Mapping[str, tuple[FactValue, ...]], interpretations: Mapping[str, Interpretation]
) -> dict[str, tuple[FactValue, ...]]:
    """The values each prepared fact may take: the vocabulary's facts, and one fact per
    interpretation carrying its chosen reading (what conditions may test)."""
    domains = dict(facts)
    for interp in interpretations.values():
        domains[interpretation_fact(interp.id)] = tuple(interp.readings)
    return domains
