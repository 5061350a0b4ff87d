"""Checking a document number of a given kind: `check_document` and its result.

A check never raises on a bad number; it lists the problems in plain words (zh, en),
quoting no more of the number than its masked form shows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from origin_rules.identity.kinds import CHANGES, RESIDENCE_PERMIT_PREFIXES, DocumentKind
from origin_rules.identity.numbers import (
    DIGITS,
    gb11643_check_character,
    hong_kong_check_character,
    mask_number,
    normalise_number,
    parse_date,
    taiwan_check_digit,
)

# Province-level codes of the mainland (GB/T 2260): the first two digits of a
# mainland resident ID. 71 (台湾省), 81 and 82 are not issued on mainland IDs.
_MAINLAND_PROVINCES = frozenset(
    str(code)
    for block in (
        range(11, 16),
        range(21, 24),
        range(31, 38),
        range(41, 47),
        range(50, 55),
        range(61, 66),
    )
    for code in block
)

_HK_RE = re.compile(r"([A-Z]{1,2})([0-9]{6})(?:\(([0-9A])\)|([0-9A]))")
_MO_RE = re.compile(r"([0-9])([0-9]{6})(?:\(([0-9])\)|([0-9]))")
_TW_PERMIT_RE = re.compile(r"[0-9]{8}|[0-9]{10}|[0-9]{10}\([A-Z0-9]\)")
_TW_ID_RE = re.compile(r"([A-Z])([0-9])([0-9]{7})([0-9])")

# Brackets that are neither ASCII nor the full-width （） that normalising converts.
_OTHER_BRACKETS = frozenset("[]{}【】〔〕［］｛｝〈〉《》﹙﹚⁽⁾₍₎「」『』")

_EARLIEST_BIRTH_YEAR = 1900
_MAX_POSITIONS_LISTED = 5


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document number: a stable code and a plain sentence in
    Chinese and in English. The sentence never quotes the number."""

    code: str
    zh: str
    en: str


@dataclass(frozen=True)
class DocumentCheck:
    """The result of checking one document number.

    `normalised_masked` is the normalised number masked with `mask_number`, for every
    kind; `changes` are the codes of `normalise_number` (described in `CHANGES`);
    `valid` is true exactly when there are no problems."""

    kind: DocumentKind
    valid: bool
    normalised_masked: str
    changes: tuple[str, ...]
    problems: tuple[Problem, ...]

    def __post_init__(self) -> None:
        if self.valid != (not self.problems):
            raise ValueError("a DocumentCheck is valid exactly when it lists no problems")
        if mask_number(self.normalised_masked) != self.normalised_masked:
            raise ValueError("DocumentCheck.normalised_masked must already be masked")
        unknown = [c for c in self.changes if c not in CHANGES]
        if unknown:
            raise ValueError(f"unknown change codes: {unknown}")

    def change_notes(self, lang: str = "zh") -> tuple[str, ...]:
        """The changes made while normalising, as sentences in `lang` (zh or en)."""
        index = 1 if lang == "en" else 0
        return tuple(CHANGES[c][index] for c in self.changes)

    def __str__(self) -> str:
        head = f"{self.kind.value} {self.normalised_masked}"
        if self.valid:
            return f"{head}: valid"
        return f"{head}: invalid ({', '.join(p.code for p in self.problems)})"


def check_document(kind: DocumentKind, number: str, *, as_of: date | None = None) -> DocumentCheck:
    """Normalise `number` and check it as a document of `kind`.

    Never raises on a bad number. `as_of`, when given, is the date a birth date may not
    be later than. The result holds the masked number only."""
    kind = DocumentKind(kind)
    if not isinstance(number, str):
        problem = Problem(
            "not_text",
            "证件号码不是文本",
            "the document number is not text",
        )
        return DocumentCheck(kind, False, "", (), (problem,))
    s, changes = normalise_number(number)
    if not s:
        problems: list[Problem] = [Problem("empty", "证件号码为空", "the document number is empty")]
    else:
        problems = _CHECKERS[kind](s, as_of)
    return DocumentCheck(kind, not problems, mask_number(s), changes, tuple(problems))


def _positions(indices: list[int]) -> tuple[str, str]:
    """1-based positions, listed in zh and en, the list cut after a few."""
    shown = [str(i + 1) for i in indices[:_MAX_POSITIONS_LISTED]]
    more = len(indices) - len(shown)
    zh = "、".join(shown) + (f" 等 {len(indices)} 处" if more else "")
    en = ", ".join(shown) + (f" and {more} more" if more else "")
    return zh, en


def _bracket_problem(s: str) -> Problem | None:
    if any(c in _OTHER_BRACKETS for c in s):
        return Problem(
            "brackets",
            "括号应使用英文圆括号 ()（指南五、7）",
            "brackets must be ASCII round brackets () (guide, FAQ 7)",
        )
    return None


def _length_problem(expected: str, actual: int) -> Problem:
    return Problem(
        "length",
        f"长度不对：应为 {expected} 位，实为 {actual} 位",
        f"wrong length: {expected} characters expected, {actual} found",
    )


def _check_citizen_number(s: str, as_of: date | None, *, permit: bool) -> list[Problem]:
    """GB 11643-1999 numbers: mainland resident IDs and HMT residence permits."""
    problems: list[Problem] = []
    if not permit and len(s) == 15 and set(s) <= DIGITS:
        return [
            Problem(
                "first_generation_id",
                "这是 15 位的第一代居民身份证号码，已于 2013 年 1 月 1 日停止使用；请提供 18 位号码",
                "this is a 15-digit first-generation ID number, void since 2013-01-01; the 18-character number is needed",
            )
        ]
    if len(s) != 18:
        problems.append(_length_problem("18", len(s)))
    bad = [i for i, c in enumerate(s) if not (c in DIGITS or (c == "X" and i == len(s) - 1))]
    if bad:
        zh, en = _positions(bad)
        problems.append(
            Problem(
                "characters",
                f"只能是数字，末位可以是 X；第 {zh} 位不符",
                f"only digits are allowed, and X as the last character; position(s) {en} are not",
            )
        )
    bracket = _bracket_problem(s)
    if bracket is not None:
        problems.append(bracket)
    if problems:
        return problems

    prefix = s[:6]
    if permit:
        if prefix not in RESIDENCE_PERMIT_PREFIXES:
            looks_mainland = s[:2] in _MAINLAND_PROVINCES
            problems.append(
                Problem(
                    "permit_prefix",
                    "港澳台居民居住证号码应以 810000（香港）、820000（澳门）或 830000（台湾）开头"
                    + ("；此号码像内地居民身份证号码" if looks_mainland else ""),
                    "a residence permit number starts with 810000 (Hong Kong), 820000 (Macau) or 830000 (Taiwan)"
                    + ("; this looks like a mainland resident ID number" if looks_mainland else ""),
                )
            )
    elif prefix in RESIDENCE_PERMIT_PREFIXES:
        origin_code, origin_zh, origin_en = RESIDENCE_PERMIT_PREFIXES[prefix]
        problems.append(
            Problem(
                "residence_permit_number",
                f"以 {prefix} 开头的是港澳台居民居住证号码，不是居民身份证号码；{prefix} 不是地名"
                f"（持证人所属地区为{origin_zh} {origin_code}）",
                f"a number starting {prefix} is a residence permit for Hong Kong, Macau and Taiwan "
                f"residents, not a resident ID; {prefix} is not a place (the holder's region is "
                f"{origin_en} {origin_code})",
            )
        )
    elif s[:2] not in _MAINLAND_PROVINCES:
        problems.append(
            Problem(
                "region",
                f"前两位 {s[:2]} 不是内地省级行政区划代码",
                f"the first two digits {s[:2]} are not a mainland province-level code",
            )
        )

    born = parse_date(s[6:14])
    if born is None:
        problems.append(
            Problem(
                "birth_date",
                "第 7–14 位的出生日期不是有效日期",
                "characters 7-14 are not a valid birth date",
            )
        )
    elif born.year < _EARLIEST_BIRTH_YEAR:
        problems.append(
            Problem(
                "birth_date",
                f"第 7–14 位的出生日期早于 {_EARLIEST_BIRTH_YEAR} 年",
                f"the birth date in characters 7-14 is before {_EARLIEST_BIRTH_YEAR}",
            )
        )
    elif as_of is not None and born > as_of:
        problems.append(
            Problem(
                "birth_date",
                f"第 7–14 位的出生日期晚于核对日期 {as_of.isoformat()}",
                f"the birth date in characters 7-14 is after {as_of.isoformat()}",
            )
        )

    expected = gb11643_check_character(s[:17])
    if s[17] != expected:
        problems.append(
            Problem(
                "check_digit",
                f"校验码不符：应为 {expected}，实为 {s[17]}（GB 11643-1999，ISO 7064 MOD 11-2）",
                f"check character mismatch: {expected} expected, {s[17]} found "
                "(GB 11643-1999, ISO 7064 MOD 11-2)",
            )
        )
    return problems


def _check_mainland(s: str, as_of: date | None) -> list[Problem]:
    return _check_citizen_number(s, as_of, permit=False)


def _check_permit(s: str, as_of: date | None) -> list[Problem]:
    return _check_citizen_number(s, as_of, permit=True)


def _check_hong_kong(s: str, as_of: date | None) -> list[Problem]:
    m = _HK_RE.fullmatch(s)
    if m is None:
        problems = [
            Problem(
                "format",
                "香港身份证号码应为 1–2 个英文字母、6 位数字和括号内的校验码（0–9 或 A），如 A123456(3)",
                "a Hong Kong identity card number is one or two letters, six digits and a check "
                "character (0-9 or A) in brackets, e.g. A123456(3)",
            )
        ]
        bracket = _bracket_problem(s)
        return [*problems, bracket] if bracket is not None else problems
    prefix, digits = m.group(1), m.group(2)
    given = m.group(3) or m.group(4)
    expected = hong_kong_check_character(prefix, digits)
    if given != expected:
        return [
            Problem(
                "check_digit",
                f"校验码不符：应为 {expected}，实为 {given}",
                f"check character mismatch: {expected} expected, {given} found",
            )
        ]
    return []


def _check_macau(s: str, as_of: date | None) -> list[Problem]:
    m = _MO_RE.fullmatch(s)
    if m is None:
        problems = [
            Problem(
                "format",
                "澳门身份证号码应为 7 位数字和括号内的 1 位校验数字，如 1234567(8)",
                "a Macau identity card number is seven digits and a check digit in brackets, "
                "e.g. 1234567(8)",
            )
        ]
        bracket = _bracket_problem(s)
        return [*problems, bracket] if bracket is not None else problems
    if m.group(1) not in "157":
        return [
            Problem(
                "format",
                "澳门身份证号码的首位应为 1、5 或 7",
                "a Macau identity card number starts with 1, 5 or 7",
            )
        ]
    return []


def _check_taiwan_permit(s: str, as_of: date | None) -> list[Problem]:
    if _TW_PERMIT_RE.fullmatch(s) is not None:
        return []
    problems = [
        Problem(
            "format",
            "台湾居民来往大陆通行证号码应为 8 位数字（2008 年 9 月 25 日前签发的旧证为 10 位数字，"
            "可带括号内的签发机关代码，如 1234567801(D)）",
            "a Mainland Travel Permit for Taiwan Residents number is eight digits (permits issued "
            "before 2008-09-25: ten digits, possibly with an issuing-office code in brackets, "
            "e.g. 1234567801(D))",
        )
    ]
    bracket = _bracket_problem(s)
    return [*problems, bracket] if bracket is not None else problems


def _check_taiwan_id(s: str, as_of: date | None) -> list[Problem]:
    m = _TW_ID_RE.fullmatch(s)
    if m is None:
        return [
            Problem(
                "format",
                "台湾身份证号码应为 1 个英文字母和 9 位数字，如 A123456789",
                "a Taiwan identity card number is a letter and nine digits, e.g. A123456789",
            )
        ]
    if m.group(2) not in "12":
        return [
            Problem(
                "format",
                "台湾身份证号码的第 2 位（性别码）应为 1 或 2",
                "the second character of a Taiwan identity card number (sex) is 1 or 2",
            )
        ]
    expected = taiwan_check_digit(s[:9])
    if s[9] != expected:
        return [
            Problem(
                "check_digit",
                f"检查码不符：应为 {expected}，实为 {s[9]}",
                f"check digit mismatch: {expected} expected, {s[9]} found",
            )
        ]
    return []


_CHECKERS = MappingProxyType(
    {
        DocumentKind.MAINLAND_RESIDENT_ID: _check_mainland,
        DocumentKind.RESIDENCE_PERMIT_HMT: _check_permit,
        DocumentKind.HONG_KONG_IDENTITY_CARD: _check_hong_kong,
        DocumentKind.MACAU_IDENTITY_CARD: _check_macau,
        DocumentKind.TAIWAN_COMPATRIOT_PERMIT: _check_taiwan_permit,
        DocumentKind.TAIWAN_IDENTITY_CARD: _check_taiwan_id,
    }
)
