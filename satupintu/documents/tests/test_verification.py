"""Anyone can check a document without an account: by its code (the QR) or by uploading a
copy; one changed byte reads "altered", a revoked document reads "revoked" at once."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from satupintu.applications.tests.factories import pdf_bytes
from satupintu.documents import selectors
from satupintu.documents.services import revoke_document
from satupintu.documents.tests.factories import ready_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(personas):
    return ready_application(personas).document


def changed_one_byte(data: bytes) -> bytes:
    """The issued bytes with one byte of the page's drawing changed (not the address)."""
    at = data.index(b"stream") + 40
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def upload(client, data: bytes, name: str = "dokumen.pdf"):
    return client.post(reverse("documents:verify"), {"berkas": SimpleUploadedFile(name, data)})


def test_the_qr_page_shows_a_valid_document_with_the_nik_masked(client, document):
    page = client.get(reverse("documents:verify-code", args=[document.code]))
    html = page.content.decode()
    assert page.status_code == 200 and 'data-status="valid"' in html
    assert "Dokumen sah" in html and document.number in html
    assert "Siti Aminah" in html and "3302********0001" in html
    assert document.holder_nik not in html
    pdf = client.get(reverse("documents:download", args=[document.code]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content) == selectors.document_bytes(document)


def test_an_unknown_code_reads_unknown(client, db):
    page = client.get(reverse("documents:verify-code", args=["0000000000000000"]))
    assert page.status_code == 200 and 'data-status="unknown"' in page.content.decode()
    assert client.get(reverse("documents:download", args=["0000000000000000"])).status_code == 404


def test_the_issued_bytes_read_valid_and_one_changed_byte_reads_altered(client, document):
    data = selectors.document_bytes(document)
    page = upload(client, data)
    assert 'data-status="valid"' in page.content.decode()
    assert "SHA-256 cocok" in page.content.decode()
    page = upload(client, changed_one_byte(data))
    html = page.content.decode()
    assert 'data-status="altered"' in html and "Dokumen telah diubah" in html
    assert document.number in html and "SHA-256 tidak cocok" in html


def test_another_pdf_reads_unknown_and_a_non_pdf_is_refused(client, document):
    assert 'data-status="unknown"' in upload(client, pdf_bytes()).content.decode()
    page = upload(client, b"just text", name="x.pdf")
    assert page.status_code == 422 and "bukan PDF" in page.content.decode()
    page = client.post(reverse("documents:verify"), {})
    assert page.status_code == 422 and "Pilih berkas PDF" in page.content.decode()
    assert client.get(reverse("documents:verify")).status_code == 200


def test_the_api_answers_by_code_and_by_file(client, document):
    data = selectors.document_bytes(document)
    body = client.get(f"/api/v1/documents/verify/{document.code}").json()
    assert body["status"] == "valid" and body["number"] == document.number
    assert body["holder"] == "Siti Aminah" and body["holder_nik"] == "3302********0001"
    assert body["issuer"] == document.agency.name and body["bytes_match"] is None
    assert body["document_url"].endswith(f"/verifikasi/{document.code}/unduh/")
    post = lambda b: client.post(  # noqa: E731
        "/api/v1/documents/verify", {"file": SimpleUploadedFile("d.pdf", b)}
    ).json()
    assert post(data)["status"] == "valid" and post(data)["bytes_match"] is True
    altered = post(changed_one_byte(data))
    assert altered["status"] == "altered" and altered["bytes_match"] is False
    assert post(pdf_bytes()) == {**dict.fromkeys(altered, None), "status": "unknown",
                                 "bytes_match": False}  # fmt: skip
    assert client.get("/api/v1/documents/verify/0000000000000000").json()["status"] == "unknown"
    assert client.get("/api/v1/documents/verify/short").status_code == 422


def test_revocation_by_the_agency_shows_at_once(client, personas, document):
    for stranger in (personas.officer_xb, personas.officer_ya, personas.citizen):
        with pytest.raises(PermissionDenied):
            revoke_document(user=stranger, document=document, reason="salah")
    with pytest.raises(ValidationError):
        revoke_document(user=personas.officer_xa, document=document, reason="  ")
    revoke_document(user=personas.officer_xa, document=document, reason="Data keliru")
    body = client.get(f"/api/v1/documents/verify/{document.code}").json()
    assert body["status"] == "revoked" and body["revoked_reason"] == "Data keliru"
    data = selectors.document_bytes(document)
    html = upload(client, data).content.decode()
    assert 'data-status="revoked"' in html and "Data keliru" in html
    with pytest.raises(ValidationError):  # once
        revoke_document(user=personas.supervisor_x, document=document, reason="lagi")


def test_the_citizen_application_page_links_the_document(client, personas, document):
    client.force_login(personas.citizen)
    app = document.application
    html = client.get(reverse("applications:mine_detail", args=[app.public_id])).content.decode()
    assert reverse("documents:download", args=[document.code]) in html
    assert document.number in html


def test_the_officer_revokes_from_the_application_page(client, personas, document):
    app = document.application
    staff_page = reverse("applications:verify", args=[app.public_id])
    revoke = reverse("documents:revoke", args=[document.code])
    client.force_login(personas.officer_xb)  # another agency: the document does not exist
    assert client.post(revoke, {"alasan": "x"}).status_code == 404
    client.force_login(personas.officer_xa)
    assert revoke in client.get(staff_page).content.decode()
    answer = client.post(revoke, {"alasan": ""}, follow=True)
    assert "Alasan pencabutan wajib diisi" in answer.content.decode()
    answer = client.post(revoke, {"alasan": "Salah ketik nama"}, follow=True)
    assert answer.redirect_chain[-1][0].startswith(staff_page)
    assert "dicabut" in answer.content.decode()
    page = client.get(reverse("documents:verify-code", args=[document.code])).content.decode()
    assert 'data-status="revoked"' in page and "Salah ketik nama" in page


def test_the_citizens_document_is_on_my_home_with_its_verification_page(client, personas):
    app = ready_application(personas)
    document = app.document
    client.force_login(personas.citizen)
    (section,) = [
        s for s in client.get("/api/v1/me/home").json()["sections"] if s["key"] == "documents"
    ]
    assert section["items"][0]["title"] == document.title
    assert section["items"][0]["url"] == f"/verifikasi/{document.code}/"
