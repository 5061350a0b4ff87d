"""Identity document numbers: normalising, checking and masking (origin_rules.identity).

Valid numbers are built here with check characters computed by this file's own
implementations, written differently from the library's (powers of two instead of a
weight table, ASCII arithmetic and brute force instead of a formula), so a shared
mistake would have to be made twice. No real person's number is used: the only fixed
numbers are the worked examples printed in GB 11643-1999 and in the public write-ups of
the Hong Kong and Taiwan algorithms, and the check characters of those are computed too.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from origin_rules.identity import (
    CHANGES,
    CHECKED,
    RESIDENCE_PERMIT_PREFIXES,
    DocumentCheck,
    DocumentKind,
    Problem,
    birth_date_of,
    check_document,
    gb11643_check_character,
    hong_kong_check_character,
    mask_number,
    normalise_number,
    taiwan_check_digit,
)

K = DocumentKind

# --- Independent check-character implementations --------------------------------------


def iso7064_mod11_2(body: str) -> str:
    """ISO 7064 MOD 11-2 by its definition: weight 2^k mod 11 for the k-th character from
    the right (the check character being k = 0), and the check c makes the weighted sum
    of all 18 characters congruent to 1 modulo 11."""
    total = sum(int(ch) * pow(2, 17 - i, 11) for i, ch in enumerate(body))
    c = (12 - total % 11) % 11
    return "X" if c == 10 else str(c)


def hkid_check(prefix: str, digits: str) -> str:
    """Brute force: the check character whose value makes the ASCII-weighted sum a
    multiple of 11 (a missing letter counts as 58, an ASCII-based value that is
    congruent to 36 modulo 11; A = ord('A') - 55 = 10)."""
    padded = prefix if len(prefix) == 2 else " " + prefix
    values = [58 if c == " " else ord(c) - 55 for c in padded] + [ord(d) - 48 for d in digits]
    partial = sum(v * w for v, w in zip(values, [9, 8, 7, 6, 5, 4, 3, 2], strict=True))
    for candidate in "0123456789A":
        value = 10 if candidate == "A" else int(candidate)
        if (partial + value) % 11 == 0:
            return candidate
    raise AssertionError("no check character fits")


_TW_ORDER = "ABCDEFGHJKLMNPQRSTUVXYWZIO"  # letters in order of their values 10, 11, ... 35


def taiwan_check(first_nine: str) -> str:
    """Brute force over 0-9 with the letter value taken from its place in _TW_ORDER."""
    value = _TW_ORDER.index(first_nine[0]) + 10
    digits = [value // 10, value % 10] + [int(d) for d in first_nine[1:]]
    for candidate in range(10):
        weights = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1]
        if sum(d * w for d, w in zip([*digits, candidate], weights, strict=True)) % 10 == 0:
            return str(candidate)
    raise AssertionError("no check digit fits")


def citizen_number(prefix: str = "440113", born: str = "20010203", seq: str = "123") -> str:
    body = prefix + born + seq
    return body + iso7064_mod11_2(body)


def wrong(check: str, alphabet: str = "0123456789X") -> str:
    return next(c for c in alphabet if c != check)


def codes(check: DocumentCheck) -> list[str]:
    return [p.code for p in check.problems]


def texts(check: DocumentCheck) -> list[str]:
    """Everything a check can show: repr, str, problem texts, change notes."""
    out = [repr(check), str(check)]
    out += [t for p in check.problems for t in (p.code, p.zh, p.en)]
    out += [*check.change_notes("zh"), *check.change_notes("en")]
    return out


# --- The independent implementations agree with the published worked examples ----------


def test_the_independent_helpers_reproduce_the_published_worked_examples() -> None:
    # GB 11643-1999 appendix B: 11010519491231002X; HK: A123456(3); Taiwan: A123456789.
    assert iso7064_mod11_2("11010519491231002") == "X"
    assert hkid_check("A", "123456") == "3"
    assert taiwan_check("A12345678") == "9"


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_library_mod11_2_agrees_with_the_definition_for_any_17_digits(body: str) -> None:
    assert gb11643_check_character(body) == iso7064_mod11_2(body)


@given(
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
)
def test_library_hkid_check_agrees_with_brute_force_for_one_and_two_letter_prefixes(
    prefix: str, digits: str
) -> None:
    assert hong_kong_check_character(prefix, digits) == hkid_check(prefix, digits)


@given(
    st.sampled_from(_TW_ORDER),
    st.sampled_from("12"),
    st.text(alphabet="0123456789", min_size=7, max_size=7),
)
def test_library_taiwan_check_agrees_with_brute_force_for_every_area_letter(
    letter: str, sex: str, serial: str
) -> None:
    assert taiwan_check_digit(letter + sex + serial) == taiwan_check(letter + sex + serial)


def test_check_character_helpers_refuse_malformed_input() -> None:
    with pytest.raises(ValueError):
        gb11643_check_character("1234")
    with pytest.raises(ValueError):
        gb11643_check_character("1101051949123100X")
    for prefix, digits in [("ABC", "123456"), ("a", "123456"), ("", "123456"), ("A", "12345")]:
        with pytest.raises(ValueError):
            hong_kong_check_character(prefix, digits)
    for first_nine in ["112345678", "A1234567", "A1234567X"]:
        with pytest.raises(ValueError):
            taiwan_check_digit(first_nine)


# --- Mainland resident ID ----------------------------------------------------------------


def test_an_18_character_id_with_the_right_check_character_is_valid() -> None:
    check = check_document(K.MAINLAND_RESIDENT_ID, citizen_number())
    assert check.valid and check.problems == () and check.changes == ()


def test_the_gb11643_worked_example_with_check_character_x_is_valid() -> None:
    number = "11010519491231002" + iso7064_mod11_2("11010519491231002")
    assert number.endswith("X")
    check = check_document(K.MAINLAND_RESIDENT_ID, number)
    assert check.valid
    assert check.normalised_masked == "110105********002X"


def test_a_lower_case_x_check_character_is_upper_cased_and_reported() -> None:
    number = "11010519491231002x"
    check = check_document(K.MAINLAND_RESIDENT_ID, number)
    assert check.valid
    assert check.changes == ("lowercase",)
    assert check.change_notes("en") == (CHANGES["lowercase"][1],)


def test_x_where_a_digit_should_be_is_refused_but_x_as_the_check_is_not() -> None:
    good = "11010519491231002X"
    bad = "1101051949123100X2"
    assert check_document(K.MAINLAND_RESIDENT_ID, good).valid
    check = check_document(K.MAINLAND_RESIDENT_ID, bad)
    assert codes(check) == ["characters"]
    assert "17" in check.problems[0].en  # the position, not the number


@pytest.mark.parametrize("check_char", list("0123456789X"))
def test_every_wrong_check_character_names_the_expected_one(check_char: str) -> None:
    body = "44011320010203123"
    right = iso7064_mod11_2(body)
    check = check_document(K.MAINLAND_RESIDENT_ID, body + check_char)
    if check_char == right:
        assert check.valid
    else:
        assert codes(check) == ["check_digit"]
        assert f"应为 {right}" in check.problems[0].zh
        assert f"{right} expected" in check.problems[0].en


@pytest.mark.parametrize("length", [17, 19])
def test_one_character_short_or_long_is_a_length_problem(length: int) -> None:
    number = citizen_number()
    number = number[:17] if length == 17 else number + "1"
    check = check_document(K.MAINLAND_RESIDENT_ID, number)
    assert not check.valid
    assert codes(check) == ["length"]
    assert f"实为 {length} 位" in check.problems[0].zh


def test_a_15_digit_number_is_named_as_the_void_first_generation_card() -> None:
    check = check_document(K.MAINLAND_RESIDENT_ID, "440113010203123")
    assert codes(check) == ["first_generation_id"]
    assert "2013" in check.problems[0].zh


@pytest.mark.parametrize(
    ("born", "ok"),
    [
        ("20010230", False),  # 30 February never exists
        ("20000229", True),  # 2000 is a leap year
        ("19000229", False),  # 1900 is not (divisible by 100, not by 400)
        ("20011301", False),  # month 13
        ("20010100", False),  # day 0
        ("18991231", False),  # before 1900: no graduate was born then
        ("19000101", True),  # the earliest date accepted
    ],
)
def test_birth_date_must_be_a_real_calendar_date_from_1900(born: str, ok: bool) -> None:
    check = check_document(K.MAINLAND_RESIDENT_ID, citizen_number(born=born))
    assert check.valid is ok
    if not ok:
        assert codes(check) == ["birth_date"]
        assert born not in " ".join(texts(check))


def test_a_birth_date_after_the_as_of_date_is_a_problem_and_on_it_is_not() -> None:
    number = citizen_number(born="20220701")
    assert check_document(K.MAINLAND_RESIDENT_ID, number, as_of=date(2022, 7, 1)).valid
    late = check_document(K.MAINLAND_RESIDENT_ID, number, as_of=date(2022, 6, 30))
    assert codes(late) == ["birth_date"]
    assert check_document(K.MAINLAND_RESIDENT_ID, number).valid  # no as_of, no limit


@pytest.mark.parametrize("prefix", ["810000", "820000", "830000"])
def test_a_residence_permit_prefix_on_a_mainland_id_is_not_a_place(prefix: str) -> None:
    check = check_document(K.MAINLAND_RESIDENT_ID, citizen_number(prefix=prefix))
    assert codes(check) == ["residence_permit_number"]
    assert f"{prefix} 不是地名" in check.problems[0].zh
    assert f"{prefix} is not a place" in check.problems[0].en


def test_830000_points_to_taiwan_province_710000() -> None:
    check = check_document(K.MAINLAND_RESIDENT_ID, citizen_number(prefix="830000"))
    assert "台湾省 710000" in check.problems[0].zh
    assert RESIDENCE_PERMIT_PREFIXES["830000"][0] == "710000"
    assert RESIDENCE_PERMIT_PREFIXES["810000"][0] == "810000"


@pytest.mark.parametrize("prefix", ["710101", "000000", "990000", "160000", "660000"])
def test_first_two_digits_outside_the_31_mainland_provinces_are_a_region_problem(
    prefix: str,
) -> None:
    check = check_document(K.MAINLAND_RESIDENT_ID, citizen_number(prefix=prefix))
    assert codes(check) == ["region"]


@pytest.mark.parametrize("prefix", ["110101", "150102", "460400", "500101", "650102"])
def test_province_codes_at_the_ends_of_each_block_are_accepted(prefix: str) -> None:
    assert check_document(K.MAINLAND_RESIDENT_ID, citizen_number(prefix=prefix)).valid


def test_several_problems_are_all_reported() -> None:
    body = "83000020010230123"
    number = body + wrong(iso7064_mod11_2(body))
    check = check_document(K.MAINLAND_RESIDENT_ID, number)
    assert codes(check) == ["residence_permit_number", "birth_date", "check_digit"]


def test_birth_date_of_reads_a_valid_date_and_gives_none_otherwise() -> None:
    assert birth_date_of(citizen_number(born="20000229")) == date(2000, 2, 29)
    assert birth_date_of(" " + citizen_number(born="20010203").lower() + " ") == date(2001, 2, 3)
    assert birth_date_of(citizen_number(born="20010230")) is None
    assert birth_date_of(citizen_number()[:17]) is None
    assert birth_date_of("44011320O10203123X") is None
    assert birth_date_of("") is None


# --- Residence permit for Hong Kong, Macau and Taiwan residents -------------------------


@pytest.mark.parametrize("prefix", ["810000", "820000", "830000"])
def test_a_permit_with_each_of_the_three_prefixes_is_valid(prefix: str) -> None:
    check = check_document(K.RESIDENCE_PERMIT_HMT, citizen_number(prefix=prefix))
    assert check.valid
    assert check.normalised_masked.startswith(prefix)


def test_a_permit_with_a_mainland_prefix_says_it_looks_like_a_resident_id() -> None:
    check = check_document(K.RESIDENCE_PERMIT_HMT, citizen_number(prefix="440113"))
    assert codes(check) == ["permit_prefix"]
    assert "内地居民身份证" in check.problems[0].zh


@pytest.mark.parametrize("prefix", ["810100", "830001", "710000"])
def test_a_permit_prefix_must_be_exactly_one_of_the_three(prefix: str) -> None:
    check = check_document(K.RESIDENCE_PERMIT_HMT, citizen_number(prefix=prefix))
    assert codes(check) == ["permit_prefix"]


def test_a_permit_gets_the_same_length_date_and_check_character_checks() -> None:
    number = citizen_number(prefix="830000", born="19991231")
    assert check_document(K.RESIDENCE_PERMIT_HMT, number).valid
    assert codes(check_document(K.RESIDENCE_PERMIT_HMT, number[:17])) == ["length"]
    bad_check = number[:17] + wrong(number[17])
    assert codes(check_document(K.RESIDENCE_PERMIT_HMT, bad_check)) == ["check_digit"]
    feb30 = citizen_number(prefix="830000", born="20010230")
    assert codes(check_document(K.RESIDENCE_PERMIT_HMT, feb30)) == ["birth_date"]
    # The 15-digit first-generation card is a mainland thing: here it is just too short.
    assert codes(check_document(K.RESIDENCE_PERMIT_HMT, "830000010203123")) == ["length"]


# --- Hong Kong identity card ---------------------------------------------------------------


def test_the_published_hkid_example_a123456_3_is_valid() -> None:
    assert hkid_check("A", "123456") == "3"
    check = check_document(K.HONG_KONG_IDENTITY_CARD, "A123456(3)")
    assert check.valid and check.changes == ()


def test_a_two_letter_prefix_is_weighted_9_and_8_with_no_space() -> None:
    number = f"AB987654({hkid_check('AB', '987654')})"
    assert check_document(K.HONG_KONG_IDENTITY_CARD, number).valid
    # The same digits with one letter need a different check character.
    assert hkid_check("B", "987654") != hkid_check("AB", "987654")
    one_letter = f"B987654({hkid_check('AB', '987654')})"
    assert codes(check_document(K.HONG_KONG_IDENTITY_CARD, one_letter)) == ["check_digit"]


def _serial_with_check(prefix: str, wanted: str) -> str:
    for n in range(1_000_000):
        digits = f"{n:06d}"
        if hkid_check(prefix, digits) == wanted:
            return digits
    raise AssertionError(f"no serial with check {wanted}")


@pytest.mark.parametrize("prefix", ["C", "XY"])
def test_check_character_a_stands_for_10_and_is_accepted(prefix: str) -> None:
    digits = _serial_with_check(prefix, "A")
    assert check_document(K.HONG_KONG_IDENTITY_CARD, f"{prefix}{digits}(A)").valid
    assert check_document(K.HONG_KONG_IDENTITY_CARD, f"{prefix.lower()}{digits}(a)").valid
    check = check_document(K.HONG_KONG_IDENTITY_CARD, f"{prefix}{digits}(0)")
    assert codes(check) == ["check_digit"]
    assert "应为 A" in check.problems[0].zh


def test_check_character_0_when_the_sum_is_a_multiple_of_11() -> None:
    digits = _serial_with_check("D", "0")
    assert check_document(K.HONG_KONG_IDENTITY_CARD, f"D{digits}(0)").valid
    assert codes(check_document(K.HONG_KONG_IDENTITY_CARD, f"D{digits}(A)")) == ["check_digit"]


def test_a_wrong_hkid_check_digit_names_the_expected_one() -> None:
    check = check_document(K.HONG_KONG_IDENTITY_CARD, "A123456(4)")
    assert codes(check) == ["check_digit"]
    assert check.problems[0].zh.startswith("校验码不符：应为 3")


def test_hkid_without_brackets_is_accepted_as_written() -> None:
    check = check_document(K.HONG_KONG_IDENTITY_CARD, "A1234563")
    assert check.valid and check.changes == ()


def test_full_width_brackets_are_normalised_and_reported() -> None:
    check = check_document(K.HONG_KONG_IDENTITY_CARD, "A123456（3）")
    assert check.valid
    assert check.changes == ("fullwidth_brackets",)
    assert check.normalised_masked.endswith("3)")
    assert "英文" in check.change_notes("zh")[0]
    assert "FAQ 7" in check.change_notes("en")[0]


def test_lower_case_hkid_letters_are_normalised_and_reported() -> None:
    check = check_document(K.HONG_KONG_IDENTITY_CARD, f"ab987654({hkid_check('AB', '987654')})")
    assert check.valid
    assert check.changes == ("lowercase",)


def test_full_width_letters_digits_and_brackets_together_are_all_reported() -> None:
    check = check_document(K.HONG_KONG_IDENTITY_CARD, "\u3000ａ１２３４５６（３） ")
    assert check.valid
    assert check.changes == (
        "fullwidth_brackets",
        "fullwidth_characters",
        "lowercase",
        "whitespace",
    )


@pytest.mark.parametrize(
    "number",
    [
        "ABC123456(3)",
        "A12345(3)",
        "A1234567(3)",
        "123456(3)",
        "A123456(B)",
        "A123456(3",
        "A123456-3",
    ],
)
def test_hkid_that_is_not_one_or_two_letters_six_digits_and_a_check_is_a_format_problem(
    number: str,
) -> None:
    assert codes(check_document(K.HONG_KONG_IDENTITY_CARD, number)) == ["format"]


@pytest.mark.parametrize("number", ["A123456[3]", "A123456【3】", "A123456［3］"])
def test_other_kinds_of_brackets_are_not_guessed_but_named(number: str) -> None:
    check = check_document(K.HONG_KONG_IDENTITY_CARD, number)
    assert codes(check) == ["format", "brackets"]
    assert "()" in check.problems[1].en


# --- Macau identity card ----------------------------------------------------------------------


@pytest.mark.parametrize("number", ["1234567(8)", "5000001(2)", "7654321(0)", "12345678"])
def test_macau_numbers_starting_1_5_or_7_with_seven_digits_and_a_check_digit_are_valid(
    number: str,
) -> None:
    assert check_document(K.MACAU_IDENTITY_CARD, number).valid


def test_macau_check_digit_is_not_verified_because_no_algorithm_is_published() -> None:
    results = {
        d: check_document(K.MACAU_IDENTITY_CARD, f"1234567({d})").valid for d in "0123456789"
    }
    assert all(results.values())
    assert "not verified" in CHECKED[K.MACAU_IDENTITY_CARD][1]


@pytest.mark.parametrize("first", list("0234689"))
def test_a_macau_number_starting_with_another_digit_is_a_format_problem(first: str) -> None:
    check = check_document(K.MACAU_IDENTITY_CARD, f"{first}234567(8)")
    assert codes(check) == ["format"]
    assert "1、5 或 7" in check.problems[0].zh


@pytest.mark.parametrize(
    "number", ["123456(8)", "12345678(9)", "1/234567/8", "1234567(A)", "A234567(8)"]
)
def test_a_macau_number_of_the_wrong_shape_is_a_format_problem(number: str) -> None:
    assert codes(check_document(K.MACAU_IDENTITY_CARD, number)) == ["format"]


def test_macau_full_width_brackets_are_normalised_and_reported() -> None:
    check = check_document(K.MACAU_IDENTITY_CARD, "1234567（8）")
    assert check.valid and check.changes == ("fullwidth_brackets",)


# --- Mainland Travel Permit for Taiwan Residents -----------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "12345678",  # since 2008-09-25: the eight-digit lifetime number
        "1234567801",  # 2006-2008 Fujian, Jiangsu, Shanghai: no office code
        "1234567801(D)",  # 1992-2008: issue count and issuing-office code
        "1234567801(3)",  # the office code may be a digit
    ],
)
def test_taiwan_permit_eight_digits_or_the_old_ten_digit_forms_are_valid(number: str) -> None:
    assert check_document(K.TAIWAN_COMPATRIOT_PERMIT, number).valid


def test_old_taiwan_permit_full_width_brackets_and_lower_case_code_are_normalised() -> None:
    check = check_document(K.TAIWAN_COMPATRIOT_PERMIT, "1234567801（d）")
    assert check.valid
    assert check.changes == ("fullwidth_brackets", "lowercase")


@pytest.mark.parametrize(
    "number",
    ["1234567", "123456789", "12345678(B)", "12345678901", "1234567801(DD)", "T1234567"],
)
def test_taiwan_permit_of_an_undocumented_shape_is_a_format_problem(number: str) -> None:
    assert codes(check_document(K.TAIWAN_COMPATRIOT_PERMIT, number)) == ["format"]


# --- Taiwan identity card ----------------------------------------------------------------


def test_the_published_taiwan_example_a123456789_is_valid() -> None:
    assert check_document(K.TAIWAN_IDENTITY_CARD, "A123456789").valid


@pytest.mark.parametrize("letter", ["I", "O", "W", "Z", "A", "H", "J"])
def test_taiwan_letters_whose_values_break_alphabetical_order_are_weighted_right(
    letter: str,
) -> None:
    # I = 34, O = 35, W = 32, Z = 33 are the out-of-order values; H/J straddle the gap.
    for serial in ("2000001", "1234567", "9999999"):
        first_nine = letter + "2" + serial[:7]
        number = first_nine + taiwan_check(first_nine)
        assert check_document(K.TAIWAN_IDENTITY_CARD, number).valid, number


def test_a_wrong_taiwan_check_digit_names_the_expected_one() -> None:
    check = check_document(K.TAIWAN_IDENTITY_CARD, "A123456780")
    assert codes(check) == ["check_digit"]
    assert "应为 9" in check.problems[0].zh


@pytest.mark.parametrize("second", list("03456789"))
def test_a_taiwan_sex_digit_other_than_1_or_2_is_a_format_problem(second: str) -> None:
    first_nine = "A" + second + "2345678"
    check = check_document(K.TAIWAN_IDENTITY_CARD, first_nine + taiwan_check(first_nine))
    assert codes(check) == ["format"]


@pytest.mark.parametrize("number", ["A12345678", "A1234567890", "AB23456789", "1123456789"])
def test_a_taiwan_number_of_the_wrong_shape_is_a_format_problem(number: str) -> None:
    assert codes(check_document(K.TAIWAN_IDENTITY_CARD, number)) == ["format"]


def test_a_lower_case_taiwan_letter_is_normalised_and_reported() -> None:
    check = check_document(K.TAIWAN_IDENTITY_CARD, "a123456789")
    assert check.valid and check.changes == ("lowercase",)


# --- normalise_number -----------------------------------------------------------------------


def test_an_already_normal_number_is_unchanged_and_reports_nothing() -> None:
    assert normalise_number("A123456(3)") == ("A123456(3)", ())


@pytest.mark.parametrize("space", [" ", "\t", "\n", "\u3000", "\u00a0"])
def test_surrounding_whitespace_including_ideographic_space_is_stripped(space: str) -> None:
    assert normalise_number(f"{space}A123456(3){space}") == ("A123456(3)", ("whitespace",))


def test_inner_whitespace_is_kept_for_the_check_to_report() -> None:
    normal, changes = normalise_number("A123456 (3)")
    assert normal == "A123456 (3)" and changes == ()
    assert codes(check_document(K.HONG_KONG_IDENTITY_CARD, "A123456 (3)")) == ["format"]


def test_full_width_digits_and_letters_become_ascii() -> None:
    assert normalise_number("０１９ＡＺ") == ("019AZ", ("fullwidth_characters",))
    assert normalise_number("ａｚ") == ("AZ", ("fullwidth_characters", "lowercase"))


def test_only_full_width_brackets_change_among_brackets() -> None:
    assert normalise_number("（）") == ("()", ("fullwidth_brackets",))
    assert normalise_number("【】[]") == ("【】[]", ())


def test_non_ascii_letters_are_not_upper_cased_or_folded() -> None:
    # Greek alpha and Cyrillic a look like letters but are not ASCII: left for the check.
    assert normalise_number("αа") == ("αа", ())
    assert normalise_number("ß") == ("ß", ())


@given(st.text())
def test_normalising_twice_changes_nothing_more(number: str) -> None:
    once, _ = normalise_number(number)
    assert normalise_number(once) == (once, ())


# --- mask_number -----------------------------------------------------------------------------


def test_an_18_character_number_shows_the_first_6_and_last_4() -> None:
    assert mask_number("440113200102031234") == "440113********1234"


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("", ""),
        ("1", "*"),
        ("123", "***"),
        ("1234", "1**4"),
        ("12345678", "12****78"),
        ("A123456(3)", "A1******3)"),
        ("123456789012345", "123*********345"),  # 15: still the short rule
        ("1234567890123456", "123456******3456"),  # 16: the first 6 and last 4
    ],
)
def test_short_numbers_show_a_quarter_at_each_end_and_from_16_characters_6_and_4(
    number: str, masked: str
) -> None:
    assert mask_number(number) == masked


@given(st.text())
def test_masking_keeps_the_length_hides_at_least_the_middle_and_is_idempotent(number: str) -> None:
    masked = mask_number(number)
    assert len(masked) == len(number)
    assert mask_number(masked) == masked
    if len(number) >= 16:
        assert set(masked[6:-4]) == {"*"}
    else:
        assert masked.count("*") >= (len(number) + 1) // 2


# --- Never a crash ----------------------------------------------------------------------------

_NASTY = [
    "",
    "   ",
    "\u3000",
    "()",
    "（）",
    "((((",
    ")(",
    "X",
    "Ａβγ",
    "AΒ123456(3)",  # a Greek capital beta in the prefix
    "аbc",  # Cyrillic a
    "😀" * 18,
    "\x00" * 18,
    "1" * 100_000,
    "A" + "1" * 100_000 + "(3)",
    "٤٤٠١١٣٢٠٠١٠٢٠٣١٢٣٤",  # Arabic-Indic digits: str.isdigit() is true for them
]


@pytest.mark.parametrize("kind", list(DocumentKind))
@pytest.mark.parametrize("number", _NASTY, ids=lambda n: repr(n)[:20])
def test_input_that_crashes_naive_code_gives_problems_not_an_exception(
    kind: DocumentKind, number: str
) -> None:
    check = check_document(kind, number)
    assert not check.valid
    assert check.problems
    assert all(p.zh and p.en and p.code for p in check.problems)


def test_empty_and_blank_numbers_are_one_plain_problem() -> None:
    for number in ("", "  ", "\u3000"):
        check = check_document(K.MAINLAND_RESIDENT_ID, number)
        assert codes(check) == ["empty"]
        assert check.normalised_masked == ""


def test_a_number_that_is_not_text_is_a_problem_not_a_crash() -> None:
    check = check_document(K.MAINLAND_RESIDENT_ID, 440113200102031234)  # type: ignore[arg-type]
    assert codes(check) == ["not_text"]
    assert "440113200102031234" not in " ".join(texts(check))
    assert codes(check_document(K.HONG_KONG_IDENTITY_CARD, None)) == ["not_text"]  # type: ignore[arg-type]


def test_a_kind_given_as_its_string_value_works_and_an_unknown_kind_is_a_programming_error() -> (
    None
):
    assert check_document("hong_kong_identity_card", "A123456(3)").valid  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        check_document("passport", "E12345678")  # type: ignore[arg-type]


@given(st.sampled_from(list(DocumentKind)), st.text(max_size=40))
def test_any_text_for_any_kind_gives_a_consistent_check(kind: DocumentKind, number: str) -> None:
    check = check_document(kind, number)
    normal, changes = normalise_number(number)
    assert check.valid == (not check.problems)
    assert check.changes == changes
    assert check.normalised_masked == mask_number(normal)


# --- Personal data: the full number never shows -------------------------------------------

_DIGIT_LIKE = "0123456789Xx０１２３４５６７８９Ｘｘ（）() AbZ-"


@given(
    st.sampled_from(list(DocumentKind)),
    st.text(alphabet=_DIGIT_LIKE, min_size=18, max_size=18),
)
def test_no_eight_middle_characters_of_an_18_character_input_ever_show(
    kind: DocumentKind, number: str
) -> None:
    check = check_document(kind, number)
    normal, _ = normalise_number(number)
    middles = {number[6:14]}
    if len(normal) >= 14:
        middles.add(normal[6:14])
    for text in texts(check):
        for middle in middles:
            assert middle not in text


@st.composite
def valid_citizen_numbers(draw: st.DrawFn) -> tuple[DocumentKind, str]:
    kind = draw(st.sampled_from([K.MAINLAND_RESIDENT_ID, K.RESIDENCE_PERMIT_HMT]))
    if kind is K.RESIDENCE_PERMIT_HMT:
        prefix = draw(st.sampled_from(sorted(RESIDENCE_PERMIT_PREFIXES)))
    else:
        province = draw(st.sampled_from(["11", "31", "44", "46", "50", "65"]))
        prefix = province + draw(st.text(alphabet="0123456789", min_size=4, max_size=4))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)))
    seq = draw(st.text(alphabet="0123456789", min_size=3, max_size=3))
    return kind, citizen_number(prefix, born.strftime("%Y%m%d"), seq)


@given(valid_citizen_numbers())
def test_a_valid_number_shows_only_its_first_6_and_last_4_characters(
    kind_and_number: tuple[DocumentKind, str],
) -> None:
    kind, number = kind_and_number
    check = check_document(kind, number)
    assert check.valid
    assert check.normalised_masked == number[:6] + "*" * 8 + number[-4:]
    for text in texts(check):
        assert number not in text
        assert number[6:14] not in text


def test_repr_and_str_of_a_mainland_check_show_the_masked_number_only() -> None:
    number = citizen_number(prefix="440113", born="20010203", seq="123")
    for check in (
        check_document(K.MAINLAND_RESIDENT_ID, number),
        check_document(K.MAINLAND_RESIDENT_ID, number[:17] + wrong(number[17])),
        check_document(K.MAINLAND_RESIDENT_ID, " " + number + " "),
    ):
        assert number[:17] not in repr(check) and number[:17] not in str(check)
        assert "440113********" in repr(check)
        assert "440113********" in str(check)
        assert "20010203" not in repr(check)


def test_hk_macau_and_taiwan_numbers_are_masked_the_same_way() -> None:
    for kind, number in [
        (K.HONG_KONG_IDENTITY_CARD, "A123456(3)"),
        (K.MACAU_IDENTITY_CARD, "1234567(8)"),
        (K.TAIWAN_COMPATRIOT_PERMIT, "12345678"),
        (K.TAIWAN_IDENTITY_CARD, "A123456789"),
    ]:
        check = check_document(kind, number)
        assert check.normalised_masked == mask_number(number)
        assert number not in repr(check)


# --- DocumentCheck guards its own invariants ---------------------------------------------


def test_a_document_check_cannot_be_built_valid_with_problems_or_invalid_without() -> None:
    problem = Problem("length", "长度不对", "wrong length")
    with pytest.raises(ValueError):
        DocumentCheck(K.MAINLAND_RESIDENT_ID, True, "", (), (problem,))
    with pytest.raises(ValueError):
        DocumentCheck(K.MAINLAND_RESIDENT_ID, False, "", (), ())


def test_a_document_check_cannot_be_built_holding_an_unmasked_number() -> None:
    with pytest.raises(ValueError):
        DocumentCheck(K.MAINLAND_RESIDENT_ID, True, citizen_number(), (), ())
    with pytest.raises(ValueError):
        DocumentCheck(K.MAINLAND_RESIDENT_ID, True, "", ("made_up",), ())
    ok = DocumentCheck(K.MAINLAND_RESIDENT_ID, True, mask_number(citizen_number()), (), ())
    assert ok.valid


def test_every_kind_has_labels_and_a_statement_of_what_is_checked() -> None:
    for kind in DocumentKind:
        assert kind.zh and kind.en
        assert CHECKED[kind][0] and CHECKED[kind][1]


def test_the_kind_values_are_the_documented_strings() -> None:
    assert [k.value for k in DocumentKind] == [
        "mainland_resident_id",
        "hong_kong_identity_card",
        "macau_identity_card",
        "taiwan_compatriot_permit",
        "taiwan_identity_card",
        "residence_permit_hmt",
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_normalised_number_is_shown_masked_so_staff_are_asked_to_check_not_to_copy_it(
    lang: str,
) -> None:
    import json
    from pathlib import Path

    from origin_rules import decide_origin

    example = Path(__file__).resolve().parents[1] / "examples" / "hong-kong-id-brackets.json"
    decision = decide_origin(json.loads(example.read_text(encoding="utf-8")), engine="python")
    [note] = [s for s in decision.trace if s.rule == "note.identity_document_normalised"]
    said = getattr(note.text, lang)
    assert "*" in said  # the number appears masked only
    assert "按此填写" not in said and "enter it this way" not in said
    assert ("请核对" in said) if lang == "zh" else ("Check the number recorded" in said)
