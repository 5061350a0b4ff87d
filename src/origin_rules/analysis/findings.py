"""What an analysis of a ruleset finds: gaps, overlaps and dead rules, each with the
region of prepared facts where it shows and a witness applicant that reproduces it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from origin_rules.analysis.witness import Witness
from origin_rules.ruleset.model import FactValue, Text

Kind = Literal["gap", "overlap", "dead"]
Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    kind: Kind
    severity: Severity
    rules: tuple[str, ...]  # the rules concerned, highest precedence first
    message: Text
    region: Mapping[str, frozenset[FactValue]]  # where it shows (one region)
    regions: int  # how many regions of the split show it
    witness: Witness | None
    # What the witness must show when decided: the rule that decides, and rules that
    # must (or must not) appear in its trace.
    expect_decided_by: str | None = None
    expect_in_trace: tuple[str, ...] = ()
    expect_not_in_trace: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "severity": self.severity,
            "rules": list(self.rules),
            "message": {"zh": self.message.zh, "en": self.message.en},
            "region": {k: sorted(str(v) for v in vs) for k, vs in sorted(self.region.items())},
            "regions": self.regions,
            "witness": self.witness.as_json() if self.witness else None,
            "witness_decision": (
                {
                    "outcome": self.witness.decision.outcome.value,
                    "decided_by": self.witness.decision.decided_by,
                    "origin": self.witness.decision.origin.code
                    if self.witness.decision.origin
                    else None,
                }
                if self.witness
                else None
            ),
        }


@dataclass(frozen=True)
class Unconfirmed:
    """A region the split found that no applicant was found to reach: reported, never
    counted as a problem (the division registry, or the order of dates the preparation
    imposes, may make it impossible)."""

    why: str  # what it would have shown
    rules: tuple[str, ...]
    region: Mapping[str, frozenset[FactValue]]


@dataclass
class Analysis:
    ruleset_id: str
    ruleset_version: str
    facts_split: int  # facts the rules test
    regions: int  # regions of the outcome partition
    decided_by: dict[str, int]  # rule -> regions it decides
    findings: list[Finding] = field(default_factory=list)
    unconfirmed: list[Unconfirmed] = field(default_factory=list)
    # Each rule that decides somewhere, with an applicant for which it does.
    deciding_witnesses: dict[str, Witness] = field(default_factory=dict)
    # Pairs of rules, higher first, that both apply somewhere, conclude differently and
    # are ordered by the precedence list alone (in different rule files): by design.
    precedence_choices: list[tuple[str, str]] | None = None
    applicants_tried: int = 0
    seconds: float = 0.0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_json(self) -> dict[str, Any]:
        return {
            "ruleset": {"id": self.ruleset_id, "version": self.ruleset_version},
            "ok": self.ok,
            "facts_split": self.facts_split,
            "regions": self.regions,
            "decided_by": dict(self.decided_by),
            "findings": [f.as_json() for f in self.findings],
            "unconfirmed": [
                {
                    "why": u.why,
                    "rules": list(u.rules),
                    "region": {k: sorted(str(v) for v in vs) for k, vs in sorted(u.region.items())},
                }
                for u in self.unconfirmed
            ],
            "deciding_witnesses": {k: w.as_json() for k, w in self.deciding_witnesses.items()},
            "precedence_choices": (
                [list(p) for p in self.precedence_choices]
                if self.precedence_choices is not None
                else None
            ),
            "applicants_tried": self.applicants_tried,
            "seconds": round(self.seconds, 3),
        }
