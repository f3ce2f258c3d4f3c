"""The pages: apply, my application (revision), tracking, work list, verification, files."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from satupintu.applications import services
from satupintu.applications.models import Application
from satupintu.applications.tests.factories import (
    image_bytes,
    online_service,
    pdf_bytes,
    submitted,
)


@pytest.fixture
def service(personas):
    return online_service(personas.counter_xa.booth)


def apply_data(**files):
    return {
        "name": "Siti Aminah",
        "nik": "3302014501900001",
        "phone": "0812-3456-7890",
        "email": "",
        "nib": "",
        **files,
    }


def test_apply_page_submits_with_files(client, personas, service):
    client.force_login(personas.citizen)
    url = f"/mpp/{service.mpp.slug}/permohonan/{service.code}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Surat keterangan kelahiran" in page.text and "Hadir di loket" in page.text
    answer = client.post(
        url,
        apply_data(
            file_p1=SimpleUploadedFile("lahir.pdf", pdf_bytes()),
            file_p2=SimpleUploadedFile("kk.png", image_bytes()),
        ),
    )
    app = Application.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/permohonan/{app.public_id}/"
    assert app.status == "submitted"
    detail = client.get(answer["Location"])
    assert app.tracking_number in detail.text and "Diajukan" in detail.text


def test_apply_with_a_forged_file_creates_nothing(client, personas, service):
    client.force_login(personas.citizen)
    answer = client.post(
        f"/mpp/{service.mpp.slug}/permohonan/{service.code}/",
        apply_data(
            file_p1=SimpleUploadedFile("lahir.pdf", b"MZ\x90 program"),
            file_p2=SimpleUploadedFile("kk.png", image_bytes()),
        ),
    )
    assert answer.status_code == 422
    assert "Isi berkas bukan PDF, JPG atau PNG" in answer.text
    assert Application.objects.count() == 0


def test_apply_needs_a_citizen_and_an_online_service(client, personas, service):
    url = f"/mpp/{service.mpp.slug}/permohonan/{service.code}/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(personas.officer_xa)
    assert client.get(url).status_code == 403
    client.force_login(personas.citizen)
    assert client.get(f"/mpp/{service.mpp.slug}/permohonan/Z99/").status_code == 404


def test_tracking_page_same_answer_for_unknown_and_wrong_digits(client, personas, service):
    app = submitted(personas.citizen, service)
    good = client.post("/lacak/", {"nomor": app.tracking_number.lower(), "telepon": "7890"})
    assert good.status_code == 200 and "Diajukan" in good.text and "Siti" not in good.text
    wrong = client.post("/lacak/", {"nomor": app.tracking_number, "telepon": "0000"})
    unknown = client.post("/lacak/", {"nomor": "ZZZZ-ZZZZ-ZZZZ", "telepon": "7890"})
    assert wrong.status_code == unknown.status_code == 404
    assert (
        "Permohonan tidak ditemukan" in wrong.text and "Permohonan tidak ditemukan" in unknown.text
    )


def test_worklist_and_verification_for_the_agency_only(client, personas, service):
    app = submitted(personas.citizen, service)
    client.force_login(personas.officer_xa)
    listing = client.get("/staf/permohonan/")
    assert app.tracking_number in listing.text
    assert app.tracking_number not in client.get("/staf/permohonan/?status=completed").text
    assert app.tracking_number not in client.get("/staf/permohonan/?terlambat=1").text
    verify = f"/staf/permohonan/{app.public_id}/"
    page = client.get(verify)
    assert page.status_code == 200 and "3302********0001" in page.text
    answer = client.post(
        verify,
        {
            "action": "decide",
            "requirement": ["p1", "p2"],
            "decision_p1": "accepted",
            "decision_p2": "rejected",
            "reason_p2": "KK terpotong",
        },
    )
    assert answer.status_code == 302
    client.post(verify, {"action": "request_revision"})
    app.refresh_from_db()
    assert app.status == "needs_revision"
    client.force_login(personas.officer_xb)
    assert app.tracking_number not in client.get("/staf/permohonan/").text
    assert client.get(verify).status_code == 404
    client.force_login(personas.citizen)
    assert client.get("/staf/permohonan/").status_code == 403


def test_files_only_for_applicant_and_agency(client, personas, service):
    from satupintu.accounts.models import Role
    from satupintu.accounts.tests.factories import make_user

    app = submitted(personas.citizen, service)
    item = app.files.get(requirement_key="p1")
    url = f"/permohonan/{app.public_id}/berkas/{item.pk}/"
    for user, status in [
        (personas.citizen, 200),
        (personas.officer_xa, 200),
        (make_user(Role.CITIZEN), 404),
        (personas.officer_xb, 404),
        (personas.officer_ya, 404),
    ]:
        client.force_login(user)
        answer = client.get(url)
        assert answer.status_code == status, user
        if status == 200:
            assert b"".join(answer.streaming_content).startswith(b"%PDF")
            assert answer["Content-Type"] == "application/pdf"


def test_citizen_replaces_only_the_rejected_file(client, personas, service):
    app = submitted(personas.citizen, service)
    officer = personas.officer_xa
    services.decide_files(
        user=officer,
        application=app,
        decisions=[services.FileDecision("p1", True), services.FileDecision("p2", False, "Buram")],
    )
    services.request_revision(user=officer, application=app)
    client.force_login(personas.citizen)
    url = f"/permohonan/{app.public_id}/"
    page = client.get(url)
    assert "Buram" in page.text and page.text.count('name="action" value="upload"') == 1
    refused = client.post(
        url,
        {"action": "upload", "requirement": "p1", "file": SimpleUploadedFile("a.pdf", pdf_bytes())},
    )
    assert refused.status_code == 422
    client.post(
        url,
        {
            "action": "upload",
            "requirement": "p2",
            "file": SimpleUploadedFile("b.png", image_bytes()),
        },
    )
    client.post(url, {"action": "resubmit"})
    app.refresh_from_db()
    assert app.status == "verifying"
