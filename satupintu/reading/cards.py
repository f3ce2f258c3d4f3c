"""From the lines the OCR found to the fields of a KTP-el or a KK.

The lines are first put back into rows: a phone photo is a few degrees off, so the
centres are turned back by the median slant of the long lines before lines at the same
height are joined left to right. The fields are then found by their printed labels
(the KTP-el and KK layouts of Dukcapil): "NIK", "Nama", "Tempat/Tgl Lahir", "Jenis
Kelamin"; on a KK "Nama Kepala Keluarga" and the members' table, one row per member with
the NIK and the birth date.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from satupintu.core.identifiers import Nik
from satupintu.reading import kinds
from satupintu.reading.engine import Line, Page, Scan

# What OCR takes a digit for, in a place where only digits are printed.
_DIGIT_LOOKALIKES = str.maketrans(
    {"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "|": "1", "i": "1",
     "L": "1", "Z": "2", "z": "2", "S": "5", "s": "5", "B": "8", "G": "6", "b": "6",
     "T": "7", "g": "9", "q": "9"}
)  # fmt: skip
_TOKEN = re.compile(r"[0-9A-Za-z|]+")
_DATE = re.compile(r"(\d{1,2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{4})")


@dataclass
class Row:
    text: str
    lines: list[Line]


@dataclass
class Member:
    nik: str
    name: str = ""
    birth_date: dt.date | None = None


@dataclass
class CardFields:
    """What was read of an identity document (empty where nothing was found)."""

    nik: str = ""
    name: str = ""
    birth_date: dt.date | None = None
    female: bool | None = None
    family_number: str = ""  # a KK's own number
    members: list[Member] = field(default_factory=list)


def _grouped(lines: list[Line]) -> list[list[tuple[tuple[float, float], Line]]]:
    """Lines at the same height, top to bottom, each row left to right, with their centres
    turned back by the median slant of the long lines (the photo's tilt)."""
    if not lines:
        return []
    long = [line.angle for line in lines if line.width > 3 * max(line.height, 1)]
    slant = statistics.median(long) if long else 0.0
    cos, sin = math.cos(-slant), math.sin(-slant)

    def turned(line: Line) -> tuple[float, float]:
        x, y = line.centre
        return x * cos - y * sin, x * sin + y * cos

    placed = sorted(((turned(line), line) for line in lines), key=lambda item: item[0][1])
    tolerance = 0.5 * statistics.median(max(line.height, 1.0) for line in lines)
    grouped: list[list[tuple[tuple[float, float], Line]]] = []
    for item in placed:
        if grouped and abs(item[0][1] - grouped[-1][-1][0][1]) <= tolerance:
            grouped[-1].append(item)
        else:
            grouped.append([item])
    for group in grouped:
        group.sort(key=lambda item: item[0][0])
    return grouped


def _folded(text: str) -> str:
    """The text without the accents OCR sometimes puts on a letter ("Lahír"): Indonesian
    documents print none, so a label still matches."""
    split = unicodedata.normalize("NFKD", text)
    return "".join(c for c in split if not unicodedata.combining(c))


def rows(page: Page) -> list[Row]:
    """The page's lines joined into rows, top to bottom, each left to right."""
    lines = [line for line in page.lines if line.text.strip()]
    return [
        Row(
            text=_folded(" ".join(i[1].text.strip() for i in group)),
            lines=[i[1] for i in group],
        )
        for group in _grouped(lines)
    ]


def numbers16(text: str) -> list[str]:
    """The 16-digit numbers in a text, read through the letters OCR confuses with digits."""
    found = []
    for token in _TOKEN.findall(text):
        if len(token) != 16 or sum(c.isdigit() for c in token) < 12:
            continue
        digits = token.translate(_DIGIT_LOOKALIKES)
        if digits.isdigit():
            found.append(digits)
    return found


def dates(text: str) -> list[dt.date]:
    found = []
    for day, month, year in _DATE.findall(text):
        try:
            found.append(dt.date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return found


def _after_label(text: str, label: re.Pattern[str]) -> str:
    match = label.search(text)
    if match is None:
        return ""
    rest = text[match.end() :]
    return " ".join(rest.lstrip(" :;.").split())


_NAME_LABEL = re.compile(r"^\s*N[ao]m[ae]\b\s*[:;]?", re.IGNORECASE)
_HEAD_LABEL = re.compile(r"Kepala\s*Keluarga\s*[:;]?", re.IGNORECASE)
_BIRTH_LABEL = re.compile(r"Lahir", re.IGNORECASE)
_SEX_LABEL = re.compile(r"Kelamin", re.IGNORECASE)
_NEXT_COLUMN = re.compile(r"\b(Kecamatan|Kabupaten|Kode\s*Pos|Provinsi)\b", re.IGNORECASE)
_NIK_LABEL = re.compile(r"\bN[I1l]K\b", re.IGNORECASE)


def clean_name(text: str) -> str:
    """A name as printed: capital letters, spaces, dots, apostrophes and commas."""
    kept = re.sub(r"[^A-Za-z .,'’-]", " ", text)
    return " ".join(kept.upper().split()).strip(" .,-")


def read_ktp(found: list[Row]) -> CardFields:
    fields = CardFields()
    for row in found:
        text = row.text
        if not fields.nik and _NIK_LABEL.search(text):
            numbers = numbers16(text)
            if numbers:
                fields.nik = numbers[0]
        elif not fields.name and _NAME_LABEL.search(text):
            fields.name = clean_name(_after_label(text, _NAME_LABEL))
        elif fields.birth_date is None and _BIRTH_LABEL.search(text):
            found_dates = dates(text)
            if found_dates:
                fields.birth_date = found_dates[0]
        elif fields.female is None and _SEX_LABEL.search(text):
            upper = text.upper()
            if "PEREMPUAN" in upper:
                fields.female = True
            elif "LAKI" in upper:
                fields.female = False
    if not fields.nik:  # the label was not read: the first 16-digit number is the NIK
        for row in found:
            numbers = numbers16(row.text)
            if numbers:
                fields.nik = numbers[0]
                break
    return fields


def read_kk(found: list[Row]) -> CardFields:
    fields = CardFields()
    for row in found:
        text = row.text
        numbers = numbers16(text)
        if not fields.family_number and numbers and re.search(r"\bN[o0]\b", text, re.I):
            fields.family_number = numbers[0]
            continue
        if not fields.name and _HEAD_LABEL.search(text):
            value = _after_label(text, _HEAD_LABEL)
            fields.name = clean_name(_NEXT_COLUMN.split(value)[0])
            continue
        for number in numbers:
            if number == fields.family_number:
                continue
            before = re.split(r"[0-9A-Za-z|]{16}", text)[0]
            name = clean_name(re.sub(r"^\s*\d{1,2}\s", "", before))
            row_dates = dates(text.replace(number, ""))
            fields.members.append(
                Member(nik=number, name=name, birth_date=row_dates[0] if row_dates else None)
            )
    return fields


# What a card's plan reads first: the heading and the field rows of a KTP-el (NIK, Nama,
# Tempat/Tgl Lahir, Jenis Kelamin are its rows 3-6), or a KK's heading and table header.
HEAD_ROWS = 7
# The KK table's columns the fields need; the others (Jenis Kelamin, Tempat Lahir, Agama,
# Pendidikan, Pekerjaan, ...) are skipped when the header names them.
_KK_WANTED = re.compile(r"\bN[o0]\b|NAMA|N[I1l]K|TANGGAL|TGL", re.IGNORECASE)
_KK_SKIPPED = re.compile(
    r"KELAMIN|TEMPAT|AGAMA|PENDIDIKAN|PEKERJAAN|STATUS|HUBUNGAN|KEWARGANEGARAAN|PASPOR|"
    r"KITAP|AYAH|IBU|GOL",
    re.IGNORECASE,
)


def _complete_ktp(fields: CardFields) -> bool:
    try:
        Nik.parse(fields.nik)
    except ValidationError:
        return False
    return bool(fields.name and fields.birth_date and fields.female is not None)


def card_plan(scan: Scan) -> Page:
    """Recognise what a KTP-el or KK needs, the rest only when that was not enough.

    1. The first `HEAD_ROWS` rows. A KTP-el whose NIK (valid), name, birth date and sex are
       all there is done: its address, religion, job, validity rows are never recognised.
    2. A KK's table header is among them: the member rows below are recognised only in the
       columns the fields need (No, Nama, NIK, Tanggal Lahir), the columns between the
       midpoints of the header's labels. Done when every member row gave a NIK and a date.
    3. Otherwise (another document, a field missing): everything left.
    """
    groups = _grouped(list(scan.boxes))
    index = {id(line): i for i, line in enumerate(scan.boxes)}
    head = [index[id(line)] for group in groups[:HEAD_ROWS] for _, line in group]
    scan.recognise(head)
    found = rows(scan.page())
    text = "\n".join(row.text for row in found)
    niks = {n for row in found for n in numbers16(row.text)}
    kind = kinds.classify(text, width=scan.width, height=scan.height, nik_count=len(niks))
    if kind == "ktp" and _complete_ktp(read_ktp(found)):
        return scan.page()
    header = _kk_header(groups[:HEAD_ROWS], scan, index)
    if header is not None:
        position, columns = header
        body = groups[position + 1 :]
        wanted = [
            index[id(line)]
            for group in body
            for (x, _y), line in group
            if not any(low <= x < high for low, high in columns)
        ]
        scan.recognise(wanted)
        table = rows(scan.page())[position + 1 :]
        members = read_kk(table).members
        member_rows = [row for row in table if numbers16(row.text)]
        complete = bool(members) and all(m.birth_date for m in members)
        if complete and len(members) >= len(member_rows) == sum(len(g) >= 4 for g in body):
            return scan.page()
    return read_all_left(scan)


def read_all_left(scan: Scan) -> Page:
    scan.recognise(range(len(scan.boxes)))
    return scan.page()


def _kk_header(
    groups: list[list[tuple[tuple[float, float], Line]]], scan: Scan, index: dict[int, int]
) -> tuple[int, list[tuple[float, float]]] | None:
    """Where a KK's table header is among the rows read, and the x ranges (turned) of the
    columns to skip; None when there is no such header."""
    for position, group in enumerate(groups):
        read = [(x, scan.line(index[id(box)])) for (x, _y), box in group]
        labels = [(x, line.text) for x, line in read if line is not None]
        joined = " ".join(text for _, text in labels)
        if len(labels) < 4 or not _NIK_LABEL.search(joined) or "LAHIR" not in joined.upper():
            continue
        centres = [x for x, _ in labels]
        skipped = []
        for i, (x, label) in enumerate(labels):
            if _KK_SKIPPED.search(label) and not _KK_WANTED.search(label):
                low = (centres[i - 1] + x) / 2 if i else -math.inf
                high = (x + centres[i + 1]) / 2 if i + 1 < len(centres) else math.inf
                skipped.append((low, high))
        return position, skipped
    return None
