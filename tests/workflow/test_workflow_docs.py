"""docs/workflow.md shows diagnoses end to end as staff see them; each shown output must
be what the library prints for that example today."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from origin_rules.workflow import diagnose, render_diagnosis

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "workflow.md"
BLOCK = re.compile(r"<!-- diagnose: (\S+) --lang (zh|en) -->\n```text\n(.*?)```\n", re.S)
SHOWN = BLOCK.findall(DOC.read_text(encoding="utf-8"))


def test_the_page_shows_a_chinese_and_an_english_diagnosis() -> None:
    assert sorted(lang for _, lang, _ in SHOWN) == ["en", "zh"]


@pytest.mark.parametrize(("example", "lang", "shown"), SHOWN, ids=[s[0] for s in SHOWN])
def test_shown_output_is_current(example: str, lang: str, shown: str) -> None:
    state = json.loads((ROOT / example).read_text(encoding="utf-8"))
    assert render_diagnosis(diagnose(state), lang=lang) == shown
