"""The durable_rules engine: the only module that imports it.

durable_rules 2.0.28 is unmaintained and has measured defects (see the project's
research notes), so this adapter stays inside the subset that measured correct:

- the low-level `durable_rules_engine` module, driven synchronously: no `durable.lang`,
  no `Host`, no timer threads, no events;
- one ruleset handle per ruleset per process, compiled once and warmed up with one
  complete decision (a session where no action ever started crashes `delete_state`);
- patterns over a single fact only, each a flat `$and` of equalities and `$neq`: the
  rule files' `any` and `in` are expanded here into one engine rule per branch, since a
  multi-key pattern silently tests only its first key and nested groups are not trusted;
- a rule that always fires, and the session deleted after every decision in `finally`;
- property names checked for collisions of the engine's 32-bit name hash.

Because of the session deleted after every decision, an answer depends on nothing but
the facts asserted: `engine_for` wraps this engine in `engines/memo.py`'s memo, which
answers a situation it has seen with a dict lookup and runs this engine otherwise.
"""

from __future__ import annotations

import itertools
import json
import threading
from typing import TYPE_CHECKING, Any

import durable_rules_engine as dre

from origin_rules.ruleset.model import All, Always, Any_, Atom, Condition, FactValue

if TYPE_CHECKING:
    from origin_rules.engines import RuleConditions

_MARKER = "__fact__"  # on every asserted fact, never on the engine's own session messages
_SID = "decision"
_BRANCH = "#"

Branch = list[tuple[str, str, FactValue]]  # (fact, "eq" | "neq", value), all must hold


class DurableEngine:
    name = "durable"

    def __init__(self, ruleset: RuleConditions) -> None:
        definition: dict[str, Any] = {}
        names: set[str] = {_MARKER, "sid", "id"}
        for index, (rule_id, condition) in enumerate(ruleset.conditions):
            for k, branch in enumerate(branches(condition)):
                names.update(fact for fact, _, _ in branch)
                definition[f"{rule_id}{_BRANCH}{k}"] = {
                    "all": [{"m": _pattern(branch)}],
                    # Firing order does not matter (precedence is resolved afterwards), but
                    # the always-firing rule goes first so every session starts an action.
                    "pri": 0 if not branch else 1 + index,
                }
        names.update(ruleset.fact_names)
        _check_name_hashes(names)
        self._lock = threading.Lock()
        self._handle: int = dre.create_ruleset(
            f"origin-rules:{ruleset.id}:{ruleset.content_hash[7:19]}",
            json.dumps(definition, ensure_ascii=False),
        )
        # Warm-up: one complete decision initialises the state slot every later one reuses.
        self._run({})

    def fired(self, facts: dict[str, FactValue]) -> frozenset[str]:
        names = self._run(facts)
        return frozenset(name.partition(_BRANCH)[0] for name in names)

    def _run(self, facts: dict[str, FactValue]) -> list[str]:
        payload = json.dumps({**facts, "sid": _SID, _MARKER: 1}, ensure_ascii=False)
        names: list[str] = []
        # The engine holds the GIL throughout and keeps per-session state in C memory: one
        # decision at a time per handle keeps exactly one live session.
        with self._lock:
            try:
                code, offset = dre.assert_fact(self._handle, payload)
                if code == 2:
                    raise RuntimeError("durable engine: a stale session was still live")
                started = dre.start_action_for_state(self._handle, offset)
                message = None if started is None else started[1]
                while message is not None:
                    # The engine writes each action as {"<rule name>":{"m":{...}}}.
                    names.append(message[2 : message.index('"', 2)])
                    message = dre.complete_and_start_action(self._handle, offset)
            finally:
                try:
                    dre.delete_state(self._handle, _SID)
                except dre.error as exc:  # 309: no session (the assert failed before it)
                    if not str(exc).endswith("error code: 309"):
                        raise
        if len(set(names)) != len(names):
            raise RuntimeError(f"durable engine: a rule fired twice for one fact: {names}")
        return names


def branches(condition: Condition) -> list[Branch]:
    """The condition in disjunctive normal form: a list of flat conjunctions."""
    if isinstance(condition, Always):
        return [[]]
    if isinstance(condition, Atom):
        if condition.op in ("equals", "in"):
            return [[(condition.fact, "eq", v)] for v in condition.values]
        return [[(condition.fact, "neq", v) for v in condition.values]]
    if isinstance(condition, Any_):
        return [b for item in condition.items for b in branches(item)]
    assert isinstance(condition, All)
    product = itertools.product(*(branches(item) for item in condition.items))
    return [[atom for part in combo for atom in part] for combo in product]


def _pattern(branch: Branch) -> dict[str, Any]:
    if not branch:
        return {"$ex": {_MARKER: 1}}
    tests = [{fact: value} if op == "eq" else {"$neq": {fact: value}} for fact, op, value in branch]
    return {"$and": tests}


def _fnv1_32(name: str) -> int:
    """The engine's property-name hash: it compares these, never the names."""
    h = 0x811C9DC5
    for b in name.encode():
        signed = b - 256 if b > 127 else b  # C char is signed on the platforms built for
        h = ((h ^ (signed & 0xFFFFFFFF)) * 16777619) & 0xFFFFFFFF
    return h


def _check_name_hashes(names: set[str]) -> None:
    seen: dict[int, str] = {}
    for name in sorted(names):
        other = seen.setdefault(_fnv1_32(name), name)
        if other != name:
            raise RuntimeError(
                f"durable engine: fact names {other!r} and {name!r} share a hash; rename one"
            )
