"""The page "Beranda saya" (/saya/, GET /api/v1/me/home, web/home.py): a citizen's live
tickets, upcoming bookings, applications with their next step and surveys waiting, on one
page and as JSON; empty sections left out; each section's queries fixed; what a citizen
takes while signed in joins the account at once."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from satupintu.accounts.models import Role
from satupintu.accounts.services import issue_api_token
from satupintu.accounts.tests.factories import make_user
from satupintu.applications.models import Application, Status
from satupintu.applications.tests.factories import draft, online_service, submitted
from satupintu.appointments import services as appointments
from satupintu.appointments.models import Booking
from satupintu.appointments.tests.factories import NIKS, at, make_bookable
from satupintu.complaints.tests.factories import complaint
from satupintu.queueing.counters.services import call_next, finish, start_serving
from satupintu.queueing.models import Channel, Ticket
from satupintu.queueing.tests.factories import make_queue
from satupintu.queueing.tickets.selectors import local_day
from satupintu.queueing.tickets.services import issue_ticket
from satupintu.satisfaction import services as satisfaction
from satupintu.satisfaction.tests.factories import PROFILE, answers
from satupintu.web import home

pytestmark = pytest.mark.django_db

PHONE = "0812-3456-7110"
E164 = "+6281234567110"


@pytest.fixture
def citizen():
    return make_user(Role.CITIZEN, phone=E164, full_name="Siti Aminah")


def take(setup, user, phone=PHONE):
    return issue_ticket(
        mpp=setup.mpp, service=setup.service, channel=Channel.ONLINE, phone=phone, user=user
    )


def test_a_visitor_not_signed_in_is_offered_the_code_sign_in(client):
    response = client.get("/saya/")
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=/saya/"
    page = client.get(response["Location"]).content.decode()
    assert 'name="phone"' in page  # the code sign-in, first on the page


def test_an_empty_home_says_what_the_citizen_can_do(client, citizen):
    setup = make_queue()
    client.force_login(citizen)
    page = client.get("/saya/").content.decode()
    assert "Belum ada urusan yang berjalan" in page
    assert f"/mpp/{setup.mpp.slug}/ambil-antrian/" in page
    assert f"/mpp/{setup.mpp.slug}/janji-temu/" in page
    for absent in ("Nomor antrian hari ini", "Janji temu mendatang", "Permohonan", "Survei"):
        assert f">{absent} <" not in page
    assert client.get("/api/v1/me/home").json() == {"sections": []}


def test_live_tickets_show_place_and_wait_and_follow_the_tickets_stream(client, citizen):
    setup = make_queue()
    take(setup, None, phone="0812-0000-0001")  # someone else's, ahead
    mine = take(setup, citizen)
    client.force_login(citizen)
    page = client.get("/saya/").content.decode()
    assert mine.number in page
    assert "Di depan Anda" in page and "1 orang" in page
    assert f'data-events-url="/api/v1/tickets/{mine.public_id}/events"' in page
    assert f'href="/antrian/{mine.public_id}/"' in page
    assert "queueing/ticket.js" in page and 'id="ticket-phrases"' in page


def test_a_called_ticket_says_your_turn_and_the_counter(client, citizen):
    setup = make_queue()
    take(setup, citizen)
    call_next(counter=setup.counters[0], officer=None)
    client.force_login(citizen)
    page = client.get("/saya/").content.decode()
    assert f"Giliran Anda! Loket {setup.counters[0].number}" in page
    english = client.get("/saya/", headers={"accept-language": "en"}).content.decode()
    assert f"Your turn! Counter {setup.counters[0].number}" in english


def test_bookings_applications_and_surveys_each_with_their_next_step(client, citizen):
    b = make_bookable(all_day=True)
    tomorrow = local_day(b.mpp) + dt.timedelta(days=1)
    booking = appointments.book(
        mpp=b.mpp, service=b.service, start=at(b.mpp, tomorrow, 10), name="Siti",
        nik=NIKS[0], phone=PHONE, user=citizen,
    )  # fmt: skip
    service = online_service(b.counters[0].booth)
    revise = submitted(citizen, service)
    Application.objects.filter(pk=revise.pk).update(status=Status.NEEDS_REVISION)
    setup = make_queue(mpp=b.mpp, prefix="Q")
    visit = take(setup, citizen)
    call_next(counter=setup.counters[0], officer=None)
    start_serving(ticket=visit, actor=None)
    finish(ticket=visit, actor=None)
    client.force_login(citizen)
    page = client.get("/saya/").content.decode()
    assert "Janji temu mendatang" in page and f"/janji-temu/{booking.code}/" in page
    assert "Perlu tindakan Anda" in page
    assert "Ganti berkas yang ditandai perlu diperbaiki, lalu kirim ulang." in page
    assert f"/permohonan/{revise.public_id}/" in page
    assert "Survei menunggu jawaban Anda" in page and f"/skm/{visit.public_id}/" in page
    assert "Nomor antrian hari ini" not in page  # the only ticket is over
    keys = [s["key"] for s in client.get("/api/v1/me/home").json()["sections"]]
    assert keys == ["bookings", "applications", "surveys"]


def test_an_answered_survey_and_someone_elses_things_are_not_shown(client, citizen):
    setup = make_queue()
    visit = take(setup, citizen)
    call_next(counter=setup.counters[0], officer=None)
    start_serving(ticket=visit, actor=None)
    finish(ticket=visit, actor=None)
    satisfaction.submit_survey(
        mpp=setup.mpp, service=None, source="link", ticket=visit, answers=answers(4),
        profile=PROFILE,
    )  # fmt: skip
    other = make_user(Role.CITIZEN, phone="+6281234567111")
    take(setup, other, phone="0812-3456-7111")
    assert home.my_home(citizen) == []


def test_applications_waiting_for_the_citizen_come_first(citizen):
    b = make_bookable()
    service = online_service(b.counters[0].booth)
    processing = submitted(citizen, service)
    ready = draft(citizen, service)
    Application.objects.filter(pk=ready.pk).update(status=Status.READY)
    [section] = home.my_home(citizen)
    assert [item.status for item in section.items] == [Status.READY, Status.SUBMITTED]
    assert section.items[0].needs_you and not section.items[1].needs_you
    assert processing.tracking_number in section.items[1].detail


def test_each_sections_queries_do_not_grow_with_its_rows(citizen):
    """Bookings, applications and surveys: a fixed number of queries for any number of
    rows. Live tickets: one query for the list and the ticket page's own reads per ticket
    (its place among those waiting), bounded by home.MOST."""
    b = make_bookable(all_day=True, capacity=10)
    service = online_service(b.counters[0].booth)
    setup = make_queue(mpp=b.mpp, prefix="Q")

    def counts() -> dict[str, int]:
        now = dt.datetime.now(dt.UTC)
        found = {}
        for read in home.SECTIONS:
            read(citizen, now)  # warm the caches (service names, wait statistics)
            with CaptureQueriesContext(connection) as queries:
                read(citizen, now)
            found[read.__name__] = len(queries)
        return found

    def add(n: int) -> None:
        for _ in range(n):
            k = Booking.objects.count()
            day = local_day(b.mpp) + dt.timedelta(days=1 + k)
            appointments.book(
                mpp=b.mpp, service=b.service, start=at(b.mpp, day, 10),
                name="Siti", nik=NIKS[k], phone=PHONE, user=citizen,
            )  # fmt: skip
            submitted(citizen, service)
            done = Ticket.objects.get(pk=take(setup, citizen, phone=f"0812-5555-{k:04d}").pk)
            call_next(counter=setup.counters[0], officer=None)
            start_serving(ticket=done, actor=None)
            finish(ticket=done, actor=None)
            complaint(b.mpp, citizen=citizen)

    add(1)
    one = counts()
    add(2)
    three = counts()
    for name in (
        "upcoming_bookings",
        "applications_to_follow",
        "complaints_to_follow",
        "surveys_waiting",
    ):
        assert three[name] == one[name], name
    assert one == {
        "live_tickets": 1,
        "upcoming_bookings": 2,
        "applications_to_follow": 1,
        "bills_to_pay": 1,
        "documents_issued": 1,
        "complaints_to_follow": 1,
        "surveys_waiting": 2,
    }


def test_the_api_answers_the_citizen_by_token_and_refuses_without(client, citizen):
    setup = make_queue()
    mine = take(setup, citizen)
    token = issue_api_token(user=citizen, name="ponsel")
    body = client.get("/api/v1/me/home", headers={"authorization": f"Bearer {token}"}).json()
    [tickets] = body["sections"]
    assert tickets["key"] == "tickets"
    item = tickets["items"][0]
    assert item["ticket"]["number"] == mine.number
    assert item["ticket"]["ahead"] == 0
    assert item["ticket"]["events_url"] == f"/api/v1/tickets/{mine.public_id}/events"
    refused = client.get("/api/v1/me/home")
    assert refused.status_code == 401
    assert refused.json()["code"] and refused.json()["message"]


def test_the_api_is_described_in_openapi(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/me/home"]["get"]
    assert "200" in operation["responses"] and "401" in operation["responses"]


# --- taken while signed in: in the account at once -------------------------------------


def test_a_phone_ticket_taken_while_signed_in_joins_the_account_at_once(client, citizen):
    setup = make_queue()
    client.force_login(citizen)
    response = client.post(
        f"/mpp/{setup.mpp.slug}/ambil-antrian/", {"service": setup.service.code, "phone": PHONE}
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.user == citizen
    assert ticket.number in client.get("/saya/").content.decode()


def test_a_ticket_taken_by_an_anonymous_visitor_or_an_officer_joins_no_account(client):
    setup = make_queue()
    client.post(
        f"/mpp/{setup.mpp.slug}/ambil-antrian/", {"service": setup.service.code, "phone": PHONE}
    )
    officer = make_user(Role.OFFICER, mpp=setup.mpp, agency=setup.service.agency)
    issue_ticket(
        mpp=setup.mpp, service=setup.service, channel=Channel.ONLINE,
        phone="0812-3456-7999", user=officer,
    )  # fmt: skip
    assert not Ticket.objects.filter(user__isnull=False).exists()


def test_a_ticket_taken_through_the_api_with_the_citizens_token_joins_the_account(client, citizen):
    setup = make_queue()
    token = issue_api_token(user=citizen, name="ponsel")
    response = client.post(
        f"/api/v1/mpps/{setup.mpp.slug}/tickets",
        {"service": setup.service.code, "channel": "online", "phone": PHONE},
        content_type="application/json",
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201
    assert Ticket.objects.get().user == citizen


def test_a_booking_made_while_signed_in_joins_the_account_at_once(client, citizen):
    b = make_bookable()
    monday = dt.date(2026, 8, 10)
    client.force_login(citizen)
    with time_machine.travel(at(b.mpp, monday, 6)):
        response = client.post(
            f"/mpp/{b.mpp.slug}/janji-temu/{b.service.code}/data/",
            {"start": at(b.mpp, monday, 10).isoformat(), "name": "Siti Aminah",
             "nik": NIKS[0], "phone": PHONE},
        )  # fmt: skip
        assert response.status_code == 302, response.content.decode()[:2000]
        booking = Booking.objects.get()
        assert booking.user == citizen
        [bookings] = home.my_home(citizen)
        assert bookings.key == "bookings"
        assert bookings.items[0].url == f"/janji-temu/{booking.code}/"


# --- how a citizen gets there ------------------------------------------------------------


def test_a_code_sign_in_without_next_lands_on_my_home(client):
    from satupintu.web.tests.test_sign_in_code import ask_code, code_sent_to

    ask_code(client, PHONE)
    done = client.post("/masuk/kode/", {"code": code_sent_to(E164)}, follow=True)
    assert done.redirect_chain[-1][0] == "/saya/"
    assert "Beranda saya" in done.content.decode()


def test_every_page_offers_my_home_to_a_citizen_and_only_to_a_citizen(client, citizen):
    setup = make_queue()
    client.force_login(citizen)
    for url in ("/", f"/mpp/{setup.mpp.slug}/", "/akun/"):
        assert 'href="/saya/">Beranda saya</a>' in client.get(url).content.decode(), url
    assert (
        'class="btn btn-brand" href="/saya/">Beranda saya</a>'
        in client.get("/akun/").content.decode()
    )
    officer = make_user(Role.OFFICER, mpp=setup.mpp, agency=setup.service.agency)
    client.force_login(officer)
    assert 'href="/saya/"' not in client.get("/").content.decode()
    client.logout()
    assert 'href="/saya/"' not in client.get("/").content.decode()


def test_staff_are_sent_to_their_own_start_page(client):
    setup = make_queue()
    client.force_login(make_user(Role.OFFICER, mpp=setup.mpp, agency=setup.service.agency))
    assert client.get("/saya/")["Location"] == "/masuk/lanjut/"


def test_live_tickets_cost_one_query_and_the_ticket_pages_two_per_waiting_ticket(citizen):
    """The list in one query; each waiting ticket's place (those ahead) and its counters'
    state, as its own page reads them (tickets/selectors.ticket_view)."""
    for n, prefix in enumerate("ABC", start=1):
        take(make_queue(prefix=prefix), citizen, phone=f"0812-3456-70{n:02d}")
        now = dt.datetime.now(dt.UTC)
        home.live_tickets(citizen, now)  # warm the caches (service names, wait statistics)
        with CaptureQueriesContext(connection) as queries:
            assert len(home.live_tickets(citizen, now).items) == n
        assert len(queries) == 1 + 2 * n


def test_a_transferred_ticket_stays_on_my_home_under_its_new_number(citizen):
    from satupintu.queueing.counters.services import transfer
    from satupintu.queueing.tests.factories import queue_at

    setup = make_queue()
    other = queue_at(setup.counters[0], "B")
    mine = take(setup, citizen)
    called = call_next(counter=setup.counters[0], officer=None)
    assert called is not None and called.pk == mine.pk
    moved = transfer(ticket=called, to_service=other, actor=None)
    [tickets] = home.my_home(citizen)
    assert [item.title for item in tickets.items] == [moved.number]


# --- bills to pay ----------------------------------------------------------------------


def test_an_unpaid_bill_is_on_the_home_page_until_it_expires(personas):
    from satupintu.payments.tests.factories import awaiting_payment, bill_of
    from satupintu.payments.tests.factories import setup as payments_setup

    service, _ = payments_setup(personas)
    bill = bill_of(awaiting_payment(personas, service))
    now = dt.datetime.now(dt.UTC)
    with CaptureQueriesContext(connection) as queries:
        section = home.bills_to_pay(personas.citizen, now)
    assert len(queries) == 1
    [item] = section.items
    assert item.needs_you and item.url == f"/tagihan/{bill.public_id}/"
    assert "Rp50.000" in item.action and bill.number in item.detail
    assert not home.bills_to_pay(personas.citizen, bill.expires_at).items
    assert not home.bills_to_pay(personas.officer_xa, now).items
