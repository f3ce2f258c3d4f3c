"""Several uploads read at once (both databases): citizens upload together, each upload's
commit hands its file to the process's reading worker, and each reading lands on its own
file; none is lost; a file whose reading fails keeps no hint and its application is as it
was. The model is replaced by a slow fake (the OCR itself is test_offline.py's), so the
uploads, the queue and the worker's writes overlap."""

from __future__ import annotations

import time
from io import BytesIO

import pytest
from PIL import Image

from satupintu.applications import services
from satupintu.applications.files import HeldFile
from satupintu.applications.models import ApplicationFile
from satupintu.applications.models import Status as ApplicationStatus
from satupintu.applications.tests.factories import NIK, draft, image_bytes, upload
from satupintu.core.tests.concurrency import run_concurrently
from satupintu.reading import reader, selectors
from satupintu.reading import services as reading_services
from satupintu.reading.models import FileReading, HeldReading, Status
from satupintu.reading.tests.test_workflow import KK_KEY, kk_with

pytestmark = pytest.mark.django_db(transaction=True)

UPLOADS = 6
FAILING = {2, 5}  # these uploads' readings fail (the model crashed on them)


def _png(number: int) -> bytes:
    """A PNG of its own for each upload: the fake model tells them apart by its width (the
    upload check stores images re-encoded, so not by their bytes)."""
    out = BytesIO()
    Image.new("RGB", (40 + number, 30), (number * 20 % 255, 90, 120)).save(out, "PNG")
    return out.getvalue()


def _wait_until_read(file_ids: list[int], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pending = FileReading.objects.filter(file_id__in=file_ids, status=Status.PENDING)
        if not pending.exists() and reading_services._queue.unfinished_tasks == 0:
            return
        time.sleep(0.05)
    raise AssertionError("readings still pending")


def test_uploads_read_at_once_each_land_on_their_own_file(
    storage_dir, settings, monkeypatch, personas, service
):
    settings.READING_WORKER = "thread"
    read_nik = {i: f"330201450190{i + 2:04d}" for i in range(UPLOADS)}

    def slow_model(data: bytes, **kwargs) -> reader.Reading:
        with Image.open(BytesIO(data)) as image:
            number = image.width - 40
        time.sleep(0.02)  # long enough for the next uploads to queue behind it
        if number in FAILING:
            raise RuntimeError("model crashed")
        return kk_with(read_nik[number])

    monkeypatch.setattr(reader, "read_document", slow_model)
    assert image_bytes("PNG")  # the factory's own image is valid too; ours differ by size
    for _round in range(3):
        applications = [draft(personas.citizen, service) for _ in range(UPLOADS)]

        def add(i: int, applications=applications) -> ApplicationFile:
            return services.add_file(
                user=personas.citizen,
                application=applications[i],
                requirement=KK_KEY,
                upload=upload(f"kk-{i}.png", _png(i)),
            )

        results = run_concurrently(add, workers=UPLOADS)
        assert all(isinstance(r, ApplicationFile) for r in results), results
        _wait_until_read([r.pk for r in results])
        for i, item in enumerate(results):
            application = applications[i]
            application.refresh_from_db()
            assert application.status == ApplicationStatus.DRAFT
            assert application.applicant_nik == NIK
            assert ApplicationFile.objects.get(pk=item.pk).storage_name == item.storage_name
            reading = FileReading.objects.filter(file=item).first()
            if i in FAILING:
                assert reading is None  # no hint, nothing else changed
            else:
                assert reading is not None, f"upload {i} was not read"
                assert reading.nik == read_nik[i]  # its own file's number
                assert reading.status == Status.MISMATCH  # not the applicant's NIK
        assert FileReading.objects.filter(file__in=results).count() == UPLOADS - len(FAILING)


def test_one_file_read_twice_at_once_keeps_one_reading(
    storage_dir, settings, monkeypatch, personas, service, django_capture_on_commit_callbacks
):
    """Two processes' workers (a restart's re-queue and the first worker) may read one file
    at the same moment: one row, with the verdict."""
    settings.READING_WORKER = "off"
    monkeypatch.setattr(reader, "read_document", lambda data, **kw: kk_with(NIK))
    for _round in range(5):
        application = draft(personas.citizen, service)
        item = services.add_file(
            user=personas.citizen,
            application=application,
            requirement=KK_KEY,
            upload=upload("kk.png", _png(0)),
        )
        FileReading.objects.create(file=item, mpp_id=item.mpp_id)
        results = run_concurrently(lambda i, pk=item.pk: reading_services.read_file(file_id=pk), 3)
        assert all(isinstance(r, FileReading) for r in results), results
        assert FileReading.objects.get(file=item).status == Status.MATCH


def test_files_held_at_once_by_apply_forms_each_get_their_own_reading(
    storage_dir, settings, monkeypatch, personas, service
):
    """Citizens choose their KK on the apply form at the same moment (before submitting):
    each held file is read by the same worker as the uploads, onto its own held reading;
    a failed one leaves none (the form then shows no hint)."""
    settings.READING_WORKER = "thread"
    read_nik = {i: f"330201450190{i + 2:04d}" for i in range(UPLOADS)}

    def slow_model(data: bytes, **kwargs) -> reader.Reading:
        with Image.open(BytesIO(data)) as image:
            number = image.width - 40
        time.sleep(0.02)
        if number in FAILING:
            raise RuntimeError("model crashed")
        return kk_with(read_nik[number])

    monkeypatch.setattr(reader, "read_document", slow_model)
    mpp = service.mpp
    version = services.online_service(mpp, service.code).current
    for _round in range(3):

        def hold(i: int) -> HeldFile:
            return services.hold_upload(
                mpp=mpp,
                version=version,
                requirement=KK_KEY,
                upload=upload(f"kk-{i}.png", _png(i)),
                before=None,
            )

        results = run_concurrently(hold, workers=UPLOADS)
        assert all(isinstance(r, HeldFile) for r in results), results
        names = [r.storage_name for r in results]
        deadline = time.monotonic() + 30
        while HeldReading.objects.filter(storage_name__in=names, found__isnull=True).exists():
            assert time.monotonic() < deadline, "held readings still pending"
            time.sleep(0.05)
        for i, name in enumerate(names):
            shown = selectors.held_file_reading(
                storage_name=name, typed_nik=NIK, typed_name="SITI AMINAH"
            )
            if i in FAILING:
                assert shown is None
            else:
                assert shown is not None and shown.nik == read_nik[i]
                assert shown.status == Status.MISMATCH
        assert HeldReading.objects.filter(storage_name__in=names).count() == UPLOADS - len(FAILING)
