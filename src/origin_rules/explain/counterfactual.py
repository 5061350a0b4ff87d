"""The smallest changes of a graduate's facts that would change the decision.

The search only tries each fact's own alternatives, so every change it reports is one
staff can put to the graduate ("is this record really an employer collective?"):

- a hukou record's kind: every other kind;
- a record's holder: the family's registration instead of the student's own, or back;
- a record's start or end date moved across a boundary that matters: to the day of
  the gaokao, the first enrollment or the current enrollment, or the day just on the
  other side of it. A move from one record to the next of the same holder is one
  event, so when a record starts the day the previous one ends, both dates move
  together (otherwise every such move would first show up as overlapping records);
- a record removed;
- a missing fact supplied: the gaokao (7 June of the year of the first enrollment), an
  earlier bachelor's programme for a graduate student without one (enrolled 1 September
  of the gaokao year), a county-level code for a place recorded only to province or
  prefecture level (the first county under it in force both then and on the decision
  date, from the bundled division registry).

Degree level, student category, cohort and the normal-university flag are never
changed: they are not the graduate's to change, and they decide which rules apply at
all rather than how a rule reads the facts.

The search is breadth-first: every single change, then pairs of changes if time
remains and fewer than `max_results` were found. A counterfactual is reported only if
the outcome or the origin code differs from the decision's, and only once per result
(outcome, origin, deciding rule): the first, smallest change that reaches it. A pair is
not tried if either of its changes already changes the result alone (it would not be
smallest), nor if either makes the facts unusable on its own (a variant that fails
validation, or whose decision rests on the facts contradicting each other: "if the
dates contradicted each other, staff would review" is no answer). The search stops at
the time budget or `max_tried` decisions and then says it is incomplete. Complete means
that every change set that could have been reported was tried: pairs are skipped, and
the search is still complete, once `max_results` are found, since a later pair would
be listed after them.

Order: single changes first, those giving a determined origin first, then in the order
searched (supplied facts, moved dates, other kinds, other holders, removed records).
Pairs follow in the order searched. The result is deterministic whenever the search
completes.

This module searches; the single changes it tries are made in `counterfactual_changes`,
and the words a counterfactual says in `counterfactual_words`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from itertools import combinations
from typing import Any

from pydantic import ValidationError

from origin_rules.decision import Decision, LocalText
from origin_rules.facts import Applicant
from origin_rules.ruleset.model import Outcome

from .counterfactual_changes import Change, Edit, single_changes
from .counterfactual_words import HOLDER_WORDS, record_reference, result_words
from .model import Counterfactual, CounterfactualSearch

# The single changes (counterfactual_changes) and the words (counterfactual_words) live
# apart; the words reports label their records with are named here too.
__all__ = ["HOLDER_WORDS", "counterfactuals", "record_reference"]


def counterfactuals(
    applicant: Applicant,
    decision: Decision,
    *,
    decide: Callable[[Applicant], Decision],
    budget_seconds: float = 1.0,
    max_tried: int = 2000,
    max_changes: int = 2,
    max_results: int = 5,
) -> tuple[tuple[Counterfactual, ...], CounterfactualSearch]:
    """Search the smallest changes of `applicant`'s facts that change `decision`'s
    outcome or origin code (see the module's docstring). `decide` decides a changed
    applicant with the same options as `decision`."""
    started = time.monotonic()
    tried = 0
    complete = True
    # Each result (outcome, origin, rule) is reported once per family of change, reached
    # by its first change of that family: a kind and a date reaching the same result are
    # different things to ask the graduate about (同学乙: an employer collective hukou,
    # or an individual hukou set up only after enrollment).
    seen: set[tuple[Outcome, str | None, str | None, tuple[str, ...]]] = set()
    singles: list[tuple[int, Counterfactual]] = []
    effective: set[int] = set()  # singles that change the result or make the facts unusable

    def budget_left() -> bool:
        return tried < max_tried and time.monotonic() - started < budget_seconds

    def attempt(changes: tuple[Change, ...]) -> tuple[str, Counterfactual | None]:
        """ "unusable", "same" or "changed", with the counterfactual if its result is new."""
        nonlocal tried
        variant = _apply(applicant, [e for c in changes for e in c.edits])
        if variant is None:
            return "unusable", None
        tried += 1
        new = decide(variant)
        if _rests_on_inconsistency(new):
            return "unusable", None
        if not _differs(new, decision):
            return "same", None
        key = (
            new.outcome,
            new.origin.code if new.origin else None,
            new.decided_by,
            tuple(c.family for c in changes),
        )
        if key in seen:
            return "changed", None
        seen.add(key)
        return "changed", _counterfactual(changes, new)

    candidates = list(single_changes(applicant, decision)) if max_changes >= 1 else []
    for index, change in enumerate(candidates):
        if not budget_left():
            complete = False
            break
        status, found = attempt((change,))
        if status != "same":
            effective.add(index)
        if found is not None:
            singles.append((index, found))
    # Every single change was tried before any pair, so they can be ranked together.
    singles.sort(key=lambda found: (_rank(found[1]), found[0]))
    results = [c for _, c in singles if _leads_somewhere(c)][:max_results]
    missing_only = [c for _, c in singles if not _leads_somewhere(c)]

    if complete and max_changes >= 2 and len(results) < max_results:
        for i, j in combinations(range(len(candidates)), 2):
            if i in effective or j in effective or _conflict(candidates[i], candidates[j]):
                continue
            if not budget_left():
                complete = False
                break
            _, found = attempt((candidates[i], candidates[j]))
            if found is None:
                continue
            if not _leads_somewhere(found):
                missing_only.append(found)
                continue
            results.append(found)
            if len(results) == max_results:
                break  # later pairs come after these, so none could be reported
    # Where nothing reaches another decision, the changes that only leave facts missing
    # are all there is to say: listed, not counted.
    listed, unlisted = (results, len(missing_only)) if results else (missing_only[:max_results], 0)
    return tuple(listed), CounterfactualSearch(
        tried=tried,
        complete=complete,
        seconds_budget=budget_seconds,
        max_changes=min(max_changes, 2),
        only_missing_facts=unlisted,
    )


def _leads_somewhere(found: Counterfactual) -> bool:
    """Whether a change reaches another decision, rather than only leaving facts missing
    (deleting a record, moving a date onto the gaokao day): staff ask about the first."""
    return found.outcome is not Outcome.INSUFFICIENT_FACTS


def _rank(found: Counterfactual) -> int:
    """Another origin first, then a case for staff, then anything else."""
    order = (Outcome.DETERMINED, Outcome.NEEDS_REVIEW, Outcome.OUT_OF_SCOPE)
    return order.index(found.outcome) if found.outcome in order else len(order)


# --- applying changes ---------------------------------------------------------------


def _apply(applicant: Applicant, edits: Iterable[Edit]) -> Applicant | None:
    """The applicant with the edits made, validated afresh; None if that fails."""
    removed: set[int] = set()
    per_record: dict[int, dict[str, Any]] = {}
    top: dict[str, Any] = {}
    for edit in edits:
        head = edit.path[0]
        if head == "hukou":
            index = edit.path[1]
            assert isinstance(index, int)
            if len(edit.path) == 2:
                removed.add(index)
            else:
                per_record.setdefault(index, {})[str(edit.path[2])] = edit.value
        else:
            top[str(head)] = edit.value
    hukou = tuple(
        record.model_copy(update=per_record.get(i, {}))
        for i, record in enumerate(applicant.hukou)
        if i not in removed
    )
    # model_copy does not validate; validating the whole afresh catches a variant that
    # is not well-formed facts at all.
    try:
        return type(applicant).model_validate(
            applicant.model_copy(update={**top, "hukou": hukou}).model_dump()
        )
    except ValidationError:
        return None


def _conflict(a: Change, b: Change) -> bool:
    """Two changes touch the same field (or one removes the record the other edits)."""
    return any(
        p.path[: len(q.path)] == q.path or q.path[: len(p.path)] == p.path
        for p in a.edits
        for q in b.edits
    )


def _rests_on_inconsistency(decision: Decision) -> bool:
    return any(
        step.role == "decided" and step.facts.get("facts_consistent") is False
        for step in decision.trace
    )


def _differs(new: Decision, old: Decision) -> bool:
    def code(d: Decision) -> str | None:
        return d.origin.code if d.origin else None

    return new.outcome is not old.outcome or code(new) != code(old)


# --- the counterfactual in words ----------------------------------------------------


def _counterfactual(changes: tuple[Change, ...], new: Decision) -> Counterfactual:
    result = result_words(new)
    return Counterfactual(
        changes=tuple(f for c in changes for f in c.facts),
        outcome=new.outcome,
        origin=new.origin,
        decided_by=new.decided_by,
        text=LocalText(
            zh=f"若{'，且'.join(c.zh for c in changes)}，则{result.zh}",
            en=f"If {', and '.join(c.en for c in changes)}, {result.en}",
        ),
    )
