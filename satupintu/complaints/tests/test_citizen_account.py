"""A citizen signed in when filing: the complaint joins their account, shows on "Beranda
saya" while it runs, and its news follows the channel they chose per kind."""

from __future__ import annotations

import pytest

from satupintu.accounts.models import Role
from satupintu.accounts.tests.factories import make_user
from satupintu.complaints import services
from satupintu.complaints.models import Status
from satupintu.complaints.tests.factories import TEXT, complaint
from satupintu.notifications.models import CitizenKind, Message, MessageChannel
from satupintu.notifications.services import set_preferences

pytestmark = pytest.mark.django_db


@pytest.fixture
def rina():
    return make_user(Role.CITIZEN, phone="081234567802", email="rina@example.com")


def _file(client, mpp, **extra):
    data = {"jenis": "pengaduan", "isi": TEXT, "nama": "Rina", "telepon": "081234567802"}
    return client.post(f"/mpp/{mpp.slug}/pengaduan/", {**data, **extra})


def test_a_signed_in_citizens_complaint_joins_the_account_and_shows_on_my_home(
    client, personas, rina
):
    client.force_login(rina)
    assert _file(client, personas.mpp_x).status_code == 302
    filed = rina.complaints.get()
    page = client.get("/saya/").content.decode()
    assert "Pengaduan saya" in page and filed.tracking_code in page
    assert client.get("/api/v1/me/home").json()["sections"][0]["key"] == "complaints"


def test_an_anonymous_complaint_or_one_filed_by_a_visitor_joins_no_account(client, personas, rina):
    assert _file(client, personas.mpp_x).status_code == 302  # not signed in
    client.force_login(rina)
    _file(client, personas.mpp_x, anonim="1", nama="", telepon="")
    assert not rina.complaints.exists()
    officer = personas.officer_xa
    recorded = complaint(personas.mpp_x, recorded_by=officer, citizen=officer)
    assert recorded.user is None  # an officer recording at the desk is not its reporter


def test_the_answer_is_told_on_the_channel_the_citizen_chose_and_once(personas, rina):
    set_preferences(user=rina, choices={CitizenKind.COMPLAINT_ANSWERED: "email"})
    item = complaint(personas.mpp_x, citizen=rina, phone="081234567802", email="")
    services.verify_complaint(
        user=personas.supervisor_x, complaint=item, category="biaya",
        agency=personas.officer_xa.agency,
    )  # fmt: skip
    services.forward_complaint(user=personas.supervisor_x, complaint=item)
    services.answer_complaint(user=personas.officer_xa, complaint=item, answer="Sudah ditegur.")
    answered = Message.objects.filter(reference=item.reference, subject__contains="menjawab")
    assert [(m.channel, m.recipient) for m in answered] == [
        (MessageChannel.EMAIL, "rina@example.com")
    ]
    # the other steps keep the default (WhatsApp/SMS to the account's phone)
    told = Message.objects.filter(reference=item.reference, kind="complaint.update")
    others = told.exclude(pk__in=answered)
    assert others.exists() and {m.channel for m in others} == {MessageChannel.WHATSAPP}
    item.refresh_from_db()
    assert item.status == Status.ANSWERED


def test_my_home_puts_an_answer_to_read_first(client, personas, rina):
    first = complaint(personas.mpp_x, citizen=rina)
    second = complaint(personas.mpp_x, citizen=rina)
    services.verify_complaint(
        user=personas.supervisor_x, complaint=first, category="biaya",
        agency=personas.officer_xa.agency,
    )  # fmt: skip
    services.forward_complaint(user=personas.supervisor_x, complaint=first)
    services.answer_complaint(user=personas.officer_xa, complaint=first, answer="Sudah.")
    client.force_login(rina)
    section = client.get("/api/v1/me/home").json()["sections"][0]
    codes = [item["url"].rstrip("/").rsplit("/", 1)[1] for item in section["items"]]
    assert codes == [first.tracking_code, second.tracking_code]
    assert section["items"][0]["needs_you"] is True
