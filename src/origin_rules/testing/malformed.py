"""Malformed applicants: a valid applicant's JSON with one field broken, which the
library must reject naming the field."""

from __future__ import annotations

from hypothesis import strategies as st

from origin_rules.facts import StudentCategory
from origin_rules.testing.strategies import applicants

_BREAKAGES: tuple[tuple[str, object], ...] = (
    ("cohort.year", "two thousand"),
    ("degree", "bachelour"),
    ("category", "overseas"),
    ("enrollment", "2018-13-01"),
    ("enrollment", 1535760000),
    ("normal_university", "yes"),
    ("hukou.0.kind", "collective"),
    ("hukou.0.place.code", "44011"),
    ("hukou.0.place.code", "44011a"),
    ("hukou.0.start", "01/09/2018"),
    ("gaokao.date", "2018-06-31"),
)


@st.composite
def malformed_applicants(draw: st.DrawFn) -> tuple[dict[str, object], str]:
    """The JSON of a valid applicant with one field broken, and that field's path: the
    library must reject it with an error naming that path."""
    applicant = draw(applicants(categories=(StudentCategory.MAINLAND,)))
    data: dict[str, object] = applicant.model_dump(mode="json")
    usable = [(path, value) for path, value in _BREAKAGES if _reachable(data, path.split(".")[:-1])]
    path, value = draw(st.sampled_from(usable))
    if draw(st.integers(0, 5)) == 0:
        data["nickname"] = "小明"  # an unknown field, misspelt or invented
        return data, "nickname"
    *parents, last = path.split(".")
    target: object = data
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]  # type: ignore[index]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        assert isinstance(target, dict)
        target[last] = value
    return data, path


def _reachable(data: object, parts: list[str]) -> bool:
    for part in parts:
        if isinstance(data, dict) and part in data and data[part] is not None:
            data = data[part]
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return False
    return True
