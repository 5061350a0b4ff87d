"""What one applicant's facts may be: the bounds every input is held to before it is
validated, so that no input, however built, can crash, stall or exhaust a decision.

A graduate's real facts are small: a handful of household registrations, one or two
gaokao attempts, a few earlier programmes and jobs. The limits are set far above any
real record and far below what would make a decision slow or large: the field limits
(`MAX_HUKOU_RECORDS`, `MAX_NAME_LENGTH`, ...) are checked by the `Applicant` model
itself, with the field path of what is too long; the structural ones here are checked
first, on any input, because a structure deep enough to overflow Python's stack or a
container big enough to stall validation must be refused before anything walks it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

# Per field (the Applicant model checks these; docs/reliability.md lists them).
MAX_HUKOU_RECORDS = 50
MAX_GAOKAO_ATTEMPTS = 10
MAX_EARLIER_PROGRAMMES = 10
MAX_WORK_PERIODS = 50
MAX_NAME_LENGTH = 100  # a place's name or township: the longest real one is under 30
MAX_ID_LENGTH = 128  # the caller's applicant_id
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)

# On any input, before validation.
MAX_JSON_CHARACTERS = 256 * 1024  # one applicant's JSON text (a real one is under 10 KB)
MAX_DEPTH = 16  # nested lists and objects (an applicant's deepest field is at level 4)
MAX_CONTAINER_ITEMS = 1_000  # entries of any one list or object
MAX_STRING_LENGTH = 10_000  # characters of any one string
MAX_VALUES = 20_000  # values of all kinds in one applicant (a mapping may share parts)
_MAX_SHAPE_PROBLEMS = 10


def plausible_date(value: date) -> date:
    """A fact's date, if it lies in the range a graduate's facts can have."""
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(f"a date between {EARLIEST_DATE} and {LATEST_DATE}")
    return value


def shape_problems(data: Any) -> list[tuple[str, str, Any]]:
    """(field path, message, value) for each place where `data` exceeds the structural
    limits; empty if it does not. Walks without recursion, so any depth is safe, and
    stops after `MAX_VALUES` values, so shared or cyclic parts are safe too."""
    problems: list[tuple[str, str, Any]] = []
    stack: list[tuple[Any, tuple[str, ...]]] = [(data, ())]
    seen = 0
    while stack and len(problems) < _MAX_SHAPE_PROBLEMS:
        value, path = stack.pop()
        seen += 1
        if seen > MAX_VALUES:
            problems.append(
                ("(root)", f"more than {MAX_VALUES:,} values in one applicant's facts", None)
            )
            break
        where = ".".join(path) or "(root)"
        if isinstance(value, str):
            if len(value) > MAX_STRING_LENGTH:
                problems.append(
                    (where, f"a text of at most {MAX_STRING_LENGTH:,} characters", value)
                )
            continue
        if not isinstance(value, Mapping | list | tuple):
            continue
        if len(path) >= MAX_DEPTH:
            problems.append((where, f"nested deeper than {MAX_DEPTH} levels", value))
            continue
        if len(value) > MAX_CONTAINER_ITEMS:
            problems.append(
                (where, f"more than {MAX_CONTAINER_ITEMS:,} entries in one list or object", value)
            )
            continue
        children = value.items() if isinstance(value, Mapping) else enumerate(value)
        stack.extend((child, (*path, str(key))) for key, child in reversed(list(children)))
    return problems


class JsonTextError(ValueError):
    """JSON text that cannot be read: the message, and where (1-based line and column),
    when the problem is at one place."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def load_json_text(text: str | bytes) -> Any:
    """Parse JSON text that holds applicants (one, or a file's worth), refusing what
    would exhaust the parser: nesting that would overflow its stack is `JsonTextError`,
    like any syntax error, never a `RecursionError`."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonTextError(exc.msg, exc.lineno, exc.colno) from None
    except RecursionError:
        raise JsonTextError(
            f"nested too deeply (an applicant has at most {MAX_DEPTH} levels)"
        ) from None
    except UnicodeDecodeError as exc:
        raise JsonTextError(f"not UTF-8 text ({exc.reason} at byte {exc.start + 1})") from None
