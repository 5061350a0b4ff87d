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

# The package is split by what each part holds (kinds.py: the documents and their words;
# numbers.py: normalising, masking and check characters; check.py: check_document); the
# names the single module had stay importable from here.
from origin_rules.identity.check import DocumentCheck, Problem, check_document
from origin_rules.identity.kinds import (
    CHANGES,
    CHECKED,
    RESIDENCE_PERMIT_PREFIXES,
    DocumentKind,
)
from origin_rules.identity.numbers import (
    birth_date_of,
    gb11643_check_character,
    hong_kong_check_character,
    mask_number,
    normalise_number,
    taiwan_check_digit,
)

__all__ = [
    "CHANGES",
    "CHECKED",
    "RESIDENCE_PERMIT_PREFIXES",
    "DocumentCheck",
    "DocumentKind",
    "Problem",
    "birth_date_of",
    "check_document",
    "gb11643_check_character",
    "hong_kong_check_character",
    "mask_number",
    "normalise_number",
    "taiwan_check_digit",
]
