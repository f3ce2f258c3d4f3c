"""Demo data for appointments: SKCK, SIM renewal and passports bookable at MPP Banyumas,
with a few bookings for today and the coming days. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from satupintu.appointments import services
from satupintu.appointments.models import Booking, SlotSetting
from satupintu.appointments.slots import slots_between
from satupintu.catalog.models import Service
from satupintu.core.errors import DomainError
from satupintu.tenancy.models import Mpp

# code: (slot minutes, places per slot, daily quota, days ahead). Two Polresta counters
# take SKCK and SIM renewals; Kantor Imigrasi Cilacap serves 2 passport counters with
# a daily quota, as its own online queue (M-Paspor) does.
SETTINGS = {
    "C01": (30, 4, None, 14),  # SKCK baru
    "C02": (30, 4, None, 14),  # perpanjangan SKCK
    "C03": (30, 3, None, 14),  # perpanjangan SIM A
    "C04": (30, 3, None, 14),  # perpanjangan SIM C
    "E01": (30, 2, 24, 30),  # paspor
    "E02": (30, 2, 24, 30),
    "E03": (30, 2, 24, 30),
    "E04": (30, 2, 24, 30),
    # the birth journey's services, so its plan can be booked as one visit (journeys)
    "A05": (15, 2, None, 14),  # akta kelahiran
    "A04": (15, 2, None, 14),  # KK (perubahan)
    "A07": (15, 2, None, 14),  # KIA
    "G02": (15, 2, None, 14),  # pendaftaran JKN
}

PEOPLE = [
    ("Siti Nurhaliza", "3302014506900001", "081327001101"),
    ("Bambang Sutrisno", "3302011203850002", "081327001102"),
    ("Dwi Astuti", "3302055009920003", "081327001103"),
    ("Agus Prasetyo", "3302070107880004", "081327001104"),
    ("Rina Kartika", "3302104411950005", "081327001105"),
    ("Teguh Santoso", "3302121508800006", "081327001106"),
    ("Yuli Rahmawati", "3302146102930007", "081327001107"),
    ("Eko Wahyudi", "3302162009870008", "081327001108"),
    ("Nur Aini", "3302185303910009", "081327001109"),
    ("Hendra Gunawan", "3302200512840010", "081327001110"),
]


def seed(mpp: Mpp) -> None:
    """Make the demo MPP's appointments look lived-in; idempotent."""
    for code, (minutes, capacity, quota, ahead) in SETTINGS.items():
        service = Service.objects.filter(mpp=mpp, code=code).first()
        if service is None:
            continue
        if not service.uses_appointment:
            Service.objects.filter(pk=service.pk).update(uses_appointment=True)
        SlotSetting.objects.update_or_create(
            service=service,
            defaults={
                "mpp": mpp,
                "slot_minutes": minutes,
                "capacity": capacity,
                "daily_quota": quota,
                "max_days_ahead": ahead,
                "cutoff_minutes": 60,
            },
        )
    services.policy_for(mpp)
    if not Booking.objects.filter(mpp=mpp).exists():
        _seed_bookings(mpp)


def _seed_bookings(mpp: Mpp) -> None:
    """Ten bookings spread over the next open days, booked "this morning" (00.00 local)."""
    local_now = timezone.localtime(timezone.now(), mpp.tzinfo)
    midnight = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    codes = ["C03", "C01", "E03", "C04", "C02"]
    for i, (name, nik, phone) in enumerate(PEOPLE):
        service = Service.objects.get(mpp=mpp, code=codes[i % len(codes)])
        slots = [
            s
            for s in slots_between(
                mpp,
                service.slot_setting,
                midnight.date(),
                midnight.date() + dt.timedelta(days=7),
                now=midnight,
            )
            if s.is_free
        ]
        if not slots:
            continue
        slot = slots[(i * 3) % len(slots)]
        try:
            services.book(
                mpp=mpp,
                service=service,
                start=slot.start,
                name=name,
                nik=nik,
                phone=phone,
                now=midnight,
            )
        except DomainError:  # a full slot on a re-seed: the demo needs some, not all
            continue
