"""The pack's PDF and XLSX are real documents: pages with Indonesian headings and embedded
charts, sheets with numeric cells; the command writes both."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from satupintu.operations.pack.export import render
from satupintu.operations.pack.selectors import build_pack
from satupintu.operations.tests.measures_day import DAY, build_day

pytestmark = pytest.mark.django_db
MONTH = DAY.replace(day=1)


@pytest.fixture
def files(personas) -> dict[str, bytes]:
    build_day(personas)
    with translation.override("id"):
        return render(build_pack(personas.mpp_x, MONTH))


def test_the_pdf_is_an_a4_document_in_indonesian_with_its_charts(files):
    reader = PdfReader(io.BytesIO(files["pdf"]))
    assert len(reader.pages) >= 5
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = "\n".join(page.extract_text() for page in reader.pages)
    for heading in (
        "Bahan Rapat Koordinasi Bulanan",
        "November 2026",
        "Ringkasan bulan ini",
        "Tindak lanjut rapat sebelumnya",
        "Hambatan layanan",
        "Waktu tunggu dan waktu layanan",
        "Kinerja petugas",
        "Permohonan melewati batas waktu (SLA)",
        "Tidak hadir saat dipanggil",
        "Survei Kepuasan Masyarakat (SKM/IKM)",
        "Pengaduan",
        "Aplikasi pengaduan belum tersedia",
    ):
        assert heading in text, heading
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 3  # heat map, trend, distribution
    # the hand-made day: 7 arrivals, median wait 14 minutes, as the measures say
    assert "Kedatangan (nomor antrian diambil) 7" in text


def test_the_workbook_has_a_sheet_per_section_with_numbers_in_cells(files):
    book = load_workbook(io.BytesIO(files["xlsx"]))
    assert book.sheetnames == [
        "Ringkasan",
        "Tindak lanjut",
        "Hambatan",
        "Tunggu per jam",
        "Tren",
        "Sebaran tunggu",
        "Per layanan",
        "Petugas",
        "SLA",
        "Tidak hadir",
        "SKM IKM",
        "Pengaduan",
    ]
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(values_only=True) if row}
    assert summary["Kedatangan (nomor antrian diambil)"] == 7
    assert summary["Waktu tunggu, median (menit)"] == 14
    assert summary["Waktu tunggu, rata-rata (menit)"] == pytest.approx(17.29)
    assert isinstance(summary["Tidak hadir saat dipanggil (%)"], float)
    waits = [row for row in book["Sebaran tunggu"].iter_rows(values_only=True) if row[0] == "0–5"]
    assert waits == [("0–5", 3, pytest.approx(42.9))]
    assert len(book["Tunggu per jam"]._images) == 1
    assert len(book["Tren"]._images) == 1


def test_the_command_writes_both_files(personas, tmp_path):
    build_day(personas)
    call_command("coordination_pack", personas.mpp_x.slug, "2026-11", "--out", str(tmp_path))
    names = sorted(p.name for p in tmp_path.iterdir())
    slug = personas.mpp_x.slug
    assert names == [
        f"rapat-koordinasi-{slug}-2026-11.pdf",
        f"rapat-koordinasi-{slug}-2026-11.xlsx",
    ]
    assert (tmp_path / names[0]).read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(("mpp", "month"), [("tidak-ada", "2026-11"), (None, "11-2026")])
def test_the_command_refuses_an_unknown_mpp_or_a_bad_month(personas, tmp_path, mpp, month):
    with pytest.raises(CommandError):
        call_command("coordination_pack", mpp or personas.mpp_x.slug, month, "--out", str(tmp_path))
