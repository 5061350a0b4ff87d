"""A decision's trace steps are built from what each takes from its rule and role alone,
made once with the plan (`resolve._StepParts`), plus the facts and the text of the
applicant: on generated applicants under any readings, the trace must be the one built
plainly, step by step, from the ruleset's rules (validated by pydantic, each text
filled by `str.format`), and be written as that one is."""

from __future__ import annotations

from hypothesis import given, settings

from origin_rules import Applicant, decide_origin
from origin_rules.decide import evaluate
from origin_rules.decision import ClauseRef, LocalText, TraceStep
from origin_rules.explanation_texts import value_of
from origin_rules.resolve import _plan_uncached
from origin_rules.ruleset.model import Text, interpretation_fact
from origin_rules.situation.prepare import Situation
from origin_rules.testing import applicants, interpretation_choices

from .generated import READINGS, RULESET

PREFIX = interpretation_fact("")


class _Values(dict[str, str]):
    """A placeholder's value in one language, looked up when `str.format` asks."""

    def __init__(self, situation: Situation, lang: int) -> None:
        super().__init__()
        self.situation, self.lang = situation, lang

    def __missing__(self, key: str) -> str:
        return value_of(self.situation, key)[self.lang]


def _plain_text(text: Text, situation: Situation) -> LocalText:
    return LocalText(
        zh=text.zh.format_map(_Values(situation, 0)),
        en=text.en.format_map(_Values(situation, 1)),
    )


@settings(max_examples=150, deadline=None)
@given(applicants(), interpretation_choices(READINGS))
def test_the_trace_is_the_one_built_plainly(applicant: Applicant, readings: dict[str, str]) -> None:
    run = evaluate(applicant, RULESET, None, readings, "python", None)
    situation = run.situation
    expected = []
    for rule, role in _plan_uncached(RULESET, run.fired, "python").steps:
        atoms = [a.fact for a in RULESET.atoms(rule)]
        clause = RULESET.clauses[rule.clause]
        expected.append(
            TraceStep(
                rule=rule.id,
                role=role,
                clause=ClauseRef(id=clause.id, section=clause.section, text=clause.text),
                title=LocalText(zh=rule.title.zh, en=rule.title.en),
                facts={f: situation.facts[f] for f in atoms if not f.startswith(PREFIX)},
                interpretations=tuple(
                    dict.fromkeys(f.removeprefix(PREFIX) for f in atoms if f.startswith(PREFIX))
                ),
                text=_plain_text(rule.explain, situation),
            )
        )
    decision = decide_origin(applicant, engine="python", ruleset=RULESET, interpretations=readings)
    assert decision.trace == tuple(expected)
    for step, plain in zip(decision.trace, expected, strict=True):
        assert step.model_dump_json() == plain.model_dump_json()
