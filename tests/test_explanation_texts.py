"""The explanation texts (`origin_rules.explanation_texts`) are compiled once per text and
filled for both languages at once, the values a decision's texts quote looked up once
for all of them: on generated applicants, every text of the ruleset (each rule's
explanation, reason and missing-fact texts) must come out as `str.format` fills it, one
language at a time, from the values written out plainly here."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings

from origin_rules import Applicant
from origin_rules.decide import decide_in_detail
from origin_rules.explanation_texts import quoted, render, value_of
from origin_rules.ruleset.model import Text
from origin_rules.situation.prepare import Situation
from origin_rules.situation.vocabulary import DISPLAY, value_label
from origin_rules.testing import applicants


def plain_value(situation: Situation, key: str, lang: str) -> str:
    """What `{key}` shows in one language, written out as the policy states it."""
    if key in situation.facts:
        value = situation.facts[key]
        return value_label(str(value).lower() if isinstance(value, bool) else value, lang)
    if key in situation.display:
        shown = situation.display[key]
        if isinstance(shown, tuple):
            return shown[0] if lang == "zh" else shown[1]
        return shown
    if key.startswith("interp_"):
        return key.removeprefix("interp_")
    return "（未知）" if lang == "zh" else "(unknown)"


class _Plain(dict[str, str]):
    def __init__(self, situation: Situation, lang: str) -> None:
        super().__init__()
        self.situation, self.lang = situation, lang

    def __missing__(self, key: str) -> str:
        return plain_value(self.situation, key, self.lang)


@settings(max_examples=150)
@given(applicants())
def test_every_text_is_filled_as_str_format_fills_it(applicant: Applicant) -> None:
    detailed = decide_in_detail(applicant, engine="python")
    if detailed.ruleset is None or detailed.situation is None:
        return
    situation = detailed.situation
    texts: list[Text] = []
    for rule in detailed.ruleset.rules:
        texts.append(rule.explain)
        if rule.conclusion.reason is not None:
            texts.append(rule.conclusion.reason)
        texts.extend(m.text for m in rule.conclusion.missing)
    known = quoted()  # shared by every text, as a decision's texts share it
    for text in texts:
        expected = (
            text.zh.format_map(_Plain(situation, "zh")),
            text.en.format_map(_Plain(situation, "en")),
        )
        alone = render(text, situation)
        shared = render(text, situation, known)
        assert (alone.zh, alone.en) == expected
        assert (shared.zh, shared.en) == expected


# Texts a ruleset may write besides plain `{key}`s: escaped braces, a placeholder first
# or last or twice, and the fields `str.format` reads otherwise (an attribute, a
# conversion, a format spec), which are left to it.
ODD_TEMPLATES = [
    "{{literal}} {decision_date}",
    "{decision_date}",
    "{decision_date}{decision_date}；{cohort}",
    "{decision_date!r}",
    "{cohort:>12}",
    "{decision_date.__class__.__name__}",
    "{unheard_of} / {interp_hk_mo_tw_origin}",
    "没有占位符 {{}}",
]


@settings(max_examples=30)
@given(applicants())
def test_odd_texts_are_filled_as_str_format_fills_them(applicant: Applicant) -> None:
    detailed = decide_in_detail(applicant, engine="python")
    if detailed.situation is None:
        return
    situation = detailed.situation
    for template in ODD_TEMPLATES:
        text = Text(zh=template, en=template + " (en)")
        rendered = render(text, situation)
        assert rendered.zh == text.zh.format_map(_Plain(situation, "zh"))
        assert rendered.en == text.en.format_map(_Plain(situation, "en"))


PLACE_SUFFIXES = ("_place", "_recorded_place", "_change")


@settings(max_examples=100)
@given(applicants())
def test_each_value_is_found_as_the_policy_states_it(applicant: Applicant) -> None:
    # `value_of` finds a key's value by the way worked out once for that key; on the
    # decision's display, and on the same values read into a plain dict at once (any
    # other mapping), it must show what `plain_value` says, for every kind of key.
    detailed = decide_in_detail(applicant, engine="python")
    if detailed.situation is None:
        return
    situation = detailed.situation
    read_at_once = replace(situation, display=dict(situation.display))
    keys = [
        *situation.facts,
        *DISPLAY,
        *(f"{place}{suffix}" for place in situation.places for suffix in PLACE_SUFFIXES),
        "interp_hk_mo_tw_origin",
        "unheard_of",
    ]
    for key in keys:
        expected = (plain_value(read_at_once, key, "zh"), plain_value(read_at_once, key, "en"))
        assert value_of(situation, key) == expected, key
        assert value_of(read_at_once, key) == expected, key
