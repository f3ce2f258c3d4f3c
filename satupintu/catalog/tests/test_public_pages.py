"""Public catalog pages: an MPP's catalog by agency and by category, the service standard
with its versions, the A4 poster with its QR code, and where a service is offered."""

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from satupintu.catalog.models import Category
from satupintu.catalog.services import create_service, ensure_default_categories, publish_version
from satupintu.catalog.standard import FeeVariantData, VersionMeta
from satupintu.catalog.tests.factories import FIRST, content, full_content
from satupintu.catalog.tests.qr import decode_qr, svg_qr_to_image
from satupintu.tenancy.tests.factories import (
    BoothFactory,
    CounterFactory,
    MppFactory,
)

pytestmark = pytest.mark.django_db

# Tuesday 9 June 2026, 10.00 WIB: an ordinary working day, the MPP is open.
TUESDAY_MORNING = dt.datetime(2026, 6, 9, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(TUESDAY_MORNING, tick=False):
        yield


@pytest.fixture
def mpp():
    return MppFactory(slug="banyumas", name="Mal Pelayanan Publik Kabupaten Banyumas")


@pytest.fixture
def dukcapil(mpp):
    booth = BoothFactory(
        mpp=mpp,
        agency__code="DINDUKCAPIL",
        agency__name="Dinas Kependudukan dan Pencatatan Sipil",
        agency__short_name="Disdukcapil",
        queue_prefix="A",
        display_order=1,
    )
    CounterFactory(booth=booth, number=1)
    CounterFactory(booth=booth, number=2)
    return booth


@pytest.fixture
def polres(mpp):
    return BoothFactory(
        mpp=mpp,
        agency__code="POLRES",
        agency__name="Kepolisian Resor Banyumas",
        agency__short_name="Polres",
        queue_prefix="C",
        display_order=2,
    )


def offer(booth, code, category="kependudukan", *, content_=None, key=None, **flags):
    """A service at the booth's MPP with channel flags, through the catalog's service."""
    ensure_default_categories()
    return create_service(
        mpp=booth.mpp,
        agency=booth.agency,
        code=code,
        standard_key=key or f"kunci-{code.lower()}-{booth.mpp.slug}",
        category=Category.objects.get(slug=category),
        content=content_ or content(name=f"Layanan {code}"),
        meta=FIRST,
        **flags,
    )


def text(response) -> str:
    """The page as a visitor reads it: tags dropped, spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- the catalog of an MPP ------------------------------------------------------------
def test_the_catalog_lists_each_agency_in_booth_order_with_fee_time_and_channels(
    client, mpp, dukcapil, polres
):
    offer(
        polres,
        "C01",
        "kepolisian",
        content_=content(name="Penerbitan SKCK", fee_rupiah=30_000),
        uses_appointment=True,
    )
    offer(dukcapil, "A01", content_=content(name="Perekaman KTP-el"), online_application=True)
    page = text(client.get("/mpp/banyumas/layanan/"))
    assert page.index("Dinas Kependudukan dan Pencatatan Sipil") < page.index(
        "Kepolisian Resor Banyumas"
    )
    assert "2 jenis layanan" in page
    assert re.search(
        r"Perekaman KTP-el kode layanan A01 Biaya Gratis Waktu 1 jam "
        r"Cara mengurus Antrian Daring",
        page,
    )
    assert re.search(
        r"Penerbitan SKCK kode layanan C01 Biaya Rp30.000 Waktu 1 jam "
        r"Cara mengurus Antrian Janji temu",
        page,
    )
    assert "Gerai Disdukcapil · nomor antrian A · loket 1, 2" in page


def test_the_catalog_by_category_groups_services_and_names_their_agency(
    client, mpp, dukcapil, polres
):
    offer(polres, "C01", "kepolisian", content_=content(name="Penerbitan SKCK"))
    offer(dukcapil, "A01", content_=content(name="Perekaman KTP-el"))
    page = text(client.get("/mpp/banyumas/layanan/kategori/"))
    kependudukan = page.index("Kependudukan dan pencatatan sipil Layanan")
    kepolisian = page.index("Kepolisian Layanan")
    assert kependudukan < page.index("Perekaman KTP-el") < kepolisian
    assert kepolisian < page.index("Penerbitan SKCK")
    assert "Perekaman KTP-el kode layanan A01 Disdukcapil" in page


def test_an_agency_page_lists_that_agency_only(client, mpp, dukcapil, polres):
    offer(polres, "C01", "kepolisian", content_=content(name="Penerbitan SKCK"))
    offer(dukcapil, "A01", content_=content(name="Perekaman KTP-el"))
    page = text(client.get("/mpp/banyumas/layanan/instansi/DINDUKCAPIL/"))
    assert "Dinas Kependudukan dan Pencatatan Sipil" in page
    assert "Perekaman KTP-el" in page
    assert "Penerbitan SKCK" not in page


def test_a_category_page_lists_that_category_only(client, mpp, dukcapil, polres):
    offer(polres, "C01", "kepolisian", content_=content(name="Penerbitan SKCK"))
    offer(dukcapil, "A01", content_=content(name="Perekaman KTP-el"))
    page = text(client.get("/mpp/banyumas/layanan/kategori/kepolisian/"))
    assert "Penerbitan SKCK" in page
    assert "Perekaman KTP-el" not in page


@pytest.mark.parametrize(
    "path",
    [
        "/mpp/tidak-ada/layanan/",
        "/mpp/tidak-ada/layanan/A01/",
        "/mpp/banyumas/layanan/Z99/",
        "/mpp/banyumas/layanan/Z99/cetak/",
        "/mpp/banyumas/layanan/instansi/TIDAKADA/",
        "/mpp/banyumas/layanan/kategori/tidak-ada/",
        "/layanan/tidak-ada/",
    ],
)
def test_unknown_mpp_service_agency_or_category_is_404(client, mpp, dukcapil, path):
    offer(dukcapil, "A01")
    assert client.get(path).status_code == 404


def test_an_inactive_mpp_or_service_is_not_published(client, mpp, dukcapil):
    service = offer(dukcapil, "A01")
    service.is_active = False
    service.save()
    assert client.get("/mpp/banyumas/layanan/A01/").status_code == 404
    mpp.is_active = False
    mpp.save()
    assert client.get("/mpp/banyumas/layanan/").status_code == 404


def test_a_service_of_another_mpp_is_not_shown(client, mpp, dukcapil):
    offer(dukcapil, "A01", content_=content(name="Perekaman KTP-el"))
    elsewhere = BoothFactory(queue_prefix="B")
    offer(elsewhere, "B01", content_=content(name="Izin usaha di MPP lain"))
    assert client.get("/mpp/banyumas/layanan/B01/").status_code == 404
    assert client.get(f"/mpp/banyumas/layanan/instansi/{elsewhere.agency.code}/").status_code == 404
    for path in ("/mpp/banyumas/layanan/", "/mpp/banyumas/layanan/kategori/kependudukan/"):
        page = text(client.get(path))
        assert "Perekaman KTP-el" in page
        assert "Izin usaha di MPP lain" not in page


def test_a_service_published_only_for_a_later_date_is_not_listed_yet(client, mpp, dukcapil):
    ensure_default_categories()
    create_service(
        mpp=mpp,
        agency=dukcapil.agency,
        code="A09",
        standard_key="nanti",
        category=Category.objects.get(slug="kependudukan"),
        content=content(name="Layanan mulai tahun depan"),
        meta=VersionMeta(reason="Layanan baru", effective_from=dt.date(2027, 1, 1)),
    )
    assert "Layanan mulai tahun depan" not in text(client.get("/mpp/banyumas/layanan/"))
    assert client.get("/mpp/banyumas/layanan/A09/").status_code == 404


# --- one service standard ---------------------------------------------------------------
def test_the_service_page_shows_every_component_of_the_standard(client, mpp, dukcapil):
    offer(dukcapil, "A01", content_=full_content(), uses_appointment=True)
    response = client.get("/mpp/banyumas/layanan/A01/")
    page = text(response)
    # Persyaratan as a checklist: form, count, optional.
    assert response.content.decode().count('type="checkbox"') == 3
    assert "KTP-el Asli dan fotokopi 2 rangkap" in page
    assert "Surat keterangan sehat Asli" in page
    assert "Sertifikat mengemudi Fotokopi Tidak wajib" in page
    # Prosedur with who does each step.
    assert "Ujian teori Dilakukan oleh: Pemohon" in page
    assert "Ujian praktik Dilakukan oleh: Penguji" in page
    # Jangka waktu, biaya with variants and legal basis, produk, pengaduan.
    assert "Jangka waktu pelayanan 2 jam Setelah lulus ujian praktik" in page
    assert "Biaya/tarif Bervariasi" in page
    assert "SIM A baru Rp120.000 PP 76/2020 lampiran" in page
    assert "Perpanjangan SIM A Rp80.000" in page
    assert "Dasar hukum biaya PP 76/2020 tentang PNBP Polri" in page
    assert "Produk pelayanan Kartu SIM A" in page
    assert "Penanganan pengaduan, saran dan masukan Lapor melalui SP4N-LAPOR!" in page
    # Management components, in their own collapsible section.
    management = page[page.index("Komponen pengelolaan pelayanan") :]
    for label, value in [
        ("Dasar hukum", "UU 22/2009 tentang Lalu Lintas"),
        ("Sarana dan prasarana dan/atau fasilitas", "Ruang ujian teori berbasis komputer"),
        ("Kompetensi pelaksana", "Penguji bersertifikat"),
        ("Pengawasan internal", "Diawasi Propam"),
        ("Jumlah pelaksana", "Empat petugas"),
        ("Jaminan pelayanan", "Maklumat pelayanan ditandatangani Kapolres"),
        ("Jaminan keamanan dan keselamatan pelayanan", "Lapangan ujian berpagar"),
        ("Evaluasi kinerja pelaksana", "Evaluasi triwulanan"),
    ]:
        assert f"{label} {value}" in management
    assert "<details" in response.content.decode()
    # Where, how, and the way on.
    assert "Antrian Janji temu" in page
    assert "Nomor antrian berawalan A · loket 1, 2" in page
    html = response.content.decode()
    assert 'href="/mpp/banyumas/layanan/A01/cetak/"' in html
    assert 'href="/mpp/banyumas/layanan/"' in html
    assert 'href="/layanan/kunci-a01-banyumas/"' in html


def test_a_free_service_says_gratis_prominently(client, mpp, dukcapil):
    offer(dukcapil, "A01", content_=content(fee_rupiah=0))
    html = client.get("/mpp/banyumas/layanan/A01/").content.decode()
    assert '<span class="fee-free">Gratis</span>' in html


def test_the_service_page_shows_the_version_in_force_its_change_log_and_the_next_version(
    client, mpp, dukcapil
):
    service = offer(dukcapil, "A01", content_=content(name="Legalisir akta", fee_rupiah=0))
    publish_version(
        service=service,
        content=content(name="Legalisir akta", fee_rupiah=10_000),
        meta=VersionMeta(reason="Perda retribusi 2026", effective_from=dt.date(2026, 1, 1)),
    )
    publish_version(
        service=service,
        content=content(
            name="Legalisir akta",
            fee_rupiah=15_000,
            processing_time_value=30,
            processing_time_unit="minutes",
        ),
        meta=VersionMeta(reason="Perda retribusi 2027", effective_from=dt.date(2027, 1, 1)),
    )
    page = text(client.get("/mpp/banyumas/layanan/A01/"))
    assert "Versi 2, berlaku sejak 1 Januari 2026" in page
    assert "Biaya Rp10.000" in page  # the version in force, not the next one
    assert "Biaya berubah dari Gratis menjadi Rp10.000 sejak 1 Januari 2026." in page
    assert "Versi 2 · alasan: Perda retribusi 2026" in page
    assert "Standar pelayanan baru (versi 3) berlaku mulai 1 Januari 2027." in page
    assert "Biaya berubah dari Rp10.000 menjadi Rp15.000" in page
    assert "Jangka waktu berubah dari 1 jam menjadi 30 menit" in page
    # The coming change is announced, not logged as if it had happened.
    assert "sejak 1 Januari 2027" not in page

    with time_machine.travel(dt.datetime(2027, 1, 4, 3, 0, tzinfo=dt.UTC), tick=False):
        page = text(client.get("/mpp/banyumas/layanan/A01/"))
    assert "Versi 3, berlaku sejak 1 Januari 2027" in page
    assert "Biaya berubah dari Rp10.000 menjadi Rp15.000 sejak 1 Januari 2027." in page
    assert "Standar pelayanan baru" not in page


def test_a_first_version_says_it_has_not_changed(client, mpp, dukcapil):
    offer(dukcapil, "A01")
    page = text(client.get("/mpp/banyumas/layanan/A01/"))
    assert "Versi 1, berlaku sejak 1 Januari 2024" in page
    assert "Belum ada perubahan sejak standar pelayanan ini pertama kali diterbitkan." in page


# --- the poster ---------------------------------------------------------------------------
def test_the_poster_carries_the_standard_and_a_qr_code_back_to_the_service_page(
    client, mpp, dukcapil
):
    offer(dukcapil, "A01", content_=full_content(name="Perekaman KTP-el"))
    response = client.get("/mpp/banyumas/layanan/A01/cetak/")
    page = text(response)
    for expected in [
        "Mal Pelayanan Publik Kabupaten Banyumas",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Perekaman KTP-el",
        "KTP-el (asli dan fotokopi, 2 rangkap)",
        "Sertifikat mengemudi (fotokopi, tidak wajib)",
        "Ujian praktik (Penguji)",
        "Jangka waktu 2 jam Setelah lulus ujian praktik",
        "SIM A baru: Rp120.000",
        "Produk layanan Kartu SIM A",
        "Lapor melalui SP4N-LAPOR!",
        "http://testserver/mpp/banyumas/layanan/A01/",
    ]:
        assert expected in page, expected
    html = response.content.decode()
    assert "catalog/poster.css" in html
    [src] = re.findall(r'<img class="poster-qr" src="([^"]+)"', html)
    assert src.startswith("data:image/svg+xml")
    assert decode_qr(svg_qr_to_image(src)) == ["http://testserver/mpp/banyumas/layanan/A01/"]


def test_the_poster_qr_follows_the_host_and_scheme_people_use(client, mpp, dukcapil, settings):
    settings.ALLOWED_HOSTS = ["mpp.banyumaskab.go.id"]
    offer(dukcapil, "A01")
    response = client.get(
        "/mpp/banyumas/layanan/A01/cetak/", HTTP_HOST="mpp.banyumaskab.go.id", secure=True
    )
    [src] = re.findall(r'<img class="poster-qr" src="([^"]+)"', response.content.decode())
    assert decode_qr(svg_qr_to_image(src)) == [
        "https://mpp.banyumaskab.go.id/mpp/banyumas/layanan/A01/"
    ]


def test_the_poster_is_a4_portrait_in_a_static_stylesheet():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("catalog/poster.css")).read_text(encoding="utf-8")
    assert re.search(r"@page\s*{\s*size:\s*A4 portrait", css)


# --- where a service is offered --------------------------------------------------------------
def test_where_is_this_service_offered_lists_each_mpp_with_fee_time_and_open_state(
    client, mpp, dukcapil
):
    offer(dukcapil, "A01", key="ktp-el-baru", content_=content(name="Perekaman KTP-el"))
    purbalingga = MppFactory(
        slug="purbalingga", name="Mal Pelayanan Publik Kabupaten Purbalingga", hours=[]
    )
    offer(
        BoothFactory(mpp=purbalingga, queue_prefix="A"),
        "A07",
        key="ktp-el-baru",
        content_=content(name="Perekaman KTP-el", fee_rupiah=0, processing_time_value=2),
    )
    closed = MppFactory(slug="tutup", is_active=False)
    offer(BoothFactory(mpp=closed, queue_prefix="A"), "A01", key="ktp-el-baru")
    response = client.get("/layanan/ktp-el-baru/")
    page = text(response)
    assert "Tersedia di 2 Mal Pelayanan Publik" in page
    banyumas = page.index("Mal Pelayanan Publik Kabupaten Banyumas")
    purbalingga_at = page.index("Mal Pelayanan Publik Kabupaten Purbalingga")
    assert "Buka sekarang sampai pukul 12.00 WIB" in page[banyumas:purbalingga_at]
    assert "Tutup sekarang" in page[purbalingga_at:]
    assert "Jangka waktu 2 jam" in page[purbalingga_at:]
    html = response.content.decode()
    assert 'href="/mpp/banyumas/layanan/A01/"' in html
    assert 'href="/mpp/purbalingga/layanan/A07/"' in html
    assert "/mpp/tutup/" not in html


# --- the way in from the MPP page -------------------------------------------------------------
def test_the_mpp_page_links_to_the_catalog_and_each_agency(client, mpp, dukcapil, polres):
    html = client.get("/mpp/banyumas/").content.decode()
    assert re.search(r'href="/mpp/banyumas/layanan/"[^>]*>Lihat semua layanan<', html)
    assert 'href="/mpp/banyumas/layanan/instansi/DINDUKCAPIL/"' in html
    assert 'href="/mpp/banyumas/layanan/instansi/POLRES/"' in html


# --- no query per row ---------------------------------------------------------------------
def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "path",
    [
        "/mpp/banyumas/layanan/",
        "/mpp/banyumas/layanan/kategori/",
        "/mpp/banyumas/layanan/instansi/DINDUKCAPIL/",
        "/mpp/banyumas/layanan/kategori/kependudukan/",
    ],
)
def test_catalog_pages_read_a_fixed_number_of_queries(client, mpp, dukcapil, polres, path):
    offer(dukcapil, "A01")
    offer(polres, "C01", "kependudukan")
    few = queries(client, path)
    for n in range(2, 8):
        service = offer(dukcapil, f"A{n:02d}")
        publish_version(service=service, content=content(fee_rupiah=5_000), meta=FIRST)
        offer(polres, f"C{n:02d}", "kependudukan")
    assert queries(client, path) == few <= 7


def test_the_service_page_and_poster_read_a_fixed_number_of_queries(client, mpp, dukcapil):
    service = offer(dukcapil, "A01", content_=content())
    few = (
        queries(client, "/mpp/banyumas/layanan/A01/"),
        queries(client, "/mpp/banyumas/layanan/A01/cetak/"),
    )
    for year in range(2025, 2029):
        publish_version(
            service=service,
            content=full_content(
                fee_variants=tuple(FeeVariantData(f"Varian {i}", i) for i in range(6))
            ),
            meta=VersionMeta(reason=f"Tahun {year}", effective_from=dt.date(year, 1, 1)),
        )
    many = (
        queries(client, "/mpp/banyumas/layanan/A01/"),
        queries(client, "/mpp/banyumas/layanan/A01/cetak/"),
    )
    assert many == few
    assert max(many) <= 16  # 13, phone tickets, condition questions, the legal basis (knowledge)


def test_where_offered_reads_a_fixed_number_of_queries(client):
    for _ in range(2):
        offer(BoothFactory(queue_prefix="A"), "A01", key="ktp-el-baru")
    few = queries(client, "/layanan/ktp-el-baru/")
    for _ in range(5):
        offer(BoothFactory(queue_prefix="A"), "A01", key="ktp-el-baru")
    assert queries(client, "/layanan/ktp-el-baru/") == few <= 5
