"""Per-service application forms stored as data (`FormDefinition.fields`), and the check
of a citizen's answers against them.

A field: {"key": "nama_anak", "label": "Nama anak", "type": "text", "required": true}.
Types: text (max_length, default 200), number (min, max), date (YYYY-MM-DD), choice
(choices: list of strings), nik (16-digit NIK) and address ({"street", "region_code"},
region_code a Kemendagri code such as 33.02.01.2001).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from satupintu.core.identifiers import Nik, validate_region_code

TYPES = ("text", "number", "date", "choice", "nik", "address")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def check_definition(fields: Any) -> None:
    """ValidationError unless `fields` is a well-formed list of field definitions."""
    if not isinstance(fields, list):
        raise ValidationError(_("Definisi formulir harus berupa daftar isian."))
    seen: set[str] = set()
    for spec in fields:
        if not isinstance(spec, dict) or not _KEY.match(str(spec.get("key", ""))):
            raise ValidationError(_("Setiap isian perlu kunci huruf kecil, mis. nama_anak."))
        if spec["key"] in seen:
            raise ValidationError(_("Kunci isian %(key)s dipakai dua kali.") % {"key": spec["key"]})
        seen.add(spec["key"])
        if spec.get("type") not in TYPES:
            raise ValidationError(_("Jenis isian %(key)s tidak dikenal.") % {"key": spec["key"]})
        if spec["type"] == "choice" and not spec.get("choices"):
            raise ValidationError(_("Isian pilihan %(key)s perlu daftar pilihan.") % spec)
        if not str(spec.get("label", "")).strip():
            raise ValidationError(_("Isian %(key)s perlu label.") % {"key": spec["key"]})


def clean_answers(fields: list[dict], data: Any) -> dict[str, Any]:
    """The citizen's answers, normalised; ValidationError {key: message} for each bad one.
    Keys that the form does not ask for are refused too."""
    if not isinstance(data, dict):
        raise ValidationError({"fields": [_("Isian formulir tidak valid.")]})
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    known = {spec["key"] for spec in fields}
    for key in data:
        if key not in known:
            errors[str(key)] = [_("Isian ini tidak ada pada formulir layanan.")]
    for spec in fields:
        key = spec["key"]
        value = data.get(key)
        if value in (None, "", {}):
            if spec.get("required"):
                errors[key] = [_("%(label)s wajib diisi.") % {"label": spec["label"]}]
            continue
        try:
            cleaned[key] = _clean_one(spec, value)
        except ValidationError as exc:
            errors[key] = exc.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_one(spec: dict, value: Any) -> Any:
    kind = spec["type"]
    if kind == "text":
        text = str(value).strip() if isinstance(value, str | int | float) else None
        if text is None or "\x00" in text:
            raise ValidationError(_("Isian ini harus berupa teks."))
        if len(text) > int(spec.get("max_length", 200)):
            raise ValidationError(_("Isian ini terlalu panjang."))
        return text
    if kind == "number":
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValidationError(_("Isian ini harus berupa angka bulat.")) from None
        low, high = spec.get("min"), spec.get("max")
        if (low is not None and number < low) or (high is not None and number > high):
            raise ValidationError(_("Angka di luar rentang yang diizinkan."))
        return number
    if kind == "date":
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ValidationError(_("Tanggal tidak valid (format TTTT-BB-HH).")) from None
    if kind == "choice":
        if value not in spec["choices"]:
            raise ValidationError(_("Pilih salah satu pilihan yang tersedia."))
        return value
    if kind == "nik":
        return Nik.parse(str(value)).value
    # address
    if not isinstance(value, dict):
        raise ValidationError(_("Alamat perlu jalan dan kode wilayah."))
    street = str(value.get("street", "")).strip()
    region = str(value.get("region_code", "")).strip()
    if not street or len(street) > 300 or "\x00" in street:
        raise ValidationError(_("Alamat (jalan, RT/RW, desa) wajib diisi."))
    validate_region_code(region)
    return {"street": street, "region_code": region}
