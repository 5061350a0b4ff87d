"""Regions and conclusions in words, for policy staff (中文 first, English too)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from origin_rules.render import outcome_label
from origin_rules.ruleset.model import (
    All,
    Any_,
    Atom,
    Condition,
    FactValue,
    Rule,
    Ruleset,
    interpretation_fact,
)
from origin_rules.situation.vocabulary import DISPLAY, FACTS, NONE, value_label

_INTERP = interpretation_fact("")


def _value(value: FactValue, lang: str) -> str:
    return value_label(str(value).lower() if isinstance(value, bool) else value, lang)


def fact_name(fact: str, lang: str) -> str:
    spec = FACTS.get(fact)
    if spec is not None:
        return spec.zh if lang == "zh" else spec.en
    if fact.startswith(_INTERP):
        interp = fact.removeprefix(_INTERP)
        return f"解释“{interp}”的解读" if lang == "zh" else f"reading of interpretation {interp}"
    return fact


# The plain case of the facts that mostly only keep the scope and review rules away: a
# description leaves them out (saying so) unless the rules it is about test them.
PLAIN: dict[str, FactValue] = {
    "cohort_governed": True,
    "category": "mainland",
    "normal_university": False,
    "minority_programme": False,
    "facts_consistent": True,
    "id_document": NONE,
}


def describe_region(
    facts: Mapping[str, frozenset[FactValue]],
    domains: Mapping[str, Sequence[FactValue]],
    lang: str,
    order: Sequence[str] = (),
    keep: Collection[str] = (),
) -> str:
    """One clause per confined fact: '学历层次：本科' / 'degree level: bachelor'. Facts
    whose class leaves out a single value are said the short way ('not none'); facts
    that allow their plain value (`PLAIN`) are left out unless named in `keep`."""
    parts, omitted = describe_clauses(facts, domains, lang, order, keep)
    if omitted:
        parts.append(plain_note(lang))
    return ("；" if lang == "zh" else "; ").join(parts) or (
        "任何情形" if lang == "zh" else "any case"
    )


def plain_note(lang: str) -> str:
    return "其余为通常情形" if lang == "zh" else "otherwise the plain case"


def describe_clauses(
    facts: Mapping[str, frozenset[FactValue]],
    domains: Mapping[str, Sequence[FactValue]],
    lang: str,
    order: Sequence[str] = (),
    keep: Collection[str] = (),
) -> tuple[list[str], bool]:
    """The clauses of `describe_region`, and whether a plain fact was left out (so that
    a caller describing several parts of one case says "其余为通常情形" once)."""
    parts = []
    ranked = {name: i for i, name in enumerate(order)}
    omitted = False
    for fact in sorted(facts, key=lambda f: (ranked.get(f, len(ranked)), f)):
        allowed = facts[fact]
        if fact not in keep and fact in PLAIN and PLAIN[fact] in allowed:
            omitted = True
            continue
        domain = list(domains.get(fact, sorted(allowed, key=str)))
        if set(domain) <= allowed:
            continue
        excluded = [v for v in domain if v not in allowed]
        inside = [v for v in domain if v in allowed]
        if len(excluded) == 1 and len(inside) > 2:
            words = ("不是" if lang == "zh" else "not ") + _value(excluded[0], lang)
        else:
            joiner = "或" if lang == "zh" else " or "
            words = joiner.join(_value(v, lang) for v in inside)
        colon = "：" if lang == "zh" else ": "
        parts.append(f"{fact_name(fact, lang)}{colon}{words}")
    return parts, omitted


def conclusion_label(rule: Rule | None, lang: str) -> str:
    """What a rule concludes in words, with its id: '已确定生源地（determined）：生源地为工作地户口所在地
    [rule]'; the place the origin is taken from in words, never its source id."""
    if rule is None:
        return "无结论" if lang == "zh" else "no conclusion"
    outcome = rule.conclusion.outcome
    if outcome is None:
        return ("说明" if lang == "zh" else "note") + f" [{rule.id}]"
    text = outcome_label(outcome, lang)
    if rule.conclusion.origin:
        zh, en = DISPLAY.get(f"{rule.conclusion.origin}_place", (rule.conclusion.origin,) * 2)
        text += f"：生源地为{zh}" if lang == "zh" else f": the origin is {en}"
    return f"{text} [{rule.id}]"


def relevant_order(ruleset: Ruleset) -> list[str]:
    """Facts in the order the rules first test them (highest precedence first)."""
    seen: dict[str, None] = {}
    for rule in ruleset.rules:
        for atom in ruleset.atoms(rule):
            seen.setdefault(atom.fact)
    return list(seen)


def condition_words(condition: Condition, lang: str) -> str:
    """A condition as staff would say it: '已知高考时间为 否' / 'the gaokao date is known is no'."""
    zh = lang == "zh"
    if isinstance(condition, Atom):
        values = ("、" if zh else ", ").join(_value(v, lang) for v in condition.values)
        negated = condition.op in ("not_equals", "not_in")
        if zh:
            return f"“{fact_name(condition.fact, lang)}”{'不是' if negated else '为'} {values}"
        return f'"{fact_name(condition.fact, lang)}" {"is not" if negated else "is"} {values}'
    if isinstance(condition, All | Any_):
        joiner = (
            ("且" if zh else " and ") if isinstance(condition, All) else ("或" if zh else " or ")
        )
        return "（" + joiner.join(condition_words(c, lang) for c in condition.items) + "）"
    return "总是成立" if zh else "always"
