"""The identity document's facts: whether its number checks out, never the number itself."""

from __future__ import annotations

from datetime import date

from origin_rules.facts import Applicant
from origin_rules.identity import DocumentKind, check_document
from origin_rules.situation.builder import FactValue
from origin_rules.situation.vocabulary import NONE, IdDocument, value_label


def identity_document(
    applicant: Applicant,
    decision_date: date,
    facts: dict[str, FactValue],
    display: dict[str, str | tuple[str, str]] | None,
) -> None:
    """Check the identity document's number; only its masked form reaches the decision.
    The check's words go to `display` when it is given (an explained preparation)."""
    document = applicant.identity_document
    if document is None:
        facts["id_document"] = NONE
        return
    check = check_document(document.kind, document.number, as_of=decision_date)
    invalid = (
        IdDocument.INVALID_MAINLAND_ID
        if document.kind is DocumentKind.MAINLAND_RESIDENT_ID
        else IdDocument.INVALID_HK_MO_TW
    )
    facts["id_document"] = (
        invalid if not check.valid else IdDocument.NORMALISED if check.changes else IdDocument.VALID
    )
    if display is None:
        return
    display["id_document_kind"] = (
        value_label(document.kind.value, "zh"),
        value_label(document.kind.value, "en"),
    )
    display["id_document_number"] = check.normalised_masked
    display["id_document_problems"] = (
        "；".join(p.zh for p in check.problems) or "无",
        "; ".join(p.en for p in check.problems) or "none",
    )
    display["id_document_changes"] = (
        "；".join(check.change_notes("zh")) or "无",
        "; ".join(check.change_notes("en")) or "none",
    )
