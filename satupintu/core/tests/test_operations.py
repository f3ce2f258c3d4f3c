"""Health check, personal data never reaching a log line, and the settings readers."""

import io
import logging
import logging.config

import pytest
from django.core.exceptions import ImproperlyConfigured

from satupintu.core.env import env_bool
from satupintu.core.logging import redact


@pytest.mark.django_db
def test_healthz_reports_database_and_version(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["version"]
    assert "no-cache" in response["Cache-Control"]


def test_nik_and_phone_are_masked_by_every_log_handler(settings):
    """Push a NIK and a phone number through the configured handlers and read the output."""
    streams = []
    config = {**settings.LOGGING, "disable_existing_loggers": False}
    logging.config.dictConfig(config)
    root = logging.getLogger()
    for handler in root.handlers:
        stream = io.StringIO()
        handler.setStream(stream)
        streams.append(stream)
    try:
        log = logging.getLogger("satupintu.test")
        log.warning("pemohon %s dengan telepon %s", "3302011708850001", "0812-3456-7890")
        log.warning("extra", extra={"nik": "3302011708850001", "phone": "+6281234567890"})
        try:
            raise ValueError("NIK 3302011708850001 tidak cocok")
        except ValueError:
            log.exception("gagal untuk 081234567890")
    finally:
        logging.config.dictConfig(settings.LOGGING)
    output = "".join(s.getvalue() for s in streams)
    assert streams and output
    for secret in ["3302011708850001", "0812-3456-7890", "6281234567890", "081234567890"]:
        assert secret not in output
    assert "3302********0001" in output


def test_redact_leaves_ordinary_numbers_alone():
    assert redact("antrian A-012 di loket 3, 25 orang menunggu") == (
        "antrian A-012 di loket 3, 25 orang menunggu"
    )


def test_env_bool_refuses_a_typo(monkeypatch):
    monkeypatch.setenv("SATUPINTU_TEST_FLAG", "yess")
    with pytest.raises(ImproperlyConfigured):
        env_bool("SATUPINTU_TEST_FLAG")


def test_sqlite_is_configured_for_concurrent_writers(tmp_path):
    """What settings make of an SQLite DATABASE_URL, whichever database this run uses."""
    from satupintu.settings import _database

    options = _database(f"sqlite:///{tmp_path / 'db.sqlite3'}")["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


@pytest.mark.slow
def test_deployment_checks_pass_in_production_mode(tmp_path):
    """`satupintu check --deploy` with the settings a production MPP uses: no warning at all."""
    import os
    import subprocess
    import sys

    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": "k" * 20 + "production-like-secret-key-with-enough-entropy-4821",
        "ALLOWED_HOSTS": "mpp.banyumaskab.go.id",
        "SATUPINTU_PUBLIC_URL": "https://mpp.banyumaskab.go.id",
        "SECURE_SSL_REDIRECT": "true",
        "EMAIL_HOST": "smtp.banyumaskab.go.id",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "satupintu.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_several_server_processes_need_a_cross_process_event_bus(settings):
    from django.core.management import CommandError, call_command

    settings.EVENT_BUS_URL = "inprocess://"
    with pytest.raises(CommandError, match="EVENT_BUS_URL=postgres"):
        call_command("serve", "--workers", "2")


def test_the_deploy_check_warns_while_the_public_address_is_unset(settings):
    from satupintu.core.checks import public_url_is_set

    settings.PUBLIC_URL = ""
    assert [m.id for m in public_url_is_set()] == ["satupintu.W001"]
    settings.PUBLIC_URL = "https://mpp.banyumaskab.go.id"
    assert public_url_is_set() == []


@pytest.mark.django_db
def test_the_language_follows_the_cookie_then_accept_language_with_django_headers(client):
    api = "/api/v1/mpps/tidak-ada"
    english = client.get(api, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert english["Content-Language"] == "en" and "Accept-Language" in english["Vary"]
    assert "not found" in english.json()["message"].lower()
    default = client.get(api)
    assert default["Content-Language"] == "id"
    client.cookies["django_language"] = "id"
    assert client.get(api, HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "id"
