"""Why the rules that outrank the deciding one did not decide, each in one sentence.

A rule of higher precedence than the deciding rule never fired (it would have won), so
for each one that *could have decided* this graduate's case, the first test of its
condition that failed is put in words: the fact's label, the value it has, the value
the rule wanted.

"Could have decided" means all of:

- it concludes something (notes conclude nothing), and something other than the
  decision did (another outcome, or the origin from another place): a rule that would
  have said the same thing explains nothing;
- it is not ruled out by the graduate's scope facts (cohort, category, degree level,
  normal-university student): those put a graduate under a rule or not, and are not
  the graduate's to change, so the Hong Kong rule is no alternative for a mainland
  student, nor the graduate-student rules for a bachelor;
- it is not a check on the state of the record: a rule that concludes
  `insufficient_facts`, or whose own condition (beyond the rule it extends) tests only
  whether the facts are complete and sound (consistency, the identity document, the
  gaokao date being known, a place's division level or its state on the decision
  date). Such a rule not firing means the record passed the check, which is no reason
  the decision went elsewhere; it would list a check that passed for every graduate.
"""

from __future__ import annotations

import math

from origin_rules.decision import ClauseRef, Decision, LocalText
from origin_rules.ruleset.model import (
    All,
    Always,
    Any_,
    Atom,
    Condition,
    FactValue,
    Outcome,
    Rule,
    Ruleset,
    atoms_of,
    interpretation_fact,
)
from origin_rules.situation.prepare import Situation
from origin_rules.situation.vocabulary import DISPLAY, FACTS, NONE, NONE_SAID, value_label

from .model import FailedCondition, WhyNot

_INTERP_PREFIX = interpretation_fact("")

# Facts that put a graduate under a rule or not; the graduate cannot change them, so a
# rule they rule out could never have decided. The counterfactual search leaves them
# alone for the same reason.
SCOPE_FACTS = frozenset({"cohort_governed", "category", "degree", "normal_university"})

# Facts about whether the record is complete and sound rather than about the
# graduate's circumstances: a rule testing only these is a check, not an alternative.
RECORD_CHECK_FACTS = frozenset(
    {"facts_consistent", "id_document", "gaokao_known"}
    | {
        f"{key}_{part}"
        for key in ("family_before_gaokao", "family_now", "work_hukou")
        for part in ("level", "division")
    }
)


def why_not(ruleset: Ruleset, situation: Situation, decision: Decision) -> tuple[WhyNot, ...]:
    """For each rule above the deciding one that could have decided (see the module's
    docstring), the first failing test of its full condition, in precedence order."""
    winner = ruleset.rules_by_id.get(decision.decided_by or "")
    if winner is None:
        return ()
    facts = situation.facts
    found = []
    for rule in ruleset.rules:
        if rule is winner:
            break
        if not _could_have_decided(ruleset, rule, winner, facts):
            continue
        atom = _first_failing(ruleset.full_condition(rule), facts)
        if atom is None:  # it held after all: an engine disagreeing with the rule files
            continue
        clause = ruleset.clauses[rule.clause]
        found.append(
            WhyNot(
                rule=rule.id,
                title=LocalText(zh=rule.title.zh, en=rule.title.en),
                clause=ClauseRef(id=clause.id, section=clause.section, text=clause.text),
                would_conclude=would_conclude(rule, situation),
                failed=failed_condition(ruleset, atom, facts),
            )
        )
    return tuple(found)


def _could_have_decided(
    ruleset: Ruleset, rule: Rule, winner: Rule, facts: dict[str, FactValue]
) -> bool:
    c = rule.conclusion
    if c.outcome is None or c.outcome is Outcome.INSUFFICIENT_FACTS:
        return False
    if (c.outcome, c.origin) == (winner.conclusion.outcome, winner.conclusion.origin):
        return False
    # Only the rule's own tests: what it extends is judged as a rule of its own.
    tested = {a.fact for a in atoms_of(rule.condition) if not a.fact.startswith(_INTERP_PREFIX)}
    if tested and tested <= RECORD_CHECK_FACTS:
        return False
    return _cost(ruleset.full_condition(rule), facts) < math.inf


def _cost(condition: Condition, facts: dict[str, FactValue]) -> float:
    """How many failing tests would have to pass for the condition to hold, with the
    scope facts as they are (infinite if a failing scope test stands in the way)."""
    if isinstance(condition, Atom):
        if condition.holds(facts):
            return 0
        return math.inf if condition.fact in SCOPE_FACTS else 1
    if isinstance(condition, All):
        return sum(_cost(c, facts) for c in condition.items)
    if isinstance(condition, Any_):
        return min((_cost(c, facts) for c in condition.items), default=math.inf)
    assert isinstance(condition, Always)
    return 0


def _first_failing(condition: Condition, facts: dict[str, FactValue]) -> Atom | None:
    """The first failing test in evaluation order. Of an `any`, the branch that came
    closest: fewest failing tests (a branch that a scope fact rules out never comes
    closest), the first of those."""
    if isinstance(condition, Atom):
        return None if condition.holds(facts) else condition
    if isinstance(condition, All):
        for item in condition.items:
            found = _first_failing(item, facts)
            if found is not None:
                return found
        return None
    if isinstance(condition, Any_):
        costs = [_cost(c, facts) for c in condition.items]
        if not costs or min(costs) == 0:
            return None
        return _first_failing(condition.items[costs.index(min(costs))], facts)
    return None


# --- in words -----------------------------------------------------------------------


def failed_condition(ruleset: Ruleset, atom: Atom, facts: dict[str, FactValue]) -> FailedCondition:
    actual = facts[atom.fact]
    return FailedCondition(
        fact=atom.fact,
        op=atom.op,
        expected=atom.values,
        actual=actual,
        text=_failed_text(ruleset, atom, actual),
    )


def _failed_text(ruleset: Ruleset, atom: Atom, actual: FactValue) -> LocalText:
    positive = atom.op in ("equals", "in")
    if atom.fact.startswith(_INTERP_PREFIX):
        interp = ruleset.interpretations.get(atom.fact.removeprefix(_INTERP_PREFIX))
        if interp is not None:

            def reading(value: FactValue, lang: str) -> str:
                text = interp.readings.get(str(value))
                return text.in_lang(lang) if text else str(value)

            return _compared(
                (
                    f"关于“{interp.question.zh}”，所选解释",
                    f'On "{interp.question.en}", the chosen reading',
                ),
                reading(actual, "zh"),
                reading(actual, "en"),
                [reading(v, "zh") for v in atom.values],
                [reading(v, "en") for v in atom.values],
                positive,
            )
    spec = FACTS.get(atom.fact)
    zh_label, en_label = (spec.zh, spec.en) if spec else (atom.fact, atom.fact)
    if spec is not None and spec.is_bool and isinstance(actual, bool):
        # "X 为“否”，不是“是”" reads badly; a yes/no fact is a statement that holds or not.
        if not positive and len(atom.values) == 1 and atom.values[0] is actual:
            return LocalText(
                zh=f"“{zh_label}”{'成立' if actual else '不成立'}，本条要求其{'不成立' if actual else '成立'}",
                en=f'"{en_label}" {"holds" if actual else "does not hold"}, '
                f"and the rule needs it {'not to' if actual else 'to'}",
            )
        return LocalText(
            zh=f"“{zh_label}”{'成立' if actual else '不成立'}",
            en=f'"{en_label}" {"holds" if actual else "does not hold"}',
        )

    def label(value: FactValue, lang: str) -> str:
        return value_label(str(value).lower() if isinstance(value, bool) else value, lang)

    if actual == NONE and atom.fact in NONE_SAID:
        none_zh, none_en = NONE_SAID[atom.fact]
        wanted_zh, wanted_en = _quoted(
            [label(v, "zh") for v in atom.values], [label(v, "en") for v in atom.values]
        )
        if positive:
            return LocalText(
                zh=f"{none_zh}，而本条要求{zh_label}为{wanted_zh}",
                en=f'{_capital(none_en)}; the rule needs "{en_label}" to be {wanted_en}',
            )
        return LocalText(
            zh=f"{none_zh}，而本条要求不是这种情形",
            en=f"{_capital(none_en)}; the rule excludes that",
        )
    return _compared(
        (zh_label, en_label),
        label(actual, "zh"),
        label(actual, "en"),
        [label(v, "zh") for v in atom.values],
        [label(v, "en") for v in atom.values],
        positive,
    )


def _compared(
    subject: tuple[str, str],
    actual_zh: str,
    actual_en: str,
    wanted_zh: list[str],
    wanted_en: list[str],
    positive: bool,
) -> LocalText:
    zh_list, en_list = _quoted(wanted_zh, wanted_en)
    if positive:
        return LocalText(
            zh=f"{subject[0]}为“{actual_zh}”，不是{zh_list}",
            en=f'{subject[1]} is "{actual_en}", not {en_list}',
        )
    return LocalText(
        zh=f"{subject[0]}为“{actual_zh}”，本条要求不为{zh_list}",
        en=f'{subject[1]} is "{actual_en}", which the rule excludes',
    )


def _quoted(wanted_zh: list[str], wanted_en: list[str]) -> tuple[str, str]:
    """The values a test wants, quoted and joined: “a”、“b”或“c” / "a", "b" or "c"."""
    return (
        _joined([f"“{w}”" for w in wanted_zh], "、", "或"),
        _joined([f'"{w}"' for w in wanted_en], ", ", " or "),
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _joined(items: list[str], sep: str, last: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return sep.join(items[:-1]) + last + items[-1]


def would_conclude(rule: Rule, situation: Situation) -> LocalText:
    """What the rule concludes, in words: the outcome, and for an origin the place it
    is taken from (with the place itself where the facts name one)."""
    c = rule.conclusion
    if c.outcome is Outcome.DETERMINED and c.origin:
        zh_source, en_source = DISPLAY.get(f"{c.origin}_place", (c.origin, c.origin))
        place = situation.places.get(c.origin)
        shown = (place.full_name or place.name) if place else None
        zh_where = f"（{shown}，{place.code}）" if place and shown else ""
        en_where = f" ({shown}, {place.code})" if place and shown else ""
        return LocalText(
            zh=f"生源地为{zh_source}{zh_where}",
            en=f"the origin is {en_source}{en_where}",
        )
    words = {
        Outcome.DETERMINED: ("生源地可以确定", "the origin is determined"),
        Outcome.NEEDS_REVIEW: ("交由学校人工审核", "staff review the case"),
        Outcome.INSUFFICIENT_FACTS: ("事实不足，须补充材料", "more facts are needed"),
        Outcome.OUT_OF_SCOPE: ("不在本规则集的适用范围内", "the case is outside this ruleset"),
    }
    assert c.outcome is not None  # notes are never reported
    zh, en = words[c.outcome]
    return LocalText(zh=zh, en=en)
