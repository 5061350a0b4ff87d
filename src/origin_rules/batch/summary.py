"""What a batch reports when it ends, and the progress line it shows while it runs."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from origin_rules.batch.writers import Encoded


@dataclass
class Summary:
    """Counts of a batch: records, outcomes, deciding rules and errors."""

    records: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)
    elapsed: float = 0.0
    interrupted: str | None = None  # the signal's name, if the run was stopped
    kept_in: str | None = None  # where the lines of a stopped run are (FILE.partial)

    def add(self, encoded: Encoded) -> None:
        self.records += 1
        if encoded.error is not None:
            self.errors[encoded.error] += 1
            return
        assert encoded.outcome is not None
        self.outcomes[encoded.outcome] += 1
        self.rules[encoded.decided_by or "(none)"] += 1

    def finish(self) -> None:
        self.elapsed = time.monotonic() - self.started

    @property
    def rate(self) -> float:
        return self.records / self.elapsed if self.elapsed > 0 else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "decided": sum(self.outcomes.values()),
            "errors": sum(self.errors.values()),
            "outcomes": dict(sorted(self.outcomes.items())),
            "decided_by": dict(sorted(self.rules.items())),
            "error_kinds": dict(sorted(self.errors.items())),
            "elapsed_seconds": round(self.elapsed, 3),
            "records_per_second": round(self.rate, 1),
            "interrupted": self.interrupted,
        }

    def lines(self) -> list[str]:
        head = f"{self.records:,} records in {self.elapsed:.1f} s ({self.rate:,.0f}/s)"
        if self.interrupted:
            kept = f"{self.kept_in} holds" if self.kept_in else "the output holds"
            head += f"; stopped by {self.interrupted}: {kept} the records before it"
            if self.kept_in:
                head += " (--resume continues it)"
        outcomes = ", ".join(f"{k} {v:,}" for k, v in sorted(self.outcomes.items())) or "none"
        errors = sum(self.errors.values())
        kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(self.errors.items()))
        out = [
            head,
            f"  outcomes: {outcomes}",
            f"  errors: {errors:,}" + (f" ({kinds})" if kinds else ""),
        ]
        out.append("  decided by:")
        out.extend(f"    {rule} {n:,}" for rule, n in self.rules.most_common())
        return out


class Progress:
    """One line on a terminal, redrawn at most a few times a second; nothing otherwise."""

    def __init__(
        self,
        stream: TextIO,
        *,
        enabled: bool,
        total_bytes: int | None = None,
        position: Callable[[], int] | None = None,
        every: float = 0.25,
    ) -> None:
        self._stream = stream
        self.enabled = enabled
        self._total = total_bytes
        self._position = position
        self._every = every
        self._next = 0.0
        self._drawn = False

    def update(self, summary: Summary) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + self._every
        elapsed = now - summary.started
        rate = summary.records / elapsed if elapsed > 0 else 0.0
        text = (
            f"{summary.records:,} records, {rate:,.0f}/s, errors {sum(summary.errors.values()):,}"
        )
        if self._total and self._position is not None:
            try:
                done = min(self._position() / self._total, 1.0)
                text = f"{done:6.1%}  " + text
            except (OSError, ValueError):
                pass
        self._stream.write("\r" + text.ljust(60))
        self._stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self._stream.write("\r" + " " * 72 + "\r")
            self._stream.flush()
