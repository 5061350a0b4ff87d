"""The guide's verification workflow and its FAQ, as a second declarative ruleset on the
same engines as the origin rules (`rulesets/workflow-2022/`).

    from origin_rules.workflow import diagnose
    d = diagnose(state, symptom="department_cannot_see")
    d.diagnosis, [(s.actor, s.text.zh) for s in d.next_steps]

Given the state of a graduate's origin record (binding, submission, the review chain
培养单位 → 学校 → 省中心 → 初始化, the 学信网 data, the e-agreement ...) and a symptom,
it returns the diagnosis, who does what next, and the clause of the guide for each.
"""

from origin_rules.workflow.diagnose import diagnose, state_hash
from origin_rules.workflow.diagnosis import Diagnosis, Finding, NextStep
from origin_rules.workflow.load import bundled_workflow, load_workflow
from origin_rules.workflow.model import WorkflowRuleset
from origin_rules.workflow.render import render_diagnosis
from origin_rules.workflow.state import (
    Agreement,
    Binding,
    Brackets,
    Category,
    Chsi,
    ProvinceRejection,
    Review,
    Stage,
    Symptom,
    WorkflowState,
    YearMonth,
    parse_state,
)

__all__ = [
    "Agreement",
    "Binding",
    "Brackets",
    "Category",
    "Chsi",
    "Diagnosis",
    "Finding",
    "NextStep",
    "ProvinceRejection",
    "Review",
    "Stage",
    "Symptom",
    "WorkflowRuleset",
    "WorkflowState",
    "YearMonth",
    "bundled_workflow",
    "diagnose",
    "load_workflow",
    "parse_state",
    "render_diagnosis",
    "state_hash",
]
