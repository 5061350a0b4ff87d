"""An engine's answers remembered by their input: a repeated situation costs a dict
lookup instead of a durable_rules session, or instead of the python engine's tests.

Why this is sound. An engine's answer (the ids of the rules that matched) is a function
of the prepared facts alone, for one compiled ruleset:

- the durable adapter asserts exactly those facts (with two fixed marker keys) into one
  session, reads the actions it starts, and deletes the session in `finally` after every
  decision, so no state of one call is seen by the next (engines/durable.py); the python
  engine is one function of the facts, with no state at all (engines/python.py);
- the facts hold only strings and booleans (`FactValue`), and the key is every fact's
  name and value, in order: two keys are equal only when the two dicts are, and no two
  distinct strings or booleans compare equal;
- one memo belongs to one compiled engine, which belongs to one ruleset content hash
  (`engines.engine_for`), so the ruleset is part of the key too;
- a call that raises (a stale session, a rule that fired twice) stores nothing.

The engine still decides: a situation not yet seen runs the engine itself, and only its
answer is stored. `fired(facts, cached=False)`, `engine_for(..., cached=False)` and the
`engines.uncached()` block run it on every call; the engines-agree test and the policy
cases do (tests/conftest.py), so the differential evidence is the engine's, not the
memo's.

Bounded: at most `max_entries` answers (each about half a kilobyte: the facts' values;
the tuple of fact names is shared), cleared whole when full. Generated applicants repeat
a few hundred situations per fifty thousand (docs/performance.md), far below the bound.
Thread-safe: lookups are single dict reads; an insertion (and the clearing) holds a lock.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, NamedTuple

from origin_rules.ruleset.model import FactValue

if TYPE_CHECKING:
    from origin_rules.engines import Engine

MAX_ENTRIES = 10_000

_Key = tuple[tuple[str, ...], tuple[FactValue, ...]]


class MemoInfo(NamedTuple):
    """What a memo holds and how it was used (hits and misses are approximate when
    several threads decide at once: they are counted without the lock)."""

    hits: int
    misses: int
    entries: int
    max_entries: int


class MemoisedEngine:
    """An engine whose answers are remembered by the facts they were given."""

    def __init__(self, engine: Engine, max_entries: int = MAX_ENTRIES) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries: expected at least 1, got {max_entries}")
        self.engine = engine  # the engine itself, uncached
        self.name = engine.name
        self.max_entries = max_entries
        self._answers: dict[_Key, frozenset[str]] = {}
        self._names: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per name list
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0

    def fired(self, facts: dict[str, FactValue], *, cached: bool = True) -> frozenset[str]:
        """The rules whose conditions hold over `facts`: remembered, or (on a miss, or
        with `cached=False`) the engine's own answer."""
        if not cached:
            return self.engine.fired(facts)
        key = (tuple(facts), tuple(facts.values()))
        answer = self._answers.get(key)
        if answer is not None:
            self._hits += 1
            return answer
        answer = self.engine.fired(facts)  # raises before anything is stored
        self._misses += 1
        with self._lock:
            if len(self._answers) >= self.max_entries:
                self._answers.clear()
                self._names.clear()
            names = self._names.setdefault(key[0], key[0])
            self._answers[(names, key[1])] = answer
        return answer

    def info(self) -> MemoInfo:
        return MemoInfo(self._hits, self._misses, len(self._answers), self.max_entries)

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()
            self._names.clear()
            self._hits = self._misses = 0
