"""A decision's explanation texts: a rule's zh and en text with its placeholders filled
from the prepared facts.

A placeholder `{key}` shows a prepared fact's label, a display value, an
interpretation's id, else "unknown" (`value_of`). Each text is compiled once (the
ruleset's texts are few): its placeholders found, so that a decision looks each value up
once for both languages and formats the two strings.
"""

from __future__ import annotations

import re
from string import Formatter
from typing import NamedTuple

from origin_rules.decision import LocalText, built
from origin_rules.ruleset.model import Text, interpretation_fact
from origin_rules.situation.prepare import Situation
from origin_rules.situation.vocabulary import VALUE_LABELS

_INTERP_PREFIX = interpretation_fact("")
_UNKNOWN = ("（未知）", "(unknown)")


class Quoted(NamedTuple):
    """The values one situation's texts have quoted so far, by placeholder, in zh and
    en: a decision's texts quote many of the same places and dates, each looked up once."""

    zh: dict[str, str]
    en: dict[str, str]


def quoted() -> Quoted:
    return Quoted({}, {})


def render(text: Text, situation: Situation, known: Quoted | None = None) -> LocalText:
    """The text in both languages, its placeholders filled for this situation (with the
    values in `known`, which keeps those it looks up, when given)."""
    compiled = _compiled.get((text.zh, text.en))
    if compiled is None:
        compiled = _compile(text.zh, text.en)
    if compiled.fixed is not None:
        return compiled.fixed
    zh, en = known or quoted()
    for key in compiled.keys:
        if key not in zh:
            zh[key], en[key] = value_of(situation, key)
    return built(LocalText, zh=compiled.zh.format_map(zh), en=compiled.en.format_map(en))


def value_of(situation: Situation, key: str) -> tuple[str, str]:
    """What a placeholder `{key}` shows, in zh and en: a prepared fact's label, a display
    value, an interpretation's id, else "unknown"."""
    facts = situation.facts
    if key in facts:
        value = facts[key]
        shown = str(value).lower() if isinstance(value, bool) else value
        return VALUE_LABELS.get(shown, (shown, shown))
    try:
        label = situation.display[key]
    except KeyError:
        if key.startswith(_INTERP_PREFIX):
            interp = key.removeprefix(_INTERP_PREFIX)
            return interp, interp
        return _UNKNOWN
    return label if isinstance(label, tuple) else (label, label)


class _Compiled(NamedTuple):
    zh: str
    en: str
    keys: tuple[str, ...]  # the values either language shows, each once
    fixed: LocalText | None  # the text itself, when it shows no value


# Per (zh, en) text: the ruleset's texts are few, and plain strings.
_compiled: dict[tuple[str, str], _Compiled] = {}
_FIELD_KEY = re.compile(r"[^.\[]*")


def _compile(zh: str, en: str) -> _Compiled:
    keys = tuple(dict.fromkeys(_names(zh) + _names(en)))
    # Formatted even without placeholders, so that `{{` reads as `{` as always.
    fixed = None if keys else built(LocalText, zh=zh.format_map({}), en=en.format_map({}))
    compiled = _Compiled(zh, en, keys, fixed)
    _compiled[zh, en] = compiled
    return compiled


def _names(template: str) -> tuple[str, ...]:
    # `{a.b}` or `{a[0]}` looks up `a`, as str.format does.
    return tuple(
        _FIELD_KEY.match(name)[0]  # type: ignore[index]
        for _, name, _, _ in Formatter().parse(template)
        if name
    )
