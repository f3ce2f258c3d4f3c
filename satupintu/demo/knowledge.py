"""Demo knowledge base: real national regulations linked to the demo services (one of them
revoked, so the supervisor's list has something to show), and a handful of reviewed
articles, Q&A and complaint reply templates at the demo MPP. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from satupintu.accounts.models import Role, User
from satupintu.catalog.models import Service
from satupintu.knowledge import services
from satupintu.knowledge.models import Article, ArticleKind, Regulation
from satupintu.tenancy.models import Agency, Mpp

PRESIDEN = "Presiden Republik Indonesia"
MENPANRB = "Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"

# key: (kind, number, year, title, issuer, service codes, summary)
REGULATIONS = {
    "uu25-2009": (
        "uu",
        "25",
        2009,
        "Pelayanan Publik",
        PRESIDEN,
        ["A01", "B01", "C01"],
        "Asas, standar pelayanan, maklumat, pengaduan dan sanksi dalam pelayanan publik.",
    ),
    "pp96-2012": (
        "pp",
        "96",
        2012,
        "Pelaksanaan Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
        PRESIDEN,
        [],
        "",
    ),
    "perpres89-2021": (
        "perpres",
        "89",
        2021,
        "Penyelenggaraan Mal Pelayanan Publik",
        PRESIDEN,
        [],
        "Mal Pelayanan Publik: penyelenggaraan, pengelola, dan pelayanan yang terintegrasi.",
    ),
    "perpres76-2013": (
        "perpres",
        "76",
        2013,
        "Pengelolaan Pengaduan Pelayanan Publik",
        PRESIDEN,
        [],
        "Pengaduan ditindaklanjuti paling lama 60 hari.",
    ),
    "permenpanrb15-2014": (
        "permen",
        "15",
        2014,
        "Pedoman Standar Pelayanan",
        MENPANRB,
        [],
        "",
    ),
    "permenpanrb16-2014": (
        "permen",
        "16",
        2014,
        "Pedoman Survei Kepuasan Masyarakat terhadap Penyelenggaraan Pelayanan Publik",
        MENPANRB,
        [],
        "",
    ),
    "permenpanrb14-2017": (
        "permen",
        "14",
        2017,
        "Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik",
        MENPANRB,
        [],
        "Sembilan unsur survei kepuasan masyarakat (SKM).",
    ),
    "uu23-2006": (
        "uu",
        "23",
        2006,
        "Administrasi Kependudukan",
        PRESIDEN,
        ["A01", "A02", "A03", "A04", "A05", "A06", "A07", "A08"],
        "",
    ),
    "uu24-2013": (
        "uu",
        "24",
        2013,
        "Perubahan atas Undang-Undang Nomor 23 Tahun 2006 tentang Administrasi Kependudukan",
        PRESIDEN,
        ["A01", "A02", "A03", "A04", "A05", "A06", "A07", "A08"],
        "Pengurusan dan penerbitan dokumen kependudukan tidak dipungut biaya (Pasal 79A).",
    ),
    "pp5-2021": (
        "pp",
        "5",
        2021,
        "Penyelenggaraan Perizinan Berusaha Berbasis Risiko",
        PRESIDEN,
        ["B01", "B06"],
        "",
    ),
    "pp28-2025": (
        "pp",
        "28",
        2025,
        "Penyelenggaraan Perizinan Berusaha Berbasis Risiko",
        PRESIDEN,
        ["B01"],
        "Menggantikan PP 5/2021; OSS sebagai pintu perizinan berusaha.",
    ),
    "uu22-2009": (
        "uu",
        "22",
        2009,
        "Lalu Lintas dan Angkutan Jalan",
        PRESIDEN,
        ["C03", "C04", "C05", "C06"],
        "",
    ),
}
AMENDS = [("uu24-2013", "uu23-2006")]
REVOKES = [("permenpanrb14-2017", "permenpanrb16-2014"), ("pp28-2025", "pp5-2021")]

# (kind, title, body, agency code, public, sources, days since last checked)
ARTICLES = [
    (
        ArticleKind.QA,
        "Apakah membuat atau mengganti KTP-el dipungut biaya?",
        "Tidak. Pengurusan dan penerbitan dokumen kependudukan, termasuk KTP-el, KK dan akta "
        "kelahiran, tidak dipungut biaya. Laporkan setiap permintaan uang di loket.",
        "DINDUKCAPIL",
        True,
        ["uu24-2013"],
        10,
    ),
    (
        ArticleKind.QA,
        "KTP-el hilang, apa yang perlu dibawa untuk menggantinya?",
        "Bawa surat keterangan kehilangan dari kepolisian dan fotokopi Kartu Keluarga. "
        "Perekaman ulang tidak diperlukan bila data sidik jari sudah ada.",
        "DINDUKCAPIL",
        True,
        ["uu24-2013"],
        30,
    ),
    (
        ArticleKind.QA,
        "Berapa lama pengaduan saya dijawab?",
        "Laporan diverifikasi dan diteruskan ke instansi dalam 3 hari kerja, lalu "
        "ditindaklanjuti instansi dalam 5 hari kerja. Kode lacak menunjukkan setiap langkahnya.",
        None,
        True,
        ["perpres76-2013", "uu25-2009"],
        20,
    ),
    (
        ArticleKind.ARTICLE,
        "Izin usaha kini mengikuti PP 28/2025",
        "Pendampingan NIB melalui OSS mengikuti PP 28 Tahun 2025 yang mencabut PP 5 Tahun 2021. "
        "Standar pelayanan layanan B01 dan B06 perlu diperbarui dasar hukumnya.",
        "DPMPTSP",
        False,
        ["pp28-2025", "pp5-2021"],
        5,
    ),
    (
        ArticleKind.ARTICLE,
        "Unsur survei kepuasan masyarakat",
        "SKM di MPP memakai sembilan unsur: persyaratan, prosedur, waktu, biaya, produk, "
        "kompetensi, perilaku, penanganan pengaduan, serta sarana dan prasarana.",
        None,
        False,
        ["permenpanrb14-2017"],
        200,
    ),
    (
        ArticleKind.REPLY,
        "Balasan: pungutan di luar tarif resmi",
        "Terima kasih atas laporan Anda. Penerbitan dokumen kependudukan tidak dipungut biaya. "
        "Kami telah memeriksa petugas yang bersangkutan dan memberikan teguran. Bila Anda "
        "kembali dimintai uang, sampaikan kepada pengelola MPP di meja informasi.",
        "DINDUKCAPIL",
        False,
        ["uu24-2013"],
        15,
    ),
    (
        ArticleKind.REPLY,
        "Balasan: antrian terlalu lama",
        "Terima kasih atas masukan Anda. Kami menambah loket pada jam sibuk (pukul 08.00–11.00) "
        "dan menyarankan mengambil janji temu daring agar tidak perlu menunggu lama.",
        None,
        False,
        ["uu25-2009"],
        15,
    ),
]
DRAFT = (
    "Syarat perpanjangan SIM A di MPP",
    "SIM yang masih berlaku, KTP-el asli, dan surat keterangan sehat. Tes psikologi "
    "dilakukan di tempat yang ditunjuk.",
    "POLRESTA",
)


def seed(mpp: Mpp) -> None:
    regs = _regulations(mpp)
    if Article.objects.filter(mpp=mpp).exists():
        return
    supervisor = User.objects.filter(mpp=mpp, role=Role.SUPERVISOR).first()
    if supervisor is None:
        return
    today = timezone.localdate()
    for kind, title, body, agency, public, sources, days in ARTICLES:
        article = Article(
            mpp=mpp,
            kind=kind,
            title=title,
            body=body,
            agency=Agency.objects.filter(code=agency).first() if agency else None,
            public=public,
        )
        services.write_article(article, author=supervisor, sources=[regs[s] for s in sources])
        Article.objects.filter(pk=article.pk).update(last_checked=today - dt.timedelta(days=days))
    title, body, agency = DRAFT
    officer = User.objects.filter(mpp=mpp, role=Role.OFFICER, agency__code=agency).first()
    officer = officer or User.objects.filter(mpp=mpp, role=Role.OFFICER).first()
    if officer is not None:
        draft = Article(mpp=mpp, title=title, body=body, agency=officer.agency)
        services.write_article(draft, author=officer, sources=[regs["uu22-2009"]])


def _regulations(mpp: Mpp) -> dict[str, Regulation]:
    found: dict[str, Regulation] = {}
    for key, (kind, number, year, title, issuer, codes, summary) in REGULATIONS.items():
        reg = Regulation.objects.filter(kind=kind, number=number, year=year, issuer=issuer).first()
        if reg is None:
            reg = Regulation(
                kind=kind, number=number, year=year, title=title, issuer=issuer, summary=summary
            )
            services.save_regulation(reg)
        reg.services.add(*Service.objects.filter(mpp=mpp, code__in=codes))
        found[key] = reg
    for new, old in AMENDS:
        services.record_change(found[new], amends=[found[old]])
    for new, old in REVOKES:
        services.record_change(found[new], revokes=[found[old]])
    return found
