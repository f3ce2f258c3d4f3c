"""Catalog import and export: round trips in every format, every error by row and column,
nothing written unless the whole file is valid, and imports running at once."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from satupintu.catalog.models import Service, ServiceVersion
from satupintu.catalog.selectors import version_in_force
from satupintu.catalog.services import ensure_default_categories, publish_version
from satupintu.catalog.standard import (
    FeeVariantData,
    RequirementData,
    StepData,
    VersionMeta,
    content_of,
)
from satupintu.catalog.tests.factories import content, make_service
from satupintu.catalog.transfer import MAX_BYTES, export_catalog, import_catalog
from satupintu.catalog.transfer import columns as C
from satupintu.core.tests.concurrency import run_concurrently
from satupintu.tenancy.models import Agency, Booth
from satupintu.tenancy.tests.factories import BoothFactory, MppFactory

pytestmark = pytest.mark.django_db
FORMATS = ("json", "csv", "xlsx")
META = VersionMeta(reason="Penyesuaian Perda 2027", effective_from=dt.date(2027, 1, 1))


def booth(personas, code: str, mpp=None) -> Booth:
    return Booth.objects.get(mpp=mpp or personas.mpp_x, agency__code=code)


@pytest.fixture
def catalog(personas):
    """Two services at MPP X with every component, awkward characters included."""
    full = make_service(
        booth=booth(personas, "AGENCY-A"),
        code="A01",
        standard_key="sim-a",
        name="Penerbitan SIM A",
        description="Baris pertama\nbaris kedua",
        keywords="bikin SIM, SIM mobil",
        processing_time_value=14,
        processing_time_unit="working_days",
        processing_time_note="Setelah ujian lulus",
        fee_kind="variable",
        fee_rupiah=None,
        fee_legal_basis="=PP 76/2020",  # a spreadsheet must not run this as a formula
        legal_basis="- UU 22/2009\n- PP 76/2020",
        complaint_handling="SP4N-LAPOR!",
        requirements=(
            RequirementData("Kartu Keluarga", form="copy", count=2),
            RequirementData(
                "Surat sehat | psikologi",
                notes="dari dokter\\klinik; 1 bulan",
                form="original",
                is_optional=True,
                uploadable=True,
                file_types="pdf,jpg",
            ),
            RequirementData("Pas foto", form="digital", uploadable=True),
            RequirementData("Sidik jari", form="none", file_types="png"),
        ),
        steps=(StepData("Ambil nomor antrian", "Pemohon"), StepData("Ujian teori")),
        fee_variants=(
            FeeVariantData("SIM A baru", 120_000, "PP 76/2020"),
            FeeVariantData("Perpanjangan", 80_000),
        ),
    )
    plain = make_service(booth=booth(personas, "AGENCY-B"), code="B01", standard_key="izin")
    Service.objects.filter(pk=plain.pk).update(uses_appointment=True, online_application=True)
    plain.refresh_from_db()
    return [full, plain]


def versions() -> list[tuple[str, int]]:
    return sorted(ServiceVersion.objects.values_list("service__code", "number"))


# --- building import files in each format from the same rows ------------------------
def export_rows(mpp) -> list[dict]:
    """The MPP's catalog as spreadsheet rows (column name → text), from a CSV export."""
    text = export_catalog(mpp, "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    # Take off the apostrophe that guards formula-like cells, as the CSV reader does.
    return [{k: v[1:] if v.startswith("'") else v for k, v in row.items()} for row in rows]


def as_file(fmt: str, rows: list[dict], header: list[str] | None = None) -> bytes:
    header = header or [c.name for c in C.COLUMNS]
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows([[row.get(name, "") for name in header] for row in rows])
        return out.getvalue().encode("utf-8")
    if fmt == "xlsx":
        workbook = Workbook()
        workbook.active.append(header)
        for row in rows:
            workbook.active.append([row.get(name, "") for name in header])
            for cell in workbook.active[workbook.active.max_row]:
                cell.data_type = "s"  # as typed text, never a formula
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    keys = {c.name: c.key for c in C.COLUMNS}
    items = [{keys.get(n, n): row.get(n, "") for n in header} for row in rows]
    return json.dumps({"services": items}).encode()


def run_import(mpp, data: bytes, fmt: str, **kwargs):
    return import_catalog(mpp=mpp, data=data, filename=f"katalog.{fmt}", meta=META, **kwargs)


# --- round trips -------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_re_importing_an_export_changes_nothing(personas, catalog, fmt):
    before = versions()
    report = run_import(personas.mpp_x, export_catalog(personas.mpp_x, fmt), fmt)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == ([], [], ["A01", "B01"])
    assert versions() == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_carries_every_component_to_another_mpp(personas, catalog, fmt):
    other = MppFactory()
    for code in ("AGENCY-A", "AGENCY-B"):
        BoothFactory(mpp=other, agency=booth(personas, code).agency)
    report = run_import(other, export_catalog(personas.mpp_x, fmt), fmt)
    assert report.ok, report.errors
    assert report.created == ["A01", "B01"]
    for original in catalog:
        copy = Service.objects.get(mpp=other, code=original.code)
        assert content_of(copy.versions.get()) == content_of(version_in_force(original))
        for field in ("standard_key", "agency_id", "category_id", "uses_appointment"):
            assert getattr(copy, field) == getattr(original, field)
        assert copy.online_application == original.online_application


def test_the_xlsx_export_keeps_formula_like_text_as_text(personas, catalog):
    workbook = load_workbook(io.BytesIO(export_catalog(personas.mpp_x, "xlsx")))
    sheet = workbook["Katalog"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("dasar_hukum_biaya") + 1)
    assert (cell.value, cell.data_type) == ("=PP 76/2020", "s")
    assert "Petunjuk" in workbook.sheetnames


def test_the_csv_export_guards_formula_like_text_and_reads_it_back(personas, catalog):
    text = export_catalog(personas.mpp_x, "csv").decode("utf-8-sig")
    [row, _] = csv.DictReader(io.StringIO(text, newline=""))
    assert row["dasar_hukum_biaya"] == "'=PP 76/2020"
    assert row["dasar_hukum"].startswith("'- UU")
    assert row["persyaratan"].splitlines() == [
        "Kartu Keluarga | fotokopi | 2 | wajib",
        "Surat sehat \\| psikologi | asli | 1 | tidak wajib | unggah: pdf,jpg "
        "| catatan: dari dokter\\\\klinik; 1 bulan",
        "Pas foto | digital | 1 | wajib | unggah",
        "Sidik jari | bukan_dokumen | 1 | wajib | jenis: png",
    ]
    assert row["varian_biaya"] == "SIM A baru | 120000 | PP 76/2020\nPerpanjangan | 80000"


def test_the_json_export_uses_the_model_names_and_values(personas, catalog):
    document = json.loads(export_catalog(personas.mpp_x, "json"))
    first = document["services"][0]
    assert document["mpp"] == "mpp-x"
    assert first["processing_time_unit"] == "working_days"
    assert first["requirements"][0] == {
        "name": "Kartu Keluarga",
        "notes": "",
        "form": "copy",
        "count": 2,
        "is_optional": False,
        "uploadable": False,
        "file_types": "",
        "applies_when": "",
    }
    assert first["version"]["effective_from"] == "2024-01-01"


# --- what an import writes ----------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_changed_row_publishes_a_version_and_a_new_code_creates_a_service(personas, catalog, fmt):
    rows = export_rows(personas.mpp_x)
    rows[1]["biaya_rupiah"] = "Rp50.000"
    rows[1]["persyaratan"] += "\nAkta pendirian | asli | 1 | tidak wajib"
    rows.append({**rows[1], "kode": "b02", "kunci_nasional": "", "nama": "Izin reklame"})
    report = run_import(personas.mpp_x, as_file(fmt, rows), fmt, author=personas.supervisor_x)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (["B02"], ["B01"], ["A01"])

    changed = Service.objects.get(mpp=personas.mpp_x, code="B01").versions.get(number=2)
    assert (changed.fee_rupiah, changed.reason, changed.effective_from) == (
        50_000,
        META.reason,
        META.effective_from,
    )
    assert changed.author == personas.supervisor_x
    assert [r.name for r in changed.requirements.all()][-1] == "Akta pendirian"
    new = Service.objects.get(mpp=personas.mpp_x, code="B02")
    assert new.standard_key == "izin-reklame"
    assert new.versions.get().author == personas.supervisor_x
    assert versions().count(("A01", 2)) == 0


def test_changing_only_the_category_or_a_channel_publishes_no_version(personas, catalog):
    rows = export_rows(personas.mpp_x)
    rows[0]["kategori"] = "kepolisian"
    rows[0]["janji_temu"] = "ya"
    report = run_import(personas.mpp_x, as_file("csv", rows), "csv")
    assert report.updated == ["A01"]
    service = Service.objects.get(mpp=personas.mpp_x, code="A01")
    assert (service.category.slug, service.uses_appointment) == ("kepolisian", True)
    assert service.versions.count() == 1


def test_a_re_imported_export_does_not_undo_a_scheduled_version(personas, catalog):
    exported = export_catalog(personas.mpp_x, "xlsx")
    publish_version(service=catalog[1], content=content(fee_rupiah=5_000), meta=META)
    report = run_import(personas.mpp_x, exported, "xlsx")
    assert report.unchanged == ["A01", "B01"]
    assert catalog[1].versions.count() == 2


def test_a_dry_run_says_what_would_happen_and_writes_nothing(personas, catalog):
    rows = export_rows(personas.mpp_x)
    rows[0]["nama"] = "Nama baru"
    before = versions()
    report = run_import(personas.mpp_x, as_file("csv", rows), "csv", dry_run=True)
    assert (report.ok, report.dry_run, report.updated, report.written) == (
        True,
        True,
        ["A01"],
        False,
    )
    assert versions() == before


def test_spreadsheet_words_and_model_values_are_both_accepted(personas, catalog):
    rows = export_rows(personas.mpp_x)
    rows[0].update(
        satuan_waktu="Hari Kerja",
        jenis_biaya="variable",
        antrian="YA",
        persyaratan=rows[0]["persyaratan"].replace("fotokopi", "copy"),
    )
    report = run_import(personas.mpp_x, as_file("csv", rows), "csv")
    assert report.ok, report.errors
    assert report.unchanged == ["A01", "B01"]


def test_a_semicolon_separated_csv_from_an_indonesian_excel_is_read(personas, catalog):
    text = export_catalog(personas.mpp_x, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";").writerows(rows)
    report = run_import(personas.mpp_x, out.getvalue().encode("utf-8"), "csv")
    assert report.ok, report.errors
    assert report.unchanged == ["A01", "B01"]


# --- errors by row and column ------------------------------------------------------------
GOOD = {
    "kode": "A50",
    "kode_instansi": "AGENCY-A",
    "kategori": "kependudukan",
    "nama": "Legalisir dokumen",
    "jenis_biaya": "tetap",
    "biaya_rupiah": "0",
    "persyaratan": "KTP-el | fotokopi | 1 | wajib",
}


def bad_rows() -> list[dict]:
    """Rows 2-11 of a spreadsheet, each wrong in its own way (row 2 is right)."""
    Agency.objects.get_or_create(code="TANPA-GERAI", defaults={"name": "Tanpa gerai"})
    rows = [
        {},
        {"kode_instansi": "TIDAK-ADA"},
        {"kode_instansi": "TANPA-GERAI"},
        {"kategori": "hiburan", "satuan_waktu": "minggu", "jangka_waktu": "2"},
        {"kode_instansi": "AGENCY-B"},
        {"kode": "A50"},
        {"nama": ""},
        {"biaya_rupiah": ""},
        {"persyaratan": "KK | fotokopi\nAkta | salinan | dua"},
        {"keterangan": "ada\x00nul", "jenis_biaya": "gratis"},
    ]
    return [
        GOOD | {"kode": f"A{50 + i}", "nama": f"Layanan {i}"} | row for i, row in enumerate(rows)
    ]


EXPECTED = [
    (3, "kode_instansi", "Instansi dengan kode TIDAK-ADA tidak dikenal"),
    (4, "kode_instansi", "Instansi TANPA-GERAI tidak memiliki gerai di MPP ini"),
    (5, "satuan_waktu", "Satuan waktu “minggu” tidak dikenal"),
    (5, "kategori", "Kategori “hiburan” tidak dikenal"),
    (7, "kode", "Kode A50 sudah dipakai di baris 2 berkas ini"),
    (8, "nama", "Nama layanan wajib diisi"),
    (9, "biaya_rupiah", "Biaya tetap harus diisi nominalnya"),
    (10, "persyaratan", "Butir 2: bagian “salinan” tidak dikenal"),
    (10, "persyaratan", "Butir 2: bagian “dua” tidak dikenal"),
    (11, "keterangan", "karakter NUL"),
    (11, "jenis_biaya", "Jenis biaya “gratis” tidak dikenal"),
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_error_is_reported_by_row_and_column_and_nothing_is_written(personas, fmt):
    make_service(booth=booth(personas, "AGENCY-A"), code="A01")
    before = versions()
    rows = bad_rows()
    expected = EXPECTED
    if fmt == "xlsx":  # XML cannot even hold a NUL: openpyxl refuses to write one
        rows[-1]["keterangan"] = ""
        expected = [e for e in EXPECTED if "NUL" not in e[2]]
    report = run_import(personas.mpp_x, as_file(fmt, rows), fmt)

    found = [(e.row, e.column, e.message) for e in report.errors]
    if fmt == "json":  # JSON numbers its services from 1 and names columns by their keys
        keys = {c.name: c.key for c in C.COLUMNS}
        expected = [
            (row - 1, keys[column], text.replace("baris 2", "baris 1"))
            for row, column, text in expected
        ]
    for row, column, text in expected:
        assert any(r == row and c == column and text in m for r, c, m in found), (
            (row, column, text),
            found,
        )
    assert len(found) == len(expected), found
    assert report.created == report.updated == []
    assert versions() == before
    assert not Service.objects.filter(code="A50").exists()


def test_the_errors_are_in_indonesian_and_name_the_allowed_words(personas):
    rows = [bad_rows()[3] | {"kategori": "kependudukan"}]
    [error] = run_import(personas.mpp_x, as_file("csv", rows), "csv").errors
    assert error.message == (
        "Satuan waktu “minggu” tidak dikenal; pilih salah satu: menit, jam, hari, hari_kerja."
    )
    assert str(error).startswith("baris 2, kolom satuan_waktu: ")


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("KK | fotokopi | 0", "Butir 1: jumlah paling sedikit 1"),
        (" | fotokopi", "Butir 1: nama persyaratan kosong"),
        ("KK | unggah: pdf, exe!", "Butir 1: jenis berkas “exe!” tidak dikenal"),
        ("KK | wajib\n\n" + "x" * 301, "Butir 2: Pastikan nilai ini"),
    ],
)
def test_bad_requirement_lines_say_which_item_is_wrong(personas, cell, message):
    row = bad_rows()[0] | {"persyaratan": cell}
    [error] = run_import(personas.mpp_x, as_file("csv", [row]), "csv").errors
    assert (error.row, error.column) == (2, "persyaratan")
    assert error.message.startswith(message), error.message


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("kode", "A-1", "Kode layanan “A-1” tidak sah"),
        ("biaya_rupiah", "lima ribu", "“lima ribu” bukan bilangan bulat"),
        ("biaya_rupiah", "-5", "bukan bilangan bulat"),
        ("antrian", "mungkin", "“mungkin” tidak dikenal; tulis ya atau tidak"),
        ("varian_biaya", "SIM A", "Butir 1: biaya varian belum diisi"),
        ("varian_biaya", "SIM A | 1 | PP | lain", "Butir 1: terlalu banyak bagian"),
        ("prosedur", "Datang | Pemohon | lagi", "Butir 1: terlalu banyak bagian"),
        ("kunci_nasional", "Bukan Slug", "Kunci nasional hanya boleh"),
        ("jangka_waktu", "3", "Jangka waktu harus diberi satuannya"),
        ("nama", "x" * 201, "Pastikan nilai ini"),
        ("keterangan", "bel\x07", "karakter kendali"),
    ],
)
def test_each_column_is_checked(personas, column, value, message):
    row = bad_rows()[0] | {column: value}
    errors = run_import(personas.mpp_x, as_file("csv", [row]), "csv").errors
    assert [(e.row, message in e.message) for e in errors] == [(2, True)], errors


def test_an_existing_service_cannot_change_agency_or_national_key(personas, catalog):
    rows = export_rows(personas.mpp_x)
    rows[0].update(kode_instansi="AGENCY-B", kunci_nasional="lain")
    report = run_import(personas.mpp_x, as_file("csv", rows), "csv")
    assert {(e.column, e.message.split(";")[0]) for e in report.errors} == {
        ("kode_instansi", "Layanan A01 sudah ada dan milik instansi lain"),
        ("kunci_nasional", "Layanan A01 memakai kunci nasional “sim-a”"),
    }


def test_a_new_service_needs_a_national_key_of_its_own(personas, catalog):
    row = bad_rows()[0] | {"kunci_nasional": "sim-a"}
    [error] = run_import(personas.mpp_x, as_file("csv", [row]), "csv").errors
    assert error.message == "Kunci nasional “sim-a” sudah dipakai layanan A01 di MPP ini."


def test_the_reason_and_the_effective_date_are_required(personas, catalog):
    report = import_catalog(
        mpp=personas.mpp_x,
        data=export_catalog(personas.mpp_x, "csv"),
        filename="k.csv",
        meta=VersionMeta(reason=" ", effective_from=None),  # type: ignore[arg-type]
    )
    assert [e.message for e in report.errors] == [
        "Alasan perubahan wajib diisi.",
        "Tanggal berlaku wajib diisi.",
    ]


def test_a_broken_header_is_reported_column_by_column(personas):
    header = [c.name for c in C.COLUMNS if c.name != "produk"] + ["warna", "nama"]
    errors = run_import(personas.mpp_x, as_file("csv", [], header=header), "csv").errors
    assert {(e.row, e.column, e.message) for e in errors} == {
        (1, "warna", "Kolom tidak dikenal."),
        (1, "nama", "Kolom ini muncul dua kali."),
        (1, "produk", "Kolom ini tidak ada di berkas."),
    }


def test_a_json_item_with_unknown_or_missing_keys_is_reported(personas):
    item = json.loads(as_file("json", [bad_rows()[0]]))["services"][0]
    del item["product"]
    item["colour"] = "biru"
    data = json.dumps({"services": [item, "bukan objek"]}).encode()
    errors = run_import(personas.mpp_x, data, "json").errors
    assert {(e.row, e.column, e.message) for e in errors} == {
        (1, "colour", "Kunci tidak dikenal."),
        (1, "product", "Kunci ini tidak ada."),
        (2, "", "Setiap layanan harus berupa objek JSON."),
    }


def broken_xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types><bukan xml")
    return out.getvalue()


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        (
            "katalog.txt",
            b"kode\nA01",
            "Jenis berkas tidak didukung: gunakan .xlsx, .csv atau .json",
        ),
        ("katalog.xls", b"\xd0\xcf\x11\xe0xxxx", "Jenis berkas tidak didukung"),
        ("katalog.xlsx", b"\xd0\xcf\x11\xe0xxxx", "Berkas Excel lama (.xls) tidak didukung"),
        ("katalog.xlsx", b"kode,nama\nA01,KTP", "Berkas XLSX rusak atau bukan berkas XLSX"),
        ("katalog.xlsx", broken_xlsx(), "Berkas XLSX rusak atau bukan berkas XLSX"),
        ("katalog.csv", b"kode,nama\nA01,\xff\xfe", "Berkas CSV harus ber-encoding UTF-8"),
        ("katalog.csv", b"   \n", "Berkas kosong."),
        ("katalog.json", b'{"services": [', "Berkas JSON tidak sah di baris 1, kolom 15."),
        ("katalog.json", b'{"layanan": []}', "Berkas JSON harus berisi daftar layanan"),
        ("katalog.csv", b"x" * (MAX_BYTES + 1), "Berkas terlalu besar: paling besar 5 MB."),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_reason(personas, filename, data, message):
    report = import_catalog(mpp=personas.mpp_x, data=data, filename=filename, meta=META)
    [error] = report.errors
    assert (error.row, error.column) == (None, "")
    assert error.message.startswith(message), error.message


def test_an_xlsx_that_unpacks_to_more_than_the_limit_is_refused(personas):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"0" * (60 * 1024 * 1024))
    assert len(out.getvalue()) < MAX_BYTES
    [error] = run_import(personas.mpp_x, out.getvalue(), "xlsx").errors
    assert error.message.startswith("Berkas terlalu besar")


# --- imports at the same time ---------------------------------------------------------------
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_new_services_at_once_create_each_service_once(personas):
    ensure_default_categories()  # a flushed database (transactional tests) has none
    rows = [GOOD | {"kode": f"A{n:02d}", "nama": f"Layanan {n}"} for n in range(60, 70)]
    data = as_file("csv", rows)
    results = run_concurrently(lambda i: run_import(personas.mpp_x, data, "csv"), 4)
    assert all(not isinstance(r, Exception) for r in results), results
    assert sum(len(r.created) == 10 for r in results) == 1, [r.errors for r in results]
    assert Service.objects.filter(mpp=personas.mpp_x).count() == 10
    assert ServiceVersion.objects.filter(mpp=personas.mpp_x).count() == 10
    # One import created them; the others found them unchanged, or were told to retry.
    for report in results:
        if not report.created:
            assert report.unchanged == [f"A{n:02d}" for n in range(60, 70)] or [
                e.message for e in report.errors
            ] == [
                "Impor lain menulis layanan yang sama pada saat bersamaan; tidak ada yang "
                "disimpan. Periksa katalog, lalu ulangi impor."
            ]


# --- command line ----------------------------------------------------------------------------
def test_the_commands_export_and_import_a_catalog(personas, catalog, tmp_path, capsys):
    path = tmp_path / "katalog.xlsx"
    call_command("catalog_export", "--mpp", "mpp-x", "--format", "xlsx", "-o", str(path))
    assert load_workbook(path)["Katalog"].max_row == 3

    rows = export_rows(personas.mpp_x)
    rows[0]["nama"] = "SIM A (baru)"
    (tmp_path / "ubah.csv").write_bytes(as_file("csv", rows))
    args = ["--mpp", "mpp-x", str(tmp_path / "ubah.csv"), "--reason", "Nama baku"]
    call_command("catalog_import", *args, "--effective", "2027-01-01", "--dry-run")
    assert "uji coba" in capsys.readouterr().out
    assert versions().count(("A01", 2)) == 0
    call_command("catalog_import", *args, "--effective", "2027-01-01")
    assert "1 berubah" in capsys.readouterr().out
    assert ("A01", 2) in versions()


def test_the_import_command_prints_every_error_and_fails(personas, tmp_path, capsys):
    (tmp_path / "salah.csv").write_bytes(as_file("csv", bad_rows()))
    with pytest.raises(CommandError, match="11 kesalahan"):
        call_command(
            "catalog_import", "--mpp", "mpp-x", str(tmp_path / "salah.csv"),
            "--reason", "Uji", "--effective", "2027-01-01",
        )  # fmt: skip
    out = capsys.readouterr().out
    assert "baris 3, kolom kode_instansi: Instansi dengan kode TIDAK-ADA tidak dikenal." in out
