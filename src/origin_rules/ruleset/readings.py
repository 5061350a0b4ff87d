"""The readings a call chooses for a rule set's open points, checked against what it
declares, and how a result records a reading it relied on: shared by the origin rules,
the workflow and the change policy, which answer a bad choice with the same messages and
record readings the same way."""

from __future__ import annotations

from collections.abc import Mapping

from origin_rules.decision import InterpretationUse, LocalText
from origin_rules.errors import InvalidOptionError
from origin_rules.ruleset.model import Interpretation


def chosen_readings(
    interpretations: Mapping[str, Interpretation],
    chosen: Mapping[str, str] | None,
    *,
    of: str,
) -> dict[str, str]:
    """Every interpretation's reading: the default unless `chosen` says otherwise.

    An unknown interpretation or reading raises `InvalidOptionError` naming each one
    (all at once, joined by "; "); `of` names the rule set in the message, e.g.
    "ruleset guide-2022" or "workflow-2022".
    """
    readings = {i.id: i.default for i in interpretations.values()}
    problems = []
    for interp_id, reading in (chosen or {}).items():
        declared = interpretations.get(interp_id)
        if declared is None:
            problems.append(
                f"interpretations.{interp_id}: not an interpretation of {of} "
                f"(one of {sorted(interpretations)})"
            )
        elif reading not in declared.readings:
            problems.append(
                f"interpretations.{interp_id}: {reading!r} is not one of "
                f"{sorted(declared.readings)}"
            )
        else:
            readings[interp_id] = reading
    if problems:
        raise InvalidOptionError("; ".join(problems))
    return readings


def interpretation_use(interp: Interpretation, reading: str) -> InterpretationUse:
    """`interp` as a result records it: the reading used, whether it is the default, and
    the question and the reading in both languages."""
    return InterpretationUse(
        id=interp.id,
        reading=reading,
        is_default=reading == interp.default,
        question=LocalText(zh=interp.question.zh, en=interp.question.en),
        reading_text=LocalText(zh=interp.readings[reading].zh, en=interp.readings[reading].en),
    )
