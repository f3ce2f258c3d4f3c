"""Booking a plan as one visit: consecutive slots in the plan's order, all or nothing, the
next visit that fits offered instead, and one ticket that follows at check-in."""

import datetime as dt

import pytest
import time_machine

from satupintu.accounts.tests.factories import UserFactory
from satupintu.applications.models import Application
from satupintu.applications.models import Status as AppStatus
from satupintu.appointments import checkin
from satupintu.appointments.models import AppointmentPolicy, Booking, BookingStatus, SlotCounter
from satupintu.appointments.services import Leg, SlotFull, book_visit, cancel
from satupintu.catalog.models import ServiceVersion, TimeUnit
from satupintu.core.errors import DomainError
from satupintu.journeys import selectors
from satupintu.journeys.services import VisitFull, book_journey
from satupintu.journeys.tests.factories import make_bookable_birth
from satupintu.queueing.counters import services as counters
from satupintu.queueing.models import Outcome, Ticket

NIGHT = dt.datetime(2026, 8, 9, 14, 0, tzinfo=dt.UTC)  # Sunday 21.00 WIB
MONDAY = dt.date(2026, 8, 10)
PERSON = {"name": "Siti Aminah", "nik": "3302014501900001", "phone": "081234567890"}


@pytest.fixture
def birth(db):
    with time_machine.travel(NIGHT, tick=False):
        yield make_bookable_birth()


def at(birth, hour, minute=0, day=MONDAY):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=birth.mpp.tzinfo)


def book(birth, **kwargs):
    values = {"mpp": birth.mpp, "key": "kelahiran", "answers": {"jkn": "Ya"}, "day": MONDAY}
    return [b for _visit, b in book_journey(**{**values, **PERSON, **kwargs})]


def test_each_step_starts_once_the_step_before_is_expected_to_be_done(birth):
    plan = selectors.journey_plan(birth.mpp, "kelahiran", {"jkn": "Ya"})
    minutes = [s.service_minutes for s in plan.today]
    bookings = book(birth)
    assert [b.service for b in bookings] == [birth.akta, birth.kk, birth.jkn]
    assert bookings[0].start == at(birth, 0)
    for before, after, taken in zip(bookings, bookings[1:], minutes, strict=False):
        assert after.start >= before.start + dt.timedelta(minutes=taken)
        assert after.start - before.start < dt.timedelta(minutes=taken + 30)  # the first fit
    assert [b.follows for b in bookings] == [None, bookings[0], bookings[1]]


def test_a_later_start_is_honoured(birth):
    bookings = book(birth, after=at(birth, 9, 10))
    assert bookings[0].start == at(birth, 9, 30)


def test_a_gone_slot_books_nothing_and_offers_the_next_visit_that_fits(birth):
    first = book(birth, after=at(birth, 9))
    kk_slot = first[1].start
    other = {**PERSON, "nik": "3302014501900002", "phone": "081234567891"}
    with pytest.raises(SlotFull):  # the KK slot is gone: the free akta slot is not kept
        book_visit(
            mpp=birth.mpp,
            legs=[Leg(first[0].service, at(birth, 10)), Leg(first[1].service, kk_slot)],
            **other,
        )
    assert Booking.objects.count() == 3
    assert not SlotCounter.objects.filter(
        service=first[0].service, start=at(birth, 10), booked__gt=0
    ).exists()
    with pytest.raises(VisitFull) as refused:
        book(birth, after=at(birth, 23, 30), **other)
    offer = refused.value.alternative
    assert offer and offer[0].slot.start.date() == MONDAY + dt.timedelta(days=1)
    assert Booking.objects.count() == 3


def test_check_in_makes_one_ticket_that_follows_the_booked_steps(birth):
    bookings = book(birth, after=at(birth, 8))
    with time_machine.travel(at(birth, 7, 50), tick=False):
        ticket = checkin.check_in(booking=bookings[1])  # any code of the visit
    assert ticket.service == birth.akta
    assert ticket.route == [birth.kk.pk, birth.jkn.pk]
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.CHECKED_IN}
    now = at(birth, 8, 1)
    called = counters.call_next(counter=birth.dukcapil[0], officer=None, now=now)
    assert called == ticket
    counters.start_serving(ticket=called, actor=None, now=now)
    counters.finish(ticket=called, actor=None, outcome=Outcome.COMPLETED, now=now)
    follow = Ticket.objects.get(transferred_from=ticket)
    assert follow.service == birth.kk and follow.route == [birth.jkn.pk]


def test_cancelling_one_booking_of_the_visit_cancels_the_visit(birth):
    bookings = book(birth)
    cancel(booking=bookings[2])
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.CANCELLED}
    assert set(SlotCounter.objects.values_list("booked", flat=True)) == {0}


def test_the_visit_counts_once_against_the_active_bookings_limit(birth):
    AppointmentPolicy.objects.update_or_create(mpp=birth.mpp, defaults={"max_active_per_nik": 1})
    assert len(book(birth)) == 3
    with pytest.raises(DomainError, match="janji temu aktif"):
        book(birth, day=MONDAY + dt.timedelta(days=1))


def test_the_api_books_the_plan_as_one_visit_and_offers_the_next_when_full(client, birth):
    url = f"/api/v1/mpps/{birth.mpp.slug}/journeys/kelahiran/booking"
    body = {"answers": {"jkn": "Ya"}, "day": "2026-08-10", "after": "2026-08-10T22:00:00+07:00"}
    with time_machine.travel(NIGHT, tick=False):
        made = client.post(url, {**body, **PERSON}, content_type="application/json")
        assert made.status_code == 201, made.content
        visit = made.json()
        assert [s["service"] for s in visit["steps"]] == ["A01", "A02", "G01"]
        assert visit["steps"][0]["start"].startswith("2026-08-10T22:00")
        assert visit["code"] == visit["steps"][0]["code"]
        other = {**PERSON, "nik": "3302014501900002", "phone": "081234567891"}
        full = client.post(url, {**body, **other}, content_type="application/json")
        assert full.status_code == 409
        assert full.json()["alternative"][0]["start"].startswith("2026-08-11T00:00")
        bad = client.post(url, {**body, **other, "answers": {}}, content_type="application/json")
        assert bad.status_code == 422 and "jkn" in bad.content.decode()
    assert Booking.objects.count() == 3


def test_the_phone_books_the_plan_and_sees_the_days_schedule(client, birth):
    url = f"/mpp/{birth.mpp.slug}/peristiwa-hidup/kelahiran/"
    form = {"jkn": "Ya", "day": "2026-08-10", "time": "09:00", **PERSON}
    with time_machine.travel(NIGHT, tick=False):
        assert "Pesan satu kunjungan" in client.get(url, {"jkn": "Ya"}).content.decode()
        made = client.post(url + "pesan/", form)
        assert made.status_code == 302
        page = client.get(made["Location"]).content.decode()
    assert "Jadwal hari itu" in page and "09.00" in page
    first = Booking.objects.get(follows=None)
    assert f"{first.code[:4]}-{first.code[4:]}" in page
    other = {**form, "nik": "3302014501900002", "phone": "081234567891", "time": "23:00"}
    with time_machine.travel(NIGHT, tick=False):
        full = client.post(url + "pesan/", other)
    assert full.status_code == 409
    html = full.content.decode()
    assert "Kunjungan berikutnya yang masih cocok" in html and "Selasa, 11 Agustus 2026" in html
    with time_machine.travel(NIGHT, tick=False):
        bad = client.post(url + "pesan/", {**other, "day": "besok"})
    assert bad.status_code == 422 and "Pilih tanggal" in bad.content.decode()


def test_a_step_whose_product_takes_days_is_the_next_visit_with_its_day_and_tracking(client, birth):
    ServiceVersion.objects.filter(service=birth.akta).update(
        processing_time_unit=TimeUnit.WORKING_DAYS, processing_time_value=3
    )
    bookings = book(birth, after=at(birth, 9))
    assert [b.service for b in bookings] == [birth.akta]  # KK and BPJS wait for the akta
    url = f"/mpp/{birth.mpp.slug}/peristiwa-hidup/kelahiran/kunjungan/{bookings[0].code}/"
    with time_machine.travel(NIGHT, tick=False):
        page = client.get(url, {"jkn": "Ya"}).content.decode()
    assert "Kunjungan berikutnya" in page
    assert "Paling cepat Kamis, 13 Agustus 2026" in page  # 3 working days after Monday
    application = Application.objects.create(
        mpp=birth.mpp,
        service=birth.akta,
        version=birth.akta.versions.first(),
        user=UserFactory(),
        tracking_number="AKT-0001",
        status=AppStatus.PROCESSING,
        applicant_name=PERSON["name"],
        applicant_nik=PERSON["nik"],
        applicant_phone=PERSON["phone"],
    )
    with time_machine.travel(NIGHT, tick=False):
        page = client.get(url, {"jkn": "Ya"}).content.decode()
    assert "Permohonan AKT-0001: Sedang diproses" in page
    Application.objects.filter(pk=application.pk).update(status=AppStatus.READY)
    with time_machine.travel(NIGHT, tick=False):
        page = client.get(url, {"jkn": "Ya"}).content.decode()
    assert "sudah terbit: langkah ini dapat diurus sekarang" in page
