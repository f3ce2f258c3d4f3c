"""Writes of appointments: book, reschedule, cancel, day overrides, reminders (check-in
and no-shows: `checkin.py`).

Never overbooked: a booking takes its place with one conditional UPDATE on the
slot's counter row (`booked = booked + 1 WHERE booked < capacity`) and, with a
daily quota, on the day's counter row, inside the transaction that writes the
booking. PostgreSQL re-checks the WHERE on the row a concurrent booking just
committed; SQLite's IMMEDIATE transactions take the write lock at BEGIN. Either
way the last place goes to exactly one request, and the others get `SlotFull`
with the nearest free slots. One active booking per NIK, service and day is a
partial unique index.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.accounts.models import Role, User
from satupintu.appointments import notices
from satupintu.appointments.models import (
    AppointmentPolicy,
    Booking,
    BookingStatus,
    DayCounter,
    DayOverride,
    SlotCounter,
    SlotSetting,
)
from satupintu.appointments.slots import Slot, find_slot, nearest_free, setting_for
from satupintu.appointments.workflow import WORKFLOW, target_status
from satupintu.catalog.models import Service
from satupintu.core.errors import DomainError
from satupintu.core.identifiers import Nik, normalize_phone, phone_last_digits
from satupintu.tenancy.models import Mpp

# Booking codes: 8 characters without look-alikes (0/O, 1/I, 2/Z, 5/S, 8/B): 26^8 ≈ 2·10^11.
CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"
CODE_LENGTH = 8


class SlotFull(DomainError):
    status = 409
    code = "slot_full"
    default_message = gettext_lazy("Slot penuh. Pilih salah satu jadwal lain yang masih kosong.")

    def __init__(self, message: str | None = None, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.alternatives: list[Slot] = []


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str:
    """'k7pm-q3xd ' -> 'K7PMQ3XD' (people type codes with spaces, dashes, small letters)."""
    return re.sub(r"[^A-Z0-9]", "", str(raw or "").upper())[:CODE_LENGTH]


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def policy_for(mpp: Mpp) -> AppointmentPolicy:
    policy, _created = AppointmentPolicy.objects.get_or_create(mpp=mpp)
    return policy


def _setting(mpp: Mpp, service: Service) -> SlotSetting:
    setting = setting_for(service) if service.mpp_id == mpp.pk else None
    if setting is None:
        raise DomainError(
            _("Layanan ini tidak dapat dipesan dengan janji temu."), code="not_bookable", status=422
        )
    return setting


def _person(name: str, nik: str, phone: str, email: str) -> tuple[str, str, str, str]:
    """Validated, normalised contact details, or ValidationError (422) naming the field."""
    errors: dict[str, list] = {}
    name = " ".join(str(name or "").split())
    if not 2 <= len(name) <= 120:
        errors["name"] = [_("Tuliskan nama lengkap sesuai KTP.")]
    try:
        nik = Nik.parse(nik).value
    except ValidationError as error:
        errors["nik"] = error.messages
    try:
        phone = normalize_phone(phone)
    except ValidationError as error:
        errors["phone"] = error.messages
    email = str(email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Alamat e-mail tidak valid.")]
    if errors:
        raise ValidationError(errors)
    return name, nik, phone, email


def _check_person(
    mpp: Mpp, nik: str, now: dt.datetime, policy: AppointmentPolicy, *, ignore: int | None = None
) -> None:
    """The anti-calo limits: active bookings per NIK, and a pause after repeated no-shows."""
    mine = Booking.objects.filter(mpp=mpp, nik=nik)
    if ignore is not None:
        mine = mine.exclude(pk=ignore)
    # a visit booked as one (`follows`) counts once, by its first booking
    active = mine.filter(status=BookingStatus.BOOKED, end__gt=now, follows__isnull=True).count()
    if active >= policy.max_active_per_nik:
        raise DomainError(
            _("NIK ini sudah memiliki %(n)s janji temu aktif, batas yang diizinkan.")
            % {"n": active},
            code="too_many_bookings",
        )
    if policy.no_show_limit:
        since = now - dt.timedelta(days=policy.no_show_lookback_days)
        missed = list(
            mine.filter(status=BookingStatus.NO_SHOW, start__gte=since)
            .order_by("-start")
            .values_list("start", flat=True)[: policy.no_show_limit]
        )
        if len(missed) >= policy.no_show_limit:
            until = missed[0] + dt.timedelta(days=policy.no_show_block_days)
            if until > now:
                raise DomainError(
                    _(
                        "NIK ini %(n)s kali tidak hadir pada janji temu. Pemesanan baru dapat "
                        "dilakukan lagi mulai %(date)s; sementara itu silakan ambil nomor "
                        "antrian di kios."
                    )
                    % {
                        "n": len(missed),
                        "date": date_format(timezone.localtime(until, mpp.tzinfo), "j F Y"),
                    },
                    code="no_show_limit",
                )


def _slot_or_refuse(mpp: Mpp, setting: SlotSetting, start: dt.datetime, now: dt.datetime) -> Slot:
    slot = find_slot(mpp, setting, start, now=now)
    if slot is None:
        raise DomainError(
            _("Jadwal ini tidak dapat dipesan (di luar jam layanan, libur, atau sudah lewat)."),
            code="slot_unavailable",
            status=422,
        )
    return slot


def _take_place(setting: SlotSetting, slot: Slot) -> None:
    """Count one booking into the slot and the day, or raise SlotFull (rolls back)."""
    service_id, mpp_id = setting.service_id, setting.mpp_id
    SlotCounter.objects.bulk_create(
        [SlotCounter(mpp_id=mpp_id, service_id=service_id, start=slot.start)],
        ignore_conflicts=True,
    )
    taken = SlotCounter.objects.filter(
        service_id=service_id, start=slot.start, booked__lt=slot.capacity
    ).update(booked=F("booked") + 1)
    if taken != 1:
        raise SlotFull()
    if setting.daily_quota is not None:
        day = slot.start.date()
        DayCounter.objects.bulk_create(
            [DayCounter(mpp_id=mpp_id, service_id=service_id, day=day)], ignore_conflicts=True
        )
        taken = DayCounter.objects.filter(
            service_id=service_id, day=day, booked__lt=setting.daily_quota
        ).update(booked=F("booked") + 1)
        if taken != 1:
            raise SlotFull(_("Kuota janji temu pada hari ini sudah habis. Pilih hari lain."))


def _release_place(booking: Booking) -> None:
    SlotCounter.objects.filter(
        service_id=booking.service_id, start=booking.start, booked__gt=0
    ).update(booked=F("booked") - 1)
    DayCounter.objects.filter(service_id=booking.service_id, day=booking.day, booked__gt=0).update(
        booked=F("booked") - 1
    )


def _already_booked() -> DomainError:
    return DomainError(
        _("NIK ini sudah memiliki janji temu untuk layanan ini pada hari yang sama."),
        code="already_booked",
    )


def book(
    *,
    mpp: Mpp,
    service: Service,
    start: dt.datetime,
    name: str,
    nik: str,
    phone: str,
    email: str = "",
    user: User | None = None,
    now: dt.datetime | None = None,
) -> Booking:
    """Book a place in the slot that starts at `start`: the booking, with its code."""
    now = now or timezone.now()
    setting = _setting(mpp, service)
    name, nik, phone, email = _person(name, nik, phone, email)
    slot = _slot_or_refuse(mpp, setting, start, now)
    policy = policy_for(mpp)
    try:
        booking = _book(mpp, service, setting, slot, policy, name, nik, phone, email, user, now)
    except SlotFull as full:
        full.alternatives = nearest_free(mpp, setting, slot.start, now=now)
        raise
    return booking


@transaction.atomic
def _book(mpp, service, setting, slot, policy, name, nik, phone, email, user, now) -> Booking:
    _take_place(setting, slot)  # serialises the slot from here on
    _check_person(mpp, nik, now, policy)
    booking = _save_booking(mpp, service, slot, name, nik, phone, email, user, now)
    notices.confirmation(booking)
    return booking


def _save_booking(
    mpp, service, slot, name, nik, phone, email, user, now, follows: Booking | None = None
) -> Booking:
    """One booking of a slot whose place is taken: refused when the NIK already holds one
    for this service that day (also when a concurrent request saved it first)."""
    day = slot.start.date()
    if Booking.objects.filter(
        service=service, day=day, nik=nik, status=BookingStatus.BOOKED
    ).exists():
        raise _already_booked()
    booking = Booking(
        mpp=mpp,
        service=service,
        code=new_code(),
        start=slot.start,
        end=slot.end,
        day=day,
        name=name,
        nik=nik,
        phone=phone,
        email=email,
        user=user if isinstance(user, User) and user.is_authenticated else None,
        status=target_status("book", ""),
        follows=follows,
        created_at=now,
    )
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:  # the same NIK booked this day in a concurrent request
        raise _already_booked() from None
    WORKFLOW.record(booking, "book", "", actor=user, now=now)
    return booking


@dataclass(frozen=True)
class Leg:
    """One booking of a visit booked as one: the service and the slot's start."""

    service: Service
    start: dt.datetime


def book_visit(
    *,
    mpp: Mpp,
    legs: list[Leg],
    name: str,
    nik: str,
    phone: str,
    email: str = "",
    user: User | None = None,
    now: dt.datetime | None = None,
) -> list[Booking]:
    """Book several slots of one day as one visit, all or nothing: each booking `follows`
    the one before (checked in together as one ticket that follows the citizen,
    checkin.py). SlotFull when any slot is taken meanwhile: nothing is booked; the
    caller offers the next visit that fits (its alternatives are left empty here)."""
    now = now or timezone.now()
    if not legs:
        raise DomainError(_("Tidak ada langkah untuk dipesan."), code="no_steps", status=422)
    name, nik, phone, email = _person(name, nik, phone, email)
    planned = []
    for leg in legs:
        setting = _setting(mpp, leg.service)
        planned.append((leg.service, setting, _slot_or_refuse(mpp, setting, leg.start, now)))
    days = {slot.start.date() for _service, _unused, slot in planned}
    if len(days) != 1 or len({service.pk for service, _s, _slot in planned}) != len(planned):
        raise DomainError(
            _("Satu kunjungan adalah slot-slot layanan yang berbeda pada hari yang sama."),
            code="bad_visit",
            status=422,
        )
    return _book_visit(mpp, planned, policy_for(mpp), name, nik, phone, email, user, now)


@transaction.atomic
def _book_visit(mpp, planned, policy, name, nik, phone, email, user, now) -> list[Booking]:
    for _service, setting, slot in planned:
        _take_place(setting, slot)  # any SlotFull rolls back the places taken before it
    _check_person(mpp, nik, now, policy)
    bookings: list[Booking] = []
    for service, _unused, slot in planned:
        follows = bookings[-1] if bookings else None
        booking = _save_booking(mpp, service, slot, name, nik, phone, email, user, now, follows)
        bookings.append(booking)
    notices.confirmation(bookings[0])  # one message for the visit: its first booking's code
    return bookings


def visit_of(booking: Booking) -> list[Booking]:
    """The bookings of the visit `booking` belongs to, first to last (itself alone when it
    was booked on its own)."""
    first = booking
    while first.follows_id is not None:
        first = Booking.objects.select_related("service").get(pk=first.follows_id)
    visit = [first]
    while True:
        after = Booking.objects.select_related("service").filter(follows=visit[-1]).first()
        if after is None:
            return visit
        visit.append(after)


def locked_booking(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("mpp", "service")
        .get(pk=booking.pk)
    )


def reschedule(
    *, booking: Booking, start: dt.datetime, actor: User | None = None, now=None
) -> Booking:
    """Move a booking to another slot of the same service (frees the old place)."""
    now = now or timezone.now()
    mpp = booking.mpp
    setting = _setting(mpp, booking.service)
    slot = _slot_or_refuse(mpp, setting, start, now)
    try:
        return _reschedule(booking, setting, slot, actor, now)
    except SlotFull as full:
        full.alternatives = nearest_free(mpp, setting, slot.start, now=now)
        raise


@transaction.atomic
def _reschedule(booking: Booking, setting: SlotSetting, slot: Slot, actor, now) -> Booking:
    locked = locked_booking(booking)
    before = locked.status
    target_status("reschedule", before)
    if locked.follows_id is not None or Booking.objects.filter(follows=locked).exists():
        raise DomainError(
            _(
                "Janji temu ini bagian dari satu kunjungan beberapa layanan. Batalkan "
                "kunjungannya lalu pesan lagi pada waktu lain."
            ),
            code="part_of_visit",
        )
    if locked.start == slot.start:
        return locked
    _take_place(setting, slot)
    _release_place(locked)
    old = locked.start
    locked.start, locked.end, locked.day = slot.start, slot.end, slot.start.date()
    locked.reminded_at = None
    try:
        with transaction.atomic():
            locked.save(update_fields=["start", "end", "day", "reminded_at"])
    except IntegrityError:
        raise _already_booked() from None
    note = timezone.localtime(old, locked.mpp.tzinfo).strftime("%Y-%m-%d %H:%M")
    WORKFLOW.record(locked, "reschedule", before, actor=actor, note=note, now=now)
    notices.rescheduled(locked)
    return locked


@transaction.atomic
def cancel(
    *,
    booking: Booking,
    actor: User | None = None,
    reason: str = "",
    by_mpp: bool = False,
    now: dt.datetime | None = None,
) -> Booking:
    """Cancel a booking and free its place; the MPP's cancellations offer new slots."""
    locked = locked_booking(booking)
    WORKFLOW.apply(locked, "cancel", actor=actor, note=reason, now=now)
    _release_place(locked)
    for other in visit_of(locked):  # a visit booked as one is cancelled as one
        if other.pk != locked.pk and other.status == BookingStatus.BOOKED:
            other = locked_booking(other)
            WORKFLOW.apply(other, "cancel", actor=actor, note=reason, now=now)
            _release_place(other)
    if by_mpp:
        setting = setting_for(locked.service)
        offers = nearest_free(locked.mpp, setting, locked.start, now=now) if setting else []
        notices.cancelled_by_mpp(locked, reason, offers)
    else:
        notices.cancelled(locked)
    return locked


def verify_owner(booking: Booking, digits: str) -> bool:
    """The last 4 digits of the booking's phone number or NIK prove it is the citizen's."""
    digits = re.sub(r"\D", "", digits or "")
    if len(digits) != 4:
        return False
    return secrets.compare_digest(digits, phone_last_digits(booking.phone)) or (
        secrets.compare_digest(digits, booking.nik[-4:])
    )


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """The H-1 reminder: once, on the day before the visit (MPP's zone), to every booking."""
    now = now or timezone.now()
    sent = 0
    soon = Booking.objects.filter(
        status=BookingStatus.BOOKED,
        reminded_at__isnull=True,
        start__gt=now,
        start__lte=now + dt.timedelta(hours=48),
    ).select_related("mpp", "service")
    for booking in soon:
        tomorrow = timezone.localtime(now, booking.mpp.tzinfo).date() + dt.timedelta(days=1)
        if booking.day != tomorrow:
            continue
        with transaction.atomic():
            claimed = Booking.objects.filter(pk=booking.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if claimed:
                notices.reminder(booking)
                sent += 1
    return sent


# --- the supervisor's day overrides -----------------------------------------------------


@transaction.atomic
def set_day_override(
    *,
    mpp: Mpp,
    service: Service,
    day: dt.date,
    blocked: bool = False,
    extra_capacity: int = 0,
    reason: str = "",
    actor: User | None = None,
    now: dt.datetime | None = None,
) -> list[Booking]:
    """Block a day of a service, or change its places per slot. Blocking cancels the day's
    bookings, each notified with an offer of the nearest free slots; returns those."""
    _setting(mpp, service)
    if blocked and not reason.strip():
        raise DomainError(
            _("Sebutkan alasan penutupan agar warga mengerti."), code="reason_required", status=422
        )
    if not -50 <= extra_capacity <= 200:
        raise DomainError(
            _("Tambahan kapasitas harus antara -50 dan 200."), code="bad_capacity", status=422
        )
    DayOverride.objects.update_or_create(
        service=service,
        day=day,
        defaults={
            "mpp": mpp,
            "blocked": blocked,
            "extra_capacity": extra_capacity,
            "reason": reason.strip()[:200],
            "actor": actor,
        },
    )
    if not blocked:
        return []
    affected = Booking.objects.filter(service=service, day=day, status=BookingStatus.BOOKED)
    return [
        cancel(booking=b, actor=actor, reason=reason, by_mpp=True, now=now)
        for b in affected.select_related("mpp", "service")
    ]


@transaction.atomic
def clear_day_override(*, mpp: Mpp, service: Service, day: dt.date) -> None:
    """Back to the usual slots and capacity (cancelled bookings stay cancelled)."""
    DayOverride.objects.filter(mpp=mpp, service=service, day=day).delete()


@transaction.atomic
def attach_to_citizen(*, user: User, phone: str) -> int:
    """The citizen's once `phone` is their verified number (a code sign-in): the bookings
    that number made without an account and not over yet. Only to a citizen account;
    returns how many were attached."""
    if user.role != Role.CITIZEN or user.phone != phone:
        return 0
    upcoming = Booking.objects.filter(
        phone=phone, user__isnull=True, status=BookingStatus.BOOKED, end__gt=timezone.now()
    )
    return upcoming.update(user=user)
