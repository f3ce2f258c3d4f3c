"""Booking, its limits, reschedule and cancel, notifications and the MPP closing a day."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from satupintu.appointments import services
from satupintu.appointments.models import Booking, BookingStatus, SlotCounter
from satupintu.appointments.notices import ics, reference
from satupintu.appointments.tests.factories import NIKS, at, make_bookable
from satupintu.core.errors import DomainError
from satupintu.notifications.selectors import messages_for

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 8, 10)
TUESDAY = MONDAY + dt.timedelta(days=1)
PHONE = "0812-3456-7890"


@pytest.fixture
def b():
    return make_bookable()


def book(b, hour, nik=NIKS[0], minute=0, day=MONDAY, now=None, **kw):
    return services.book(
        mpp=b.mpp,
        service=b.service,
        start=at(b.mpp, day, hour, minute),
        name="Siti Aminah",
        nik=nik,
        phone=PHONE,
        now=now or at(b.mpp, MONDAY, 6),
        **kw,
    )


def test_booking_gives_a_readable_code_a_history_row_and_a_confirmation(b):
    booking = book(b, 8)
    assert len(booking.code) == 8 and set(booking.code) <= set(services.CODE_ALPHABET)
    assert booking.status == BookingStatus.BOOKED
    assert booking.phone == "+6281234567890"
    assert [(e.action, e.to_status) for e in booking.history.all()] == [("book", "booked")]
    assert SlotCounter.objects.get(service=b.service).booked == 1
    sent = list(messages_for(reference(booking)))
    assert sent and booking.code[:4] in sent[0].body and "08.00 WIB" in sent[0].body


def test_codes_are_unguessable():
    assert len({services.new_code() for _ in range(500)}) == 500


def test_a_full_slot_refuses_with_the_nearest_free_alternatives(b):
    for nik in NIKS[:3]:
        book(b, 8, nik=nik)
    with pytest.raises(services.SlotFull) as refused:
        book(b, 8, nik=NIKS[3])
    assert refused.value.code == "slot_full" and "Slot penuh" in refused.value.message
    starts = [s.start.strftime("%H.%M") for s in refused.value.alternatives]
    assert starts == ["07.30", "08.30", "09.00"]
    assert Booking.objects.count() == 3


def test_invalid_details_are_refused_field_by_field(b):
    with pytest.raises(ValidationError) as invalid:
        services.book(
            mpp=b.mpp,
            service=b.service,
            start=at(b.mpp, MONDAY, 8),
            name="S",
            nik="1234",
            phone="12",
            email="x@",
            now=at(b.mpp, MONDAY, 6),
        )
    assert set(invalid.value.message_dict) == {"name", "nik", "phone", "email"}


def test_one_active_booking_per_nik_service_and_day(b):
    book(b, 8)
    with pytest.raises(DomainError) as refused:
        book(b, 9)
    assert refused.value.code == "already_booked"
    assert not SlotCounter.objects.filter(start=at(b.mpp, MONDAY, 9), booked__gt=0).exists()
    book(b, 9, day=TUESDAY)  # another day is fine


def test_maximum_active_bookings_per_nik(b):
    services.policy_for(b.mpp).__class__.objects.filter(mpp=b.mpp).update(max_active_per_nik=2)
    book(b, 8)
    book(b, 8, day=TUESDAY)
    with pytest.raises(DomainError) as refused:
        book(b, 8, day=TUESDAY + dt.timedelta(days=1))
    assert refused.value.code == "too_many_bookings"


def test_repeated_no_shows_pause_booking(b):
    policy = services.policy_for(b.mpp)
    policy.no_show_limit, policy.no_show_block_days = 2, 30
    policy.save()
    for hour in (8, 9):
        booking = book(b, hour, day=MONDAY if hour == 8 else TUESDAY)
        Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.NO_SHOW)
    with pytest.raises(DomainError) as refused:
        book(b, 10, day=TUESDAY + dt.timedelta(days=1))
    assert refused.value.code == "no_show_limit"
    book(b, 10, nik=NIKS[1])  # somebody else may


def test_a_past_or_off_grid_slot_is_unprocessable(b):
    with pytest.raises(DomainError) as refused:
        book(b, 8, now=at(b.mpp, MONDAY, 7, 30))  # within the 60 minute cut-off
    assert refused.value.status == 422


def test_reschedule_moves_the_place_and_cancel_frees_it(b):
    booking = book(b, 8)
    moved = services.reschedule(
        booking=booking, start=at(b.mpp, TUESDAY, 10), now=at(b.mpp, MONDAY, 6)
    )
    assert moved.day == TUESDAY and moved.status == BookingStatus.BOOKED
    counts = dict(SlotCounter.objects.values_list("start", "booked"))
    assert counts[at(b.mpp, MONDAY, 8)] == 0 and counts[at(b.mpp, TUESDAY, 10)] == 1
    cancelled = services.cancel(booking=moved)
    assert cancelled.status == BookingStatus.CANCELLED
    assert SlotCounter.objects.get(start=at(b.mpp, TUESDAY, 10)).booked == 0
    actions = [e.action for e in cancelled.history.all()]
    assert actions == ["book", "reschedule", "cancel"]
    with pytest.raises(DomainError):
        services.cancel(booking=cancelled)
    kinds = {m.kind for m in messages_for(reference(booking))}
    assert {"appointment.rescheduled", "appointment.cancelled"} <= kinds


def test_last_four_digits_of_phone_or_nik_prove_ownership(b):
    booking = book(b, 8)
    assert services.verify_owner(booking, "7890")
    assert services.verify_owner(booking, NIKS[0][-4:])
    assert not services.verify_owner(booking, "0000")
    assert not services.verify_owner(booking, "")


def test_closing_a_day_cancels_and_offers_the_nearest_free_slots(b):
    first, second = book(b, 8), book(b, 9, nik=NIKS[1])
    cancelled = services.set_day_override(
        mpp=b.mpp,
        service=b.service,
        day=MONDAY,
        blocked=True,
        reason="Pemadaman listrik",
        now=at(b.mpp, MONDAY, 6),
    )
    assert {c.pk for c in cancelled} == {first.pk, second.pk}
    message = messages_for(reference(first)).filter(kind="appointment.cancelled_by_mpp").get()
    assert "Pemadaman listrik" in message.body
    assert "Selasa, 11 Agustus 2026, 07.30 WIB" in message.body  # the offer: next open day


def test_h_minus_1_reminder_is_sent_once_the_day_before(b):
    booking = book(b, 9, day=TUESDAY)
    assert services.send_reminders(now=at(b.mpp, MONDAY - dt.timedelta(days=1), 20)) == 0
    assert services.send_reminders(now=at(b.mpp, MONDAY, 8)) == 1
    assert services.send_reminders(now=at(b.mpp, MONDAY, 8, 15)) == 0
    kinds = [m.kind for m in messages_for(reference(booking))]
    assert kinds.count("appointment.reminder") == 1


def test_ics_file_has_the_visit_in_utc(b):
    booking = book(b, 8)
    text = ics(booking, url="https://mpp.test/janji-temu/x/")
    assert "DTSTART:20260810T010000Z" in text and "DTEND:20260810T013000Z" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_the_confirmation_links_to_the_booking_page_at_the_public_address(b, settings):
    settings.PUBLIC_URL = "https://mpp.banyumaskab.go.id"
    booking = book(b, 8)
    [sent] = messages_for(reference(booking))
    assert sent.body.endswith(f": https://mpp.banyumaskab.go.id/janji-temu/{booking.code}/")
