"""Engines evaluate a ruleset's conditions over one prepared fact and report the ids of
the rules that matched. They decide nothing else: precedence lives in `resolve.py` (and
in whatever resolves another ruleset's matches).

An engine compiles anything that offers `RuleConditions`: the origin ruleset does, and
so can any other ruleset of flat facts that runs on the same engines.

- `durable`: durable_rules (the only module that imports it is `engines/durable.py`).
- `python`: an independent evaluator of the same rule files, and the cross-check.

Both come with their answers remembered by their input (`engines/memo.py`): a situation
seen before is answered by a dict lookup. For durable that replaces a session; for the
python engine it saves about 2 µs of a whole decision (one function of forty-odd tests
is cheap alone, but a decision runs it among much other code, docs/performance.md).
`engine_for(..., cached=False)` or an `uncached()` block gives the engine itself, which
runs on every call: the evidence that the two engines agree is theirs, not the memo's.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import threading
from collections.abc import Iterator, Sequence
from typing import Protocol

from origin_rules.engines.memo import MemoisedEngine
from origin_rules.errors import InvalidOptionError
from origin_rules.ruleset.model import Condition, FactValue

ENGINE_NAMES = ("durable", "python")


class RuleConditions(Protocol):
    """What an engine compiles: named conditions over one flat fact."""

    @property
    def id(self) -> str: ...

    @property
    def content_hash(self) -> str: ...  # the cache key: equal hashes, equal conditions

    @property
    def conditions(self) -> Sequence[tuple[str, Condition]]: ...  # (rule id, condition)

    @property
    def fact_names(self) -> frozenset[str]: ...  # every name a fact payload can carry


class Engine(Protocol):
    name: str

    def fired(self, facts: dict[str, FactValue]) -> frozenset[str]: ...


_cache: dict[tuple[str, str], Engine] = {}
_cache_lock = threading.Lock()

# False inside an `uncached()` block: `engine_for` then hands out the engines themselves.
_memo_in_use = contextvars.ContextVar("origin_rules_engine_memo", default=True)


@contextlib.contextmanager
def uncached() -> Iterator[None]:
    """Within this block (in this thread, or this asyncio task), every engine runs on
    every call, its memo neither read nor filled: for tests and checks whose evidence
    must come from the engine itself (the engines-agree test, the policy cases)."""
    token = _memo_in_use.set(False)
    try:
        yield
    finally:
        _memo_in_use.reset(token)


def _forget_engines_in_child() -> None:
    """After `fork` the child holds copies of the parent's engines as they were at that
    instant: a lock another thread held (the durable engine's, or this cache's) stays
    held for ever, and the durable engine's C state may be in the middle of a session.
    Servers that load the library and then fork workers (gunicorn, uvicorn) do exactly
    this, so the child starts with no engine and compiles its own on first use."""
    global _cache_lock
    _cache.clear()
    _cache_lock = threading.Lock()


if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
    os.register_at_fork(after_in_child=_forget_engines_in_child)


def check_engine(name: str) -> None:
    if name not in ENGINE_NAMES:
        raise InvalidOptionError(f"engine: {name!r} is not one of {list(ENGINE_NAMES)}")


def engine_for(ruleset: RuleConditions, name: str, *, cached: bool = True) -> Engine:
    """The engine compiled for this ruleset, built once per process and reused. It
    comes with its memo unless `cached=False` (or inside `uncached()`): then it is the
    same compiled engine, run on every call."""
    check_engine(name)
    key = (ruleset.content_hash, name)
    engine = _cache.get(key)
    if engine is None:
        with _cache_lock:
            engine = _cache.get(key)
            if engine is None:
                engine = _build(ruleset, name)
                _cache[key] = engine
    if isinstance(engine, MemoisedEngine) and not (cached and _memo_in_use.get()):
        return engine.engine
    return engine


def _build(ruleset: RuleConditions, name: str) -> Engine:
    if name == "python":
        from origin_rules.engines.python import PythonEngine

        return MemoisedEngine(PythonEngine(ruleset))
    from origin_rules.engines.durable import DurableEngine

    return MemoisedEngine(DurableEngine(ruleset))
