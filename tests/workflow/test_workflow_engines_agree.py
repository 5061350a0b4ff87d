"""Both engines give identical diagnoses over generated record states, with random
readings of the interpretations; and every generated state gets exactly one diagnosis
that the resolution rules allow."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings

from origin_rules.workflow import bundled_workflow, diagnose, parse_state

from .strategies import readings, workflow_states

# A tenth of the origin differential's examples: the workflow has fewer facts and rules.
EXAMPLES = max(50, settings().max_examples // 10)


@settings(max_examples=EXAMPLES)
@given(workflow_states(), readings())
def test_durable_and_python_diagnose_alike(state: dict[str, Any], chosen: dict[str, str]) -> None:
    python = diagnose(state, interpretations=chosen, engine="python")
    durable = diagnose(state, interpretations=chosen, engine="durable")
    assert python.model_dump(exclude={"engine"}) == durable.model_dump(exclude={"engine"})


@settings(max_examples=EXAMPLES)
@given(workflow_states(), readings())
def test_every_state_gets_one_diagnosis_with_next_steps(
    state: dict[str, Any], chosen: dict[str, str]
) -> None:
    parse_state(state)  # the strategy only makes states the system can be in
    d = diagnose(state, interpretations=chosen, engine="python")
    workflow = bundled_workflow()
    assert [f.role for f in d.findings].count("diagnosis") == 1
    assert d.next_steps, "a diagnosis always says who does what next"
    fallback = workflow.rules[-1].id
    if d.diagnosis == fallback:
        assert [f.rule for f in d.findings if f.role == "also"] == []
    else:
        assert fallback not in {f.rule for f in d.findings}
    order = [r.id for r in workflow.rules]
    for role in ("also", "status", "note", "replaced"):
        ranked = [order.index(f.rule) for f in d.findings if f.role == role]
        assert ranked == sorted(ranked), f"{role} findings are in precedence order"
    for f in d.findings:
        if f.role == "replaced":
            assert (
                f.replaced_by is not None and f.rule in workflow.rules_by_id[f.replaced_by].replaces
            )
    relied = {i.id for i in d.interpretations}
    named = {i for f in d.findings if f.role != "replaced" for i in f.interpretations}
    assert relied == named
