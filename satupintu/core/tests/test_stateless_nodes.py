"""Stateless app nodes (issue 26 item 1, docs/scaling.md): with REDIS_URL the cache, rate
limits and sessions live in Redis; with S3_BUCKET uploaded files and issued documents live
in S3-compatible object storage. Against a real redis-server and a real S3 API server
(core/tests/conftest.py); the embedded defaults stay local memory and local files."""

from __future__ import annotations

import datetime as dt
import runpy
from pathlib import Path

import boto3
import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from ninja.errors import Throttled

import satupintu.settings as settings_module
from satupintu.applications import files as file_store
from satupintu.core.ratelimit import check_rate
from satupintu.documents import selectors
from satupintu.documents.models import IssuedDocument


def settings_with(monkeypatch, **env: str) -> dict:
    """The settings module run afresh with `env` (it reads the environment when it runs)."""
    for name in ("REDIS_URL", "S3_BUCKET", "EVENT_BUS", "EVENT_BUS_URL", "CACHE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    s = runpy.run_path(str(Path(settings_module.__file__)))
    default = s["STORAGES"]["default"]
    return {
        "cache": s["CACHES"]["default"]["BACKEND"],
        "session": s.get("SESSION_ENGINE", "django.contrib.sessions.backends.db"),
        "storage": default["BACKEND"],
        "bus": s["EVENT_BUS_URL"],
        "bucket": default.get("OPTIONS", {}).get("bucket_name"),
    }


def test_settings_choose_the_shared_engines_only_when_named(monkeypatch):
    embedded = settings_with(monkeypatch)
    assert embedded == {
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "session": "django.contrib.sessions.backends.db",
        "storage": "django.core.files.storage.FileSystemStorage",
        "bus": "inprocess://",
        "bucket": None,
    }
    shared = settings_with(
        monkeypatch, REDIS_URL="redis://10.0.0.5:6379/0", EVENT_BUS="redis", S3_BUCKET="mpp-berkas"
    )
    assert shared == {
        "cache": "django_redis.cache.RedisCache",
        "session": "django.contrib.sessions.backends.cache",
        "storage": "storages.backends.s3.S3Storage",
        "bus": "redis://10.0.0.5:6379/0",
        "bucket": "mpp-berkas",
    }


def test_a_redis_bus_without_redis_url_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="EVENT_BUS=redis needs REDIS_URL"):
        settings_with(monkeypatch, EVENT_BUS="redis")


def redis_caches(url: str) -> dict:
    config = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url}
    return {"default": config, "other_node": {**config}}


def test_rate_limits_count_across_nodes(redis_url, redis_client, settings):
    settings.RATE_LIMITS_ENABLED = True
    with override_settings(CACHES=redis_caches(redis_url)):
        for _ in range(3):
            check_rate("tickets", "+6281200000001", "3/h")
        with pytest.raises(Throttled):
            check_rate("tickets", "+6281200000001", "3/h")
        # Another node (its own connection pool) sees the same count in Redis.
        keys = redis_client.keys("*rate:tickets:+6281200000001:*")
        assert len(keys) == 1
        assert caches["other_node"].get(keys[0].decode().split(":", 2)[2]) == 4


def s3_storages(endpoint: str, bucket: str) -> dict:
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint,
                "access_key": "testing",
                "secret_key": "testing",
                "region_name": "us-east-1",
                "file_overwrite": False,
                "default_acl": None,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def bucket_names(endpoint: str, bucket: str) -> list[str]:
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    return [o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


@pytest.mark.once  # the storage API does not differ between the databases
@pytest.mark.django_db
def test_uploads_and_issued_documents_live_in_the_object_store(personas, s3_endpoint, s3_bucket):
    from satupintu.documents.tests.factories import ready_application

    with override_settings(STORAGES=s3_storages(s3_endpoint, s3_bucket)):
        app = ready_application(personas)
        document = IssuedDocument.objects.get(application=app)
        stored = bucket_names(s3_endpoint, s3_bucket)
        assert document.storage_name in stored
        uploads = [n for n in stored if n.startswith(f"applications/{app.mpp_id}/")]
        assert sorted(uploads) == sorted(f.storage_name for f in app.files.all())
        # Read back through the same storage API the download pages use.
        assert selectors.document_bytes(document).startswith(b"%PDF-")

        checked = file_store.CheckedFile(b"%PDF-1.4 held", "pdf", "ktp.pdf")
        held = file_store.hold(checked, mpp_id=app.mpp_id)
        assert file_store.HeldFile.from_dict(held.as_dict()) == held
        assert file_store.take_held(held).content == b"%PDF-1.4 held"
        later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
        assert file_store.sweep_held(later) == 1
        assert held.storage_name not in bucket_names(s3_endpoint, s3_bucket)
