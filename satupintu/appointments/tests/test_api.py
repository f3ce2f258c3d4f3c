"""Appointments through /api/v1: slots, booking (201/409/422), changes with the code, check-in."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from satupintu.appointments.models import Booking, BookingStatus
from satupintu.appointments.tests.factories import NIKS, at, make_bookable
from satupintu.queueing.models import Channel, Ticket

MONDAY = dt.date(2026, 8, 10)


@pytest.fixture
def b(personas):
    bookable = make_bookable(mpp=personas.mpp_x, prefix="C")
    with time_machine.travel(at(bookable.mpp, MONDAY, 6), tick=False):
        yield bookable


def post_booking(client, b, hour=8, nik=NIKS[0], **extra):
    body = {
        "service": b.service.code,
        "start": at(b.mpp, MONDAY, hour).isoformat(),
        "name": "Siti Aminah",
        "nik": nik,
        "phone": "081234567890",
        **extra,
    }
    return client.post(f"/api/v1/mpps/{b.mpp.slug}/bookings", body, content_type="application/json")


def bearer(personas, user):
    return {"HTTP_AUTHORIZATION": f"Bearer {personas.token(user)}"}


def test_slots_list_start_end_capacity_and_remaining_with_the_zone_offset(client, b):
    post_booking(client, b, hour=8)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            f"/api/v1/mpps/{b.mpp.slug}/services/{b.service.code}/slots",
            {"from": "2026-08-10", "to": "2026-08-11"},
        )
    assert response.status_code == 200
    items = response.json()["items"]
    assert items[0] == {
        "start": "2026-08-10T08:00:00+07:00",
        "end": "2026-08-10T08:30:00+07:00",
        "capacity": 3,
        "remaining": 2,
    }
    assert len(items) == 2 * 14  # 08.00-12.00 and 13.00-16.00, two days
    assert len(queries) <= 12


def test_slots_refuse_a_long_range_and_a_service_without_appointments(client, b, personas):
    base = f"/api/v1/mpps/{b.mpp.slug}/services"
    long = client.get(f"{base}/{b.service.code}/slots", {"from": "2026-08-10", "to": "2026-10-10"})
    assert long.status_code == 422
    missing = client.get(f"{base}/Z99/slots", {"from": "2026-08-10", "to": "2026-08-11"})
    assert missing.status_code == 404


def test_booking_answers_201_with_the_code_and_masked_personal_data(client, b):
    response = post_booking(client, b)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "booked" and len(data["code"]) == 9
    assert data["nik"] == "3302********0001" and "7890" in data["phone"]
    assert data["start"] == "2026-08-10T08:00:00+07:00"
    assert data["requirements"] == ["Kartu Keluarga"]
    assert data["ics_url"].endswith("/kalender.ics")
    got = client.get(f"/api/v1/bookings/{data['code']}")
    assert got.status_code == 200 and got.json()["code"] == data["code"]


def test_a_full_slot_answers_409_slot_penuh_with_alternatives(client, b):
    for nik in NIKS[:3]:
        assert post_booking(client, b, nik=nik).status_code == 201
    response = post_booking(client, b, nik=NIKS[3])
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "slot_full" and "Slot penuh" in body["message"]
    assert [a["start"][11:16] for a in body["alternatives"]] == ["08:30", "09:00", "09:30"]


def test_invalid_data_answers_422(client, b):
    assert post_booking(client, b, nik="3302010101900000").status_code == 422
    assert post_booking(client, b, hour=12).status_code == 422  # lunch break: not a slot
    assert post_booking(client, b, name="").status_code == 422


def test_change_and_cancel_need_the_last_four_digits(client, b, personas):
    code = post_booking(client, b).json()["code"]
    later = at(b.mpp, MONDAY, 10).isoformat()
    wrong = client.patch(
        f"/api/v1/bookings/{code}",
        {"start": later, "digits": "1111"},
        content_type="application/json",
    )
    assert wrong.status_code == 403
    moved = client.patch(
        f"/api/v1/bookings/{code}",
        {"start": later, "digits": "7890"},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["start"] == "2026-08-10T10:00:00+07:00"
    assert client.delete(f"/api/v1/bookings/{code}").status_code == 403
    by_supervisor = client.delete(
        f"/api/v1/bookings/{code}", **bearer(personas, personas.supervisor_x)
    )
    assert by_supervisor.status_code == 200 and by_supervisor.json()["status"] == "cancelled"


def test_check_in_is_for_the_mpps_kiosk_and_staff(client, b, personas):
    code = post_booking(client, b, hour=8).json()["code"]
    path = f"/api/v1/bookings/{code}/check-in"
    assert client.post(path).status_code == 401
    assert client.post(path, **bearer(personas, personas.citizen)).status_code == 403
    assert client.post(path, **bearer(personas, personas.supervisor_y)).status_code == 403
    early = client.post(path, **bearer(personas, personas.kiosk_x))
    assert early.status_code == 409 and early.json()["code"] == "too_early"
    with time_machine.travel(at(b.mpp, MONDAY, 7, 45), tick=False):
        response = client.post(path, **bearer(personas, personas.kiosk_x))
    assert response.status_code == 201, response.json()
    ticket = Ticket.objects.get(public_id=response.json()["ticket"]["id"])
    assert ticket.channel == Channel.APPOINTMENT and response.json()["booking"]["ticket_number"]
    assert Booking.objects.get().status == BookingStatus.CHECKED_IN
