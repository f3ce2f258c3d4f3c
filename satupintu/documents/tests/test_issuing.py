"""Completing an application issues its product as a numbered PDF with a QR code."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from satupintu.applications.models import Status
from satupintu.applications.tests.factories import NIK, online_service
from satupintu.documents import numbering, selectors
from satupintu.documents.models import DocumentSettings, IssuedDocument
from satupintu.documents.services import issue_document
from satupintu.documents.tests.factories import ready_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(personas):
    return online_service(personas.counter_xa.booth)


def test_ready_application_gets_a_numbered_pdf_with_a_qr_link(personas, service):
    app = ready_application(personas, service)
    assert app.status == Status.READY
    doc = IssuedDocument.objects.get(application=app)
    year = timezone.now().astimezone(app.mpp.tzinfo).year
    assert doc.number.startswith("0001/AGENCY-A/A50/")
    assert doc.number.endswith(f"/{year}")
    assert doc.holder_nik == NIK and doc.issued_by == personas.officer_xa
    data = selectors.document_bytes(doc)
    assert hashlib.sha256(data).hexdigest() == doc.sha256
    reader = PdfReader(io.BytesIO(data))
    text = reader.pages[0].extract_text()
    assert doc.number in text and "Siti Aminah" in text
    assert "3302********0001" in text and NIK not in text  # the NIK masked on paper too
    assert doc.code in text
    links = [a.get_object()["/A"]["/URI"] for a in reader.pages[0]["/Annots"]]
    assert any(f"/verifikasi/{doc.code}/" in str(uri) for uri in links)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert all("/FontFile2" in f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
               for f in fonts.values())  # fmt: skip
    assert reader.metadata.title.endswith(doc.number)


def test_numbers_are_gap_free_per_agency_and_follow_its_pattern(personas, service):
    DocumentSettings.objects.create(
        agency=service.agency, number_pattern="{agency}-{year}-{seq:03d}", valid_years=5
    )
    first = ready_application(personas, service).document
    second = ready_application(personas, service).document
    year = first.year
    assert [first.number, second.number] == [f"AGENCY-A-{year}-001", f"AGENCY-A-{year}-002"]
    assert first.valid_until == first.issued_at.astimezone(first.mpp.tzinfo).date().replace(
        year=year + 5
    )
    # another agency counts on its own
    other = online_service(personas.counter_xb.booth, code="B50")
    app_b = ready_application(personas, other, officer=personas.officer_xb)
    assert app_b.document.number.startswith("0001/AGENCY-B/B50/")


def test_a_new_year_starts_at_one_and_issuing_twice_gives_the_same_document(personas, service):
    app = ready_application(personas, service)
    doc = app.document
    assert issue_document(application=app, user=None) == doc
    later = dt.datetime(doc.year + 1, 1, 2, 3, tzinfo=dt.UTC)
    assert numbering.next_seq(service.agency_id, later.year) == 1
    assert numbering.next_seq(service.agency_id, doc.year) == 2


def test_a_pattern_without_the_sequence_is_refused():
    from django.core.exceptions import ValidationError

    for bad in ("{agency}/{year}", "{seq:04d}/{nope}"):
        with pytest.raises(ValidationError):
            numbering.check_pattern(bad)
    numbering.check_pattern("{seq:05d}/{agency}/{service}/{month}/{year}")


def test_the_holder_is_told_dokumen_terbit_once(personas, django_capture_on_commit_callbacks):
    from satupintu.notifications.models import Message

    with django_capture_on_commit_callbacks(execute=True):
        document = ready_application(personas).document
    told = Message.objects.filter(event_key=f"document:{document.pk}:issued")
    assert told.count() >= 1 and document.number in told.first().body
    assert told.first().url.endswith("/akun/dokumen/")
