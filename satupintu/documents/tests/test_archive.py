"""Archive retention: files past their retention class are destroyed by `purge_archive`,
the record that they existed stays, and a purged document still answers verification
(its record, without the PDF). Time is moved with time-machine."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from satupintu.applications import files
from satupintu.applications import services as applications
from satupintu.applications.models import Handover
from satupintu.documents import archive, selectors
from satupintu.documents.models import ArchiveKind, ArchiveRecord, Disposition, RetentionRule
from satupintu.documents.tests.factories import ready_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(personas):
    application = ready_application(personas)
    return applications.hand_over(
        user=personas.officer_xa, application=application, method=Handover.PICKUP, recipient="Siti"
    )


def purge(*args: str) -> dict:
    out = io.StringIO()
    call_command("purge_archive", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def years_later(years: int, days: int = 0) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=365 * years + years // 4 + 1 + days)


def test_uploads_are_kept_two_years_by_default_then_purged_with_a_record(completed):
    uploads = list(completed.files.all())
    assert uploads and all(files.storage().exists(f.storage_name) for f in uploads)
    with time_machine.travel(years_later(1), tick=False):
        assert purge()["count"] == 0  # still within 1 + 1 years
    with time_machine.travel(years_later(2, days=2), tick=False):
        listed = purge("--dry-run")
        assert listed["dry_run"] and listed["count"] == len(uploads)
        assert all(files.storage().exists(f.storage_name) for f in uploads)  # nothing yet
        assert not ArchiveRecord.objects.exists()
        done = purge()
    assert done["count"] == len(uploads)
    assert {f["sha256"] for f in done["files"]} == {f.sha256 for f in uploads}
    assert not any(files.storage().exists(f.storage_name) for f in uploads)
    record = ArchiveRecord.objects.filter(kind=ArchiveKind.UPLOAD).first()
    assert record.reference == completed.tracking_number
    assert record.owner_name == completed.applicant_name
    assert record.file_removed_at is not None and "UU 43/2009" in record.basis
    with time_machine.travel(years_later(3), tick=False):
        assert purge()["count"] == 0  # never twice


def test_files_of_open_applications_are_kept(personas):
    application = ready_application(personas)  # ready, not handed over
    done = archive.purge_archive(now=years_later(30))
    assert {d.kind for d in done} == {ArchiveKind.DOCUMENT}  # its document's copy, past 10 years
    assert all(files.storage().exists(f.storage_name) for f in application.files.all())


def test_a_purged_document_still_answers_verification_without_its_pdf(client, completed):
    document = completed.document
    issued = selectors.document_bytes(document)
    RetentionRule.objects.create(
        kind=ArchiveKind.DOCUMENT,
        agency=document.agency,
        active_years=0,
        inactive_years=1,
        basis="JRA uji butir 500.1",
    )
    with time_machine.travel(years_later(1, days=2), tick=False):
        done = purge()
    assert [f["reference"] for f in done["files"] if f["kind"] == "document"] == [document.number]
    document.refresh_from_db()
    assert document.purged_at is not None
    assert not files.storage().exists(document.storage_name)
    record = document.archive_record
    assert (record.sha256, record.title, record.basis) == (
        document.sha256,
        document.title,
        "JRA uji butir 500.1",
    )
    answer = client.get(f"/api/v1/documents/verify/{document.code}").json()
    assert answer["status"] == "valid" and answer["number"] == document.number
    assert answer["purged_at"] and answer["document_url"] is None
    page = client.get(reverse("documents:verify-code", args=[document.code])).content.decode()
    assert "Dimusnahkan" in page and reverse("documents:download", args=[document.code]) not in page
    assert client.get(reverse("documents:download", args=[document.code])).status_code == 404
    # a copy the holder kept still matches the register's SHA-256
    copy = client.post(
        "/api/v1/documents/verify", {"file": SimpleUploadedFile("d.pdf", issued)}
    ).json()
    assert copy["status"] == "valid" and copy["bytes_match"] is True


def test_the_most_specific_rule_wins_and_permanent_is_never_purged(completed):
    service = completed.service
    RetentionRule.objects.create(
        kind=ArchiveKind.UPLOAD,
        agency=service.agency,
        active_years=0,
        inactive_years=1,
        basis="JRA instansi",
    )
    RetentionRule.objects.create(
        kind=ArchiveKind.UPLOAD,
        service=service,
        requirement_key="p1",
        active_years=5,
        inactive_years=5,
        disposition=Disposition.PERMANENT,
        basis="JRA instansi, berkas p1 permanen",
    )
    with time_machine.travel(years_later(1, days=2), tick=False):
        done = purge()
    uploads = {f.requirement_key: f for f in completed.files.all()}
    assert {f["id"] for f in done["files"]} == {uploads["p2"].pk}
    assert files.storage().exists(uploads["p1"].storage_name)
    assert done["files"][0]["basis"] == "JRA instansi"


def test_an_officer_asking_for_a_purged_upload_gets_a_clear_answer(client, personas, completed):
    item = completed.files.first()
    archive.purge_archive(now=years_later(2, days=2))
    client.force_login(personas.officer_xa)
    answer = client.get(reverse("applications:download", args=[completed.public_id, item.pk]))
    assert answer.status_code == 404
    assert "dimusnahkan" in answer.content.decode()
