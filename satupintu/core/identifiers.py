"""Indonesian identifiers: NIK (Nomor Induk Kependudukan) and phone numbers.

NIK layout (UU 24/2013 jo. Permendagri 72/2019 tentang Pendaftaran Penduduk;
the digit layout is the one Dukcapil prints on every KTP-el and KK):

    PP KK CC DDMMYY SSSS
    |  |  |  |      +-- serial number among people with the same code and date (0001-9999)
    |  |  |  +-- date of birth; women add 40 to the day (a woman born on the 5th has 45)
    |  |  +-- district (kecamatan) code
    |  +-- regency/city (kabupaten/kota) code
    +-- province code (Kemendagri region code, Permendagri 72/2019)

Phone numbers go through Google's libphonenumber (the `phonenumbers` package)
and are stored in E.164 (+62…).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Province codes of Permendagri 72/2019 plus the Papua provinces formed in 2022
# (UU 14, 15, 16 and 29/2022: 93 Papua Selatan, 94 Papua Tengah, 95 Papua
# Pegunungan, 96 Papua Barat Daya).
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
        "31", "32", "33", "34", "35", "36",
        "51", "52", "53",
        "61", "62", "63", "64", "65",
        "71", "72", "73", "74", "75", "76",
        "81", "82",
        "91", "92", "93", "94", "95", "96",
    }
)  # fmt: skip

_NIK_RE = re.compile(r"^\d{16}$")
_REGION_CODE_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


@dataclass(frozen=True)
class Nik:
    """A structurally valid NIK. Build it with `Nik.parse`."""

    value: str

    @classmethod
    def parse(cls, raw: str, *, today: dt.date | None = None) -> Nik:
        """Check the structure of a NIK and return it, or raise ValidationError.

        Accepts spaces, dots and dashes between digit groups (as people copy them
        from a KTP). Does not prove that the person exists: only Dukcapil can.
        """
        value = re.sub(r"[\s.\-]", "", str(raw or ""))
        if not _NIK_RE.match(value):
            raise ValidationError(_("NIK harus terdiri atas 16 angka."), code="nik_format")
        if value[:2] not in PROVINCE_CODES:
            raise ValidationError(
                _("Kode provinsi pada NIK (%(code)s) tidak dikenal."),
                code="nik_province",
                params={"code": value[:2]},
            )
        if value[2:4] == "00" or value[4:6] == "00":
            raise ValidationError(
                _("Kode kabupaten/kota atau kecamatan pada NIK tidak valid."), code="nik_region"
            )
        _birth_date(value, today or dt.date.today())  # noqa: DTZ011 - a calendar date
        if value[12:] == "0000":
            raise ValidationError(_("Nomor urut pada NIK tidak boleh 0000."), code="nik_serial")
        return cls(value)

    @property
    def province_code(self) -> str:
        return self.value[:2]

    @property
    def regency_code(self) -> str:
        """Kemendagri code of the regency/city, e.g. '33.02' (Kabupaten Banyumas)."""
        return f"{self.value[:2]}.{self.value[2:4]}"

    @property
    def district_code(self) -> str:
        return f"{self.value[:2]}.{self.value[2:4]}.{self.value[4:6]}"

    @property
    def is_female(self) -> bool:
        return int(self.value[6:8]) > 40

    def birth_date(self, *, today: dt.date | None = None) -> dt.date:
        return _birth_date(self.value, today or dt.date.today())  # noqa: DTZ011

    @property
    def masked(self) -> str:
        return mask_nik(self.value)

    def __str__(self) -> str:
        return self.value


def _birth_date(value: str, today: dt.date) -> dt.date:
    day, month, yy = int(value[6:8]), int(value[8:10]), int(value[10:12])
    if day > 40:
        day -= 40
    # Two-digit year: the most recent century that does not put the birth in the future.
    year = 2000 + yy if 2000 + yy <= today.year else 1900 + yy
    try:
        born = dt.date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("Tanggal lahir pada NIK tidak mungkin ada."), code="nik_birth_date"
        ) from None
    if born > today:
        born = dt.date(year - 100, month, day)
    return born


def validate_nik(raw: str) -> None:
    """Django validator form of `Nik.parse`."""
    Nik.parse(raw)


def mask_nik(value: str) -> str:
    """Show a NIK as officers may see it on screens and printouts: 3302********0001."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) != 16:
        return "*" * len(digits)
    return f"{digits[:4]}{'*' * 8}{digits[12:]}"


def validate_region_code(raw: str) -> None:
    """Kemendagri region code: 33, 33.02, 33.02.01 or 33.02.01.2001."""
    if not _REGION_CODE_RE.match(raw or "") or raw[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _("Kode wilayah Kemendagri tidak valid (contoh: 33.02)."), code="region_code"
        )


def normalize_phone(raw: str) -> str:
    """Return an Indonesian (or other) phone number in E.164, or raise ValidationError.

    0812-3456-7890, 62812…, +62 812… and (0281) 123456 all become +62….
    """
    text = str(raw or "").strip()
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("Nomor telepon tidak valid. Contoh: 0812-3456-7890."), code="phone_format"
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Nomor telepon tidak valid. Contoh: 0812-3456-7890."), code="phone_format"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone_national(e164: str) -> str:
    """+62281635231 -> (0281) 635231; +6281234567890 -> 0812-3456-7890 (as people write them)."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164, "ID")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def validate_phone(raw: str) -> None:
    normalize_phone(raw)


def is_mobile_phone(e164: str) -> bool:
    """True for numbers that can receive SMS/WhatsApp (Indonesian 08… numbers)."""
    number = phonenumbers.parse(e164, "ID")
    return phonenumbers.number_type(number) in {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }


def mask_phone(e164: str) -> str:
    """+6281234567890 -> +62 812****7890: enough to recognise, not to call."""
    if not e164 or len(e164) < 8:
        return "*" * len(e164 or "")
    return f"{e164[:3]} {e164[3:6]}{'*' * (len(e164) - 10)}{e164[-4:]}"


def phone_last_digits(e164: str, count: int = 4) -> str:
    return re.sub(r"\D", "", e164 or "")[-count:]
