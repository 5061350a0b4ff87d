"""Which prepared facts another reading of an interpretation would change.

A decision lists the interpretations it relied on (`resolve.py`): those whose other
reading could change a fact or place the decision rests on. Preparing everything again
under each other reading would double the cost of a decision, so only the interpretations
that can matter for this applicant are tried (`at_stake`, a cheap test that says yes to
every case where another reading changes something), and each only on the part of the
preparation that reads it.
"""

from __future__ import annotations

from collections.abc import (
    Callable,
    ItemsView,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
    ValuesView,
)

from origin_rules.facts import Applicant, HukouHolder, HukouRecord
from origin_rules.situation.builder import Builder
from origin_rules.situation.family import (
    FAMILY_PLACES,
    MoveTiming,
    family_part,
    reference_gaokao,
)
from origin_rules.situation.places import code_of
from origin_rules.situation.timeline import periods_overlap
from origin_rules.situation.work import (
    WORK_PLACES,
    WorkMatch,
    at_workplace,
    hukou_before_enrollment,
    work_changes,
    work_part,
    workplace_registration,
)

# Interpretations that act while facts are prepared, with the readings this code knows.
# The ruleset must declare each of them (and chooses the default reading).
PREPARATION_READINGS: dict[str, tuple[str, ...]] = {
    "gaokao_reference_day": ("day_before_gaokao", "gaokao_day"),
    "admitting_gaokao": ("admitting", "first_attempt"),
    "move_on_enrollment_day": ("not_after", "after"),
    "workplace_hukou_match": ("same_prefecture", "same_code"),
    "graduate_hukou_reference": ("day_before_enrollment", "held_while_working"),
    "family_registration": ("parents", "student_household"),
    "workplace_hukou_after_work": ("counts", "must_overlap_work"),
}

# What `sensitivity` is computed from, kept by `LazySensitivity` until it is.
_Arguments = tuple[Builder, Applicant, Mapping[str, str], MoveTiming, WorkMatch]

Part = Callable[[Builder, Applicant, Mapping[str, str]], object]

# Each interpretation read while preparing, but move_on_enrollment_day (see
# `MoveTiming`): the part that reads it and the places that part prepares (the rest of
# the preparation reads no interpretation).
_PARTS: dict[str, tuple[Part, tuple[str, ...]]] = {
    "gaokao_reference_day": (family_part, FAMILY_PLACES),
    "admitting_gaokao": (family_part, FAMILY_PLACES),
    "family_registration": (family_part, FAMILY_PLACES),
    "workplace_hukou_match": (work_part, WORK_PLACES),
    "graduate_hukou_reference": (work_part, WORK_PLACES),
    "workplace_hukou_after_work": (work_part, WORK_PLACES),
}


# What another reading of each of them can ever change, whatever the applicant: the
# facts and places of the part that reads it (`worked_before_enrollment` is read from the
# work alone, under any reading). `sensitivity` finds a subset of these; so an
# interpretation none of whose facts or places a decision rests on is one it does not
# rely on, and is not tried for it (`relied.py`). tests/properties/test_relied_shortcuts.py
# checks that the parts set no other fact.
_FAMILY_CAN_CHANGE = frozenset(
    (
        "gaokao_known",
        "student_moved_for_gaokao",
        "family_before_gaokao_kind",
        "family_before_gaokao_level",
        "family_before_gaokao_division",
        "family_now_kind",
        "family_now_level",
        "family_now_division",
        "family_move",
        "family_cancelled",
        "family_cancelled_timing",
        *FAMILY_PLACES,
    )
)
_WORK_CAN_CHANGE = frozenset(
    ("work_hukou_kind", "work_hukou_level", "work_hukou_division", *WORK_PLACES)
)
CAN_CHANGE: dict[str, frozenset[str]] = {
    "gaokao_reference_day": _FAMILY_CAN_CHANGE,
    "admitting_gaokao": _FAMILY_CAN_CHANGE,
    # `MoveTiming.changes`
    "move_on_enrollment_day": frozenset(("family_move", "family_cancelled_timing")),
    "workplace_hukou_match": _WORK_CAN_CHANGE,
    "graduate_hukou_reference": _WORK_CAN_CHANGE,
    "family_registration": _FAMILY_CAN_CHANGE,
    "workplace_hukou_after_work": _WORK_CAN_CHANGE,
}


_NOTHING: frozenset[str] = frozenset()


def changes_of(
    sensitivity: Mapping[str, frozenset[str]], interps: Sequence[str]
) -> tuple[frozenset[str], ...]:
    """What another reading of each of `interps` would change (empty for nothing), by a
    `Situation.sensitivity`: a `LazySensitivity` not computed yet tries only these."""
    if isinstance(sensitivity, LazySensitivity):
        return sensitivity.changes_of(interps)
    return tuple([sensitivity.get(i, _NOTHING) for i in interps])


def sensitivity(
    prepared: Builder,
    known: Applicant,
    readings: Mapping[str, str],
    move_timing: MoveTiming,
    work_match: WorkMatch,
) -> dict[str, frozenset[str]]:
    """Interpretation id -> the facts and places another reading of it would change, for
    `known` (the applicant as known on the decision date) prepared into `prepared` under
    `readings`, where the family part found `move_timing` and the work part `work_match`."""
    found = {}
    for interp in at_stake(known, readings, move_timing, work_match):
        changed = changes(prepared, known, readings, move_timing, work_match, interp)
        if changed:
            found[interp] = changed
    return found


def changes(
    prepared: Builder,
    known: Applicant,
    readings: Mapping[str, str],
    move_timing: MoveTiming,
    work_match: WorkMatch,
    interp: str,
) -> frozenset[str]:
    """What another reading of `interp` (one of `PREPARATION_READINGS`) would change, as
    `sensitivity` finds it (empty when nothing): each other reading tried on the part of
    the preparation that reads it."""
    facts, places = prepared.facts, prepared.places
    changed: set[str] = set()
    for reading in PREPARATION_READINGS[interp]:
        if reading == readings[interp]:
            continue
        if interp == "move_on_enrollment_day":
            # Read only to place a move against the first enrollment: try that alone.
            changed |= move_timing.changes(facts, reading)
            continue
        other_readings = {**readings, interp: reading}
        part, part_places = _PARTS[interp]
        if part is work_part:
            # The work part reads its interpretations only to find the registration at
            # a workplace: the same one found, it comes out the same; another one, its
            # facts and places are compared with it directly (`work_changes`).
            other_match = workplace_registration(known, other_readings)
            if not _same_match(work_match, other_match):
                changed |= work_changes(prepared, known, work_match, other_match)
            continue
        other = Builder(prepared.decision_date, prepared.divisions)
        part(other, known, other_readings)
        changed |= {k for k, v in other.facts.items() if facts[k] != v}
        changed |= {
            k for k in part_places if code_of(places.get(k)) != code_of(other.places.get(k))
        }
    return frozenset(changed)


def _same_match(a: WorkMatch, b: WorkMatch) -> bool:
    if a is None or b is None:
        return a is b
    return a[0] is b[0] and a[1] is b[1]


def at_stake(
    known: Applicant, readings: Mapping[str, str], move_timing: MoveTiming, work_match: WorkMatch
) -> list[str]:
    """The interpretations another reading of which may change this applicant's facts,
    where the family part found `move_timing` and the work part `work_match`. Each test
    is a necessary condition for a difference, so an interpretation left out here
    changes nothing (tests/properties/test_relied_shortcuts.py checks each)."""
    return _family_at_stake(known, readings, move_timing) + _work_at_stake(
        known, readings, work_match
    )


# The interpretations whose at-stake test each part's function makes (`at_stake` is
# the two together): the family part's, and the work part's.
_FAMILY_TESTED = frozenset(
    {i for i, (part, _) in _PARTS.items() if part is family_part} | {"move_on_enrollment_day"}
)
_WORK_TESTED = frozenset(i for i, (part, _) in _PARTS.items() if part is work_part)
assert PREPARATION_READINGS.keys() == _FAMILY_TESTED | _WORK_TESTED


def _family_at_stake(
    known: Applicant, readings: Mapping[str, str], move_timing: MoveTiming
) -> list[str]:
    """The interpretations the family part reads that are at stake, for `known` as the
    family part reads it, under the other interpretations' `readings` (each is tried
    alone)."""
    earlier = known.earlier_gaokao
    # Which gaokao is a question only with earlier attempts (as the family part asks it).
    gaokao = reference_gaokao(known, readings["admitting_gaokao"]) if earlier else known.gaokao
    # The day before the gaokao and its day differ only for a registration that starts
    # or ends on the day of the gaokao read (none read: nothing is before it under either).
    day = None if gaokao is None else gaokao.date
    on_gaokao_day = household_marked = False
    for r in known.hukou:
        if day is not None and (r.start == day or r.end == day):
            on_gaokao_day = True
        # Parents' or the student's household: only where the registers are told apart.
        if r.household_of is not None:
            household_marked = True
    found = []
    if on_gaokao_day:
        found.append("gaokao_reference_day")
    if earlier and _admitting_gaokao_at_stake(known):
        found.append("admitting_gaokao")
    if move_timing.on_first_enrollment_day():
        found.append("move_on_enrollment_day")
    if household_marked:
        found.append("family_registration")
    return found


def _admitting_gaokao_at_stake(known: Applicant) -> bool:
    """With more than one attempt: the first attempt and the admitting gaokao (if known:
    else only one reading has a gaokao) give days (each its day or the day before) on
    which the same registrations are in force, or have ended, unless one starts or
    ends from the first's day to the other's."""
    admitting = known.gaokao
    if admitting is None:
        return True
    first = reference_gaokao(known, "first_attempt")
    assert first is not None  # with an earlier attempt
    if first.date == admitting.date:
        return False
    for r in known.hukou:
        end = r.end
        if first.date <= r.start <= admitting.date or (
            end is not None and first.date <= end <= admitting.date
        ):
            return True
    return False


def _work_at_stake(
    known: Applicant, readings: Mapping[str, str], work_match: WorkMatch
) -> list[str]:
    """The work interpretations at stake. Under any readings, the registration at a
    workplace is found among the student's own registrations at a workplace under the
    widest ones (in the same prefecture, set up after the work counting): with none,
    none is found under any; each reading changes only which of them are found."""
    works = known.work_before_enrollment
    if not works:
        return []
    student, enrollment = HukouHolder.STUDENT, known.enrollment
    own = [r for r in known.hukou if r.holder is student]
    # Plain loops: a graduate who worked has this done for every explained decision.
    found = []
    for r in own:
        for w in works:
            if at_workplace(r, w, enrollment, False, True):
                found.append((r, w))
    if not found:
        return []
    stake = []
    # `same_code` and `same_prefecture` differ only for two codes in one prefecture.
    for r, w in found:
        if r.place.code != w.place.code:
            stake.append("workplace_hukou_match")
            break
    # The registration held before enrollment, or the one preferred while working: the
    # same one where there is only one, and it is the one held before enrollment.
    if (
        len(found) > 1
        or _held_before_enrollment(known, own, readings, work_match) is not found[0][0]
    ):
        stake.append("graduate_hukou_reference")
    # Set up after the work ended: it counts or not only if one is at a workplace so.
    for r, w in found:
        if not periods_overlap(r, w):
            stake.append("workplace_hukou_after_work")
            break
    return stake


def _held_before_enrollment(
    known: Applicant, own: list[HukouRecord], readings: Mapping[str, str], work_match: WorkMatch
) -> HukouRecord | None:
    """`hukou_before_enrollment(known, own)`, where the work part found `work_match` under
    `readings`: under day_before_enrollment the registration it matched is that one, so
    it is not looked for again (tests/properties/test_relied_shortcuts.py compares)."""
    if work_match is not None and readings["graduate_hukou_reference"] == "day_before_enrollment":
        return work_match[0]
    return hukou_before_enrollment(known, own)


class LazySensitivity(Mapping[str, frozenset[str]]):
    """`sensitivity(...)` as a read-only mapping, computed when first read and kept.

    Only the interpretations a decision relied on read it (a deferred part of the
    decision, `resolve.py`), and trying the other readings costs more than a tenth of a
    decision, so a decision whose explanation is never asked for never tries them; and
    `changes_of` tries only the interpretations asked for (`relied.py` asks for those
    the decision could rely on). What it reads is never changed after the preparation
    (the facts gain only the readings' own facts, which no part sets): the first read
    finds what `prepare` would have found. Safe to share between threads: two first
    reads at once each compute the same values, and either is kept."""

    __slots__ = ("_arguments", "_family_stake", "_found", "_tried", "_work_stake")

    def __init__(
        self,
        prepared: Builder,
        known: Applicant,
        readings: Mapping[str, str],
        move_timing: MoveTiming,
        work_match: WorkMatch,
    ) -> None:
        self._arguments: _Arguments | None = (prepared, known, readings, move_timing, work_match)
        self._found: dict[str, frozenset[str]] | None = None
        # What is at stake (`at_stake`), each part's once asked, and what each of those
        # tried so far changes.
        self._family_stake: list[str] | None = None
        self._work_stake: list[str] | None = None
        self._tried: dict[str, frozenset[str]] = {}

    def _computed(self) -> dict[str, frozenset[str]]:
        found = self._found
        if found is None:
            arguments = self._arguments
            if arguments is None:
                # Another thread computed it since: it kept the mapping before it
                # dropped what the mapping was computed from.
                found = self._found
                assert found is not None
            else:
                tried = self._changes
                stake = self._at_stake(arguments, PREPARATION_READINGS)
                found = {i: c for i in stake if (c := tried(i, arguments))}
                self._found = found
                self._arguments = None  # no longer needed: let it go
        return found

    def changes_of(self, interps: Sequence[str]) -> tuple[frozenset[str], ...]:
        """What another reading of each of `interps` would change (empty for nothing),
        as `get(i, frozenset())` each: trying only these if the whole mapping is not
        computed yet."""
        found = self._found
        if found is None:
            arguments = self._arguments
            if arguments is not None:
                stake = self._at_stake(arguments, interps)
                if not stake:  # most decisions: nothing to try
                    return (_NOTHING,) * len(interps)
                tried = self._changes
                return tuple([tried(i, arguments) if i in stake else _NOTHING for i in interps])
            found = self._found  # computed whole since, by another thread
            assert found is not None
        return tuple([found.get(i, _NOTHING) for i in interps])

    def _at_stake(self, arguments: _Arguments, interps: Iterable[str]) -> list[str]:
        """`at_stake`, tested only by the parts whose tests answer for some of `interps`
        (a decision that can rely on the family's interpretations alone, or the work's
        alone, tests that part alone), each part once."""
        stake: list[str] = []
        if not _FAMILY_TESTED.isdisjoint(interps):
            family = self._family_stake
            if family is None:
                family = self._family_stake = _family_at_stake(
                    arguments[1], arguments[2], arguments[3]
                )
            stake = family
        if not _WORK_TESTED.isdisjoint(interps):
            work = self._work_stake
            if work is None:
                work = self._work_stake = _work_at_stake(arguments[1], arguments[2], arguments[4])
            stake = stake + work if stake else work
        return stake

    def _changes(self, interp: str, arguments: _Arguments) -> frozenset[str]:
        """`changes` of an interpretation at stake, tried once."""
        found = self._tried.get(interp)
        if found is None:
            found = self._tried[interp] = changes(*arguments, interp)
        return found

    def __getitem__(self, key: str) -> frozenset[str]:
        return self._computed()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._computed())

    def __len__(self) -> int:
        return len(self._computed())

    # The mapping's own views (not Mapping's, which look every key up again).
    def items(self) -> ItemsView[str, frozenset[str]]:
        return self._computed().items()

    def values(self) -> ValuesView[frozenset[str]]:
        return self._computed().values()

    def __repr__(self) -> str:
        return f"LazySensitivity({self._computed()!r})"
