"""A citizen with an account hears each kind of news on the channel they chose; without a
choice, on their subscribed phone, else by WhatsApp/SMS; without an account, as before."""

from __future__ import annotations

import pytest
from django.core import mail

from satupintu.accounts.models import Role
from satupintu.accounts.tests.factories import make_user
from satupintu.applications import services as applications
from satupintu.applications.tests.factories import online_service, submitted
from satupintu.notifications.models import CitizenKind, Message, MessageStatus
from satupintu.notifications.selectors import preferences_of
from satupintu.notifications.services import notify_citizen, set_preferences, subscribe_push
from satupintu.notifications.tests.pushservice import Browser

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen():
    return make_user(Role.CITIZEN, phone="081234567801", email="sari@uji.test", full_name="Sari")


def _tell(user, kind=CitizenKind.QUEUE_CALLED, key="ticket:1:called:1", **addresses):
    return notify_citizen(
        kind=kind, event_key=key, title="A-012 dipanggil ke Loket 4", body="Silakan.",
        url="/antrian/x/", user=user, **addresses,
    )  # fmt: skip


def _channels(messages):
    return sorted((m.channel, m.recipient) for m in messages)


def test_without_a_choice_the_phone_hears_it_and_a_subscribed_browser_takes_over(
    citizen, vapid, push
):
    assert _channels(_tell(citizen)) == [("whatsapp", "+6281234567801")]
    browser = Browser()
    subscription, _created = subscribe_push(
        user=citizen, endpoint=push.endpoint("a"), p256dh=browser.p256dh, auth=browser.auth
    )
    assert _channels(_tell(citizen, key="ticket:1:called:2")) == [
        ("push", f"push:{subscription.pk}")
    ]
    assert set(preferences_of(citizen).values()) == {"push"}


def test_each_kind_goes_where_the_citizen_chose(citizen, django_capture_on_commit_callbacks):
    set_preferences(
        user=citizen,
        choices={
            CitizenKind.QUEUE_CALLED: "phone",
            CitizenKind.QUEUE_NEAR: "none",
            CitizenKind.APPLICATION_REVISION: "email",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        called = _tell(citizen)
        near = _tell(citizen, CitizenKind.QUEUE_NEAR, "ticket:1:near")
        revision = _tell(citizen, CitizenKind.APPLICATION_REVISION, "application:X:rev:1")
    assert _channels(called) == [("whatsapp", "+6281234567801")]
    assert near == []
    assert _channels(revision) == [("email", "sari@uji.test")]
    assert mail.outbox[0].body == "Silakan.\n\n/antrian/x/"
    assert preferences_of(citizen)[CitizenKind.QUEUE_NEAR] == "none"


def test_push_chosen_without_a_subscribed_phone_falls_back_to_whatsapp(citizen):
    set_preferences(user=citizen, choices={CitizenKind.QUEUE_CALLED: "push"})
    assert _channels(_tell(citizen)) == [("whatsapp", "+6281234567801")]


def test_someone_without_an_account_hears_on_every_address_given():
    messages = _tell(None, phone="+6281234567802", email="budi@uji.test")
    assert _channels(messages) == [("email", "budi@uji.test"), ("whatsapp", "+6281234567802")]


def test_an_application_needing_revision_follows_the_applicants_choice(
    personas, django_capture_on_commit_callbacks
):
    citizen, officer = personas.citizen, personas.officer_xa
    service = online_service(personas.counter_xa.booth)
    set_preferences(user=citizen, choices={CitizenKind.APPLICATION_REVISION: "email"})
    app = submitted(citizen, service)
    app = applications.decide_files(
        user=officer,
        application=app,
        decisions=[applications.FileDecision("p2", accepted=False, reason="KK buram")],
    )
    with django_capture_on_commit_callbacks(execute=True):
        applications.request_revision(user=officer, application=app)
    (message,) = Message.objects.filter(kind="application.needs_revision")
    assert (message.channel, message.recipient) == ("email", "siti@uji.test")  # as applied
    assert message.status == MessageStatus.SENT
    assert message.url.endswith(f"/permohonan/{app.public_id}/")
    assert "KK buram" in message.body


@pytest.mark.parametrize("kind", [CitizenKind.DOCUMENT_ISSUED, CitizenKind.COMPLAINT_ANSWERED])
def test_documents_and_complaints_have_their_kinds_ready(citizen, kind):
    set_preferences(user=citizen, choices={kind: "email"})
    assert _channels(_tell(citizen, kind, f"{kind}:1")) == [("email", "sari@uji.test")]


def test_the_page_shows_every_kind_and_saves_the_choices(client, citizen, vapid):
    client.force_login(citizen)
    account = client.get("/akun/")
    assert 'href="/akun/notifikasi/"' in account.content.decode()
    page = client.get("/akun/notifikasi/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Aktifkan notifikasi di ponsel ini" in html
    assert f'data-key="{vapid}"' in html
    for _kind, label in CitizenKind.choices:
        assert str(label) in html
    form = {kind: "phone" for kind in CitizenKind.values} | {"queue_near": "none"}
    saved = client.post("/akun/notifikasi/", form, follow=True)
    assert "Pilihan notifikasi tersimpan." in saved.content.decode()
    assert preferences_of(citizen)["queue_near"] == "none"
    refused = client.post("/akun/notifikasi/", form | {"queue_near": "pager"})
    assert refused.status_code == 200
    assert preferences_of(citizen)["queue_near"] == "none"


def test_the_page_is_the_citizens(client, personas):
    assert client.get("/akun/notifikasi/").status_code == 302  # to sign in
    client.force_login(personas.officer_xa)
    assert client.get("/akun/notifikasi/").status_code == 403
