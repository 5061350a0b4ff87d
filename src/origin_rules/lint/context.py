"""What every lint rule looks at: a rule folder's files as written (with lines), read
leniently, so that a folder the loader rejects can still be linted."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from origin_rules.lint.located import LocatedFile, Path, read_located
from origin_rules.ruleset.folder import FolderFileError, read_inside


@dataclass(frozen=True)
class LintProblem:
    file: str  # relative to the rule folder
    line: int
    rule: str  # the lint rule's id
    message: str

    def render(self, folder: FsPath | None = None) -> str:
        shown = str(folder / self.file) if folder is not None else self.file
        return f"{shown}:{self.line}: {self.rule}: {self.message}"


@dataclass(frozen=True)
class RuleEntry:
    """One rule as written in a rule file."""

    file: LocatedFile
    path: Path  # ("rules", i)
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.data.get("id", f"#{self.path[-1]}"))

    def line(self, *sub: str | int) -> int:
        return self.file.line((*self.path, *sub))


class LintContext:
    def __init__(self, folder: FsPath) -> None:
        self.folder = folder
        self.files: dict[str, LocatedFile] = {}
        self.head = self.read("ruleset.yaml")
        self.clauses_file = self.read("clauses.yaml")
        self.interpretations_file = self.read("interpretations.yaml")
        self.rule_files = [self.read(name) for name in self.rule_file_names()]
        self.source = self._source()

    def read(self, name: str) -> LocatedFile:
        if name not in self.files:
            try:
                text = read_inside(self.folder, name).decode("utf-8")
            except FolderFileError as exc:
                self.files[name] = LocatedFile(name, None, error=str(exc))
            except UnicodeDecodeError as exc:
                error = f"is not UTF-8 text (byte {exc.start + 1})"
                self.files[name] = LocatedFile(name, None, error=error)
            else:
                self.files[name] = read_located(name, text)
        return self.files[name]

    def rule_file_names(self) -> list[str]:
        names = _mapping(self.head.data).get("rule_files")
        return [str(n) for n in names] if isinstance(names, list) else []

    def _source(self) -> str | None:
        source = _mapping(_mapping(self.head.data).get("source")).get("document")
        if not isinstance(source, str):
            return None
        try:
            return read_inside(self.folder, source, guide_beside=True).decode("utf-8")
        except (FolderFileError, UnicodeDecodeError):
            return None

    def rules(self) -> Iterator[RuleEntry]:
        for file in self.rule_files:
            items = _mapping(file.data).get("rules")
            if not isinstance(items, list):
                continue
            for index, item in enumerate(items):
                if isinstance(item, dict):
                    yield RuleEntry(file, ("rules", index), item)

    def interpretations(self) -> Iterator[tuple[int, dict[str, Any]]]:
        items = _mapping(self.interpretations_file.data).get("interpretations")
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                yield index, item

    def clauses(self) -> Iterator[tuple[int, dict[str, Any]]]:
        items = _mapping(self.clauses_file.data).get("clauses")
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                yield index, item

    def interpretation_ids(self) -> set[str]:
        return {str(item.get("id")) for _, item in self.interpretations()}


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def atoms(node: Any, path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every atom of a condition as written, with its path."""
    if not isinstance(node, dict):
        return
    for key in ("all", "any"):
        if isinstance(node.get(key), list):
            for index, item in enumerate(node[key]):
                yield from atoms(item, (*path, key, index))
            return
    if "always" in node:
        return
    yield path, node
