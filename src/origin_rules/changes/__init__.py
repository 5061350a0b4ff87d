"""Change requests after verification (生源信息修改申请, guide 四(二) and form 1).

    from origin_rules.changes import decide_change, render_change
    decision = decide_change(request_json)       # a ChangeRequest, or its JSON
    decision.result                               # accepted | needs_evidence | rejected
    print(render_change(decision))                # for staff, 中文 (or lang="en", format="md")

The policy (which fields the student may edit, which need form 1, the reasons the guide
accepts, the evidence each needs, why a request is turned down) is data:
rulesets/changes-2022/, each entry citing the clause it encodes, quoted verbatim.
"""

from origin_rules.changes.decide import decide_change
from origin_rules.changes.decision import ChangeDecision, FieldResult, Flag, Named, Redecision
from origin_rules.changes.policy import ChangesPolicy, bundled_changes_policy, load_changes_policy
from origin_rules.changes.record import GraduateRecord
from origin_rules.changes.render import render_change
from origin_rules.changes.request import (
    ChangeRequest,
    Correction,
    InvalidRequestError,
    parse_request,
)

__all__ = [
    "ChangeDecision",
    "ChangeRequest",
    "ChangesPolicy",
    "Correction",
    "FieldResult",
    "Flag",
    "GraduateRecord",
    "InvalidRequestError",
    "Named",
    "Redecision",
    "bundled_changes_policy",
    "decide_change",
    "load_changes_policy",
    "parse_request",
    "render_change",
]
