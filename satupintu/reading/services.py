"""The reading's writes: queue an uploaded file, read it in the task worker, store what was
found. A failure or a time-out of the model removes the pending row and nothing else: the
application stays as it was, only without the hint.

Where the reading runs is settings.READING_WORKER: "thread" (default: one background
thread per process, so never inside a request, the model loaded once), "inline" (right
after the commit, for tests and the command line) or "off".
"""

from __future__ import annotations

import logging
import queue
import threading
import time

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from satupintu.applications import files as file_store
from satupintu.applications.models import ApplicationFile
from satupintu.applications.services import requirement_key
from satupintu.reading import reader
from satupintu.reading.models import FileReading, HeldReading, Status

logger = logging.getLogger("satupintu.reading")

# ("file", ApplicationFile id) or ("held", HeldReading id)
_queue: queue.Queue[tuple[str, int]] = queue.Queue()
_worker_lock = threading.Lock()
_worker: threading.Thread | None = None


def queue_reading(sender=None, *, file: ApplicationFile, **kwargs) -> FileReading | None:
    """After an upload's commit: a pending reading for the file, handed to the worker."""
    mode = getattr(settings, "READING_WORKER", "thread")
    if mode == "off":
        return None
    taken = _take_over_held(file)
    if taken is not None:
        return taken
    reading, _created = FileReading.objects.get_or_create(
        file=file, defaults={"mpp_id": file.mpp_id}
    )
    if mode == "inline":
        read_file(file_id=file.pk)
    else:
        _hand_to_worker(file.pk)
    return reading


def _take_over_held(file: ApplicationFile) -> FileReading | None:
    """The reading of the same content read while the apply form held it (same MPP, same
    SHA-256), judged against the application's NIK and name: the file is not read twice."""
    held = (
        HeldReading.objects.filter(mpp_id=file.mpp_id, sha256=file.sha256, found__isnull=False)
        .order_by("-pk")
        .first()
    )
    if held is None or held.found is None or not file.sha256:
        return None
    application = file.application
    values = reader.judge(
        reader.from_dict(held.found),
        requirement=_requirement_name(file),
        typed_nik=application.applicant_nik,
        typed_name=application.applicant_name,
    )
    reading, _created = FileReading.objects.update_or_create(
        file=file,
        defaults={
            "mpp_id": file.mpp_id,
            **values,
            "seconds": float(held.found.get("seconds", 0)),
            "read_at": held.read_at or timezone.now(),
        },
    )
    return reading


def _hand_to_worker(file_id: int, *, what: str = "file") -> None:
    global _worker
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, name="satupintu-reading", daemon=True)
            _worker.start()
    _queue.put((what, file_id))


def _work() -> None:
    while True:
        what, file_id = _queue.get()
        close_old_connections()
        try:
            if what == "held":
                read_held(held_id=file_id)
            else:
                read_file(file_id=file_id)
        except Exception:  # the worker must outlive one bad file
            logger.exception("reading %s %s failed", what, file_id)
        finally:
            close_old_connections()
            _queue.task_done()


def _requirement_name(item: ApplicationFile) -> str:
    for requirement in item.application.version.requirements.all():
        if requirement_key(requirement) == item.requirement_key:
            return requirement.name
    return ""


def read_file(*, file_id: int, timeout: float | None = None) -> FileReading | None:
    """Read one stored file and record the verdict; None when the file is gone or the
    reading failed (its pending row is then removed)."""
    item = ApplicationFile.objects.select_related("application__version").filter(pk=file_id).first()
    if item is None:
        return None
    timeout = timeout if timeout is not None else settings.READING_TIMEOUT_SECONDS
    started = time.perf_counter()
    try:
        with file_store.storage().open(item.storage_name, "rb") as handle:
            data = handle.read()
        found = reader.read_document(data, content_type=item.content_type, timeout=timeout)
    except Exception as exc:  # the model failed or timed out: no hint, nothing else changes
        logger.warning("reading file %s gave up: %r", file_id, exc)
        FileReading.objects.filter(file_id=file_id, status=Status.PENDING).delete()
        return None
    application = item.application
    values = reader.judge(
        found,
        requirement=_requirement_name(item),
        typed_nik=application.applicant_nik,
        typed_name=application.applicant_name,
    )
    with transaction.atomic():
        reading, _created = FileReading.objects.update_or_create(
            file=item,
            defaults={
                "mpp_id": item.mpp_id,
                **values,
                "seconds": round(time.perf_counter() - started, 3),
                "read_at": timezone.now(),
            },
        )
    return reading


def queue_held_reading(
    sender=None, *, held, mpp, requirement: str = "", sha256: str = "", **kwargs
):
    """A file the apply form holds before submitting: a pending reading, handed to the
    worker like an upload (never read inside the request)."""
    mode = getattr(settings, "READING_WORKER", "thread")
    if mode == "off":
        return None
    # the same content already read for this MPP (the form sent again after an error)
    done = (
        HeldReading.objects.filter(mpp=mpp, sha256=sha256, found__isnull=False)
        .order_by("-pk")
        .first()
        if sha256
        else None
    )
    reading, _created = HeldReading.objects.update_or_create(
        storage_name=held.storage_name,
        defaults={
            "mpp": mpp,
            "requirement": requirement[:300],
            "sha256": sha256,
            "found": done.found if done else None,
            "read_at": done.read_at if done else None,
        },
    )
    if done is not None:
        return reading
    if mode == "inline":
        read_held(held_id=reading.pk)
    else:
        _hand_to_worker(reading.pk, what="held")
    return reading


def read_held(*, held_id: int, timeout: float | None = None) -> HeldReading | None:
    """Read one held file and keep what was found; a failure removes the pending row (the
    form then shows no hint and submits as always)."""
    held = HeldReading.objects.filter(pk=held_id).first()
    if held is None:
        return None
    timeout = timeout if timeout is not None else settings.READING_TIMEOUT_SECONDS
    content_type = file_store.TYPES.get(held.storage_name.rsplit(".", 1)[-1], "")
    try:
        with file_store.storage().open(held.storage_name, "rb") as handle:
            data = handle.read()
        found = reader.read_document(data, content_type=content_type, timeout=timeout)
    except Exception as exc:  # the model failed or timed out, or the file is gone
        logger.warning("reading held file %s gave up: %r", held_id, exc)
        HeldReading.objects.filter(pk=held_id).delete()
        return None
    HeldReading.objects.filter(pk=held_id).update(
        found=reader.to_dict(found), read_at=timezone.now()
    )
    held.found = reader.to_dict(found)
    return held


def purge_held_readings(*, older_than) -> int:
    """Forget the readings of held files older than `older_than` (as the files go)."""
    deleted, _per_model = HeldReading.objects.filter(created_at__lt=older_than).delete()
    return deleted


def requeue_stale(*, older_than) -> int:
    """Hand pending readings created before `older_than` to the worker again."""
    if getattr(settings, "READING_WORKER", "thread") == "off":
        return 0
    ids = list(
        FileReading.objects.filter(status=Status.PENDING, created_at__lt=older_than)
        .order_by("pk")
        .values_list("file_id", flat=True)[:200]
    )
    for file_id in ids:
        _hand_to_worker(file_id)
    return len(ids)
