"""Notifications reach e-mail and the phone gateway after commit, and failures are retried."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.db import transaction

from satupintu.notifications.models import MessageStatus
from satupintu.notifications.selectors import messages_for
from satupintu.notifications.services import notify, retry_failed

pytestmark = pytest.mark.django_db


class _Provider(BaseHTTPRequestHandler):
    received: list[dict] = []
    fail = False

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append({"auth": self.headers["Authorization"], **body})
        status, answer = (503, b"{}") if type(self).fail else (200, b'{"id": "wa-77"}')
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def provider(settings):
    _Provider.received, _Provider.fail = [], False
    server = HTTPServer(("127.0.0.1", 0), _Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.MESSAGE_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.MESSAGE_GATEWAY_TOKEN = "rahasia"
    yield _Provider
    server.shutdown()


def _confirm(**addresses):
    return notify(
        mpp=None,
        kind="booking_confirmed",
        subject="Janji temu Anda",
        body="Kode janji temu K7Q2-9XDM, Senin 09.00 WIB.",
        reference="booking:K7Q2-9XDM",
        **addresses,
    )


def test_email_and_whatsapp_are_sent_once_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _confirm(email="warga@contoh.id", phone="+6281234567890")
    assert mail.outbox == []  # nothing leaves before commit
    for callback in callbacks:
        callback()
    assert [m.subject for m in mail.outbox] == ["Janji temu Anda"]
    sent = {m.channel: m.status for m in messages_for("booking:K7Q2-9XDM")}
    assert sent == {"email": MessageStatus.SENT, "whatsapp": MessageStatus.SENT}


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        _confirm(email="warga@contoh.id")
        raise RuntimeError("booking failed")
    assert mail.outbox == []
    assert not messages_for("booking:K7Q2-9XDM").exists()


def test_the_http_gateway_posts_to_the_provider_and_keeps_its_id(
    provider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _confirm(phone="+6281234567890")
    (request,) = provider.received
    assert request == {
        "auth": "Bearer rahasia",
        "to": "+6281234567890",
        "channel": "whatsapp",
        "message": "Kode janji temu K7Q2-9XDM, Senin 09.00 WIB.",
        "reference": "booking:K7Q2-9XDM",
    }
    message = messages_for("booking:K7Q2-9XDM").get()
    assert (message.status, message.provider_id) == (MessageStatus.SENT, "wa-77")


def test_a_provider_outage_is_recorded_and_retried(provider, django_capture_on_commit_callbacks):
    provider.fail = True
    with django_capture_on_commit_callbacks(execute=True):
        _confirm(phone="+6281234567890")
    message = messages_for("booking:K7Q2-9XDM").get()
    assert message.status == MessageStatus.FAILED
    assert "503" in message.error
    provider.fail = False
    assert retry_failed() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 2)


def test_the_phone_channel_can_be_sms(settings, django_capture_on_commit_callbacks):
    settings.NOTIFY_PHONE_CHANNEL = "sms"
    with django_capture_on_commit_callbacks(execute=True):
        (message,) = _confirm(phone="+6281234567890")
    message.refresh_from_db()
    assert (message.channel, message.status) == ("sms", MessageStatus.SENT)
