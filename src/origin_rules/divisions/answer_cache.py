"""The bound on the registry's caches of answers (full names, name matches, resolutions).

An answer depends on a date only through the year-end lists the date selects, so many
applicants share one cached answer; the answers are immutable, so a plain dict is safe
to share between threads. A full cache is emptied rather than evicted entry by entry:
an answer is cheap to work out again and a long-running server never grows without bound.
"""

from __future__ import annotations

from typing import Final, TypeVar

ANSWER_CACHE_SIZE: Final = 100_000

K = TypeVar("K")
V = TypeVar("V")


def remember(cache: dict[K, V], key: K, answer: V, size: int = ANSWER_CACHE_SIZE) -> V:
    """Keep `answer` under `key`, first emptying the cache if it holds `size` answers."""
    if len(cache) >= size:
        cache.clear()
    cache[key] = answer
    return answer
