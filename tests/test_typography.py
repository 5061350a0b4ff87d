"""What staff read follows Chinese typography, and the English follows English: checked
over every example's narratives (decisions with their explanations, change requests and
workflow diagnoses), text and Markdown, in both languages.

- Chinese: no ASCII space between two Chinese characters or full-width punctuation marks
  ("户籍在 广东省" reads as a gap); no full-width brackets inside full-width brackets
  ("（湖北省武汉市（420100））"), which reads as a code inside a remark.
- English: no full-width brackets around words that are not Chinese ("番禺区（440113）"
  is written "番禺区 (440113)" in an English sentence).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from origin_rules.changes import decide_change, render_change
from origin_rules.explain import explain
from origin_rules.render import render
from origin_rules.workflow import diagnose, render_diagnosis

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DECISIONS = sorted(EXAMPLES.glob("*.json"))
CHANGES = sorted((EXAMPLES / "changes").glob("*.json"))
WORKFLOW = sorted((EXAMPLES / "workflow").glob("*.json"))

# Chinese characters and full-width punctuation, but not the full-width bar "｜" that
# separates the before and after columns of a change request (" ｜ ").
_WIDE = r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uff5b\uff5d-\uffef“”‘’]"
_GAP = re.compile(rf"{_WIDE} {_WIDE}")
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def narratives(lang: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for path in DECISIONS:
        explanation = explain(_read(path))
        for fmt in ("text", "md"):
            found.append((f"{path.stem} {fmt}", render(explanation, lang=lang, format=fmt)))
    for path in CHANGES:
        decision = decide_change(_read(path))
        for fmt in ("text", "md"):
            found.append(
                (f"changes/{path.stem} {fmt}", render_change(decision, lang=lang, format=fmt))
            )
    for path in WORKFLOW:
        found.append((f"workflow/{path.stem}", render_diagnosis(diagnose(_read(path)), lang=lang)))
    return found


def nested_brackets(text: str) -> list[str]:
    """Each full-width bracket opened inside another, with what surrounds it; the guide's
    own words, quoted verbatim (「…」 lines, Markdown quotes), are the guide's."""
    text = "\n".join(
        line
        for line in text.splitlines()
        if not line.lstrip().startswith(("「", ">")) and not line.rstrip().endswith("」")
    )
    found, depth = [], 0
    for i, ch in enumerate(text):
        if ch == "（":
            depth += 1
            if depth == 2:
                found.append(text[max(0, i - 20) : i + 20])
        elif ch == "）":
            depth = max(0, depth - 1)
        elif ch == "\n":
            depth = 0
    return found


@pytest.fixture(scope="module")
def chinese() -> list[tuple[str, str]]:
    return narratives("zh")


@pytest.fixture(scope="module")
def english() -> list[tuple[str, str]]:
    return narratives("en")


def test_no_ascii_space_between_chinese_characters(chinese: list[tuple[str, str]]) -> None:
    gaps = [
        f"{name}: …{line[max(0, m.start() - 12) : m.end() + 12]}…"
        for name, text in chinese
        for line in text.splitlines()
        for m in _GAP.finditer(line)
    ]
    assert gaps == [], f"{len(gaps)} gap(s):\n" + "\n".join(gaps[:30])


def test_no_full_width_brackets_inside_full_width_brackets(
    chinese: list[tuple[str, str]],
) -> None:
    nested = [f"{name}: …{n}…" for name, text in chinese for n in nested_brackets(text)]
    assert nested == [], f"{len(nested)} nested:\n" + "\n".join(nested[:30])


def test_english_text_uses_ascii_brackets_around_words_that_are_not_chinese(
    english: list[tuple[str, str]],
) -> None:
    wide = [
        f"{name}: …{line[max(0, m.start() - 20) : m.end() + 5]}…"
        for name, text in english
        for line in text.splitlines()
        for m in re.finditer(r"（([^（）]+)）", line)  # "（）" alone names the marks
        if not _CHINESE.search(m.group(1))
    ]
    assert wide == [], f"{len(wide)} full-width bracket pair(s):\n" + "\n".join(wide[:30])
