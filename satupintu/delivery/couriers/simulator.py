"""A local simulator of a postal courier, shaped like Pos Indonesia's track-and-trace:
a parcel accepted at the counter gets a receipt number, and tracking answers the parcel's
status events (`eventDate`, `eventName`, `officeName`, `description`), newest last.

Receipt numbers follow UPU standard S10 (the item identifier postal operators, Pos
Indonesia among them, print on registered items): two letters of service indicator, an
eight-digit serial, a check digit (weights 8 6 4 2 3 5 9 7; 11 − sum mod 11, 10 → 0,
11 → 5) and the country code, e.g. RR473124829ID. The simulated parcel moves on by the
clock: posted, handed to the destination office after 3 hours, out for delivery after
18, delivered after 24. Its book is the SimulatedParcel table.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import IntegrityError, transaction

from satupintu.delivery.couriers.base import Courier, CourierError, Parcel, TrackingEvent
from satupintu.delivery.models import SimulatedParcel

WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
SERVICE = "RR"  # registered item
COUNTRY = "ID"
STEPS = (
    (dt.timedelta(0), "POSTING LOKET", "Diterima di loket {office}"),
    (dt.timedelta(hours=3), "MANIFEST SERAH", "Diteruskan ke kantor pos tujuan"),
    (dt.timedelta(hours=18), "PROSES ANTAR", "Dibawa petugas antar ke alamat penerima"),
    (dt.timedelta(hours=24), "SELESAI ANTAR", "Diterima oleh {recipient}"),
)
DELIVERED = "SELESAI ANTAR"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def check_digit(serial: str) -> int:
    """UPU S10 check digit of an eight-digit serial (S10 §5)."""
    if len(serial) != 8 or not serial.isdigit():
        raise ValueError("an S10 serial is eight digits")
    remainder = sum(int(d) * w for d, w in zip(serial, WEIGHTS, strict=True)) % 11
    digit = 11 - remainder
    return {10: 0, 11: 5}.get(digit, digit)


def is_valid_receipt(number: str) -> bool:
    number = str(number)
    return (
        len(number) == 13
        and number[:2].isalpha()
        and number[11:].isalpha()
        and number[2:11].isdigit()
        and check_digit(number[2:10]) == int(number[10])
    )


def receipt_number(serial: str) -> str:
    return f"{SERVICE}{serial}{check_digit(serial)}{COUNTRY}"


class PosSimulator(Courier):
    name = "pos-simulator"
    label = "Pos (simulator)"
    simulates = True

    def ship(self, parcel: Parcel, *, now: dt.datetime) -> str:
        if not parcel.address or not parcel.recipient_name:
            raise CourierError("alamat dan penerima wajib")
        for _ in range(5):
            number = receipt_number(f"{secrets.randbelow(10**8):08d}")
            try:
                with transaction.atomic():
                    SimulatedParcel.objects.create(
                        receipt_number=number,
                        posted_at=now,
                        office=f"KPRK {parcel.sender}"[:120],
                        recipient_name=parcel.recipient_name[:150],
                    )
            except IntegrityError:
                continue
            return number
        raise CourierError("no free receipt number")

    def tracking_response(self, receipt: str, *, now: dt.datetime) -> dict[str, Any]:
        """The tracking API's answer for one receipt number."""
        parcel = SimulatedParcel.objects.filter(receipt_number=receipt).first()
        if parcel is None:
            return {"barcode": receipt, "status": "NOT FOUND", "events": []}
        events = [
            {
                "eventDate": (parcel.posted_at + after).strftime(TIME_FORMAT),
                "eventName": name,
                "officeName": parcel.office,
                "description": text.format(office=parcel.office, recipient=parcel.recipient_name),
            }
            for after, name, text in STEPS
            if parcel.posted_at + after <= now
        ]
        return {"barcode": receipt, "status": "OK", "events": events}

    def track(self, receipt_number: str, *, now: dt.datetime) -> list[TrackingEvent]:
        answer = self.tracking_response(receipt_number, now=now)
        if answer["status"] != "OK":
            raise CourierError(answer["status"])
        return [
            TrackingEvent(
                at=dt.datetime.strptime(e["eventDate"], TIME_FORMAT).replace(tzinfo=dt.UTC),
                code=e["eventName"],
                description=e["description"],
                office=e["officeName"],
                delivered=e["eventName"] == DELIVERED,
            )
            for e in answer["events"]
        ]
