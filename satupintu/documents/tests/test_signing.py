"""With the MPP's chain set up, issued documents are signed PAdES-B-LT by the local
provider (RFC 3161 timestamp from the MPP's TSA, chain and CRL in the DSS); pyHanko's
validator accepts the issued bytes and refuses one changed byte; B-T is accepted too."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import requests
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator import ValidationContext

from satupintu.documents import selectors
from satupintu.documents.signing import check, local, trust_services
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
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted  # B-T
    reader = PdfFileReader(io.BytesIO(data))
    dss = DocumentSecurityStore.read_dss(reader)  # B-LT: the chain and the CA's CRL
    assert len(dss.crls) == 1 and len(list(dss.load_certs())) >= 2
    lt = dss.as_validation_context(
        {"trust_roots": roots, "allow_fetching": False, "revocation_mode": "hard-fail"}
    )
    assert validate_pdf_signature(reader.embedded_signatures[0], lt).bottom_line


def test_verification_reports_the_signature_and_a_changed_byte_breaks_it(client, signing, personas):
    document = ready_application(personas).document
    data = selectors.document_bytes(document)
    body = client.get(f"/api/v1/documents/verify/{document.code}").json()
    assert body["status"] == "valid" and body["signature_valid"] is True
    assert body["signer"].endswith("Penerbit Dokumen") and body["signed_at"]
    assert body["signature_level"] == "B-LT" and body["timestamped_at"]
    post = lambda b: client.post(  # noqa: E731
        "/api/v1/documents/verify", {"file": SimpleUploadedFile("d.pdf", b)}
    ).json()
    assert post(data)["signature_valid"] is True
    altered = post(changed_one_byte(data))
    assert altered["status"] == "altered" and altered["signature_valid"] is False
    page = client.get(f"/verifikasi/{document.code}/").content.decode()
    assert "Tanda tangan elektronik" in page and "Sah:" in page and "PAdES B-LT" in page


def test_a_b_lt_signature_still_validates_after_its_crl_expired(signing, personas):
    document = ready_application(personas).document
    data = selectors.document_bytes(document)
    roots = LocalSigner(personas.mpp_x.slug).trust_roots()
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=60)):
        later = check.check_signature(data, roots)
    assert later.valid and later.level == "B-LT"


def test_a_b_t_signature_is_accepted(signing, personas):
    """Timestamped, no DSS: the TSA's time, level B-T, valid."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    base = local.folder(personas.mpp_x.slug)
    signer = signers.SimpleSigner.load(str(base / local.SIGNER_KEY), str(base / local.SIGNER_CERT))
    out = io.BytesIO()
    blank = _one_page()
    signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(blank)),
        signers.PdfSignatureMetadata(field_name="S", subfilter=SigSeedSubFilter.PADES),
        signer=signer,
        timestamper=local.timestamper(personas.mpp_x.slug),
        output=out,
    )
    result = check.check_signature(out.getvalue(), LocalSigner(personas.mpp_x.slug).trust_roots())
    assert result.valid and result.level == "B-T" and result.timestamped_at is not None
    unstamped = check.check_signature(blank, [])
    assert not unstamped.signed


def test_the_loopback_tsa_and_crl_answer_over_http(signing, settings, personas):
    server, _ = trust_services.serve(0)
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        settings.DOCUMENT_TSA_URL = base
        document = ready_application(personas).document
        data = selectors.document_bytes(document)
        result = check.check_signature(data, LocalSigner(personas.mpp_x.slug).trust_roots())
        assert result.valid and result.level == "B-LT"
        crl = requests.get(f"{base}/crl/{personas.mpp_x.slug}.crl", timeout=5)
        assert crl.status_code == 200 and crl.headers["Content-Type"] == "application/pkix-crl"
        bad = requests.post(f"{base}/tsa/{personas.mpp_x.slug}", data=b"junk", timeout=5)
        assert bad.status_code == 400
        assert requests.get(f"{base}/tsa/nowhere", timeout=5).status_code == 404
    finally:
        server.shutdown()
        server.server_close()


def _one_page() -> bytes:
    from fpdf import FPDF

    sheet = FPDF()
    sheet.add_page()
    sheet.set_font("helvetica")
    sheet.cell(text="Surat keterangan")
    return bytes(sheet.output())
