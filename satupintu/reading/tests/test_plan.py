"""What the card plan asks the recogniser for (the model replaced by the lines' own text):
a KTP-el's field rows only, a KK's needed columns only, everything for other papers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from satupintu.reading import cards
from satupintu.reading.engine import Line, Page, Scan
from satupintu.reading.tests.test_rules import NIK, line

OTHER = "3302011201850002"  # a man born 12 January 1985


@dataclass
class FakeScan(Scan):
    """A scan whose recogniser returns the text each box was drawn with."""

    texts: tuple[str, ...] = ()
    asked: set[int] = field(default_factory=set)

    def recognise(self, indices) -> list[Line]:
        for i in indices:
            self.asked.add(i)
            self._read[i] = Line(text=self.texts[i], score=0.99, box=self.boxes[i].box)
        return [line for line in self._read.values() if line.text.strip()]


def scan_of(rows: list[list[tuple[str, float]]], *, width: int = 1012, height: int = 638):
    boxes, texts = [], []
    for r, row in enumerate(rows):
        for text, x in row:
            drawn = line(text, x, 40 + 40 * r, width=max(40, 12 * len(text)))
            boxes.append(Line(text="", score=0.0, box=drawn.box))
            texts.append(text)
    return FakeScan(boxes=tuple(boxes), width=width, height=height, texts=tuple(texts))


def labelled(label: str, value: str) -> list[tuple[str, float]]:
    return [(label, 30), (f": {value}", 260)]


def test_a_ktp_is_read_no_further_than_its_field_rows():
    scan = scan_of(
        [
            [("PROVINSI JAWA TENGAH", 300)],
            [("KABUPATEN BANYUMAS", 320)],
            labelled("NIK", NIK),
            labelled("Nama", "SITI AMINAH"),
            labelled("Tempat/Tgl Lahír", "BANYUMAS, 05-01-1990"),  # an accent OCR added
            labelled("Jenis Kelamin", "PEREMPUAN"),
            labelled("Alamat", "JL. MERDEKA 1"),
            labelled("Agama", "ISLAM"),
            labelled("Pekerjaan", "PETANI"),
            labelled("Berlaku Hingga", "SEUMUR HIDUP"),
        ]
    )
    page = cards.card_plan(scan)
    fields = cards.read_ktp(cards.rows(page))
    assert (fields.nik, fields.name, fields.birth_date) == (NIK, "SITI AMINAH", dt.date(1990, 1, 5))
    assert fields.female is True
    assert len(scan.asked) == 2 * cards.HEAD_ROWS - 2  # rows 8-10 never recognised
    assert "PETANI" not in {line.text for line in page.lines}


def test_a_ktp_missing_a_field_in_its_head_is_read_whole():
    scan = scan_of(
        [
            [("PROVINSI JAWA TENGAH", 300)],
            labelled("NIK", NIK),
            labelled("Nama", "SITI AMINAH"),
            labelled("Tempat/Tgl Lahir", "BANYUMAS, 05-01-1990"),
            labelled("Agama", "ISLAM"),
            labelled("Pekerjaan", "PETANI"),
            labelled("Kewarganegaraan", "WNI"),
            labelled("Berlaku Hingga", "SEUMUR HIDUP"),
            labelled("Jenis Kelamin", "PEREMPUAN"),  # out of place: only found by reading all
        ]
    )
    cards.card_plan(scan)
    assert scan.asked == set(range(len(scan.boxes)))


def test_a_kk_skips_the_columns_its_fields_do_not_need():
    columns = [40, 90, 430, 690, 860, 1060, 1230, 1380]
    header = ["No", "Nama Lengkap", "NIK", "Jenis Kelamin", "Tempat Lahir", "Tanggal Lahir",
              "Agama", "Pekerjaan"]  # fmt: skip
    members = [
        ["1", "SITI AMINAH", NIK, "PEREMPUAN", "BANYUMAS", "05-01-1990", "ISLAM", "PETANI"],
        ["2", "BUDI SANTOSO", OTHER, "LAKI-LAKI", "CILACAP", "12-01-1985", "ISLAM", "BURUH"],
    ]
    scan = scan_of(
        [
            [("KARTU KELUARGA", 700)],
            [("No. 3302010101200001", 680)],
            [("Nama Kepala Keluarga", 40), (": BUDI SANTOSO", 300)],
            [("Alamat", 40), (": JL. MERDEKA 1", 300)],
            [("RT/RW", 40), (": 001/002", 300)],
            [("Desa/Kelurahan", 40), (": KARANGLEWAS", 300)],
            list(zip(header, columns, strict=True)),
            *[list(zip(m, columns, strict=True)) for m in members],
        ],
        width=1600,
        height=900,
    )
    page = cards.card_plan(scan)
    found = cards.read_kk(cards.rows(page))
    assert [(m.nik, m.name, m.birth_date) for m in found.members] == [
        (NIK, "SITI AMINAH", dt.date(1990, 1, 5)),
        (OTHER, "BUDI SANTOSO", dt.date(1985, 1, 12)),
    ]
    read = {line.text for line in page.lines}
    assert not read & {"PEREMPUAN", "BANYUMAS", "ISLAM", "PETANI", "BURUH", "CILACAP"}


def test_other_papers_are_read_whole():
    scan = scan_of([[("SURAT PENGANTAR", 400)], *[[(f"baris {i}", 40)] for i in range(12)]])
    page = cards.card_plan(scan)
    assert isinstance(page, Page)
    assert scan.asked == set(range(len(scan.boxes)))
