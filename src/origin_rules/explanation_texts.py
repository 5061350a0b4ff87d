"""A decision's explanation texts: a rule's zh and en text with its placeholders filled
from the prepared facts.

A placeholder `{key}` shows a prepared fact's label, a display value, an
interpretation's id, else "unknown" (`value_of`). Each text is compiled once (the
ruleset's texts are few): its placeholders found, each with how its value is found
(`finder_of`, worked out once per key), so that a decision looks each value up once for
both languages, in one call, and formats the two strings.
"""

from __future__ import annotations

import functools
import re
import sys
from string import Formatter
from typing import NamedTuple

from origin_rules.decision import LocalText, built, local_text
from origin_rules.ruleset.model import Text, interpretation_fact
from origin_rules.situation.display import DisplayValue, LazyDisplay
from origin_rules.situation.display import Finder as DisplayFinder
from origin_rules.situation.display import finder_of as display_finder_of
from origin_rules.situation.prepare import Situation
from origin_rules.situation.vocabulary import VALUE_LABELS

_INTERP_PREFIX = interpretation_fact("")
_UNKNOWN = ("（未知）", "(unknown)")
# A prepared fact's label by its value, a boolean's by its name ("true", "false"), as
# `vocabulary.value_label` labels it: looked up in one step for each fact a text shows.
_FACT_LABELS: dict[str | bool, tuple[str, str]] = {
    True: VALUE_LABELS["true"],
    False: VALUE_LABELS["false"],
}
_FACT_LABELS.update(VALUE_LABELS.items())


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
    return filled(compiled(text), situation, known)


def compiled(text: Text) -> Compiled:
    """The text compiled (once per text), for `filled`: a trace step keeps its rule's
    text compiled with the plan, and is filled without looking it up again."""
    found = _compiled.get((text.zh, text.en))
    if found is None:
        found = _compile(text.zh, text.en)
    return found


def filled(text: Compiled, situation: Situation, known: Quoted | None = None) -> LocalText:
    """`render` of the text that `text` was compiled from."""
    # Unpacked at once: each field of a NamedTuple read by name is a descriptor's call.
    zh_template, en_template, finders, fixed = text
    if fixed is not None:
        return fixed
    zh, en = known or quoted()
    _look_up(finders, situation, zh, en)
    return local_text(_filled(zh_template, zh), _filled(en_template, en))


def _filled(template: _Template, values: dict[str, str]) -> str:
    text, parts, slots = template  # at once, as in `filled`
    if slots is None:
        return text.format_map(values)
    out = parts.copy()
    for at, key in slots:
        out[at] = values[key]
    return "".join(out)


def value_of(situation: Situation, key: str) -> tuple[str, str]:
    """What a placeholder `{key}` shows, in zh and en: a prepared fact's label, a display
    value, an interpretation's id, else "unknown"."""
    zh, en = quoted()
    _look_up((finder_of(key),), situation, zh, en)
    return zh[key], en[key]


class ValueFinder(NamedTuple):
    """How `value_of` finds what `{key}` shows where the key is no prepared fact (worked
    out once per key, `finder_of`): its display value, found as the display finds it,
    else `missing`."""

    key: str
    shown: DisplayFinder
    missing: tuple[str, str]


# Kept: the keys a ruleset's texts quote are few (bounded all the same).
@functools.lru_cache(maxsize=1_000)
def finder_of(key: str) -> ValueFinder:
    """How `value_of` finds what `{key}` shows, worked out once per key (a compiled text
    keeps it): where the key is no prepared fact, its display value, found as the
    display finds it (`display.finder_of`), else the interpretation's id or "unknown"."""
    key = sys.intern(key)  # as the facts' keys are: a lookup finds the very same string
    if key.startswith(_INTERP_PREFIX):
        interp = key.removeprefix(_INTERP_PREFIX)
        missing = (interp, interp)
    else:
        missing = _UNKNOWN
    return ValueFinder(key, display_finder_of(key), missing)


def _look_up(
    finders: tuple[ValueFinder, ...], situation: Situation, zh: dict[str, str], en: dict[str, str]
) -> None:
    """Look up what each key of `finders` not yet in `zh` and `en` shows, into them: a
    prepared fact's label, else its display value, else its `missing` pair. One call for
    all the values of a text, the situation's facts and display read once for them."""
    facts = situation.facts
    display = situation.display
    # A decision's display is worded from its sources; any other mapping is read.
    sources = display.sources if type(display) is LazyDisplay else None
    for key, shown, missing in finders:
        if key in zh:
            continue
        found: DisplayValue | None
        if key in facts:
            fact = facts[key]
            found = _FACT_LABELS.get(fact)
            if found is None:  # a value with no label shows itself (bools have labels)
                found = str(fact)
        else:
            found = display.get(key) if sources is None else shown(sources)
            if found is None:
                found = missing
        if isinstance(found, tuple):
            zh[key], en[key] = found
        else:
            zh[key] = en[key] = found


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


class Compiled(NamedTuple):
    """A text cut at its placeholders (`compiled`), with how each value is found."""

    zh: _Template
    en: _Template
    values: tuple[ValueFinder, ...]  # what either language shows, each once
    fixed: LocalText | None  # the text itself, when it shows no value


# Per (zh, en) text: the ruleset's texts are few, and plain strings.
_compiled: dict[tuple[str, str], Compiled] = {}
_FIELD_KEY = re.compile(r"[^.\[]*")


def _compile(zh: str, en: str) -> Compiled:
    keys = tuple(dict.fromkeys(_names(zh) + _names(en)))
    # Formatted even without placeholders, so that `{{` reads as `{` as always.
    fixed = None if keys else built(LocalText, zh=zh.format_map({}), en=en.format_map({}))
    values = tuple(finder_of(key) for key in keys)
    compiled = Compiled(_template(zh), _template(en), values, fixed)
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
            slots.append((len(parts), sys.intern(name)))
            parts.append("")
    return _Template(text, parts, tuple(slots))


def _names(template: str) -> tuple[str, ...]:
    # `{a.b}` or `{a[0]}` looks up `a`, as str.format does.
    return tuple(
        sys.intern(_FIELD_KEY.match(name)[0])  # type: ignore[index]
        for _, name, _, _ in Formatter().parse(template)
        if name
    )
