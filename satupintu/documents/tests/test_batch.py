"""One act signs a batch: the officer authenticates again on the signing page, the batch
runs as a task (its arguments hold the batch id, never the passphrase) and the page shows
its progress."""

from __future__ import annotations

import pytest
from django.tasks import default_task_backend

from satupintu.applications.tests.factories import online_service
from satupintu.documents.models import SigningBatch, SigningStatus
from satupintu.documents.signatures import run_signing_batch
from satupintu.documents.tests.factories import ready_application
from satupintu.documents.tests.test_bsre import NIK, SECRET, simulator  # noqa: F401

pytestmark = pytest.mark.django_db


def _documents(personas, n):
    service = online_service(personas.counter_xa.booth)
    return [ready_application(personas, service).document for _ in range(n)]


def test_the_officer_signs_a_batch_and_sees_it_finished(
    client,
    simulator,  # noqa: F811
    personas,
    django_capture_on_commit_callbacks,
):
    documents = _documents(personas, 3)
    client.force_login(personas.officer_xa)
    page = client.get("/staf/dokumen/tanda-tangan/")
    assert page.status_code == 200 and all(d.number in page.content.decode() for d in documents)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staf/dokumen/tanda-tangan/",
            {"dokumen": [d.code for d in documents], "nik": NIK, "passphrase": SECRET},
        )
    batch = SigningBatch.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{batch.pk}/")
    assert (batch.state, batch.done, batch.total) == ("finished", 3, 3)  # immediate backend
    for d in documents:
        d.refresh_from_db()
        assert d.signing_status == SigningStatus.SIGNED
    progress = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "3 dari 3 dokumen ditandatangani" in progress and 'value="100"' in progress
    assert (
        "Tidak ada dokumen yang menunggu"
        in client.get("/staf/dokumen/tanda-tangan/").content.decode()
    )


def test_a_wrong_passphrase_stops_the_batch_after_one_call(
    client,
    simulator,  # noqa: F811
    personas,
    django_capture_on_commit_callbacks,
):
    documents = _documents(personas, 3)
    client.force_login(personas.officer_xa)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/staf/dokumen/tanda-tangan/",
            {"dokumen": [d.code for d in documents], "nik": NIK, "passphrase": "keliru"},
        )
    batch = SigningBatch.objects.get()
    assert batch.state == "stopped" and "Passphrase anda salah" in batch.message
    assert simulator.calls == 1 and (batch.done, batch.failed) == (0, 1)


def test_the_task_queue_holds_the_batch_id_only(
    settings,
    client,
    simulator,  # noqa: F811
    personas,
    django_capture_on_commit_callbacks,
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    documents = _documents(personas, 2)
    client.force_login(personas.officer_xa)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/staf/dokumen/tanda-tangan/",
            {"dokumen": [d.code for d in documents], "nik": NIK, "passphrase": SECRET},
        )
    batch = SigningBatch.objects.get()
    queued = default_task_backend.results
    assert [r.args for r in queued] == [[batch.pk]] and SECRET not in repr(queued)
    assert run_signing_batch.call(batch.pk) == "finished"  # the worker picks it up
    batch.refresh_from_db()
    assert batch.done == 2


def test_a_batch_needs_credentials_and_a_waiting_document(client, simulator, personas):  # noqa: F811
    documents = _documents(personas, 1)
    client.force_login(personas.officer_xa)
    empty = client.post("/staf/dokumen/tanda-tangan/", {"nik": NIK, "passphrase": SECRET})
    assert empty.status_code == 422 and "Pilih dokumen" in empty.content.decode()
    bare = client.post("/staf/dokumen/tanda-tangan/", {"dokumen": [documents[0].code]})
    assert bare.status_code == 422 and "passphrase" in bare.content.decode()
    client.force_login(personas.officer_xb)  # another agency: nothing of theirs waits
    other = client.post(
        "/staf/dokumen/tanda-tangan/",
        {"dokumen": [documents[0].code], "nik": NIK, "passphrase": SECRET},
    )
    assert other.status_code == 422 and simulator.calls == 0
    client.force_login(personas.citizen)
    assert client.get("/staf/dokumen/tanda-tangan/").status_code == 403
