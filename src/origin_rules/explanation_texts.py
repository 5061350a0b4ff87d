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

from origin_rules.decision import LocalText, built, local_text
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
    return _new_quoted(Quoted, ({}, {}))  # as `Quoted({}, {})`, without its Python `__new__`


_new_quoted = tuple.__new__


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
    return local_text(_filled(compiled.zh, zh), _filled(compiled.en, en))


def _filled(template: _Template, values: dict[str, str]) -> str:
    if template.slots is None:
        return template.text.format_map(values)
    out = template.parts.copy()
    for at, key in template.slots:
        out[at] = values[key]
    return "".join(out)


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


class _Template(NamedTuple):
    """One language's text, cut at its placeholders: `parts`, the literal texts with a
    place left ("") for each value, and `slots`, where each value goes and its key.
    Filling the places and joining the parts is what `str.format` does for plain
    `{key}` placeholders, without parsing the text again for each decision; a text with
    any other field (`{a.b}`, `{a!r}`, `{a:>4}`) has no slots and is formatted by
    `str.format_map`."""

    text: str
    parts: list[str]  # copied before it is filled, never changed
    slots: tuple[tuple[int, str], ...] | None


class _Compiled(NamedTuple):
    zh: _Template
    en: _Template
    keys: tuple[str, ...]  # the values either language shows, each once
    fixed: LocalText | None  # the text itself, when it shows no value


# Per (zh, en) text: the ruleset's texts are few, and plain strings.
_compiled: dict[tuple[str, str], _Compiled] = {}
_FIELD_KEY = re.compile(r"[^.\[]*")


def _compile(zh: str, en: str) -> _Compiled:
    keys = tuple(dict.fromkeys(_names(zh) + _names(en)))
    # Formatted even without placeholders, so that `{{` reads as `{` as always.
    fixed = None if keys else built(LocalText, zh=zh.format_map({}), en=en.format_map({}))
    compiled = _Compiled(_template(zh), _template(en), keys, fixed)
    _compiled[zh, en] = compiled
    return compiled


def _template(text: str) -> _Template:
    parts: list[str] = []
    slots: list[tuple[int, str]] = []
    for literal, name, spec, conversion in Formatter().parse(text):
        if name is not None and (spec or conversion or not name.isidentifier()):
            return _Template(text, [], None)
        if literal:
            parts.append(literal)
        if name is not None:
            slots.append((len(parts), name))
            parts.append("")
    return _Template(text, parts, tuple(slots))


def _names(template: str) -> tuple[str, ...]:
    # `{a.b}` or `{a[0]}` looks up `a`, as str.format does.
    return tuple(
        _FIELD_KEY.match(name)[0]  # type: ignore[index]
        for _, name, _, _ in Formatter().parse(template)
        if name
    )
