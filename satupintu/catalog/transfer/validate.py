"""Turn one row of a catalog file into a service record, or say everything wrong with it.

This part needs no database: every cell is checked on its own (type, words, the
one-line formats, the model's own length limits), then the row as a whole (a fixed fee
needs an amount). Checks against the MPP (agencies, categories, existing services)
are in `plan.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from satupintu.catalog import conditions
from satupintu.catalog.models import (
    ConditionQuestion,
    FeeKind,
    FeeVariant,
    ProcedureStep,
    Requirement,
    Service,
    ServiceVersion,
)
from satupintu.catalog.standard import (
    FeeVariantData,
    QuestionData,
    RequirementData,
    StandardContent,
    StepData,
    normalised,
)
from satupintu.catalog.transfer import columns as C
from satupintu.catalog.transfer.errors import RowError

_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]")
_CODE = re.compile(r"^[A-Z]{1,3}\d{2,3}$")
_SLUG = re.compile(r"^[-a-z0-9_]+$")
_FILE_TYPE = re.compile(r"^[a-z0-9]{1,5}$")
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


class CellError(Exception):
    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = list(messages)


@dataclass(frozen=True)
class Row:
    """One row of a file as read: its number as the user sees it and its raw cells."""

    number: int
    cells: dict[str, Any]  # by column key


@dataclass(frozen=True)
class Record:
    """A row read as far as it goes: who the service is, its settings and its standard.
    `content` is None when the row has errors; its identity is still checked against
    the MPP, so one import reports every error of every row."""

    number: int
    code: str  # "" when missing or malformed
    standard_key: str  # "" = derive from the name (new services only)
    agency_code: str
    category: str
    name: str
    flags: dict[str, bool]
    content: StandardContent | None


# --- one cell --------------------------------------------------------------------
def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise CellError(_("Harus berupa teks."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def integer(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(_("Harus berupa bilangan bulat, misalnya 50000."))
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("Harus berupa bilangan bulat, misalnya 50000."))
        value = int(value)
    if isinstance(value, str):
        raw = value.strip()
        digits = re.sub(r"^rp\.?", "", raw.replace(" ", ""), flags=re.I)
        if _THOUSANDS.match(digits):
            digits = digits.replace(".", "")
        if not digits.isdigit() or not digits.isascii():
            raise CellError(
                _("“%(value)s” bukan bilangan bulat; tulis angka saja, misalnya 50000.")
                % {"value": raw}
            )
        value = int(digits)
    if not isinstance(value, int):
        raise CellError(_("Harus berupa bilangan bulat, misalnya 50000."))
    if value < 0:
        raise CellError(_("Tidak boleh negatif."))
    return value


def boolean(value: Any, default: bool) -> bool:
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    token = C.norm(str(value))
    if token in C.YES:
        return True
    if token in C.NO:
        return False
    raise CellError(_("“%(value)s” tidak dikenal; tulis ya atau tidak.") % {"value": value})


def choice(value: Any, vocabulary: dict[str, str], what: str, default: str = "") -> str:
    raw = text(value)
    if not raw:
        return default
    found = C.lookup(vocabulary, raw)
    if found is None:
        raise CellError(
            _("%(what)s “%(value)s” tidak dikenal; pilih salah satu: %(choices)s.")
            % {"what": what, "value": raw, "choices": C.choices_text(vocabulary)}
        )
    return found


# --- one item of a multi-valued cell --------------------------------------------
def _requirement_from_line(line: str) -> RequirementData:
    parts = C.split_line(line)
    values: dict[str, Any] = {"name": parts[0]}
    problems = []
    if not parts[0]:
        problems.append(_("nama persyaratan kosong"))
    for part in parts[1:]:
        if not part:
            continue
        token = C.norm(part)
        head, colon, rest = part.partition(":")
        head = C.norm(head)
        if C.lookup(C.DOCUMENT_FORMS, part) is not None and "form" not in values:
            values["form"] = C.lookup(C.DOCUMENT_FORMS, part)
        elif part.isascii() and part.isdigit() and "count" not in values:
            values["count"] = int(part)
        elif token == C.REQUIRED_WORD:
            values["is_optional"] = False
        elif token in C.OPTIONAL_WORDS:
            values["is_optional"] = True
        elif head == "unggah":
            values["uploadable"] = True
            if rest.strip():
                values["file_types"] = rest
        elif head == "jenis" and colon:
            values["file_types"] = rest
        elif head == "catatan" and colon:
            values["notes"] = rest.strip()
        elif head == "jika" and colon:
            values["applies_when"] = rest.strip()
        else:
            problems.append(
                _(
                    "bagian “%(part)s” tidak dikenal; tulis nama | bentuk (%(forms)s) | "
                    "jumlah | wajib atau tidak wajib | unggah: pdf,jpg | catatan: … | jika: …"
                )
                % {"part": part, "forms": C.choices_text(C.DOCUMENT_FORMS)}
            )
    if problems:
        raise CellError(*problems)
    return RequirementData(**values)


def _items(value: Any, kind: type, from_line: Any, dict_parsers: dict[str, Any]) -> tuple:
    """Items from a cell of lines (spreadsheets) or a list of objects or lines (JSON)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ()
    if isinstance(value, str):
        entries: list[tuple[int, Any]] = C.lines_of(value)
    elif isinstance(value, list):
        entries = list(enumerate(value, start=1))
    else:
        raise CellError(_("Harus berupa teks, satu butir per baris."))
    items, problems = [], []
    for number, entry in entries:
        try:
            if isinstance(entry, str):
                item = from_line(entry)
            elif isinstance(entry, dict):
                item = _item_from_dict(entry, kind, dict_parsers)
            else:
                raise CellError(_("harus berupa teks atau objek"))
            items.append(_checked(item, number))
        except CellError as error:
            problems += [
                _("Butir %(number)s: %(problem)s") % {"number": number, "problem": p}
                for p in error.messages
            ]
    if problems:
        raise CellError(*problems)
    return tuple(items)


def _item_from_dict(entry: dict, kind: type, parsers: dict[str, Any]) -> Any:
    names = [f.name for f in fields(kind)]
    unknown = sorted(str(k) for k in set(entry) - set(names))
    if unknown:
        raise CellError(_("kunci tidak dikenal: %(keys)s") % {"keys": ", ".join(unknown)})
    values, problems = {}, []
    for name, raw in entry.items():
        try:
            value = parsers.get(name, text)(raw)
        except CellError as error:
            problems += [f"{name}: {p}" for p in error.messages]
            continue
        if value is not None:
            values[name] = value
    if kind is FeeVariantData and "amount_rupiah" not in values and not problems:
        problems.append(_("biaya varian belum diisi"))
    if problems:
        raise CellError(*problems)
    values.setdefault(names[0], "")  # name, or a step's description
    return kind(**values)


def _step_from_line(line: str) -> StepData:
    parts = C.split_line(line)
    if len(parts) > 2:
        raise CellError(_("terlalu banyak bagian; tulis langkah | pelaksana"))
    return StepData(description=parts[0], actor=parts[1] if len(parts) > 1 else "")


def _question_from_line(line: str) -> QuestionData:
    parts = C.split_line(line)
    if len(parts) != 2 or not parts[1]:
        raise CellError(
            _("tulis pertanyaan | pilihan; pilihan (mis. Apa alasannya? | Rusak; Hilang)")
        )
    return QuestionData(text=parts[0], options=parts[1])


def _fee_variant_from_line(line: str) -> FeeVariantData:
    parts = C.split_line(line)
    if len(parts) > 3:
        raise CellError(_("terlalu banyak bagian; tulis nama | biaya | dasar hukum"))
    if len(parts) < 2 or not parts[1]:
        raise CellError(_("biaya varian belum diisi; tulis nama | biaya | dasar hukum"))
    amount = integer(parts[1])
    return FeeVariantData(
        name=parts[0], amount_rupiah=amount or 0, legal_basis=parts[2] if len(parts) > 2 else ""
    )


def _file_types(value: Any) -> str:
    types = [t.strip().lstrip(".").lower() for t in text(value).split(",") if t.strip()]
    bad = [t for t in types if not _FILE_TYPE.match(t)]
    if bad:
        raise CellError(
            _("jenis berkas “%(value)s” tidak dikenal; tulis misalnya pdf,jpg,png")
            % {"value": ", ".join(bad)}
        )
    return ",".join(types)


def _checked(item: Any, number: int) -> Any:
    """Name present, file types tidy, and within the model's limits."""
    first = next(n for n in ("name", "text", "description") if hasattr(item, n))
    if not getattr(item, first).strip():
        raise CellError(_("langkah kosong") if first == "description" else _("nama butir kosong"))
    if isinstance(item, RequirementData):
        item = RequirementData(
            **{**vars(item), "file_types": _file_types(item.file_types), "count": item.count}
        )
        if item.count < 1:
            raise CellError(_("jumlah paling sedikit 1"))
    model = {
        RequirementData: Requirement,
        StepData: ProcedureStep,
        FeeVariantData: FeeVariant,
        QuestionData: ConditionQuestion,
    }
    instance = model[type(item)](**vars(item))
    try:
        instance.clean_fields(exclude=["version", "order"])
    except ValidationError as error:
        raise CellError(*[m for ms in error.message_dict.values() for m in ms]) from error
    return item


ITEM_PARSERS: dict[str, Any] = {
    "requirements": lambda v: _items(
        v,
        RequirementData,
        _requirement_from_line,
        {
            "form": lambda x: choice(x, C.DOCUMENT_FORMS, _("Bentuk"), "shown"),
            "count": lambda x: 1 if integer(x) is None else integer(x),
            "is_optional": lambda x: boolean(x, False),
            "uploadable": lambda x: boolean(x, False),
            "file_types": _file_types,
        },
    ),
    "questions": lambda v: _items(v, QuestionData, _question_from_line, {}),
    "steps": lambda v: _items(v, StepData, _step_from_line, {}),
    "fee_variants": lambda v: _items(
        v, FeeVariantData, _fee_variant_from_line, {"amount_rupiah": integer}
    ),
}


# --- one row -------------------------------------------------------------------
def _forbidden_characters(value: Any) -> str | None:
    if isinstance(value, str):
        if "\x00" in value:
            return _("Berisi karakter NUL (\\0) yang tidak diizinkan.")
        if _CONTROL.search(value):
            return _("Berisi karakter kendali yang tidak diizinkan.")
    elif isinstance(value, list):
        return next(filter(None, map(_forbidden_characters, value)), None)
    elif isinstance(value, dict):
        found = map(_forbidden_characters, [*value.keys(), *value.values()])
        return next(filter(None, found), None)
    return None


def _parse_cell(key: str, value: Any) -> Any:
    kind = C.BY_KEY[key].kind
    if kind in ITEM_PARSERS:
        return ITEM_PARSERS[kind](value)
    if kind == "int":
        return integer(value)
    if kind == "bool":
        return boolean(value, C.FLAG_DEFAULTS.get(key, False))
    if kind == "time_unit":
        return choice(value, C.TIME_UNITS, _("Satuan waktu"))
    if kind == "fee_kind":
        return choice(value, C.FEE_KINDS, _("Jenis biaya"), FeeKind.FIXED)
    return text(value)


def parse_row(row: Row, name_of: dict[str, str]) -> tuple[Record, list[RowError]]:
    """The record of a row and every error found in it (by column)."""
    errors: list[RowError] = []

    def error(key: str, message: str) -> None:
        errors.append(RowError(row.number, name_of.get(key, key), message))

    values: dict[str, Any] = {}
    for column in C.COLUMNS:
        raw = row.cells.get(column.key)
        bad_characters = _forbidden_characters(raw)
        if bad_characters:
            error(column.key, bad_characters)
            continue
        try:
            values[column.key] = _parse_cell(column.key, raw)
        except CellError as problem:
            for message in problem.messages:
                error(column.key, message)

    code = values.get("code", "").upper()
    if "code" in values and not code:
        error("code", _("Kode layanan wajib diisi."))
    elif code and not _CODE.match(code):
        error("code", _("Kode layanan “%(code)s” tidak sah; contoh: A01.") % {"code": code})
    key = values.get("standard_key", "")
    if key and not _SLUG.match(key):
        error(
            "standard_key",
            _("Kunci nasional hanya boleh berisi huruf kecil, angka dan tanda hubung."),
        )
    for required, message in (
        ("agency_code", _("Kode instansi wajib diisi.")),
        ("category", _("Kategori wajib diisi.")),
        ("name", _("Nama layanan wajib diisi.")),
    ):
        if required in values and not values[required]:
            error(required, message)
    _check_fee_and_time(values, error)
    _check_model_limits(values, error)
    if "questions" in values and "requirements" in values:
        for message in conditions.problems(values["questions"], values["requirements"]):
            error("questions", message)
    content = None
    if not errors:
        content = normalised(
            StandardContent(
                **{name: values[name] for name in StandardContent.text_fields()},
                requirements=values["requirements"],
                steps=values["steps"],
                fee_variants=values["fee_variants"],
                questions=values["questions"],
            )
        )
    record = Record(
        number=row.number,
        code=code if _CODE.match(code) else "",
        standard_key=key if _SLUG.match(key or "-") else "",
        agency_code=values.get("agency_code", "").upper(),
        category=values.get("category", ""),
        name=values.get("name", ""),
        flags={flag: values.get(flag, False) for flag in C.SETTINGS_FLAGS},
        content=content,
    )
    return record, errors


def _check_fee_and_time(values: dict[str, Any], error: Any) -> None:
    fixed = values.get("fee_kind") == FeeKind.FIXED
    if fixed and "fee_rupiah" in values and values["fee_rupiah"] is None:
        error("fee_rupiah", _("Biaya tetap harus diisi nominalnya (0 bila gratis)."))
    timed = values.get("processing_time_value") is not None
    if timed and values.get("processing_time_unit") == "":
        error("processing_time_unit", _("Jangka waktu harus diberi satuannya."))


def _check_model_limits(values: dict[str, Any], error: Any) -> None:
    """Lengths and ranges exactly as the database will enforce them."""
    names = [n for n in StandardContent.text_fields() if n in values]
    version = ServiceVersion(**{n: values[n] for n in names})
    others = [f.name for f in ServiceVersion._meta.fields if f.name not in names]
    try:
        version.clean_fields(exclude=others)
    except ValidationError as problem:
        for name, messages in problem.message_dict.items():
            if name == "name" and not values.get("name"):
                continue  # already said: the name is missing
            for message in messages:
                error(name, message)
    key = values.get("standard_key", "")
    limit = Service._meta.get_field("standard_key").max_length or 0
    if len(key) > limit:
        error("standard_key", _("Paling banyak %(limit)s karakter.") % {"limit": limit})
