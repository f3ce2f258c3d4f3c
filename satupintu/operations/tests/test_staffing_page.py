"""The supervisor's staffing page (/staf/kebutuhan-loket/) and its way in from the staff room."""

import datetime as dt

import pytest
from django.test import Client

from satupintu.queueing.counters import services as counters
from satupintu.queueing.models import Channel
from satupintu.queueing.tests.factories import open_all_day, queue_at
from satupintu.queueing.tickets import services as tickets

pytestmark = pytest.mark.django_db

PAGE = "/staf/kebutuhan-loket/"
DAY = dt.date(2026, 11, 18)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def busy_morning(personas):
    """Hour 8 at MPP X: twelve visitors for one service, each held 10 minutes, loket 1 open."""
    mpp = personas.mpp_x
    open_all_day(mpp)
    counter = personas.counter_xa
    service = queue_at(counter, "Q")
    for minute in range(0, 60, 5):
        when = dt.datetime.combine(DAY, dt.time(8, minute), tzinfo=mpp.tzinfo)
        tickets.issue_ticket(mpp=mpp, service=service, channel=Channel.KIOSK, now=when)
    called = dt.datetime.combine(DAY, dt.time(8, 1), tzinfo=mpp.tzinfo)
    ticket = counters.call_next(counter=counter, officer=None, now=called)
    ticket = counters.start_serving(ticket=ticket, actor=None, now=called)
    counters.finish(ticket=ticket, actor=None, now=called + dt.timedelta(minutes=10))
    return service


def test_the_staff_room_links_the_page_for_supervisors_only(personas):
    room = signed_in(personas.supervisor_x).get("/staf/").content.decode()
    assert PAGE in room
    assert PAGE not in signed_in(personas.officer_xa).get("/staf/").content.decode()


def test_the_supervisor_sees_the_days_advice_with_the_short_hour_marked(
    personas, busy_morning, settings
):
    settings.STAFFING_TARGET_SHARE = 0.8
    page = signed_in(personas.supervisor_x).get(PAGE, {"tanggal": DAY.isoformat()})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Target: 80% pengunjung dipanggil dalam 15 menit." in html
    assert busy_morning.code in html and "08.00" in html
    # 12 an hour × 10 minutes = 2 Erlang: three counters advised, one open
    assert 'class="table-warning"' in html and "kurang 2" in html
    assert "12 orang" in html


def test_the_what_if_form_answers_on_the_page(personas):
    page = signed_in(personas.supervisor_x).get(
        PAGE, {"kedatangan": 200, "lama": 3, "loket": 14, "target": 0.3333333}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Peluang harus menunggu" in html and "17%" in html and "89%" in html


def test_an_overloaded_what_if_says_so(personas):
    page = signed_in(personas.supervisor_x).get(
        PAGE, {"kedatangan": 60, "lama": 10, "loket": 5, "target": 15}
    )
    assert "antrean akan terus bertambah" in page.content.decode()


def test_absurd_what_if_figures_are_refused_in_indonesian(personas):
    page = signed_in(personas.supervisor_x).get(
        PAGE, {"kedatangan": 20, "lama": 10, "loket": 0, "target": 15}
    )
    assert page.status_code == 422
    assert "Jumlah loket harus antara 1 dan 500." in page.content.decode()
    page = signed_in(personas.supervisor_x).get(PAGE, {"kedatangan": "banyak"})
    assert page.status_code == 422


def test_others_cannot_open_the_page(personas):
    assert signed_in(personas.officer_xa).get(PAGE).status_code == 403
    assert signed_in(personas.operator).get(PAGE).status_code == 403  # no MPP of their own
    assert Client().get(PAGE).status_code == 302  # to the sign-in page
