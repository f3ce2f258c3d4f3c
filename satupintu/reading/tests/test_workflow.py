"""Reading in the workflow: an upload is read after its commit; the verdict is on the
officer's screen, in the citizen's draft and in the API; a failed or slow model leaves the
application as it was. The model itself is replaced here (test_offline.py runs it)."""

from __future__ import annotations

import datetime as dt

import pytest

from satupintu.applications import services
from satupintu.applications.models import Status as ApplicationStatus
from satupintu.applications.tests.factories import (
    NIK,
    draft,
    image_bytes,
    upload,
)
from satupintu.reading import cards, reader
from satupintu.reading.models import FileReading, Status

KK_KEY = "p2"  # "KK orang tua" in the applications factory's service


def kk_with(*niks: str) -> reader.Reading:
    members = [
        cards.Member(nik=n, name="SITI AMINAH", birth_date=dt.date(1990, 1, 5)) for n in niks
    ]
    return reader.Reading(kind="kk", fields=cards.CardFields(members=members), text_found=True)


def uploaded(monkeypatch, django_capture_on_commit_callbacks, personas, service, found):
    monkeypatch.setattr(reader, "read_document", lambda data, **kw: found)
    application = draft(personas.citizen, service)
    with django_capture_on_commit_callbacks(execute=True):
        item = services.add_file(
            user=personas.citizen,
            application=application,
            requirement=KK_KEY,
            upload=upload("kk.png", image_bytes("PNG")),
        )
    return application, item


def test_a_kk_with_the_applicants_nik_matches(
    storage_dir, monkeypatch, django_capture_on_commit_callbacks, personas, service
):
    _app, item = uploaded(
        monkeypatch, django_capture_on_commit_callbacks, personas, service, kk_with(NIK)
    )
    reading = FileReading.objects.get(file=item)
    assert reading.status == Status.MATCH
    assert (reading.kind, reading.expected_kind, reading.compared) == ("kk", "kk", True)
    assert reading.checks == {"nik": "match", "name": "match", "birth_date": "match"}


def test_a_mismatch_is_shown_to_the_citizen_and_the_officer(
    storage_dir, monkeypatch, django_capture_on_commit_callbacks, client, personas, service
):
    application, _item = uploaded(
        monkeypatch,
        django_capture_on_commit_callbacks,
        personas,
        service,
        kk_with("3302010101800003"),
    )
    client.force_login(personas.citizen)
    page = client.get(f"/permohonan/{application.public_id}/").content.decode()
    assert 'data-reading="mismatch"' in page
    assert "NIK pada berkas tidak sama dengan NIK yang Anda isi" in page
    with django_capture_on_commit_callbacks(execute=True):
        services.add_file(
            user=personas.citizen,
            application=application,
            requirement="p1",
            upload=upload("lahir.pdf"),
        )
    services.submit_application(user=personas.citizen, application=application)
    client.force_login(personas.officer_xa)
    staff = client.get(f"/staf/permohonan/{application.public_id}/").content.decode()
    assert 'data-reading="mismatch"' in staff
    assert "3302********0003" in staff  # the NIK read, masked like the applicant's
    assert "3302010101800003" not in staff


def test_the_api_shows_each_files_reading(
    storage_dir, monkeypatch, django_capture_on_commit_callbacks, client, personas, service
):
    application, _item = uploaded(
        monkeypatch, django_capture_on_commit_callbacks, personas, service, kk_with(NIK)
    )
    client.force_login(personas.citizen)
    body = client.get(f"/api/v1/applications/{application.public_id}").json()
    files = {r["key"]: r["file"] for r in body["requirements"]}
    assert files[KK_KEY]["reading"] == {
        "status": "match",
        "kind": "kk",
        "expected_kind": "kk",
        "wrong_kind": False,
        "nik": "3302********0001",
        "name": "SITI AMINAH",
        "birth_date": "1990-01-05",
        "checks": {"nik": "match", "name": "match", "birth_date": "match"},
    }
    assert files["p1"] is None


def test_a_ktp_uploaded_for_the_kk_is_the_wrong_document(
    storage_dir, monkeypatch, django_capture_on_commit_callbacks, client, personas, service
):
    ktp = reader.Reading(
        kind="ktp", fields=cards.CardFields(nik=NIK, name="SITI AMINAH"), text_found=True
    )
    application, item = uploaded(
        monkeypatch, django_capture_on_commit_callbacks, personas, service, ktp
    )
    reading = FileReading.objects.get(file=item)
    assert reading.wrong_kind
    assert (reading.status, reading.checks["kind"]) == ("mismatch", "mismatch")
    client.force_login(personas.citizen)
    page = client.get(f"/permohonan/{application.public_id}/").content.decode()
    assert "Berkas ini tampaknya KTP-el, bukan Kartu Keluarga" in page


@pytest.mark.parametrize("failure", [TimeoutError(), RuntimeError("model crashed")])
def test_a_failing_model_leaves_the_application_as_it_was(
    storage_dir, monkeypatch, django_capture_on_commit_callbacks, personas, service, failure
):
    def broken(data, **kwargs):
        raise failure

    monkeypatch.setattr(reader, "read_document", broken)
    application = draft(personas.citizen, service)
    with django_capture_on_commit_callbacks(execute=True):
        item = services.add_file(
            user=personas.citizen,
            application=application,
            requirement=KK_KEY,
            upload=upload("kk.png", image_bytes("PNG")),
        )
    assert not FileReading.objects.filter(file=item).exists()  # no hint, nothing else
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.files.get(pk=item.pk).storage_name == item.storage_name


def test_the_worker_is_off_in_other_tests(
    monkeypatch, django_capture_on_commit_callbacks, settings, personas, service
):
    settings.READING_WORKER = "off"
    monkeypatch.setattr(reader, "read_document", pytest.fail)
    application = draft(personas.citizen, service)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_file(
            user=personas.citizen, application=application, requirement="p1", upload=upload()
        )
    assert not FileReading.objects.exists()
