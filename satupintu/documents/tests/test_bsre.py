"""BSrE's eSign Client as the signer: documents wait for the signing officer, who signs
them through the API (v1 multipart, v2 JSON) of the local simulator on loopback, which
really signs. Refusals, a timeout after sending, and the passphrase kept out of logs and
the database."""

from __future__ import annotations

import io
import logging

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from satupintu.documents import selectors
from satupintu.documents.models import SigningStatus
from satupintu.documents.signatures import sign_document
from satupintu.documents.signing import bsre_simulator, check, local
from satupintu.documents.signing.bsre import Credentials
from satupintu.documents.tests.factories import ready_application
from satupintu.documents.tests.test_verification import changed_one_byte

pytestmark = pytest.mark.django_db

NIK, SECRET = "3302011501800001", "Rahasia-Penandatangan-77"


@pytest.fixture
def simulator(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    sim = bsre_simulator.Simulator(users={NIK: SECRET}, client=("satupintu", "kunci-klien"))
    server, _ = bsre_simulator.serve(sim)
    settings.DOCUMENT_SIGNER = "bsre"
    settings.DOCUMENT_BSRE_URL = f"http://127.0.0.1:{server.server_port}"
    settings.DOCUMENT_BSRE_USER, settings.DOCUMENT_BSRE_PASSWORD = "satupintu", "kunci-klien"
    settings.DOCUMENT_BSRE_TRUST_ROOTS = str(local.folder(bsre_simulator.SLUG) / local.CA_CERT)
    settings.DOCUMENT_BSRE_API_VERSION = 2
    yield sim
    server.shutdown()
    server.server_close()


def test_a_document_waits_for_the_officer_then_verifies_signed(client, simulator, personas):
    document = ready_application(personas).document
    assert document.signer == "bsre" and document.signing_status == SigningStatus.PENDING
    before = client.get(f"/api/v1/documents/verify/{document.code}").json()
    assert before["status"] == "valid" and before["signature_valid"] is None
    signed = sign_document(
        user=personas.officer_xa, document=document, credentials=Credentials(NIK, SECRET)
    )
    assert signed.signing_status == SigningStatus.SIGNED and simulator.calls == 1
    data = selectors.document_bytes(signed)
    result = check.check_signature(data, bsre_simulator.trust_roots())
    assert (
        result.valid
        and result.level == "B-LT"
        and result.signer == "Simulator BSrE Penerbit Dokumen"
    )
    body = client.post(
        "/api/v1/documents/verify", {"file": SimpleUploadedFile("d.pdf", data)}
    ).json()
    assert body["status"] == "valid" and body["signature_valid"] is True and body["bytes_match"]
    altered = client.post(
        "/api/v1/documents/verify", {"file": SimpleUploadedFile("d.pdf", changed_one_byte(data))}
    ).json()
    assert altered["status"] == "altered" and altered["signature_valid"] is False


def test_the_v1_multipart_api_signs_too(settings, simulator, personas):
    settings.DOCUMENT_BSRE_API_VERSION = 1
    document = ready_application(personas).document
    signed = sign_document(
        user=personas.officer_xa, document=document, credentials=Credentials(NIK, SECRET)
    )
    data = selectors.document_bytes(signed)
    assert check.check_signature(data, bsre_simulator.trust_roots()).valid


def test_a_wrong_passphrase_is_refused_and_the_document_waits_again(simulator, personas):
    document = ready_application(personas).document
    with pytest.raises(ValidationError, match="Passphrase anda salah"):
        sign_document(
            user=personas.officer_xa, document=document, credentials=Credentials(NIK, "salah")
        )
    document.refresh_from_db()
    assert document.signing_status == SigningStatus.PENDING and simulator.calls == 1


def test_an_officer_of_another_agency_may_not_sign(simulator, personas):
    from django.core.exceptions import PermissionDenied

    document = ready_application(personas).document
    with pytest.raises(PermissionDenied):
        sign_document(
            user=personas.officer_xb, document=document, credentials=Credentials(NIK, SECRET)
        )
    assert simulator.calls == 0


def test_a_timeout_after_sending_leaves_it_unknown_and_is_never_retried(
    settings, simulator, personas
):
    settings.DOCUMENT_BSRE_TIMEOUT = 0.5
    simulator.hang = 1.5
    document = ready_application(personas).document
    with pytest.raises(ValidationError, match="belum pasti"):
        sign_document(
            user=personas.officer_xa, document=document, credentials=Credentials(NIK, SECRET)
        )
    document.refresh_from_db()
    assert document.signing_status == SigningStatus.UNKNOWN and simulator.calls == 1
    simulator.hang = 0
    with pytest.raises(ValidationError, match="belum pasti"):  # not without a decision
        sign_document(
            user=personas.officer_xa, document=document, credentials=Credentials(NIK, SECRET)
        )
    assert simulator.calls == 1
    settings.DOCUMENT_BSRE_TIMEOUT = 30
    again = sign_document(
        user=personas.officer_xa,
        document=document,
        credentials=Credentials(NIK, SECRET),
        again=True,
    )
    assert again.signing_status == SigningStatus.SIGNED and simulator.calls == 2


def test_no_signing_service_reachable_changes_nothing(settings, simulator, personas):
    settings.DOCUMENT_BSRE_URL = "http://127.0.0.1:9"  # discard port: nobody listens
    document = ready_application(personas).document
    with pytest.raises(ValidationError, match="tidak dapat dihubungi"):
        sign_document(
            user=personas.officer_xa, document=document, credentials=Credentials(NIK, SECRET)
        )
    document.refresh_from_db()
    assert document.signing_status == SigningStatus.PENDING


def test_the_passphrase_is_in_no_log_and_no_table(caplog, simulator, personas):
    caplog.set_level(logging.DEBUG)
    document = ready_application(personas).document
    credentials = Credentials(NIK, SECRET)
    assert SECRET not in repr(credentials)
    with pytest.raises(ValidationError):
        sign_document(
            user=personas.officer_xa, document=document, credentials=Credentials(NIK, "salah-1")
        )
    sign_document(user=personas.officer_xa, document=document, credentials=credentials)
    logged = "\n".join(r.getMessage() + repr(r.args) for r in caplog.records)
    assert caplog.records and SECRET not in logged and "salah-1" not in logged
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert SECRET not in dump.getvalue() and "salah-1" not in dump.getvalue()
