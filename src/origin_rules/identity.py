"""Identity document numbers: normalise them, check them, and mask them.

Pure functions and frozen dataclasses, no I/O and no logging. A check never raises on
a bad number: whatever the input, `check_document` returns a `DocumentCheck` whose
`problems` say in plain words (Chinese and English) what is wrong. The rules turn a
failed check into `needs_review`.

Personal data
-------------
A `DocumentCheck` never holds a full document number of any kind: `normalised_masked`
is always `mask_number(normalised)`, and no problem text quotes more of the number than
the masked form shows (a length, a position, the first two or six characters, the
check character). Issue 3 item 5 requires masking for mainland resident ID numbers; we
mask every kind the same way because (a) one rule cannot be got wrong, (b) a mainland
number typed under the wrong kind is still masked, and (c) the Hong Kong identity card
number is itself protected personal data (PCPD, Code of Practice on the Identity Card
Number and other Personal Identifiers, 2.7: a number and its holder's name should not
be shown together; https://pcpd.org.hk/english/data_privacy_law/code_of_practices/code_id_10.html).
A caller that needs the full normalised number (to show it to its holder) has it
already: `normalise_number(number)[0]`.

What each kind validates (and what it cannot)
---------------------------------------------
* `mainland_resident_id` (居民身份证), GB 11643-1999 《公民身份号码》: 18 characters,
  17 digits and a check character (digit or X); the check character is ISO 7064:1983
  MOD 11-2 (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, remainder 0..10 -> 1 0 X 9 8 7
  6 5 4 3 2); characters 7-14 are a real calendar date (1900 or later, and not after
  `as_of` when given); the first two digits are one of the 31 mainland province-level
  codes (11 ... 65). A 15-digit number is the first-generation card's, void since
  2013-01-01. Numbers starting 810000/820000/830000 are residence permits, not resident
  IDs. Not checked:
  whether the six-digit address code names a county (the number keeps the code of the
  place of first registration, which may have been abolished since; that is the
  division registry's business), and the sequence code.
* `residence_permit_hmt` (港澳台居民居住证), 《港澳台居民居住证申领发放办法》 (国办发
  〔2018〕81号): a 公民身份号码 as above whose address code is 810000 (Hong Kong),
  820000 (Macau) or 830000 (Taiwan); same length, date and MOD 11-2 checks. 830000 is
  a number prefix, never a place: a Taiwan resident's origin is 台湾省 710000 (see
  `RESIDENCE_PERMIT_PREFIXES`).
* `hong_kong_identity_card` (香港身份证): one or two capital letters, six digits and a
  check character 0-9 or A, written A123456(3) or AB987654(3) (brackets may be left
  out). The check character is verified: letters count A=10 ... Z=35, a missing second
  letter counts as a space = 36, the eight values are weighted 9 ... 2, and the check
  is (11 - sum mod 11) mod 11, 10 written A. The Immigration Department publishes the
  format but not the algorithm; the algorithm is the one documented publicly, e.g.
  http://computerterminal.blogspot.hk/2013/02/hong-kong-id-formula-hkid-number-check.html
  and http://hong.ddns.net/index.php/2019/05/20/hong-kong-id (both agree with the
  worked example A123456(3)). Not checked: whether the prefix letters are in use.
* `macau_identity_card` (澳门身份证): format only, 1, 5 or 7 then six digits then a
  check digit, written 1234567(8) (brackets may be left out). Chinese Wikipedia
  (澳門居民身份證, quoted in github.com/Dason1986/Lib MacauIDCard.cs) says the check
  digit exists "to check that the number was entered correctly" but no algorithm is
  published by the Identification Services Bureau (DSI); the weighted sums offered by
  third-party web tools disagree with their own sample numbers, so the check digit is
  NOT verified. The older "1/234567/8" spelling is reported as a format problem.
* `taiwan_compatriot_permit` (台湾居民来往大陆通行证): format only, there is no published
  check digit. Since 2008-09-25 the number is the holder's eight-digit lifetime number
  ("一人一号、终身不变"; the card-style permit of 2015 keeps it). Permits issued
  1992-2008 carried ten digits (lifetime number + two-digit issue count) and an
  issuing-office code in brackets, e.g. 1234567801(D); from 2006 Fujian, Jiangsu and
  Shanghai dropped the bracketed code (ten digits). Source: 中新社 report of 2008-09-11,
  《台胞证9月25日起实行"一人一号、终身不变"》 (中新网 and 中国台湾网, 2008-09-12).
  All three forms are accepted; eight digits with a bracketed suffix (12345678(B)) is
  not a documented form and is reported.
* `taiwan_identity_card` (台湾身份证, 國民身分證統一編號): a capital letter, 1 or 2 (sex),
  seven digits and a check digit. The letter stands for two digits (A=10 ... H=17,
  I=34, J=18 ... N=22, O=35, P=23 ... V=29, W=32, X=30, Y=31, Z=33); the tens digit is
  weighted 1, the units 9, the next eight digits 8 ... 1 and the check digit 1, and the
  total must be a multiple of 10. Source: https://magiclen.org/tw-id-num/ (table and
  method). Not checked: whether the letter's area still assigns numbers. The 2021
  new-style numbers of foreigners' resident certificates share the layout but use
  another second digit; they are not a Taiwan resident's and are reported.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType


class DocumentKind(StrEnum):
    """The identity documents whose numbers the library checks."""

    MAINLAND_RESIDENT_ID = "mainland_resident_id"
    HONG_KONG_IDENTITY_CARD = "hong_kong_identity_card"
    MACAU_IDENTITY_CARD = "macau_identity_card"
    TAIWAN_COMPATRIOT_PERMIT = "taiwan_compatriot_permit"
    TAIWAN_IDENTITY_CARD = "taiwan_identity_card"
    RESIDENCE_PERMIT_HMT = "residence_permit_hmt"

    @property
    def zh(self) -> str:
        return _KIND_LABELS[self][0]

    @property
    def en(self) -> str:
        return _KIND_LABELS[self][1]


_KIND_LABELS: Mapping[DocumentKind, tuple[str, str]] = MappingProxyType(
    {
        DocumentKind.MAINLAND_RESIDENT_ID: ("居民身份证", "mainland resident identity card"),
        DocumentKind.HONG_KONG_IDENTITY_CARD: ("香港身份证", "Hong Kong identity card"),
        DocumentKind.MACAU_IDENTITY_CARD: ("澳门身份证", "Macau resident identity card"),
        DocumentKind.TAIWAN_COMPATRIOT_PERMIT: (
            "台湾居民来往大陆通行证",
            "Mainland Travel Permit for Taiwan Residents",
        ),
        DocumentKind.TAIWAN_IDENTITY_CARD: ("台湾身份证", "Taiwan identity card"),
        DocumentKind.RESIDENCE_PERMIT_HMT: (
            "港澳台居民居住证",
            "residence permit for Hong Kong, Macau and Taiwan residents",
        ),
    }
)

# What `check_document` verifies for each kind, in words a trace can quote (zh, en).
CHECKED: Mapping[DocumentKind, tuple[str, str]] = MappingProxyType(
    {
        DocumentKind.MAINLAND_RESIDENT_ID: (
            "核对 18 位长度、出生日期、省级代码和 ISO 7064 MOD 11-2 校验码（GB 11643-1999）",
            "length of 18, birth date, province code and ISO 7064 MOD 11-2 check character (GB 11643-1999)",
        ),
        DocumentKind.RESIDENCE_PERMIT_HMT: (
            "核对 18 位长度、810000/820000/830000 前缀、出生日期和 ISO 7064 MOD 11-2 校验码",
            "length of 18, prefix 810000/820000/830000, birth date and ISO 7064 MOD 11-2 check character",
        ),
        DocumentKind.HONG_KONG_IDENTITY_CARD: (
            "核对格式（1–2 个字母、6 位数字、校验码）和校验码",
            "format (one or two letters, six digits, check character) and check character",
        ),
        DocumentKind.MACAU_IDENTITY_CARD: (
            "只核对格式（首位 1、5 或 7，共 8 位数字）；校验码算法未公开，未核对",
            "format only (first digit 1, 5 or 7, eight digits); the check-digit algorithm is not published and is not verified",
        ),
        DocumentKind.TAIWAN_COMPATRIOT_PERMIT: (
            "只核对格式（8 位数字，或旧证的 10 位数字加括号内签发机关代码）；此证号无校验码",
            "format only (eight digits, or the old ten digits with a bracketed office code); the number has no check digit",
        ),
        DocumentKind.TAIWAN_IDENTITY_CARD: (
            "核对格式（1 个字母、性别码 1 或 2、8 位数字）和检查码",
            "format (a letter, sex digit 1 or 2, eight digits) and check digit",
        ),
    }
)

# What each change made by `normalise_number` means (zh, en), in the order reported.
CHANGES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "fullwidth_brackets": (
            "全角括号（）已改为英文括号 ()：证件号中有括号的，应使用英文格式（指南五、7）",
            "full-width brackets （） were changed to ASCII brackets (): brackets in a document number must be the English ones (guide, FAQ 7)",
        ),
        "fullwidth_characters": (
            "全角字母或数字已改为半角",
            "full-width letters or digits were changed to ASCII",
        ),
        "lowercase": ("小写字母已改为大写", "lower-case letters were changed to capitals"),
        "whitespace": ("已去掉首尾空白", "surrounding whitespace was removed"),
    }
)

# Residence-permit address codes: the prefix, and the origin division it stands for
# (code, zh name, en name). 830000 is a prefix only: Taiwan's division is 台湾省 710000.
RESIDENCE_PERMIT_PREFIXES: Mapping[str, tuple[str, str, str]] = MappingProxyType(
    {
        "810000": ("810000", "香港特别行政区", "Hong Kong SAR"),
        "820000": ("820000", "澳门特别行政区", "Macau SAR"),
        "830000": ("710000", "台湾省", "Taiwan Province"),
    }
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

_DIGITS = frozenset("0123456789")

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

_HK_RE = re.compile(r"([A-Z]{1,2})([0-9]{6})(?:\(([0-9A])\)|([0-9A]))")
_MO_RE = re.compile(r"([0-9])([0-9]{6})(?:\(([0-9])\)|([0-9]))")
_TW_PERMIT_RE = re.compile(r"[0-9]{8}|[0-9]{10}|[0-9]{10}\([A-Z0-9]\)")
_TW_ID_RE = re.compile(r"([A-Z])([0-9])([0-9]{7})([0-9])")

# Brackets that are neither ASCII nor the full-width （） that normalising converts.
_OTHER_BRACKETS = frozenset("[]{}【】〔〕［］｛｝〈〉《》﹙﹚⁽⁾₍₎「」『』")

_EARLIEST_BIRTH_YEAR = 1900
_MASK_FULL_FROM = 16  # from this length on, the first 6 and last 4 characters show
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
    if len(body) != 17 or not set(body) <= _DIGITS:
        raise ValueError("the body of a citizen identity number is 17 digits")
    total = sum(int(d) * w for d, w in zip(body, _GB11643_WEIGHTS, strict=True))
    return _GB11643_CHECK[total % 11]


def hong_kong_check_character(prefix: str, digits: str) -> str:
    """The check character (0-9 or A) of a Hong Kong identity card number.

    Raises ValueError unless `prefix` is one or two capital letters and `digits` six
    digits."""
    if not (1 <= len(prefix) <= 2 and all("A" <= c <= "Z" for c in prefix)):
        raise ValueError("the prefix is one or two capital letters")
    if len(digits) != 6 or not set(digits) <= _DIGITS:
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
        or not set(first_nine[1:]) <= _DIGITS
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
    return _parse_date(s[6:14])


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


def _parse_date(yyyymmdd: str) -> date | None:
    if len(yyyymmdd) != 8 or not set(yyyymmdd) <= _DIGITS:
        return None
    try:
        return date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return None


def _check_citizen_number(s: str, as_of: date | None, *, permit: bool) -> list[Problem]:
    """GB 11643-1999 numbers: mainland resident IDs and HMT residence permits."""
    problems: list[Problem] = []
    if not permit and len(s) == 15 and set(s) <= _DIGITS:
        return [
            Problem(
                "first_generation_id",
                "这是 15 位的第一代居民身份证号码，已于 2013 年 1 月 1 日停止使用；请提供 18 位号码",
                "this is a 15-digit first-generation ID number, void since 2013-01-01; the 18-character number is needed",
            )
        ]
    if len(s) != 18:
        problems.append(_length_problem("18", len(s)))
    bad = [i for i, c in enumerate(s) if not (c in _DIGITS or (c == "X" and i == len(s) - 1))]
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

    born = _parse_date(s[6:14])
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
