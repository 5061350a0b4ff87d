"""Record states the workflow tests start from."""

from __future__ import annotations

from typing import Any


def pending_review_state(record_id: str, **changes: Any) -> dict[str, Any]:
    """A mainland 2022 graduate, bound, whose department has not yet reviewed the
    submission (as of 2021-09-20); `changes` replace top-level fields."""
    base: dict[str, Any] = {
        "record_id": record_id,
        "category": "mainland",
        "graduation": {"year": 2022, "month": 6},
        "shown_graduation": {"year": 2022, "month": 6},
        "binding": {"real_name_authenticated": True, "student_status_bound": True},
        "review": {"submitted_on": "2021-09-01", "department": "pending"},
        "as_of": "2021-09-20",
    }
    return base | changes
