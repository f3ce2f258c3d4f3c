"""POST/DELETE /api/v1/me/push-subscriptions: a signed-in citizen's browsers."""

from __future__ import annotations

import pytest

from satupintu.notifications.models import PushSubscription
from satupintu.notifications.tests.pushservice import Browser, b64url

pytestmark = pytest.mark.django_db
API = "/api/v1/me/push-subscriptions"
ENDPOINT = "https://fcm.googleapis.com/fcm/send/dQw4w9WgXcQ:APA91bH"


def _body(endpoint=ENDPOINT, browser=None, **keys):
    browser = browser or Browser()
    return {
        "endpoint": endpoint,
        "keys": {"p256dh": browser.p256dh, "auth": browser.auth, **keys},
        "label": "Chrome · Android",
    }


def _as(personas, user, **extra):
    return {"headers": {"authorization": f"Bearer {personas.token(user)}", **extra}}


def test_a_citizen_subscribes_once_per_endpoint(client, personas):
    auth = _as(personas, personas.citizen)
    first = client.post(API, _body(), content_type="application/json", **auth)
    assert first.status_code == 201, first.content
    assert first.json() == {"endpoint": ENDPOINT, "label": "Chrome · Android", "created": True}
    again = client.post(API, _body(), content_type="application/json", **auth)
    assert again.status_code == 200
    assert again.json()["created"] is False
    (subscription,) = PushSubscription.objects.all()
    assert subscription.user == personas.citizen


def test_the_citizen_unsubscribes_only_their_own_browser(client, personas):
    client.post(API, _body(), content_type="application/json", **_as(personas, personas.citizen))
    other = _as(personas, personas.officer_xa)
    body = {"endpoint": ENDPOINT}
    assert client.delete(API, body, content_type="application/json", **other).status_code == 403
    mine = _as(personas, personas.citizen)
    assert client.delete(API, body, content_type="application/json", **mine).status_code == 204
    assert not PushSubscription.objects.exists()
    gone = client.delete(API, body, content_type="application/json", **mine)
    assert gone.status_code == 404
    assert gone.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (_body(endpoint="http://push.example.com/x"), "endpoint"),
        (_body(endpoint="http://127.0.0.1:9/x"), "endpoint"),  # loopback only in development
        (_body(endpoint="ftp://push.example.com/x"), "endpoint"),
        (_body(endpoint="https://10.1.2.3/x"), "endpoint"),  # the MPP's own network
        (_body(endpoint="https://[::1]/x"), "endpoint"),
        (_body(p256dh=b64url(b"\x04" + b"1" * 40)), "keys.p256dh"),
        (_body(p256dh="not base64url!"), "keys.p256dh"),
        (_body(auth=b64url(b"short")), "keys.auth"),
    ],
)
def test_a_bad_subscription_is_refused_with_a_clear_message(client, personas, body, field):
    auth = _as(personas, personas.citizen)
    response = client.post(API, body, content_type="application/json", **auth)
    assert response.status_code == 422, response.content
    answer = response.json()
    assert answer["code"] == "validation_error"
    assert [e["field"] for e in answer["errors"]] == [field]
    assert not PushSubscription.objects.exists()


def test_errors_follow_the_callers_language(client, personas):
    auth = _as(personas, personas.citizen, **{"accept-language": "en"})
    body = _body(endpoint="http://push.example.com/x")
    response = client.post(API, body, content_type="application/json", **auth)
    assert (
        response.json()["errors"][0]["message"] == "The push service address must be an https URL."
    )


def test_loopback_http_is_allowed_in_development(client, personas, settings):
    settings.WEBPUSH_ALLOW_LOOPBACK_HTTP = True
    auth = _as(personas, personas.citizen)
    body = _body(endpoint="http://127.0.0.1:9/push/x")
    assert client.post(API, body, content_type="application/json", **auth).status_code == 201


def test_a_missing_key_or_a_stranger_is_refused(client, personas):
    auth = _as(personas, personas.citizen)
    no_keys = {"endpoint": ENDPOINT}
    assert client.post(API, no_keys, content_type="application/json", **auth).status_code == 422
    assert client.post(API, _body(), content_type="application/json").status_code == 401
    staff = _as(personas, personas.officer_xa)
    refused = client.post(API, _body(), content_type="application/json", **staff)
    assert refused.status_code == 403
    assert refused.json()["message"] == "Notifikasi ponsel hanya untuk akun warga."
