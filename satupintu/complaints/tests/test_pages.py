"""The pages as a reporter and the officers use them: the form (all errors at once,
nothing half-written), the tracking page with its reopen request, the officer's work list
and detail with its actions, a spoken complaint recorded at the desk."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from satupintu.applications.tests.factories import image_bytes, pdf_bytes
from satupintu.complaints import services
from satupintu.complaints.models import Complaint, ComplaintFile, Status
from satupintu.complaints.tests.factories import at, complaint, forwarded

pytestmark = pytest.mark.django_db


def form_data(**extra):
    return {
        "jenis": "pengaduan",
        "isi": "Antrian di loket 2 sangat lama dan nomor saya dilewati petugas.",
        "nama": "Siti Aminah",
        "telepon": "0812-3456-7890",
        "email": "",
        **extra,
    }


def test_the_form_answers_with_the_tracking_code(personas, client):
    url = f"/mpp/{personas.mpp_x.slug}/pengaduan/"
    assert "Sampaikan pengaduan" in client.get(url).content.decode()
    photo = SimpleUploadedFile("foto.jpg", image_bytes("JPEG"), content_type="image/jpeg")
    response = client.post(url, form_data(lampiran=[photo]))
    item = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/pengaduan/lacak/{item.tracking_code}/?baru=1"
    page = client.get(response["Location"]).content.decode()
    assert item.tracking_code in page and "Laporan Anda kami terima." in page
    assert ComplaintFile.objects.filter(complaint=item, content_type="image/jpeg").count() == 1


def test_every_error_at_once_and_nothing_written(personas, client):
    bad = SimpleUploadedFile("surat.pdf", b"bukan pdf", content_type="application/pdf")
    response = client.post(
        f"/mpp/{personas.mpp_x.slug}/pengaduan/",
        form_data(isi="pendek", nama="", telepon="12", email="x@", lampiran=[bad]),
    )
    assert response.status_code == 422
    page = response.content.decode()
    for message in (
        "Ceritakan laporan Anda paling sedikit 15 huruf.",
        "Isi nama Anda",
        "Nomor telepon tidak valid.",
        "Alamat e-mail tidak valid.",
        "Isi berkas bukan PDF, JPG atau PNG.",
    ):
        assert message in page
    assert "pendek" in page  # what was typed stays
    assert not Complaint.objects.exists() and not ComplaintFile.objects.exists()


def test_the_same_errors_in_english(personas, client):
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/mpp/{personas.mpp_x.slug}/pengaduan/", form_data(isi="x"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Describe your report in at least 15 characters." in response.content.decode()


def test_a_complaint_from_a_ticket_names_its_service_and_counter(personas, client):
    from satupintu.queueing.tests.factories import open_all_day, queue_at
    from satupintu.queueing.tickets.services import issue_ticket

    open_all_day(personas.mpp_x)
    service = queue_at(personas.counter_xa, "Q")
    ticket = issue_ticket(mpp=personas.mpp_x, service=service, channel="kiosk")
    url = f"/mpp/{personas.mpp_x.slug}/pengaduan/?tiket={ticket.public_id}&layanan={service.code}"
    assert f"Tentang layanan {service.code}" in client.get(url).content.decode()
    client.post(url, form_data(tiket=str(ticket.public_id), layanan=service.code))
    item = Complaint.objects.get()
    assert (item.ticket_id, item.service_id) == (ticket.pk, service.pk)
    assert item.suggested_agency == personas.counter_xa.booth.agency


def test_the_reporter_asks_to_reopen_from_the_tracking_page(personas, client):
    item = forwarded(personas)
    services.answer_complaint(user=personas.officer_xa, complaint=item, answer="Sudah ditegur.")
    url = f"/pengaduan/lacak/{item.tracking_code}/"
    page = client.get(url).content.decode()
    assert "Sudah ditegur." in page and "Belum puas dengan jawabannya?" in page
    assert client.post(url, {"alasan": ""}).status_code == 422
    client.post(url, {"alasan": "Petugasnya masih sama."})
    page = client.get(url).content.decode()
    assert "Anda meminta laporan dibuka kembali." in page
    assert "Belum puas dengan jawabannya?" not in page  # once only


def test_an_unknown_code_is_a_404_and_a_typed_code_finds_its_page(personas, client):
    assert client.get("/pengaduan/lacak/AAAA-BBBB-CCCC/").status_code == 404
    item = complaint(personas.mpp_x)
    typed = item.tracking_code.lower().replace("-", " ")
    response = client.get("/pengaduan/lacak/", {"kode": typed})
    assert response["Location"] == f"/pengaduan/lacak/{item.tracking_code}/"


def test_the_desk_verifies_and_forwards_from_the_detail_page(personas, client):
    item = complaint(personas.mpp_x, now=at(2026, 3, 10))
    client.force_login(personas.supervisor_x)
    page = client.get("/staf/pengaduan/").content.decode()
    assert "Terlambat" in page and item.tracking_code in page  # overdue since 13 March
    url = f"/staf/pengaduan/{item.tracking_code}/"
    agency = personas.counter_xa.booth.agency
    response = client.post(
        url, {"aksi": "verify", "kategori": "biaya", "instansi": str(agency.pk), "catatan": ""}
    )
    assert response.status_code == 302
    client.post(url, {"aksi": "forward", "catatan": ""})
    item.refresh_from_db()
    assert (item.status, item.agency) == (Status.FORWARDED, agency)
    # an agency officer answers from the same page
    client.force_login(personas.officer_xa)
    assert item.tracking_code in client.get("/staf/pengaduan/").content.decode()
    client.post(url, {"aksi": "answer", "jawaban": "Sudah kami tindak lanjuti."})
    item.refresh_from_db()
    assert item.status == Status.ANSWERED
    # another agency's officer does not find it
    client.force_login(personas.officer_xb)
    assert client.get(url).status_code == 404
    assert item.tracking_code not in client.get("/staf/pengaduan/").content.decode()


def test_a_refused_action_says_why_on_the_page(personas, client):
    item = complaint(personas.mpp_x)
    client.force_login(personas.supervisor_x)
    response = client.post(f"/staf/pengaduan/{item.tracking_code}/", {"aksi": "reject"})
    assert response.status_code == 422
    assert "Tulis alasan laporan tidak dapat diproses." in response.content.decode()


def test_the_desk_records_a_spoken_complaint(personas, client):
    client.force_login(personas.supervisor_x)
    scan = SimpleUploadedFile("surat.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(
        "/staf/pengaduan/catat/",
        {
            "saluran": "tertulis",
            "jenis": "aspirasi",
            "isi": "Mohon ruang tunggu lansia ditambah kursinya.",
            "anonim": "1",
            "lampiran": [scan],
        },
    )
    item = Complaint.objects.get()
    assert response["Location"] == f"/staf/pengaduan/{item.tracking_code}/"
    assert (item.channel, item.anonymous, item.recorded_by) == (
        "tertulis",
        True,
        personas.supervisor_x,
    )
    client.force_login(personas.officer_xa)  # the agency does not take complaints at the desk
    assert client.get("/staf/pengaduan/catat/").status_code == 403
