"""NIK structure (Permendagri 72/2019 layout) and phone number normalisation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from satupintu.core.identifiers import (
    Nik,
    mask_nik,
    mask_phone,
    normalize_phone,
    validate_region_code,
)

TODAY = dt.date(2026, 11, 23)


def test_a_mans_nik_gives_region_and_birth_date():
    nik = Nik.parse("3302011708850001", today=TODAY)
    assert nik.regency_code == "33.02"
    assert nik.district_code == "33.02.01"
    assert nik.birth_date(today=TODAY) == dt.date(1985, 8, 17)
    assert not nik.is_female


def test_a_womans_birth_day_carries_forty_more():
    nik = Nik.parse("3302015708850002", today=TODAY)
    assert nik.is_female
    assert nik.birth_date(today=TODAY) == dt.date(1985, 8, 17)


def test_a_two_digit_year_is_never_in_the_future():
    assert Nik.parse("3302010101100003", today=TODAY).birth_date(today=TODAY).year == 2010
    assert Nik.parse("3302010101300003", today=TODAY).birth_date(today=TODAY).year == 1930


def test_separators_copied_from_a_ktp_are_accepted():
    assert Nik.parse("3302 0117 0885 0001", today=TODAY).value == "3302011708850001"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("330201170885000", "nik_format"),  # 15 digits
        ("33020117088500011", "nik_format"),  # 17 digits
        ("3302O11708850001", "nik_format"),  # letter O
        ("9902011708850001", "nik_province"),  # no province 99
        ("3300011708850001", "nik_region"),  # regency 00
        ("3302003108850001", "nik_region"),  # district 00
        ("3302013102850001", "nik_birth_date"),  # 31 February
        ("3302017202850001", "nik_birth_date"),  # woman, 32 February
        ("3302013213850001", "nik_birth_date"),  # month 13
        ("3302010000850001", "nik_birth_date"),  # day 00
        ("3302011708850000", "nik_serial"),
    ],
)
def test_impossible_niks_are_refused_with_a_reason(raw, code):
    with pytest.raises(ValidationError) as exc:
        Nik.parse(raw, today=TODAY)
    assert exc.value.code == code


def test_a_leap_day_birth_is_valid_only_in_a_leap_year():
    assert Nik.parse("3302012902000001", today=TODAY).birth_date(today=TODAY) == dt.date(
        2000, 2, 29
    )
    with pytest.raises(ValidationError):
        Nik.parse("3302012902010001", today=TODAY)


def test_masked_nik_shows_only_region_and_serial():
    assert mask_nik("3302011708850001") == "3302********0001"
    assert Nik.parse("3302011708850001", today=TODAY).masked == "3302********0001"


@pytest.mark.parametrize(
    "raw",
    ["0812-3456-7890", "081234567890", "+62 812 3456 7890", "6281234567890", "(+62) 812-3456-7890"],
)
def test_every_common_spelling_of_a_mobile_number_normalises_to_e164(raw):
    assert normalize_phone(raw) == "+6281234567890"


def test_a_landline_with_area_code_is_accepted():
    assert normalize_phone("(0281) 635231") == "+62281635231"


@pytest.mark.parametrize("raw", ["", "12345", "0812", "abc", "+62 999"])
def test_nonsense_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationError) as exc:
        normalize_phone(raw)
    assert exc.value.code == "phone_format"


def test_masked_phone_keeps_operator_prefix_and_last_digits():
    assert mask_phone("+6281234567890") == "+62 812****7890"


def test_region_codes_follow_the_kemendagri_pattern():
    validate_region_code("33.02")
    validate_region_code("33.02.01.2001")
    for bad in ["3302", "33-02", "99.01", "33.2"]:
        with pytest.raises(ValidationError):
            validate_region_code(bad)
