"""The values an explanation quotes (labels, dates, division changes), made when read.

A decision needs them only if its explanation is rendered, and wording them (place
labels, the text of a division's changes, ISO dates) costs more than preparing the facts
the rules test. So the preparation keeps what they are made from (`DisplaySources`) and
`LazyDisplay` words them all on the first read: the same keys and values as if they had
been made at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import NamedTuple

from origin_rules.facts import Applicant
from origin_rules.identity import DocumentCheck
from origin_rules.situation.consistency import Inconsistency
from origin_rules.situation.places import PlaceRef
from origin_rules.situation.vocabulary import value_label

DisplayValue = str | tuple[str, str]


class DisplaySources(NamedTuple):
    """What the display values of one prepared applicant are made from."""

    applicant: Applicant  # as known on the decision date
    decision_date: date
    graduate_hukou_reference: str  # the reading in force, which the work basis names
    places: Mapping[str, PlaceRef]
    dates: Mapping[str, date]  # display key -> the date it shows
    work_period: tuple[date, date | None] | None
    inconsistencies: tuple[Inconsistency, ...]
    identity_check: DocumentCheck | None


def display_values(s: DisplaySources) -> dict[str, DisplayValue]:
    """Every display value, each under its key in `vocabulary.DISPLAY`."""
    applicant = s.applicant
    programme = applicant.programme.value
    shown: dict[str, DisplayValue] = {
        "cohort": f"{applicant.cohort.year}-{applicant.cohort.month:02d}",
        "decision_date": s.decision_date.isoformat(),
        "enrollment": applicant.enrollment.isoformat(),
        "programme": (value_label(programme, "zh"), value_label(programme, "en")),
    }
    # Each place as it is on the decision date, as recorded, and what changed between.
    for key, place in s.places.items():
        label, recorded, change = place.texts()
        shown[f"{key}_place"] = label
        shown[f"{key}_recorded_place"] = recorded
        shown[f"{key}_change"] = change
    document = applicant.identity_document
    if document is not None and s.identity_check is not None:
        check = s.identity_check
        kind = document.kind.value
        shown["id_document_kind"] = (value_label(kind, "zh"), value_label(kind, "en"))
        shown["id_document_number"] = check.normalised_masked
        shown["id_document_problems"] = (
            "；".join(p.zh for p in check.problems) or "无",
            "; ".join(p.en for p in check.problems) or "none",
        )
        shown["id_document_changes"] = (
            "；".join(check.change_notes("zh")) or "无",
            "; ".join(check.change_notes("en")) or "none",
        )
    shown["inconsistencies"] = (
        "；".join(i.zh for i in s.inconsistencies) or "无",
        "; ".join(i.en for i in s.inconsistencies) or "none",
    )
    for key, day in s.dates.items():
        shown[key] = day.isoformat()
    shown["work_hukou_basis"] = _work_hukou_basis(applicant, s.graduate_hukou_reference)
    if s.work_period is not None:
        start, end = s.work_period
        shown["work_period"] = f"{start.isoformat()} – {end.isoformat() if end else '至今'}"
    return shown


def _work_hukou_basis(applicant: Applicant, reference: str) -> tuple[str, str]:
    """Which of the student's registrations the graduate-student rule looks at."""
    if reference == "day_before_enrollment":
        day = (applicant.enrollment - timedelta(days=1)).isoformat()
        return (
            f"入学前（{day}）的本人户口",
            f"the student's own registration before enrollment ({day})",
        )
    return (
        "入学前工作期间在工作地的本人户口",
        "the student's own registration at the workplace while working before enrollment",
    )


class LazyDisplay(Mapping[str, DisplayValue]):
    """A read-only mapping of the display values, made from their sources on the first
    read of any of them and kept. Safe to share between threads: two first reads at once
    each make the same values, and either result is kept."""

    __slots__ = ("_sources", "_values")

    def __init__(self, sources: DisplaySources) -> None:
        self._sources = sources
        self._values: dict[str, DisplayValue] | None = None

    def _made(self) -> dict[str, DisplayValue]:
        values = self._values
        if values is None:
            values = display_values(self._sources)
            self._values = values
        return values

    def __getitem__(self, key: str) -> DisplayValue:
        return self._made()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._made()

    def __iter__(self) -> Iterator[str]:
        return iter(self._made())

    def __len__(self) -> int:
        return len(self._made())

    def __repr__(self) -> str:
        return f"LazyDisplay({self._made()!r})"
