"""Fixtures of the reading's tests."""

from __future__ import annotations

import pytest

from satupintu.applications.tests.factories import online_service


@pytest.fixture
def storage_dir(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    settings.READING_WORKER = "inline"
    return tmp_path


@pytest.fixture
def service(personas):
    return online_service(personas.counter_xa.booth)
