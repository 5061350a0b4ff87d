"""Engines evaluate a ruleset's conditions over one prepared fact and report the ids of
the rules that matched. They decide nothing else: precedence lives in `resolve.py`.

- `durable`: durable_rules (the only module that imports it is `engines/durable.py`).
- `python`: an independent evaluator of the same rule files, and the cross-check.
"""

from __future__ import annotations

import threading
from typing import Protocol

from origin_rules.errors import InvalidOptionError
from origin_rules.ruleset.model import FactValue, Ruleset

ENGINE_NAMES = ("durable", "python")


class Engine(Protocol):
    name: str

    def fired(self, facts: dict[str, FactValue]) -> frozenset[str]: ...


_cache: dict[tuple[str, str], Engine] = {}
_cache_lock = threading.Lock()


def check_engine(name: str) -> None:
    if name not in ENGINE_NAMES:
        raise InvalidOptionError(f"engine: {name!r} is not one of {list(ENGINE_NAMES)}")


def engine_for(ruleset: Ruleset, name: str) -> Engine:
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


def _build(ruleset: Ruleset, name: str) -> Engine:
    if name == "python":
        from origin_rules.engines.python import PythonEngine

        return PythonEngine(ruleset)
    from origin_rules.engines.durable import DurableEngine

    return DurableEngine(ruleset)
