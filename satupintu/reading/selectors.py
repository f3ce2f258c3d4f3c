"""The reading's reads for pages."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from satupintu.reading import reader
from satupintu.reading.models import FileReading, HeldReading, Status


def held_file_reading(*, storage_name: str, typed_nik: str, typed_name: str) -> FileReading | None:
    """The reading of a file the apply form holds, as an unsaved `FileReading` compared
    with the NIK and name typed now (so `reading/_citizen.html` shows it as it shows a
    draft's file); pending while the worker reads it; None when there is none, it failed,
    or it has been pending far longer than the model's time-out (no hint then)."""
    held = HeldReading.objects.filter(storage_name=storage_name).first()
    if held is None:
        return None
    if held.found is None:
        given_up = held.created_at + dt.timedelta(seconds=3 * settings.READING_TIMEOUT_SECONDS)
        if timezone.now() > given_up:
            return None
        return FileReading(status=Status.PENDING)
    values = reader.judge(
        reader.from_dict(held.found),
        requirement=held.requirement,
        typed_nik=typed_nik.replace(" ", "").strip(),
        typed_name=typed_name.strip(),
    )
    return FileReading(mpp_id=held.mpp_id, **values)
