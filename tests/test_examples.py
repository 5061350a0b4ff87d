"""The shipped examples (examples/*.json, one applicant per file) are valid applicants and
each gets, on every engine, the outcome and origin recorded for it in
examples/expected/outcomes.json (applicant_id -> {outcome, origin}).

The record lives in a subfolder because `origin-rules demo` decides every
examples/*.json as an applicant.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from origin_rules import Outcome, decide_origin, parse_applicant

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples"
EXPECTED_FILE = EXAMPLES_DIR / "expected" / "outcomes.json"
ENGINES = ("python", "durable")
MIN_EXAMPLES = 8

EXAMPLE_FILES = sorted(EXAMPLES_DIR.glob("*.json"))


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _expected() -> dict[str, dict[str, Any]]:
    data = _read(EXPECTED_FILE)
    assert isinstance(data, dict), f"{EXPECTED_FILE}: must map applicant_id to its outcome"
    for applicant_id, entry in data.items():
        assert isinstance(entry, dict) and set(entry) == {"outcome", "origin"}, (
            f"{EXPECTED_FILE}: {applicant_id} must give exactly outcome and origin, got {entry!r}"
        )
        assert entry["outcome"] in {o.value for o in Outcome}, f"{applicant_id}: bad outcome"
        assert (entry["origin"] is None) == (entry["outcome"] != Outcome.DETERMINED.value), (
            f"{applicant_id}: an origin is recorded exactly for a determined outcome"
        )
    return data


def _applicant_id(path: Path) -> str:
    data = _read(path)
    assert isinstance(data, dict), f"{path.name}: one applicant (a JSON object) per file"
    applicant_id = data.get("applicant_id")
    assert isinstance(applicant_id, str), f"{path.name}: needs an applicant_id"
    return applicant_id


def test_examples_are_shipped_and_each_has_a_recorded_outcome() -> None:
    assert len(EXAMPLE_FILES) >= MIN_EXAMPLES, f"only {len(EXAMPLE_FILES)} examples"
    ids = [_applicant_id(path) for path in EXAMPLE_FILES]
    assert len(set(ids)) == len(ids), f"applicant_id used twice: {sorted(ids)}"
    assert all(i.startswith("example-") for i in ids), ids
    recorded = _expected()
    assert sorted(recorded) == sorted(ids), (
        f"without a recorded outcome: {sorted(set(ids) - set(recorded))}; "
        f"recorded for no example: {sorted(set(recorded) - set(ids))}"
    )


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example_is_a_valid_applicant(path: Path) -> None:
    applicant = parse_applicant(_read(path))
    assert applicant.applicant_id == _applicant_id(path)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example_gets_its_recorded_outcome(path: Path, engine: str) -> None:
    recorded = _expected()
    applicant_id = _applicant_id(path)
    assert applicant_id in recorded, f"{path.name}: no outcome recorded for {applicant_id}"
    decision = decide_origin(path.read_text(encoding="utf-8"), engine=engine)
    assert decision.engine == engine
    assert decision.applicant_id == applicant_id
    actual = {
        "outcome": decision.outcome.value,
        "origin": decision.origin.code if decision.origin else None,
    }
    assert actual == recorded[applicant_id]
