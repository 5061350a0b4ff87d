"""The notes a form carries about how it was built (说明), in Chinese: staff read them."""

from __future__ import annotations

from origin_rules.changes.policy import ChangesPolicy


def interpretation_note(policy: ChangesPolicy, interp_id: str, reading: str) -> str:
    """One open point of the guide, the reading the form was built with, and why."""
    interp = policy.interpretations[interp_id]
    note = (
        f"{interp.question.zh} 本表所取解读（{interp_id} = {reading}）："
        f"{interp.readings[reading].zh}。"
    )
    if reading == interp.default:
        return note + f"此为默认解读，理由：{interp.why_default.zh}"
    return note + "此为非默认解读，由制表人选择。"
