"""Signing in with a code by WhatsApp/SMS (web/services.py, web/pages/signin.py, web/api.py):
the code comes through the notifications gateway, the answer never tells who is
registered, limits answer with when to try again, and what the number took without an
account joins the citizen's account."""

import datetime as dt
import re

import pytest
import time_machine

from satupintu.accounts.models import Role, User
from satupintu.accounts.tests.factories import make_user
from satupintu.appointments import services as appointments
from satupintu.appointments.models import Booking
from satupintu.appointments.tests.factories import NIKS, at, make_bookable
from satupintu.notifications.models import Message
from satupintu.notifications.selectors import messages_for
from satupintu.queueing.models import Channel, Status, Ticket
from satupintu.queueing.tests.factories import make_queue
from satupintu.queueing.tickets.services import attach_to_citizen as attach_tickets
from satupintu.queueing.tickets.services import issue_ticket
from satupintu.web.services import sign_in_reference

pytestmark = pytest.mark.django_db

PHONE = "0812-3456-7002"
E164 = "+6281234567002"


def code_sent_to(phone: str = E164) -> str:
    """The code as the phone received it: the simulator's outbox (the local gateway)."""
    message = messages_for(sign_in_reference(phone)).first()
    assert message is not None, "no code sent"
    found = re.search(r"\b(\d{6})\b", message.body)
    assert found, message.body
    return found.group(1)


def ask_code(client, phone: str = PHONE, **extra):
    return client.post("/masuk/kode/kirim/", {"phone": phone, **extra})


# --- pages ---------------------------------------------------------------------------


def test_the_sign_in_page_offers_a_code_first_and_keeps_the_password_for_staff(client):
    page = client.get("/masuk/").content.decode()
    assert page.index("Masuk dengan kode lewat WhatsApp") < page.index(
        "Petugas? Masuk dengan kata sandi"
    )
    assert 'name="phone"' in page and 'name="password"' in page


def test_the_sign_in_page_in_english(client):
    page = client.get("/masuk/", headers={"accept-language": "en"}).content.decode()
    assert "Sign in with a code by WhatsApp" in page
    assert "Staff? Sign in with a password" in page


def test_a_new_citizen_gets_a_code_signs_in_and_lands_on_next(client):
    next_url = "/mpp/x/permohonan/A01/"
    response = ask_code(client, next=next_url)
    assert response.status_code == 302
    assert response["Location"] == "/masuk/kode/?next=%2Fmpp%2Fx%2Fpermohonan%2FA01%2F"
    message = Message.objects.get(kind="accounts.sign_in_code")
    assert message.channel == "whatsapp" and message.recipient == E164
    page = client.get(response["Location"]).content.decode()
    assert "0812-3456-7002" in page and "berlaku 5 menit" in page
    done = client.post("/masuk/kode/", {"code": code_sent_to(), "next": next_url})
    assert done.status_code == 302 and done["Location"] == next_url
    user = User.objects.get(phone=E164)
    assert int(client.session["_auth_user_id"]) == user.pk and user.role == Role.CITIZEN


def test_next_never_leads_off_the_site(client):
    ask_code(client)
    done = client.post("/masuk/kode/", {"code": code_sent_to(), "next": "https://evil.test/"})
    assert done["Location"] == "/masuk/lanjut/"


def test_a_wrong_code_says_how_many_tries_are_left(client):
    ask_code(client)
    code = code_sent_to()
    response = client.post("/masuk/kode/", {"code": f"{(int(code) + 1) % 10**6:06d}"})
    assert response.status_code == 400
    assert "Kode salah. Sisa percobaan: 4." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_code_that_is_not_six_digits_is_explained(client):
    ask_code(client)
    response = client.post("/masuk/kode/", {"code": "12ab"})
    assert response.status_code == 422 and "6 angka" in response.content.decode()


def test_the_code_page_without_a_number_sends_back_to_sign_in(client):
    assert client.get("/masuk/kode/?next=/akun/")["Location"] == "/masuk/?next=%2Fakun%2F"


def test_a_bad_number_is_explained_on_the_sign_in_page(client):
    response = ask_code(client, phone="12345")
    assert response.status_code == 422
    assert "Nomor telepon tidak valid" in response.content.decode()
    assert not Message.objects.exists()


def test_an_empty_number_is_asked_for(client):
    response = ask_code(client, phone="")
    assert response.status_code == 422 and "Masukkan nomor ponsel." in response.content.decode()


def test_a_staff_number_gets_the_same_answer_and_no_code(client, personas):
    User.objects.filter(pk=personas.officer_xa.pk).update(phone=E164)
    response = ask_code(client)
    assert response.status_code == 302 and response["Location"] == "/masuk/kode/"
    assert not Message.objects.exists()


@pytest.fixture
def limits_on(settings):
    """Rate limits on, at a still moment in the middle of their windows (fixed windows: a
    test that crossed a window's end would start counting again)."""
    settings.RATE_LIMITS_ENABLED = True
    with time_machine.travel(dt.datetime(2026, 8, 10, 9, 7, tzinfo=dt.UTC), tick=False):
        yield


@pytest.mark.usefixtures("limits_on")
def test_codes_are_limited_per_number_with_when_to_try_again(client):
    for _ in range(3):
        assert ask_code(client).status_code == 302
    refused = ask_code(client)
    assert refused.status_code == 429
    assert "Coba lagi dalam 9 menit" in refused.content.decode()  # at 09.07, window ends 09.15
    assert Message.objects.count() == 3
    assert ask_code(client, phone="0812-3456-7003").status_code == 302  # another number


@pytest.mark.usefixtures("limits_on")
def test_codes_are_limited_per_address(client, settings):
    settings.SIGN_IN_CODE_RATE_ADDRESS = ["2/h"]
    assert ask_code(client, phone="0812-3456-7003").status_code == 302
    assert ask_code(client, phone="0812-3456-7004").status_code == 302
    refused = ask_code(client, phone="0812-3456-7005")
    assert refused.status_code == 429 and "Coba lagi dalam" in refused.content.decode()


def test_asking_again_from_the_code_page_says_the_old_code_is_void(client):
    ask_code(client)
    response = ask_code(client, again="1")
    page = client.get(response["Location"]).content.decode()
    assert "Kode baru dikirim" in page
    assert messages_for(sign_in_reference(E164)).count() == 2


# --- attaching what the number took without an account ---------------------------------


def test_live_tickets_of_the_number_join_the_citizens_account(client):
    setup = make_queue()
    live = issue_ticket(mpp=setup.mpp, service=setup.service, channel=Channel.ONLINE, phone=PHONE)
    other = issue_ticket(
        mpp=setup.mpp, service=setup.service, channel=Channel.ONLINE, phone="0812-3456-7009"
    )
    closed = issue_ticket(mpp=setup.mpp, service=setup.service, channel=Channel.KIOSK, phone=PHONE)
    Ticket.objects.filter(pk=closed.pk).update(status=Status.CANCELLED)
    ask_code(client)
    client.post("/masuk/kode/", {"code": code_sent_to()})
    user = User.objects.get(phone=E164)
    assert list(Ticket.objects.filter(user=user)) == [live]
    assert Ticket.objects.get(pk=other.pk).user is None
    assert Ticket.objects.get(pk=closed.pk).user is None


def test_bookings_not_over_yet_join_the_account_those_already_over_do_not(client):
    b = make_bookable()
    monday = dt.date(2026, 8, 10)
    common = {"mpp": b.mpp, "service": b.service, "name": "Siti", "phone": PHONE}
    with time_machine.travel(at(b.mpp, monday, 6)):
        early = appointments.book(start=at(b.mpp, monday, 8), nik=NIKS[0], **common)
        later = appointments.book(start=at(b.mpp, monday, 10), nik=NIKS[1], **common)
    with time_machine.travel(at(b.mpp, monday, 9), tick=False):
        ask_code(client)
        client.post("/masuk/kode/", {"code": code_sent_to()})
    user = User.objects.get(phone=E164)
    assert list(Booking.objects.filter(user=user)) == [later]
    assert Booking.objects.get(pk=early.pk).user is None


def test_nothing_is_attached_to_a_staff_account():
    setup = make_queue()
    officer = make_user(Role.OFFICER, mpp=setup.mpp, agency=setup.service.agency, phone=PHONE)
    issue_ticket(mpp=setup.mpp, service=setup.service, channel=Channel.ONLINE, phone=PHONE)
    assert attach_tickets(user=officer, phone=E164) == 0
    assert appointments.attach_to_citizen(user=officer, phone=E164) == 0
    assert not Ticket.objects.filter(user=officer).exists()
