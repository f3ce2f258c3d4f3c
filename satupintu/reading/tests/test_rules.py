"""The reading's rules without the model: rows from slanted lines, the KTP and KK fields,
the comparison with what the applicant typed, the kind of document."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from satupintu.reading import cards, kinds, reader
from satupintu.reading.engine import Line, Page

NIK = "3302014501900001"  # a woman born 5 January 1990 (day 05 + 40), Banyumas
NAME = "Siti Aminah"


def line(text: str, x: float, y: float, *, width: float = 200, slant: float = 0.0) -> Line:
    dx, dy = width * math.cos(slant), width * math.sin(slant)
    h = 24
    return Line(
        text=text, score=0.99, box=((x, y), (x + dx, y + dy), (x + dx, y + dy + h), (x, y + h))
    )


def ktp_page(nik: str = NIK, *, slant: float = 0.0) -> Page:
    rows = [
        ("NIK", f": {nik}"),
        ("Nama", ": SITI AMINAH"),
        ("Tempat/Tgl Lahir", ": BANYUMAS, 05-01-1990"),
        ("Jenis Kelamin", ": PEREMPUAN"),
        ("Berlaku Hingga", ": SEUMUR HIDUP"),
    ]
    lines = []
    for i, (label, value) in enumerate(rows):
        y = 100 + 40 * i
        # a slanted photo: the value column sits lower by the slant over its distance
        lines.append(line(label, 30, y, width=150, slant=slant))
        lines.append(line(value, 260, y + 230 * math.tan(slant), width=300, slant=slant))
    return Page(lines=tuple(lines), width=1012, height=638)


def reading_of(page: Page) -> reader.Reading:
    found = cards.rows(page)
    text = "\n".join(r.text for r in found)
    return reader.Reading(kind=kinds.classify(text), fields=cards.read_ktp(found), text_found=True)


@pytest.mark.parametrize("slant", [0.0, math.radians(5), math.radians(-5)])
def test_ktp_fields_are_read_from_a_slanted_photo(slant):
    found = reading_of(ktp_page(slant=slant))
    assert found.kind == "ktp"
    assert found.fields.nik == NIK
    assert found.fields.name == "SITI AMINAH"
    assert found.fields.birth_date == dt.date(1990, 1, 5)
    assert found.fields.female is True


def test_digits_misread_as_letters_are_read_back():
    assert cards.numbers16("NIK : 33O2014501900OO1") == [NIK]
    assert cards.numbers16("NIK : 3302 SITI") == []


def test_the_same_nik_matches_and_a_mistyped_one_is_flagged():
    found = reading_of(ktp_page())
    same = reader.compare(found, typed_nik=NIK, typed_name="siti  aminah")
    assert same.status == "match"
    assert same.checks == {"nik": "match", "name": "match", "birth_date": "match"}
    # one digit changed: still a valid NIK (serial 0002), so only the reading can catch it
    wrong = reader.compare(found, typed_nik="3302014501900002", typed_name=NAME)
    assert wrong.status == "mismatch"
    assert wrong.checks["nik"] == "mismatch"


def test_the_birth_date_is_checked_against_the_typed_nik_with_40_for_women():
    found = reading_of(ktp_page())
    # the typed NIK of a man born on the 5th (day 05, not 45) disagrees with PEREMPUAN
    man = reader.compare(found, typed_nik="3302010501900001", typed_name=NAME)
    assert man.checks["birth_date"] == "mismatch"


def test_a_misread_number_that_is_no_nik_is_unreadable_not_a_mismatch():
    found = reading_of(ktp_page("3302019901900001"))  # day 99: no such birth date
    verdict = reader.compare(found, typed_nik=NIK, typed_name=NAME)
    assert verdict.status == "unreadable"


def test_a_kk_matches_when_the_typed_nik_is_one_of_its_members():
    members = [
        cards.Member(nik="3302010101800003", name="BUDI SANTOSO", birth_date=dt.date(1980, 1, 1)),
        cards.Member(nik=NIK, name="SITI AMINAH", birth_date=dt.date(1990, 1, 5)),
    ]
    found = reader.Reading(kind="kk", fields=cards.CardFields(members=members), text_found=True)
    assert reader.compare(found, typed_nik=NIK, typed_name=NAME).checks == {
        "nik": "match",
        "name": "match",
        "birth_date": "match",
    }
    other = reader.compare(found, typed_nik="3302014501900002", typed_name=NAME)
    assert other.status == "mismatch"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("PROVINSI JAWA TENGAH\nNIK : 3302\nBerlaku Hingga : SEUMUR HIDUP", "ktp"),
        ("KARTU KELUARGA\nNo. 3302\nNama Kepala Keluarga : BUDI", "kk"),
        ("KUTIPAN AKTA KELAHIRAN\nbahwa di Banyumas telah lahir", "akta"),
        ("SURAT PENGANTAR\nKetua RT 03 menerangkan bahwa", "pengantar"),
        ("Struk belanja\nTotal 25.000", "other"),
    ],
)
def test_the_kind_of_document(text, kind):
    assert kinds.classify(text) == kind


@pytest.mark.parametrize(
    ("requirement", "kind", "own"),
    [
        ("KTP-el pemohon", "ktp", True),
        ("Fotokopi e-KTP", "ktp", True),
        ("KK orang tua", "kk", False),
        ("Kartu Keluarga", "kk", True),
        ("KTP 2 orang saksi", "ktp", False),
        ("Surat pengantar RT/RW", "pengantar", True),
        ("Surat keterangan kelahiran", "", True),
    ],
)
def test_what_a_requirement_asks_for(requirement, kind, own):
    assert kinds.expected_kind(requirement) == kind
    assert kinds.names_the_applicant(requirement) is own
