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
import os
import re
import stat
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
            raw_bytes = read_inside(self.path, name)
        except FolderFileError as exc:
            self.problems.add(name, None, "(file)", str(exc))
            return None
        self._hash(name, raw_bytes)
        try:
            raw = yaml.safe_load(raw_bytes.decode("utf-8"))
        except UnicodeDecodeError as exc:
            self.problems.add(name, None, "(file)", f"is not UTF-8 text (byte {exc.start + 1})")
            return None
        except yaml.YAMLError as exc:
            self.problems.add(name, None, "(file)", f"is not valid YAML: {_yaml_problem(exc)}")
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
            data = read_inside(self.path, name, guide_beside=True)
            text = data.decode("utf-8")
        except FolderFileError as exc:
            self.problems.add(head_file, None, "source.document", f"{name}: {exc}")
            return ""
        except UnicodeDecodeError as exc:
            self.problems.add(
                head_file, None, "source.document", f"{name}: not UTF-8 text (byte {exc.start + 1})"
            )
            return ""
        if not text.strip():
            # An empty source would make every clause "verbatim in it" vacuously: the
            # check that clauses quote the guide must fail, not switch itself off.
            self.problems.add(head_file, None, "source.document", f"{name} is empty")
            return ""
        self._hash(name, data)
        return text

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


MAX_RULE_FILE_BYTES = 4 * 1024 * 1024  # the guide's text is 60 KB, a rule file a few KB


class FolderFileError(Exception):
    """A file a rule folder names cannot be read (the message says why, never quoting it)."""


def read_inside(folder: Path, name: str, *, guide_beside: bool = False) -> bytes:
    """The bytes of the file `name` of a rule folder, if it is one: a regular file, at
    most `MAX_RULE_FILE_BYTES`, whose resolved path (links followed) lies inside the
    folder. A `source.document` may also be the guide of an origin ruleset beside the
    folder (`guide_beside`: `../guide-2022/source.md`, a file named `source.md` in a
    folder beside this one), as the workflow and change-policy folders quote it.

    A rule folder is data an editor hands over: it must not make the loader print
    another file's content, read a device (`/dev/zero` never ends) or wait on a pipe."""
    root = folder.resolve()
    try:
        path = (folder / name).resolve()
    except (OSError, RuntimeError) as exc:  # a loop of links
        raise FolderFileError(f"cannot be read: {getattr(exc, 'strerror', None) or exc}") from None
    if not (path.is_relative_to(root) or (guide_beside and _guide_beside(root, path))):
        raise FolderFileError(
            "is outside the rule folder (a rule folder reads only its own files"
            + (", or the source.md of a rule folder beside it)" if guide_beside else ")")
        )
    try:
        # O_NONBLOCK: opening a pipe must not wait for a writer; checked below anyway.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise FolderFileError(f"cannot be read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise FolderFileError("is not a regular file")
        if info.st_size > MAX_RULE_FILE_BYTES:
            raise FolderFileError(
                f"is {info.st_size:,} bytes; a rule folder's files are at most "
                f"{MAX_RULE_FILE_BYTES:,}"
            )
        return f.read(MAX_RULE_FILE_BYTES + 1)[:MAX_RULE_FILE_BYTES]


def _guide_beside(root: Path, path: Path) -> bool:
    return path.name == "source.md" and path.parent.parent == root.parent


def _yaml_problem(exc: yaml.YAMLError) -> str:
    # The parser's own message quotes the offending text: only where and what is kept.
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or type(exc).__name__
    if mark is None:
        return str(problem)
    return f"{problem} at line {mark.line + 1}, column {mark.column + 1}"


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
