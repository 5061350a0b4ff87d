"""The kinds of identity document the library checks, and the words (zh, en) that
describe them, what a check covers, the changes normalising makes and the
residence-permit prefixes."""

from __future__ import annotations

from collections.abc import Mapping
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
