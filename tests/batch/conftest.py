"""Inputs for the batch tests: the shipped examples, each under several ids, with
malformed records among them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from origin_rules.cli import examples_folder

BAD_JSON = '{"applicant_id": "broken", "cohort": '
BAD_FACTS = {
    "applicant_id": "bad-degree",
    "cohort": {"year": 2022, "month": 6},
    "degree": "bachelorx",
    "category": "mainland",
    "enrollment": "2018-09-01",
}


def example_applicants() -> list[dict[str, Any]]:
    folder = examples_folder()
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))]


@pytest.fixture(scope="session")
def applicants() -> list[dict[str, Any]]:
    """Valid applicants, varied: every example three times under distinct ids."""
    out = []
    for round_ in range(3):
        for data in example_applicants():
            out.append({**data, "applicant_id": f"{data.get('applicant_id', 'x')}-{round_}"})
    return out


@pytest.fixture(scope="session")
def bad_json() -> str:
    """A record cut off in the middle: not JSON."""
    return BAD_JSON


@pytest.fixture(scope="session")
def bad_facts() -> dict[str, Any]:
    """JSON, but a degree the facts do not know."""
    return dict(BAD_FACTS)
