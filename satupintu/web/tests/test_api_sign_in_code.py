"""POST /api/v1/auth/code and /auth/code/verify: 202, then a session and an API token."""

import datetime as dt
import re

import pytest
import time_machine

from satupintu.accounts.models import User
from satupintu.notifications.models import Message
from satupintu.notifications.selectors import messages_for
from satupintu.web.services import sign_in_reference

pytestmark = pytest.mark.django_db

PHONE = "081234567010"
E164 = "+6281234567010"


def post(client, path, body, **headers):
    return client.post(f"/api/v1{path}", body, content_type="application/json", headers=headers)


def code_sent() -> str:
    message = messages_for(sign_in_reference(E164)).first()
    assert message is not None
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def test_a_code_then_a_token_and_a_session(client):
    asked = post(client, "/auth/code", {"phone": PHONE})
    assert asked.status_code == 202
    assert asked.json() == {
        "message": "Kode 6 angka dikirim lewat WhatsApp ke 0812-3456-7010. Berlaku 5 menit.",
        "channel": "whatsapp",
        "expires_in": 300,
    }
    done = post(client, "/auth/code/verify", {"phone": PHONE, "code": code_sent()})
    assert done.status_code == 200
    body = done.json()
    assert body["role"] == "citizen" and body["login"] == E164 and body["new_account"] is True
    assert body["tickets_attached"] == 0 and body["bookings_attached"] == 0
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200 and me.json()["login"] == E164
    assert int(client.session["_auth_user_id"]) == User.objects.get(phone=E164).pk


def test_the_answer_is_the_same_for_a_staff_number(client, personas):
    User.objects.filter(pk=personas.supervisor_x.pk).update(phone=E164)
    asked = post(client, "/auth/code", {"phone": PHONE})
    assert asked.status_code == 202 and "dikirim lewat WhatsApp" in asked.json()["message"]
    assert not Message.objects.exists()


def test_a_wrong_code_is_400_with_the_tries_left(client):
    post(client, "/auth/code", {"phone": PHONE})
    wrong = f"{(int(code_sent()) + 1) % 10**6:06d}"
    refused = post(client, "/auth/code/verify", {"phone": PHONE, "code": wrong})
    assert refused.status_code == 400
    assert refused.json() == {"code": "code_refused", "message": "Kode salah. Sisa percobaan: 4."}


def test_a_code_never_asked_for_is_400(client):
    refused = post(client, "/auth/code/verify", {"phone": PHONE, "code": "123456"})
    assert refused.status_code == 400 and "Minta kode baru" in refused.json()["message"]


def test_english_messages_follow_accept_language(client):
    refused = post(
        client, "/auth/code/verify", {"phone": PHONE, "code": "123456"}, accept_language="en"
    )
    assert refused.json()["message"].startswith("There is no valid code")


def test_past_the_limit_429_with_retry_after(client, settings):
    settings.RATE_LIMITS_ENABLED = True
    with time_machine.travel(dt.datetime(2026, 8, 10, 9, 7, tzinfo=dt.UTC), tick=False):
        for _ in range(3):
            assert post(client, "/auth/code", {"phone": PHONE}).status_code == 202
        refused = post(client, "/auth/code", {"phone": PHONE})
    assert refused.status_code == 429 and 480 < int(refused["Retry-After"]) <= 482
    assert refused.json()["message"] == "Terlalu sering. Coba lagi dalam 9 menit."


def test_a_bad_number_is_422(client):
    invalid = post(client, "/auth/code", {"phone": "12345678"})
    assert invalid.status_code == 422 and "tidak valid" in invalid.json()["message"]


def test_only_json_is_accepted_so_a_foreign_sites_form_cannot_sign_anyone_in(client):
    """A form on another site can post text/plain or multipart without asking first; a
    session made that way would sign the visitor into someone else's account."""
    body = f'{{"phone": "{PHONE}", "code": "123456"}}'
    for path in ("/auth/code", "/auth/code/verify"):
        plain = client.post(f"/api/v1{path}", body, content_type="text/plain")
        assert plain.status_code == 400, path
        assert plain.json()["message"] == "Kirim data sebagai JSON."
    assert client.post("/api/v1/auth/code", {"phone": PHONE}).status_code == 400  # multipart
    assert not Message.objects.exists()
