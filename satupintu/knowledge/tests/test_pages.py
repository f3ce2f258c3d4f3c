"""The pages as officers, the supervisor and a citizen use them: the search page and its
console panel, writing and reviewing, the service page's legal basis, the complaint form's
suggestions and the reply template in the complaint answer form."""

from __future__ import annotations

import pytest

from satupintu.catalog.tests.factories import make_service
from satupintu.complaints.tests.factories import forwarded
from satupintu.knowledge import services
from satupintu.knowledge.models import Article, ArticleKind
from satupintu.knowledge.tests.factories import article, regulation

pytestmark = pytest.mark.django_db


def test_the_staff_room_leads_to_the_search_and_it_finds(personas, client):
    law = regulation()
    client.force_login(personas.officer_xa)
    assert "/staf/pengetahuan/" in client.get("/staf/").content.decode()
    page = client.get("/staf/pengetahuan/?q=pelayanan").content.decode()
    assert "UU 25/2009" in page and f"/staf/pengetahuan/peraturan/{law.pk}/" in page
    assert "Dasar hukum layanan yang sudah dicabut" not in page  # the supervisor's
    fragment = client.get("/staf/pengetahuan/?q=publik&panel=1", headers={"HX-Request": "true"})
    assert 'target="_blank"' in fragment.content.decode()
    assert "<h1" not in fragment.content.decode()


def test_citizens_and_other_roles_are_refused(personas, client):
    assert client.get("/staf/pengetahuan/").status_code == 302  # sign in first
    client.force_login(personas.citizen)
    assert client.get("/staf/pengetahuan/").status_code == 403


def test_an_officer_writes_and_the_supervisor_reviews(personas, client):
    client.force_login(personas.officer_xa)
    response = client.post(
        "/staf/pengetahuan/artikel/baru/",
        {"kind": "qa", "title": "Syarat SKCK baru", "body": "KTP-el, KK, pas foto."},
    )
    item = Article.objects.get()
    assert response.status_code == 302 and item.status == "draft"
    client.force_login(personas.officer_xb)
    assert client.get(f"/staf/pengetahuan/artikel/{item.pk}/").status_code == 404
    client.force_login(personas.supervisor_x)
    home = client.get("/staf/pengetahuan/").content.decode()
    assert "Syarat SKCK baru" in home  # awaiting review
    client.post(f"/staf/pengetahuan/artikel/{item.pk}/tinjau/")
    item.refresh_from_db()
    assert item.status == "reviewed"
    client.force_login(personas.officer_xb)
    assert (
        "Syarat SKCK baru" in client.get(f"/staf/pengetahuan/artikel/{item.pk}/").content.decode()
    )


def test_an_empty_article_gets_a_clear_message(personas, client):
    client.force_login(personas.officer_xa)
    response = client.post("/staf/pengetahuan/artikel/baru/", {"kind": "qa", "title": ""})
    assert response.status_code == 422
    assert "Bidang ini tidak boleh kosong." in response.content.decode()


def test_the_supervisor_sees_revoked_bases(personas, client):
    service = make_service(personas.counter_xa.booth, name="Izin usaha")
    old = regulation("pp", "5", 2021, "Perizinan Berusaha Berbasis Risiko", services=[service])
    new = regulation("pp", "28", 2025, "Perizinan Berusaha Berbasis Risiko")
    services.record_change(new, revokes=[old])
    client.force_login(personas.supervisor_x)
    page = client.get("/staf/pengetahuan/").content.decode()
    assert "Izin usaha" in page and "PP 5/2021" in page and "PP 28/2025" in page


def test_the_service_page_shows_its_legal_basis(personas, client):
    service = make_service(personas.counter_xa.booth, name="KTP-el")
    regulation("uu", "24", 2013, "Perubahan atas UU Administrasi Kependudukan", services=[service])
    page = client.get(f"/mpp/{personas.mpp_x.slug}/layanan/{service.code}/").content.decode()
    assert "Undang-Undang Nomor 24 Tahun 2013 tentang Perubahan atas UU" in page


def test_the_complaint_form_suggests_public_answers(personas, client):
    article(
        personas.mpp_x,
        personas.supervisor_x,
        "Apakah membuat KTP-el berbayar?",
        "Tidak, pengurusan KTP-el gratis.",
        public=True,
    )
    form = client.get(f"/mpp/{personas.mpp_x.slug}/pengaduan/").content.decode()
    assert "/pengaduan/jawaban/" in form
    url = f"/mpp/{personas.mpp_x.slug}/pengaduan/jawaban/"
    page = client.get(url, {"isi": "Saya dimintai uang untuk KTP-el"}).content.decode()
    assert "Mungkin jawaban ini membantu" in page and "Apakah membuat KTP-el berbayar?" in page
    assert client.get(url, {"isi": "halo"}).status_code == 204


def test_a_reply_template_fills_the_complaint_answer(personas, client):
    reply = article(
        personas.mpp_x,
        personas.supervisor_x,
        "Balasan antrian",
        "Mohon maaf.",
        kind=ArticleKind.REPLY,
    )
    item = forwarded(personas)
    client.force_login(personas.officer_xa)
    client.post(f"/staf/pengaduan/{item.tracking_code}/", {"aksi": "follow_up"})
    page = client.get(f"/staf/pengaduan/{item.tracking_code}/").content.decode()
    assert "Pakai templat balasan" in page and "Balasan antrian" in page
    field = client.get("/staf/pengetahuan/templat-balasan/", {"templat": reply.pk})
    assert "Mohon maaf." in field.content.decode() and 'name="jawaban"' in field.content.decode()
    assert client.get("/staf/pengetahuan/templat-balasan/", {"templat": ""}).status_code == 204


def test_the_console_opens_the_search_with_k(personas, client):
    client.force_login(personas.officer_xa)
    page = client.get(f"/staf/loket/{personas.counter_xa.pk}/konsol/").content.decode()
    assert 'id="dlg-knowledge"' in page and 'aria-keyshortcuts="K"' in page


def test_a_regulations_pdf_is_downloaded_once_attached(personas, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from satupintu.applications.tests.factories import pdf_bytes

    law = regulation()
    assert client.get(f"/peraturan/{law.pk}/berkas.pdf").status_code == 404
    services.attach_pdf(law, SimpleUploadedFile("uu.pdf", pdf_bytes()))
    response = client.get(f"/peraturan/{law.pk}/berkas.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "UU-25-2009.pdf" in response["Content-Disposition"]


def test_the_supervisor_enters_a_regulation_with_its_pdf_services_and_what_it_revokes(
    personas, client
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from satupintu.applications.tests.factories import pdf_bytes
    from satupintu.knowledge.models import Notice, Regulation

    service = make_service(personas.counter_xa.booth)
    old = regulation("perda", "5", 2012, "Retribusi Izin Gangguan", services=[service])
    form = {
        "kind": "perda",
        "number": "9",
        "year": "2024",
        "title": "Pencabutan Retribusi Izin Gangguan",
        "issuer": "Pemerintah Kabupaten Uji",
        "status": "in_force",
        "services": [service.pk],
        "revokes": [old.pk],
    }
    client.force_login(personas.officer_xa)
    assert client.get("/staf/pengetahuan/peraturan/baru/").status_code == 403
    client.force_login(personas.supervisor_x)
    assert "Tambah peraturan" in client.get("/staf/pengetahuan/").content.decode()
    bad = SimpleUploadedFile("perda.pdf", b"bukan pdf", content_type="application/pdf")
    refused = client.post("/staf/pengetahuan/peraturan/baru/", {**form, "pdf_upload": bad})
    assert refused.status_code == 422 and "PDF" in refused.content.decode()
    assert Regulation.objects.count() == 1  # nothing half-written
    pdf = SimpleUploadedFile("perda.pdf", pdf_bytes(), content_type="application/pdf")
    saved = client.post("/staf/pengetahuan/peraturan/baru/", {**form, "pdf_upload": pdf})
    assert saved.status_code == 302
    new = Regulation.objects.get(number="9")
    assert new.pdf and list(new.services.all()) == [service]
    old.refresh_from_db()
    assert old.status == "revoked" and Notice.objects.filter(regulation=new).exists()
    page = client.get(saved["Location"]).content.decode()
    assert "Ubah peraturan" in page and "Unduh PDF" in page
    edited = client.post(
        f"/staf/pengetahuan/peraturan/{new.pk}/ubah/",
        {**form, "title": "Pencabutan Perda Retribusi Izin Gangguan"},
    )
    assert edited.status_code == 302
    new.refresh_from_db()
    assert new.title.startswith("Pencabutan Perda") and new.pdf  # the PDF stays
