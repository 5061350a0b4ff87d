"""What an error may quote of its input: anything that may be an identity document
number masked, and never more than a short excerpt.

Errors get logged, printed and written into batch outputs, so what they quote is treated
as leaving the library. A document number can arrive anywhere: as the `number` of an
`identity_document`, as the whole `identity_document` (a string or a list), as an
unknown key, inside a string that is not JSON. The field it sits in does not say what it
is, so any run of letters and digits that *looks* like a number is masked wherever it
is quoted: at least 8 characters of which at least 6 are digits, or 7 with a letter
and 6 digits (every document kind in `identity.DocumentKind` has that shape, even
without its check character; a six- or seven-digit division code, a date written
YYYY-MM-DD or YYYYMMDD and an ordinary word do not: an 8-digit Macau or Taiwan number
that happens to read as a day of 1900-2100 is the one shape shown, the price of
telling a caller which date was mistyped). A numeric value with 8 or more digits is
quoted as its masked digits.

Bounds: a quoted string shows at most `TEXT_EXCERPT` characters and says how long it
was; a quoted list or object at most `ITEMS_SHOWN` entries and `DEPTH_SHOWN` levels, so
an error about a 10,000-record list or 100,000 nested lists stays a few hundred bytes.
Quoting what was quoted changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, time
from enum import Enum
from typing import Any

from origin_rules.identity import mask_number

TEXT_EXCERPT = 60  # characters of a long string an error shows
# A string up to `limit` + this is shown whole; an excerpt (`limit` characters and its
# length) is shorter, so excerpting an excerpt changes nothing.
_SLACK = 40
ITEMS_SHOWN = 5  # entries of a long list or object an error shows
DEPTH_SHOWN = 3  # levels of nested lists and objects an error shows

# Letters, digits and the brackets of HK/Macau check characters, ASCII or full-width.
_TOKEN = re.compile(r"[0-9A-Za-z()（）\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
_MIN_LENGTH = 7
_MIN_DIGITS = 6


def may_be_document_number(token: str) -> bool:
    digits = sum(ch.isdigit() for ch in token)
    if digits < _MIN_DIGITS or len(token) < _MIN_LENGTH:
        return False
    # Seven characters: a Hong Kong number without its check character (A123456) is
    # one; seven digits are none (a mistyped division code, shown as typed).
    if len(token) == _MIN_LENGTH:
        return digits < len(token)
    # Eight digits that are a day (20180901, a date written without its dashes, the
    # commonest mistake in a date field) are shown, so the error can be acted on.
    return not (len(token) == 8 and token.isascii() and _is_day(token))


def _is_day(digits: str) -> bool:
    try:
        day = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return False
    return 1900 <= day.year <= 2100


def mask_text(text: str) -> str:
    """`text` with every run that may be a document number masked (`mask_number`)."""
    return _TOKEN.sub(lambda m: mask_number(m[0]) if may_be_document_number(m[0]) else m[0], text)


def excerpt(text: str, limit: int = TEXT_EXCERPT) -> str:
    """A masked excerpt of `text`: whole when short, else its start and its length."""
    if len(text) <= limit + _SLACK:
        return mask_text(text)
    # Masked over twice the excerpt, so a number cut at the end is masked as a whole.
    return mask_text(text[: 2 * limit])[:limit] + f"… ({len(text):,} characters)"


def quote(value: Any, _depth: int = 0) -> Any:
    """`value` as an error may show it: masked and bounded (see the module's text)."""
    if value is None or isinstance(value, bool | float | date | time | Enum):
        return value
    if isinstance(value, int):
        return mask_text(str(value)) if abs(value) >= 10**_MIN_LENGTH else value
    if isinstance(value, str):
        return excerpt(value)
    if isinstance(value, bytes | bytearray):
        return excerpt(bytes(value[: 4 * TEXT_EXCERPT]).decode("utf-8", "replace")) + (
            f"… ({len(value):,} bytes)" if len(value) > 4 * TEXT_EXCERPT else ""
        )
    if isinstance(value, Mapping):
        if _depth >= DEPTH_SHOWN:
            return f"{{… {len(value):,} keys}}"
        items = list(value.items())
        shown = items if len(items) <= ITEMS_SHOWN + 1 else items[:ITEMS_SHOWN]
        out: dict[Any, Any] = {_quoted_key(k): _quoted_entry(k, v, _depth) for k, v in shown}
        if len(shown) < len(items):
            out["…"] = f"{len(items) - len(shown):,} more keys"
        return out
    if isinstance(value, list | tuple):
        if _depth >= DEPTH_SHOWN:
            return f"[… {len(value):,} items]"
        kept = list(value) if len(value) <= ITEMS_SHOWN + 1 else list(value[:ITEMS_SHOWN])
        quoted = [quote(v, _depth + 1) for v in kept]
        if len(kept) < len(value):
            quoted.append(f"… {len(value) - len(kept):,} more items")
        return quoted
    return excerpt(str(value))


def _quoted_key(key: Any) -> Any:
    # A key may be the number itself (an unknown key is quoted with its path).
    return quote(key, DEPTH_SHOWN) if isinstance(key, str | int) else excerpt(str(key))


def _quoted_entry(key: Any, value: Any, depth: int) -> Any:
    if key == "number" and isinstance(value, str):
        # The number of an identity_document: masked whatever its shape.
        return mask_number(value) if len(value) <= TEXT_EXCERPT + _SLACK else excerpt(value)
    return quote(value, depth + 1)
