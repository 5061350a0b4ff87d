"""A pure-Python evaluator of the rule files: the conditions compiled into one function.

It reads the condition trees as written (all / any / in / not_in, and what a rule
extends) and shares no compilation step with the durable engine, so that the two
agreeing is evidence that both are right.

The conditions become the source of a single Python function, one `if` per rule, with
each test a plain comparison of a fact with a constant. Evaluating nested closures cost
a Python call per test; this costs none. The tested values are passed in as constants
(never spliced into the source), and fact names only as string literals (`repr`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from origin_rules.ruleset.model import All, Always, Any_, Atom, Condition, FactValue

if TYPE_CHECKING:
    from origin_rules.engines import RuleConditions

Fired = Callable[[dict[str, FactValue]], frozenset[str]]


FirstFired = Callable[[dict[str, FactValue]], str | None]


class PythonEngine:
    name = "python"

    def __init__(self, ruleset: RuleConditions) -> None:
        self._conditions = dict(ruleset.conditions)
        self._fired: Fired = _compile_all(ruleset.conditions)

    def fired(self, facts: dict[str, FactValue]) -> frozenset[str]:
        return self._fired(facts)

    def first_fired(self, order: Sequence[str]) -> FirstFired:
        """A function of the facts that gives the first rule of `order` whose condition
        holds (None if none does): the first of `fired(facts)` in that order, found
        without testing the conditions after it. For a caller that needs only the
        rule that decides (a verdict), with the rules in precedence order."""
        first: FirstFired = _compile_all([(r, self._conditions[r]) for r in order], first_only=True)
        return first


def _compile_all(conditions: Any, *, first_only: bool = False) -> Any:
    constants: dict[str, object] = {}

    def constant(value: object) -> str:
        name = f"_c{len(constants)}"
        constants[name] = value
        return name

    def expression(condition: Condition) -> str:
        if isinstance(condition, Atom):
            fact = f"f[{condition.fact!r}]"
            values = tuple(condition.values)
            positive = condition.op in ("equals", "in")
            if len(values) == 1:
                # `==` on one value, as `in` on a set would (facts are str or bool).
                return f"({fact} {'==' if positive else '!='} {constant(values[0])})"
            return f"({fact} {'in' if positive else 'not in'} {constant(frozenset(values))})"
        if isinstance(condition, All):  # all of none holds, any of none does not
            return "(" + " and ".join([expression(c) for c in condition.items] or ["True"]) + ")"
        if isinstance(condition, Any_):
            return "(" + " or ".join([expression(c) for c in condition.items] or ["False"]) + ")"
        assert isinstance(condition, Always)
        return "True"

    lines = ["def fired(f):", "    out = []"]
    for rule_id, condition in conditions:
        lines.append(f"    if {expression(condition)}:")
        if first_only:
            lines.append(f"        return {constant(rule_id)}")
        else:
            lines.append(f"        out.append({constant(rule_id)})")
    lines.append("    return None" if first_only else "    return frozenset(out)")
    namespace: dict[str, Any] = dict(constants)
    exec(compile("\n".join(lines), "<origin_rules python engine>", "exec"), namespace)
    return namespace["fired"]
