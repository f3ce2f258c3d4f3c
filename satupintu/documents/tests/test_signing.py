"""With the MPP's chain set up, issued documents are signed PAdES-B-B by the local
provider; pyHanko's validator accepts the issued bytes and refuses one changed byte."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from satupintu.documents import selectors
from satupintu.documents.signing.local import LocalSigner, is_set_up
from satupintu.documents.tests.factories import ready_application
from satupintu.documents.tests.test_verification import changed_one_byte

pytestmark = pytest.mark.django_db


@pytest.fixture
def signing(settings, tmp_path, personas):
    settings.DATA_DIR = tmp_path
    out = io.StringIO()
    call_command("setup_document_signing", personas.mpp_x.slug, stdout=out)
    assert "written" in out.getvalue() and is_set_up(personas.mpp_x.slug)
    call_command("setup_document_signing", personas.mpp_x.slug, stdout=out)
    assert "already set up" in out.getvalue()


def test_the_issued_pdf_is_signed_and_validates_with_pyhanko(signing, personas):
    document = ready_application(personas).document
    assert document.signer == "local"
    data = selectors.document_bytes(document)
    sig = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    roots = LocalSigner(personas.mpp_x.slug).trust_roots()
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=roots))
    assert status.bottom_line and status.intact and status.valid and status.trusted


def test_verification_reports_the_signature_and_a_changed_byte_breaks_it(client, signing, personas):
    document = ready_application(personas).document
    data = selectors.document_bytes(document)
    body = client.get(f"/api/v1/documents/verify/{document.code}").json()
    assert body["status"] == "valid" and body["signature_valid"] is True
    assert body["signer"].endswith("Penerbit Dokumen") and body["signed_at"]
    post = lambda b: client.post(  # noqa: E731
        "/api/v1/documents/verify", {"file": SimpleUploadedFile("d.pdf", b)}
    ).json()
    assert post(data)["signature_valid"] is True
    altered = post(changed_one_byte(data))
    assert altered["status"] == "altered" and altered["signature_valid"] is False
    page = client.get(f"/verifikasi/{document.code}/").content.decode()
    assert "Tanda tangan elektronik" in page and "Sah:" in page


def test_without_a_chain_documents_are_issued_unsigned(settings, tmp_path, client, personas):
    settings.DATA_DIR = tmp_path
    document = ready_application(personas).document
    assert document.signer == ""
    body = client.get(f"/api/v1/documents/verify/{document.code}").json()
    assert body["signature_valid"] is None and body["signer"] is None
