"""Identity document numbers as strings: normalise and mask them, compute their check
characters, read the birth date of a 公民身份号码. Each raises only on arguments that
are not of the shape it documents; checking a number a person typed is check.py's."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from origin_rules.identity.kinds import CHANGES

DIGITS = frozenset("0123456789")

# GB 11643-1999: weights of the 17 body digits, and the check character for each
# remainder of the weighted sum modulo 11 (ISO 7064 MOD 11-2).
_GB11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_GB11643_CHECK = "10X98765432"

# Taiwan: the two-digit value of each area letter.
_TW_LETTER_VALUES: Mapping[str, int] = MappingProxyType(
    {
        "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17,
        "I": 34, "J": 18, "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23,
        "Q": 24, "R": 25, "S": 26, "T": 27, "U": 28, "V": 29, "W": 32, "X": 30,
        "Y": 31, "Z": 33,
    }
)  # fmt: skip

_MASK_FULL_FROM = 16  # from this length on, the first 6 and last 4 characters show


def normalise_number(number: str) -> tuple[str, tuple[str, ...]]:
    """The number as it should be written, and the codes of the changes made.

    Strips surrounding whitespace (`whitespace`), turns full-width brackets （） into
    ASCII () (`fullwidth_brackets`: the guide, FAQ 7, asks for English brackets),
    full-width letters and digits into ASCII (`fullwidth_characters`) and lower-case
    ASCII letters into capitals (`lowercase`). Nothing else is touched: other
    characters stay for the check to report. Codes come in the order of `CHANGES`."""
    made: set[str] = set()
    stripped = number.strip()
    if stripped != number:
        made.add("whitespace")
    out: list[str] = []
    for ch in stripped:
        code = ord(ch)
        if ch == "（":
            made.add("fullwidth_brackets")
            ch = "("
        elif ch == "）":
            made.add("fullwidth_brackets")
            ch = ")"
        elif 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
            made.add("fullwidth_characters")
            ch = chr(code - 0xFEE0)
        if "a" <= ch <= "z":
            made.add("lowercase")
            ch = ch.upper()
        out.append(ch)
    return "".join(out), tuple(c for c in CHANGES if c in made)


def mask_number(number: str) -> str:
    """The number with its middle replaced by `*`, the length kept.

    From 16 characters on (an 18-character ID: 440113********1234) the first 6 and the
    last 4 characters show. Shorter strings would show all or most of themselves that
    way, so they show a quarter of their length (rounded down) at each end and hide at
    least half: A123456(3) -> A1******3), 12345678 -> 12****78, and three characters or
    fewer are all `*`. Masking a masked string changes nothing."""
    n = len(number)
    keep_head, keep_tail = (6, 4) if n >= _MASK_FULL_FROM else (n // 4, n // 4)
    if keep_head + keep_tail >= n:
        return "*" * n
    return number[:keep_head] + "*" * (n - keep_head - keep_tail) + number[n - keep_tail :]


def gb11643_check_character(body: str) -> str:
    """The check character (0-9 or X) for the 17 body digits of a 公民身份号码.

    Raises ValueError if `body` is not 17 ASCII digits."""
    if len(body) != 17 or not set(body) <= DIGITS:
        raise ValueError("the body of a citizen identity number is 17 digits")
    total = sum(int(d) * w for d, w in zip(body, _GB11643_WEIGHTS, strict=True))
    return _GB11643_CHECK[total % 11]


def hong_kong_check_character(prefix: str, digits: str) -> str:
    """The check character (0-9 or A) of a Hong Kong identity card number.

    Raises ValueError unless `prefix` is one or two capital letters and `digits` six
    digits."""
    if not (1 <= len(prefix) <= 2 and all("A" <= c <= "Z" for c in prefix)):
        raise ValueError("the prefix is one or two capital letters")
    if len(digits) != 6 or not set(digits) <= DIGITS:
        raise ValueError("the serial is six digits")
    values = [36 if c == " " else ord(c) - ord("A") + 10 for c in prefix.rjust(2)]
    values += [int(d) for d in digits]
    total = sum(v * w for v, w in zip(values, range(9, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return "A" if check == 10 else str(check)


def taiwan_check_digit(first_nine: str) -> str:
    """The check digit of a Taiwan identity card number from its first nine characters
    (a capital letter and eight digits). Raises ValueError otherwise."""
    if (
        len(first_nine) != 9
        or first_nine[0] not in _TW_LETTER_VALUES
        or not set(first_nine[1:]) <= DIGITS
    ):
        raise ValueError("a capital letter and eight digits")
    area = _TW_LETTER_VALUES[first_nine[0]]
    total = area // 10 + (area % 10) * 9
    total += sum(int(d) * w for d, w in zip(first_nine[1:], range(8, 0, -1), strict=True))
    return str((10 - total % 10) % 10)


def birth_date_of(number: str) -> date | None:
    """The birth date in an 18-character 公民身份号码 (resident ID or residence permit),
    or None if the number has no valid date there. Normalises first."""
    s, _ = normalise_number(number)
    if len(s) != 18:
        return None
    return parse_date(s[6:14])


def parse_date(yyyymmdd: str) -> date | None:
    if len(yyyymmdd) != 8 or not set(yyyymmdd) <= DIGITS:
        return None
    try:
        return date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return None
