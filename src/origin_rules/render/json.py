"""A decision or an explanation as JSON, for machines.

The object's `model_dump(mode="json")`, with keys sorted at every level (so two
renderings of the same decision compare equal as text, and diffs stay small), indented
by two spaces, and non-ASCII text (place names, the guide's clauses) written as is.
Both languages are in the data, so the language of the call does not change it.

    from origin_rules.render import render_json
    stored = render_json(explanation)
"""

from __future__ import annotations

import json

from pydantic import BaseModel

__all__ = ["render_json"]


def render_json(obj: BaseModel, *, indent: int | None = 2) -> str:
    """`obj` (a Decision, an Explanation, or any other result of the library: a change
    decision, a workflow diagnosis) as JSON text ending in a newline; `indent=None`
    gives one line (JSON Lines)."""
    separators = (",", ": ") if indent is not None else (",", ":")
    return (
        json.dumps(
            obj.model_dump(mode="json"),
            ensure_ascii=False,
            sort_keys=True,
            indent=indent,
            separators=separators,
        )
        + "\n"
    )
