"""Engines evaluate a ruleset's conditions over one prepared fact and report the ids of
the rules that matched. They decide nothing else: precedence lives in `resolve.py` (and
in whatever resolves another ruleset's matches).

An engine compiles anything that offers `RuleConditions`: the origin ruleset does, and
so can any other ruleset of flat facts that runs on the same engines.

- `durable`: durable_rules (the only module that imports it is `engines/durable.py`).
- `python`: an independent evaluator of the same rule files, and the cross-check.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Protocol

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


def engine_for(ruleset: RuleConditions, name: str) -> Engine:
    """The engine compiled for this ruleset, built once per process and reused."""
    check_engine(name)
    key = (ruleset.content_hash, name)
    engine = _cache.get(key)
    if engine is None:
        with _cache_lock:
            engine = _cache.get(key)
            if engine is None:
                engine = _build(ruleset, name)
                _cache[key] = engine
    return engine


def _build(ruleset: RuleConditions, name: str) -> Engine:
    if name == "python":
        from origin_rules.engines.python import PythonEngine

        return PythonEngine(ruleset)
    from origin_rules.engines.durable import DurableEngine

    return DurableEngine(ruleset)
