"""Fixtures of the notifications tests: the server's VAPID key and a push service."""

import pytest

from satupintu.notifications.tests.pushservice import PushService


@pytest.fixture
def vapid(settings, tmp_path):
    """The server's VAPID key made as at set-up (`satupintu webpush_keys`), in a fresh data
    dir; loopback http push endpoints allowed, as in development."""
    from satupintu.notifications.webpush import ensure_vapid_keys, public_key

    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    settings.WEBPUSH_VAPID_KEY_FILE = tmp_path / "webpush_vapid.pem"
    settings.WEBPUSH_VAPID_SUBJECT = "mailto:pengelola@mpp.test"
    settings.WEBPUSH_ALLOW_LOOPBACK_HTTP = True
    ensure_vapid_keys()
    return public_key()


@pytest.fixture
def push():
    service = PushService().start()
    yield service
    service.stop()
