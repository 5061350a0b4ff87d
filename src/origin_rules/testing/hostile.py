"""Hostile applicants for fuzzing (issue 13): a valid applicant with one or more of its
values, anywhere, replaced by what an attacker or a broken exporter would send: deep
nesting, huge lists and strings, dates at the ends of the calendar, values of the wrong
type, identity document numbers where they do not belong, unknown keys; then given as a
mapping, JSON text, or bytes (with a byte-order mark, or not UTF-8 at all).

`check_hostile` states what must hold for every such input, whatever it is: the call
returns a decision or raises `InvalidFactsError` (every error with a field path) or
`InvalidOptionError`; no error text shows the document number; and it takes bounded
time. tests/test_fuzz_input.py runs it in CI; scripts/fuzz.py runs it for longer.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from origin_rules.decide import decide_origin
from origin_rules.errors import InvalidFactsError, InvalidOptionError

NUMBER = "44011320000101008X"  # made up; the middle must never show in an error
HIDDEN = NUMBER[6:14]
SECONDS_PER_CALL = 2.0


def base_applicant() -> dict[str, Any]:
    """Valid, with a value at every kind of path (lists of records, nested places)."""
    place = {"code": "440113", "name": "番禺区", "township": "市桥街道"}
    return {
        "applicant_id": "fuzz-1",
        "cohort": {"year": 2022, "month": 6},
        "degree": "master",
        "category": "mainland",
        "normal_university": False,
        "hukou": [
            {"holder": "family", "kind": "family_household", "place": place, "start": "2000-03-15"},
            {
                "holder": "student",
                "kind": "school_collective",
                "place": {"code": "440106"},
                "start": "2018-09-05",
                "end": "2022-06-30",
            },
        ],
        "gaokao": {"date": "2014-06-07", "province": "440000"},
        "earlier_gaokao": [{"date": "2013-06-07", "province": "440000"}],
        "enrollment": "2018-09-01",
        "earlier_programmes": [
            {"level": "bachelor", "enrollment": "2014-09-01", "graduation": "2018-06-30"}
        ],
        "work_before_enrollment": [{"place": place, "start": "2018-07-01", "end": "2018-08-01"}],
        "identity_document": {"kind": "mainland_resident_id", "number": NUMBER},
    }


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into `value` (the root excluded)."""
    found: list[tuple[Any, ...]] = []
    if not isinstance(value, dict | list):
        return found
    for key, child in value.items() if isinstance(value, dict) else enumerate(value):
        found.append((*prefix, key))
        found.extend(paths(child, (*prefix, key)))
    return found


def nested(levels: int, kind: str) -> Any:
    value: Any = NUMBER
    for _ in range(levels):
        value = [value] if kind == "list" else {"k": value}
    return value


DATES = ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01", "1900-01-01", "2100-12-31",
         "2018-02-30", "20180901", "2018-13-01", "0000-00-00", "-2018-01-01", "2018-06-07T00:00"]  # fmt: skip


def _fresh(values: list[Any]) -> st.SearchStrategy[Any]:
    # A copy each time: a later change must not write into a value shared between
    # examples (a dict that ends up inside itself).
    return st.sampled_from(values).map(copy.deepcopy)


def _sizes(*edges: int) -> st.SearchStrategy[int]:
    # Hypothesis favours small numbers: the sizes at and past each limit are drawn often.
    return st.sampled_from(edges) | st.integers(min(edges), max(edges))


_RECORDS = [
    {},
    1,
    NUMBER,
    {"holder": "family", "kind": "family_household", "place": {"code": "440113"},
     "start": "2000-03-15"},
]  # fmt: skip

hostile_values: st.SearchStrategy[Any] = st.one_of(
    # Deeper than json.dumps can write: the "deep_text" form below goes deeper.
    st.builds(nested, _sizes(1, 17, 497, 900), st.sampled_from(["list", "dict"])),
    st.builds(lambda n, s: [s] * n, _sizes(0, 51, 1_001, 20_000), _fresh(_RECORDS)),
    st.builds(
        lambda n, c: c * n, _sizes(0, 101, 10_001, 300_000), st.sampled_from(["x", "番", NUMBER])
    ),
    st.sampled_from(DATES),
    st.dates().map(str),
    _fresh([NUMBER, [NUMBER], {NUMBER: NUMBER}, int(NUMBER[:-1]), NUMBER.lower()]),
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    st.lists(st.integers(), max_size=5) | st.dictionaries(st.text(max_size=5), st.integers()),
)


@st.composite
def hostile_applicants(draw: st.DrawFn) -> Any:
    """A valid applicant with 1-3 values replaced or keys added, in one of its forms."""
    data: Any = base_applicant()
    for _ in range(draw(st.integers(1, 3))):
        # Paths of the valid applicant: one an earlier change removed is skipped.
        where = draw(st.sampled_from([(), *_BASE_PATHS]))
        value = draw(hostile_values)
        parent = _at(data, where[:-1])
        if isinstance(parent, dict) and (not where or draw(st.booleans())):
            parent[draw(st.sampled_from(["x", NUMBER, "number", "identity_document"]))] = value
        elif not where:
            data = value
        elif _holds(parent, where[-1]):
            parent[where[-1]] = value
    form = draw(st.sampled_from(["mapping", "text", "bytes", "bom", "not_utf8", "deep_text"]))
    if form == "mapping":
        return data
    text = json.dumps(data, ensure_ascii=False)
    if form == "deep_text" and isinstance(data, dict):
        levels = draw(_sizes(100, 1_000, 200_000))
        return text[:-1] + ', "x": ' + "[" * levels + "]" * levels + "}"
    if form == "text":
        return text
    if form == "bytes":
        return text.encode()
    if form == "bom":
        return b"\xef\xbb\xbf" + text.encode()
    cut = draw(st.integers(0, len(text)))
    return text[:cut].encode() + b"\xff\xfe" + text[cut:].encode()


def _holds(parent: Any, key: Any) -> bool:
    if isinstance(parent, dict):
        return isinstance(key, str)
    return isinstance(parent, list) and isinstance(key, int) and key < len(parent)


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    """What is at `path`, or None if an earlier change removed it."""
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


_BASE_PATHS = paths(base_applicant())


def check_hostile(
    given: Any, engine: str = "python", *, clock: Callable[[], float] = time.perf_counter
) -> str:
    """Decide `given`; assert what must hold of any input; return what happened
    ("decided", "invalid_facts", "invalid_option")."""
    started = clock()
    outcome = "decided"
    try:
        decide_origin(given, engine=engine)
    except InvalidFactsError as exc:
        outcome = "invalid_facts"
        assert exc.errors, "an InvalidFactsError lists its problems"
        for error in exc.errors:
            assert error.path, f"an error without a field path: {error}"
        shown = "\n".join(
            [str(exc), repr(exc), repr(exc.errors)]
            + [json.dumps(vars(e), ensure_ascii=False, default=str) for e in exc.errors]
        )
        assert HIDDEN not in shown, "an error shows the document number"
        assert len(shown) < 100_000, f"an error of {len(shown):,} characters"
    except InvalidOptionError as exc:
        outcome = "invalid_option"
        assert HIDDEN not in str(exc)
    elapsed = clock() - started
    assert elapsed < SECONDS_PER_CALL, f"{elapsed:.1f} s for one input"
    return outcome
