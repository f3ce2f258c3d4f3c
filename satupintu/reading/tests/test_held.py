"""The one-step apply form warns before submitting: a file chosen is held and read (by the
worker, inline here), and the form asks what was found with the NIK and name typed so far.
The model is replaced as in test_workflow.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from satupintu.accounts.models import Role
from satupintu.accounts.tests.factories import make_user
from satupintu.applications.models import Application
from satupintu.applications.tests.factories import NIK, image_bytes, pdf_bytes, upload
from satupintu.applications.tests.test_pages import apply_data
from satupintu.core.ratelimit import Throttled
from satupintu.reading import reader
from satupintu.reading.jobs import purge_held
from satupintu.reading.models import FileReading, HeldReading
from satupintu.reading.tests.test_workflow import KK_KEY, kk_with

OTHER_NIK = "3302010101800003"


def _form(service) -> str:
    return f"/mpp/{service.mpp.slug}/permohonan/{service.code}/"


def _choose(client, service, found, monkeypatch) -> str:
    """The citizen chooses the KK on the form; the page's answer (htmx fragment)."""
    monkeypatch.setattr(reader, "read_document", lambda data, **kw: found)
    answer = client.post(
        f"{_form(service)}berkas/{KK_KEY}/", {f"file_{KK_KEY}": upload("kk.png", image_bytes())}
    )
    assert answer.status_code == 200
    return answer.content.decode()


def _warning(client, service, nik=NIK, name="SITI AMINAH") -> str:
    answer = client.post(f"{_form(service)}berkas/{KK_KEY}/bacaan/", {"nik": nik, "name": name})
    assert answer.status_code == 200
    return answer.content.decode()


@pytest.fixture
def citizen(client, personas):
    client.force_login(personas.citizen)
    return client


def test_a_mismatched_nik_is_warned_before_submitting(storage_dir, monkeypatch, citizen, service):
    held = _choose(citizen, service, kk_with(OTHER_NIK), monkeypatch)
    assert "Sudah diunggah: kk.png" in held
    assert "/bacaan/" in held  # the form asks for the reading next
    page = _warning(citizen, service)
    assert 'data-reading="mismatch"' in page
    assert "NIK pada berkas tidak sama dengan NIK yang Anda isi" in page
    assert not Application.objects.exists()
    assert not FileReading.objects.exists()  # nothing stored for an application yet


def test_a_matching_nik_is_not_warned(
    storage_dir, monkeypatch, citizen, service, django_assert_max_num_queries
):
    _choose(citizen, service, kk_with(NIK), monkeypatch)
    with django_assert_max_num_queries(4):  # asked every second while pending: kept cheap
        page = _warning(citizen, service)
    assert 'data-reading="match"' in page
    assert 'role="alert"' not in page
    # the citizen corrects a typo in the NIK: compared again, now a mismatch
    assert 'data-reading="mismatch"' in _warning(citizen, service, nik=OTHER_NIK)


def test_an_unreadable_photo_is_warned(storage_dir, monkeypatch, citizen, service):
    _choose(citizen, service, reader.Reading(kind="other", text_found=False), monkeypatch)
    assert 'data-reading="unreadable"' in _warning(citizen, service)


def test_pending_asks_again_and_a_failure_leaves_no_hint(
    storage_dir, settings, monkeypatch, citizen, service
):
    settings.READING_WORKER = "thread"
    monkeypatch.setattr("satupintu.reading.services._hand_to_worker", lambda *a, **k: None)
    _choose(citizen, service, kk_with(OTHER_NIK), monkeypatch)
    page = _warning(citizen, service)
    assert 'data-reading="pending"' in page and "load delay:1s" in page
    HeldReading.objects.update(created_at=timezone.now() - dt.timedelta(hours=1))
    page = _warning(citizen, service)  # the worker never answered: no hint, no polling
    assert "data-reading" not in page and "load delay" not in page


def test_a_failing_model_leaves_no_hint(storage_dir, monkeypatch, citizen, service):
    def broken(data, **kwargs):
        raise TimeoutError

    monkeypatch.setattr(reader, "read_document", broken)
    citizen.post(
        f"{_form(service)}berkas/{KK_KEY}/", {f"file_{KK_KEY}": upload("kk.png", image_bytes())}
    )
    assert not HeldReading.objects.exists()
    assert "data-reading" not in _warning(citizen, service)


def test_another_citizens_held_file_is_not_shown(storage_dir, monkeypatch, citizen, service):
    _choose(citizen, service, kk_with(OTHER_NIK), monkeypatch)
    other = Client()
    other.force_login(make_user(Role.CITIZEN, phone="081299990000"))
    assert "data-reading" not in _warning(other, service)


def test_a_refused_file_says_why(storage_dir, citizen, service):
    answer = citizen.post(
        f"{_form(service)}berkas/{KK_KEY}/", {f"file_{KK_KEY}": upload("kk.exe", b"MZ\x90")}
    )
    assert answer.status_code == 200
    assert 'role="alert"' in answer.content.decode()
    assert not HeldReading.objects.exists()


def test_old_held_readings_are_purged(storage_dir, monkeypatch, citizen, service):
    _choose(citizen, service, kk_with(NIK), monkeypatch)
    assert purge_held(timezone.now()) == 0
    assert purge_held(timezone.now() + dt.timedelta(days=2)) == 1


@pytest.mark.parametrize("sent_again", [True, False], ids=["sent-again", "held-only"])
def test_on_submit_the_held_reading_is_taken_over(
    storage_dir, monkeypatch, django_capture_on_commit_callbacks, citizen, service, sent_again
):
    calls = []

    def read(data, **kwargs):
        calls.append(kwargs.get("content_type"))
        return kk_with(OTHER_NIK)

    monkeypatch.setattr(reader, "read_document", read)
    kk = image_bytes()
    citizen.post(f"{_form(service)}berkas/{KK_KEY}/", {f"file_{KK_KEY}": upload("kk.png", kk)})
    files = {"file_p1": upload("lahir.pdf", pdf_bytes())}
    if sent_again:  # the browser still holds the file in its input and sends it with the form
        files[f"file_{KK_KEY}"] = upload("kk.png", kk)
    with django_capture_on_commit_callbacks(execute=True):
        answer = citizen.post(_form(service), apply_data(**files))
    assert answer.status_code == 302
    reading = FileReading.objects.get(file__requirement_key=KK_KEY)
    assert reading.status == "mismatch" and reading.compared
    assert calls.count("image/png") == 1  # the KK read once, while held (and the PDF once)


def _throttle(scope: str, key: str, rate: str) -> None:
    assert (scope, rate) == ("application-hold", "120/h")
    raise Throttled(wait=60)


def test_holding_files_is_rate_limited(storage_dir, monkeypatch, citizen, service):
    monkeypatch.setattr("satupintu.applications.views.check_rate", _throttle)
    answer = citizen.post(
        f"{_form(service)}berkas/{KK_KEY}/", {f"file_{KK_KEY}": upload("kk.png", image_bytes())}
    )
    assert "Terlalu banyak permintaan" in answer.content.decode()
    assert not HeldReading.objects.exists()


def test_a_failed_submit_redraws_the_form_with_the_warning(
    storage_dir, monkeypatch, citizen, service
):
    calls = []

    def read(data, **kwargs):
        calls.append(kwargs.get("content_type"))
        return kk_with(OTHER_NIK)

    monkeypatch.setattr(reader, "read_document", read)
    kk = image_bytes()
    citizen.post(f"{_form(service)}berkas/{KK_KEY}/", {f"file_{KK_KEY}": upload("kk.png", kk)})
    data = apply_data(**{f"file_{KK_KEY}": upload("kk.png", kk)})
    data["phone"] = ""  # an error elsewhere: the form comes back, the files held
    answer = citizen.post(_form(service), data)
    assert answer.status_code == 422
    assert f"berkas/{KK_KEY}/bacaan/" in answer.content.decode()
    assert 'data-reading="mismatch"' in _warning(citizen, service)
    assert calls == ["image/png"]  # the same content is not read again
