"""How the analysis and the diff name what a rule concludes: in words staff read."""

from __future__ import annotations

import re

import pytest

from origin_rules import bundled_ruleset
from origin_rules.analysis.describe import conclusion_label
from origin_rules.ruleset.model import Rule

RULESET = bundled_ruleset("guide-2022")
DECIDING_AN_ORIGIN = [r for r in RULESET.rules if r.conclusion.origin]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("rule", DECIDING_AN_ORIGIN, ids=lambda r: r.id)
def test_a_determined_conclusion_names_its_place_in_words_not_its_source_id(
    rule: Rule, lang: str
) -> None:
    label = conclusion_label(rule, lang)
    said = label.rsplit(" [", 1)[0]  # the rule id in brackets is for editors
    _, _, place = said.partition("：" if lang == "zh" else ": ")
    assert place.startswith("生源地为" if lang == "zh" else "the origin is "), label
    # Words, not a source id such as work_hukou or family_before_gaokao.
    assert "_" not in place, label
    if lang == "zh":
        assert re.search(r"[a-z]", place) is None, label
