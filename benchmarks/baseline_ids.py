"""The baseline's check of an identity document number, written from the standards.

Whether the number on the student-status record checks out: `valid`, `normalised` (it
does once written the standard way: surrounding spaces dropped, full-width brackets,
letters and digits made ASCII, letters made capitals; guide FAQ 7), or invalid, told
apart by document (`invalid_mainland_id` for a mainland resident ID, `invalid_hk_mo_tw`
for the others), which is all the rules ask. The checks:

- mainland resident ID (GB 11643-1999): 17 digits and a check character (ISO 7064
  MOD 11-2), a mainland province code first, a real birth date from 1900 to the
  decision date; a number starting 810000/820000/830000 is a residence permit instead;
- residence permit for Hong Kong, Macau and Taiwan residents: the same layout with the
  prefix 810000, 820000 or 830000;
- Hong Kong identity card: one or two letters, six digits, a check character 0-9 or A
  (weights 9..2, a missing first letter counting 36), brackets optional;
- Macau identity card: 1, 5 or 7, six digits, a digit (no published check algorithm);
- Taiwan compatriot permit: 8 digits, or 10 with an optional bracketed office code;
- Taiwan identity card: a letter, 1 or 2, seven digits, a check digit (letter values
  A=10 .. Z, weighted 1 and 9, then 8..1 and 1; the sum a multiple of 10).
"""

from __future__ import annotations

import re
from datetime import date

_PROVINCES = frozenset(
    f"{n}"
    for n in (
        *range(11, 16),
        *range(21, 24),
        *range(31, 38),
        *range(41, 47),
        *range(50, 55),
        *range(61, 66),
    )
)
_PERMIT_PREFIXES = frozenset({"810000", "820000", "830000"})
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CITIZEN = re.compile(r"[0-9]{17}[0-9X]")
_HONG_KONG = re.compile(r"([A-Z]{1,2})([0-9]{6})(?:\(([0-9A])\)|([0-9A]))")
_MACAU = re.compile(r"[157][0-9]{6}(?:\([0-9]\)|[0-9])")
_TAIWAN_PERMIT = re.compile(r"[0-9]{8}|[0-9]{10}|[0-9]{10}\([A-Z0-9]\)")
_TAIWAN_ID = re.compile(r"[A-Z][12][0-9]{8}")
_TAIWAN_LETTERS = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True))
# Written the standard way: full-width brackets, digits and letters as ASCII, and
# letters (ASCII or full-width) as capitals; nothing else is touched.
_STANDARD = {0xFF08: "(", 0xFF09: ")"}
_STANDARD.update({c: chr(c - 0xFEE0) for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B))})
_STANDARD.update({c: chr(c - 0xFEE0).upper() for c in range(0xFF41, 0xFF5B)})
_STANDARD.update({c: chr(c).upper() for c in range(ord("a"), ord("z") + 1)})


def document_check(kind: str, number: str, on: date) -> str:
    """valid, normalised, invalid_mainland_id or invalid_hk_mo_tw."""
    written = number.strip().translate(_STANDARD)
    if written and _CHECKERS[kind](written, on):
        return "valid" if written == number else "normalised"
    return "invalid_mainland_id" if kind == "mainland_resident_id" else "invalid_hk_mo_tw"


def _citizen_number(s: str, on: date, permit: bool) -> bool:
    if _CITIZEN.fullmatch(s) is None:
        return False
    if permit != (s[:6] in _PERMIT_PREFIXES) or (not permit and s[:2] not in _PROVINCES):
        return False
    try:
        born = date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    if born.year < 1900 or born > on:
        return False
    total = sum(int(d) * w for d, w in zip(s[:17], _WEIGHTS, strict=True))
    return s[17] == "10X98765432"[total % 11]


def _hong_kong(s: str, on: date) -> bool:
    m = _HONG_KONG.fullmatch(s)
    if m is None:
        return False
    letters, digits = m.group(1).rjust(2), m.group(2)
    values = [36 if c == " " else ord(c) - 55 for c in letters] + [int(d) for d in digits]
    check = (11 - sum(v * w for v, w in zip(values, range(9, 1, -1), strict=True)) % 11) % 11
    return (m.group(3) or m.group(4)) == ("A" if check == 10 else str(check))


def _taiwan_id(s: str, on: date) -> bool:
    if _TAIWAN_ID.fullmatch(s) is None:
        return False
    area = _TAIWAN_LETTERS[s[0]]
    total = (
        area // 10
        + area % 10 * 9
        + sum(int(d) * w for d, w in zip(s[1:9], range(8, 0, -1), strict=True))
    )
    return (total + int(s[9])) % 10 == 0


_CHECKERS = {
    "mainland_resident_id": lambda s, on: _citizen_number(s, on, permit=False),
    "residence_permit_hmt": lambda s, on: _citizen_number(s, on, permit=True),
    "hong_kong_identity_card": _hong_kong,
    "macau_identity_card": lambda s, on: _MACAU.fullmatch(s) is not None,
    "taiwan_compatriot_permit": lambda s, on: _TAIWAN_PERMIT.fullmatch(s) is not None,
    "taiwan_identity_card": _taiwan_id,
}
