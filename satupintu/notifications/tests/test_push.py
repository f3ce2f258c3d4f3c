"""A real Web Push message reaches the citizen's browser: a push service on loopback checks
the server's VAPID signature and decrypts what the server sent, as a browser would."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from satupintu.accounts.models import Role
from satupintu.accounts.tests.factories import make_user
from satupintu.notifications.models import Message, MessageStatus, PushSubscription
from satupintu.notifications.services import retry_failed, subscribe_push
from satupintu.notifications.tests.pushservice import Browser, check_vapid, decrypt
from satupintu.notifications.webpush import ensure_vapid_keys, public_key
from satupintu.queueing.counters.services import call_next
from satupintu.queueing.tests.factories import make_queue
from satupintu.queueing.tickets.services import issue_ticket

pytestmark = pytest.mark.django_db


def _citizen_in_line(push, *, browser: Browser, name: str = "hp-sari"):
    """A signed-in citizen's ticket at the front of a queue, and their phone subscribed."""
    q = make_queue()
    citizen = make_user(Role.CITIZEN, phone="081234567801", full_name="Sari")
    ticket = issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk")
    ticket.user = citizen
    ticket.save(update_fields=["user"])
    subscribe_push(
        user=citizen, endpoint=push.endpoint(name), p256dh=browser.p256dh, auth=browser.auth
    )
    return q, citizen, ticket


def test_a_called_ticket_reaches_the_phone_as_a_real_encrypted_web_push(
    vapid, push, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_URL = "https://mpp.example.go.id"
    browser = Browser()
    q, _citizen, ticket = _citizen_in_line(push, browser=browser)
    with django_capture_on_commit_callbacks(execute=True):
        call_next(counter=q.counters[0], officer=None)

    (request,) = push.received
    assert request.path == "/push/hp-sari"
    claims = check_vapid(request, server_public_key=vapid, audience=push.origin)
    assert claims["sub"] == "mailto:pengelola@mpp.test"
    assert int(request.headers["ttl"]) > 0
    payload = decrypt(request, browser)
    assert payload == {
        "title": f"{ticket.number} dipanggil ke Loket {q.counters[0].number}",
        "body": payload["body"],
        "url": f"https://mpp.example.go.id/antrian/{ticket.public_id}/",
        "tag": payload["tag"],
    }
    assert payload["body"].startswith(f"Silakan menuju Loket {q.counters[0].number} sekarang")
    assert payload["tag"].startswith(f"ticket:{ticket.pk}:called:")
    message = Message.objects.get(channel="push")
    assert message.status == MessageStatus.SENT
    subscription = PushSubscription.objects.get()
    assert subscription.last_success_at is not None


def test_a_push_service_answering_410_removes_the_subscription(
    vapid, push, django_capture_on_commit_callbacks
):
    q, _citizen, _ticket = _citizen_in_line(push, browser=Browser())
    push.answer = 410
    with django_capture_on_commit_callbacks(execute=True):
        call_next(counter=q.counters[0], officer=None)
    assert len(push.received) == 1
    assert not PushSubscription.objects.exists()
    message = Message.objects.get(channel="push")
    assert message.status == MessageStatus.FAILED
    assert retry_failed() == 0  # nobody left to send it to


def test_a_push_service_outage_is_retried_and_then_delivered(
    vapid, push, django_capture_on_commit_callbacks
):
    browser = Browser()
    q, _citizen, ticket = _citizen_in_line(push, browser=browser)
    push.answer = 503
    with django_capture_on_commit_callbacks(execute=True):
        call_next(counter=q.counters[0], officer=None)
    message = Message.objects.get(channel="push")
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 1)
    assert "503" in message.error
    assert PushSubscription.objects.get().failure_count == 1

    push.answer = 201
    assert retry_failed() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 2)
    title = decrypt(push.received[-1], browser)["title"]
    assert title == f"{ticket.number} dipanggil ke Loket {q.counters[0].number}"
    assert PushSubscription.objects.get().failure_count == 0


def test_without_a_vapid_key_push_waits_for_set_up(settings, tmp_path):
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    settings.WEBPUSH_VAPID_KEY_FILE = tmp_path / "none.pem"
    assert public_key() == ""


def test_webpush_keys_makes_the_key_once_and_keeps_it(settings, tmp_path):
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    settings.WEBPUSH_VAPID_KEY_FILE = tmp_path / "var" / "webpush_vapid.pem"
    call_command("webpush_keys")
    first = public_key()
    assert len(first) == 87  # 65 bytes, base64url
    assert (settings.WEBPUSH_VAPID_KEY_FILE.stat().st_mode & 0o777) == 0o600
    call_command("webpush_keys")
    assert public_key() == first
    assert ensure_vapid_keys() == (settings.WEBPUSH_VAPID_KEY_FILE, False)


def test_an_operator_key_from_the_environment_wins(settings, tmp_path):
    from py_vapid import Vapid02

    key = Vapid02()
    key.generate_keys()
    settings.WEBPUSH_VAPID_PRIVATE_KEY = key.private_pem().decode()
    settings.WEBPUSH_VAPID_KEY_FILE = tmp_path / "webpush_vapid.pem"
    call_command("webpush_keys")
    assert not settings.WEBPUSH_VAPID_KEY_FILE.exists()
    assert public_key() == public_key(key)
