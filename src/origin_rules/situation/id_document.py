"""The identity document's facts: whether its number checks out, never the number itself."""

from __future__ import annotations

from datetime import date

from origin_rules.facts import Applicant
from origin_rules.identity import DocumentCheck, DocumentKind, check_document
from origin_rules.situation.builder import FactValue
from origin_rules.situation.vocabulary import NONE, IdDocument


def identity_document(
    applicant: Applicant, decision_date: date, facts: dict[str, FactValue]
) -> DocumentCheck | None:
    """Check the identity document's number; only its masked form reaches the decision.
    The check is returned for the explanation's words (`display.py`)."""
    document = applicant.identity_document
    if document is None:
        facts["id_document"] = NONE
        return None
    check = check_document(document.kind, document.number, as_of=decision_date)
    invalid = (
        IdDocument.INVALID_MAINLAND_ID
        if document.kind is DocumentKind.MAINLAND_RESIDENT_ID
        else IdDocument.INVALID_HK_MO_TW
    )
    facts["id_document"] = (
        invalid if not check.valid else IdDocument.NORMALISED if check.changes else IdDocument.VALID
    )
    return check
