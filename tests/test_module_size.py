"""The developers' guide's size rule: a module past ~500 lines or a class past ~150 is
two things, and is split. This test keeps the rule from now on.

A few files are still over because other work is changing them at the same time; they
are listed below, each with why, and the test fails as soon as one of them is back
within the limits so that its entry is removed rather than left to excuse a new growth.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "origin_rules"
MAX_MODULE_LINES = 500
MAX_CLASS_LINES = 150

# Modules over MAX_MODULE_LINES, by path under src/origin_rules, with the reason.
# Both lists are for files whose owners are changing them in parallel branches; a split
# there would not merge. Split them (and remove the entry) once that work has landed.
MODULES_ALLOWED_OVER: dict[str, str] = {}

# Classes over MAX_CLASS_LINES, as "path:ClassName", with the reason.
CLASSES_ALLOWED_OVER: dict[str, str] = {}


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def _module_lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _class_spans(path: Path) -> dict[str, int]:
    """Each class's lines, from its `class` line to its last (nested classes too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    spans: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            assert node.end_lineno is not None
            spans[f"{_name(path)}:{node.name}"] = node.end_lineno - node.lineno + 1
    return spans


def test_the_source_tree_is_found() -> None:
    # Without this an empty glob (a moved src/) would pass every check below.
    assert len(_modules()) > 100


def test_no_module_passes_the_line_limit() -> None:
    over = {
        _name(p): n
        for p in _modules()
        if (n := _module_lines(p)) > MAX_MODULE_LINES and _name(p) not in MODULES_ALLOWED_OVER
    }
    assert not over, (
        f"modules over {MAX_MODULE_LINES} lines (split each into modules that say what "
        f"they hold): {over}"
    )


def test_no_class_passes_the_line_limit() -> None:
    over = {
        name: n
        for p in _modules()
        for name, n in _class_spans(p).items()
        if n > MAX_CLASS_LINES and name not in CLASSES_ALLOWED_OVER
    }
    assert not over, f"classes over {MAX_CLASS_LINES} lines (split each): {over}"


@pytest.mark.parametrize("name", sorted(MODULES_ALLOWED_OVER))
def test_an_allowed_module_is_still_over(name: str) -> None:
    path = SRC / name
    assert path.is_file(), f"{name} is gone: remove it from MODULES_ALLOWED_OVER"
    assert _module_lines(path) > MAX_MODULE_LINES, (
        f"{name} is within {MAX_MODULE_LINES} lines now: remove it from MODULES_ALLOWED_OVER"
    )


@pytest.mark.parametrize("name", sorted(CLASSES_ALLOWED_OVER))
def test_an_allowed_class_is_still_over(name: str) -> None:
    path = SRC / name.split(":")[0]
    spans = _class_spans(path) if path.is_file() else {}
    assert name in spans, f"{name} is gone: remove it from CLASSES_ALLOWED_OVER"
    assert spans[name] > MAX_CLASS_LINES, (
        f"{name} is within {MAX_CLASS_LINES} lines now: remove it from CLASSES_ALLOWED_OVER"
    )
