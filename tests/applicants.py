"""Applicants the tests share (import it as `from applicants import bachelor_panyu`, as
tests import `cli_helpers`): the guide's own 番禺 example and its variations."""

from __future__ import annotations

from typing import Any


def bachelor_panyu(applicant_id: str = "cli-bachelor", start: str = "2001-03-01") -> dict[str, Any]:
    """Determined: the family's registration before the gaokao, 番禺区 (from `start`)."""
    return {
        "applicant_id": applicant_id,
        "cohort": {"year": 2022, "month": 6},
        "degree": "bachelor",
        "category": "mainland",
        "hukou": [
            {
                "holder": "family",
                "kind": "family_household",
                "place": {"code": "440113", "name": "番禺区"},
                "start": start,
            }
        ],
        "gaokao": {"date": "2018-06-07", "province": "440000"},
        "enrollment": "2018-09-01",
    }
