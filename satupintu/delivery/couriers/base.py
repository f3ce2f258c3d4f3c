"""What a courier provider does for satupintu: accept a parcel (answering its receipt
number) and report the parcel's tracking events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Parcel:
    reference: str  # the application's tracking number
    sender: str  # the MPP
    recipient_name: str
    address: str
    postal_code: str
    phone: str


@dataclass(frozen=True)
class TrackingEvent:
    at: dt.datetime
    code: str
    description: str
    office: str = ""
    delivered: bool = False  # the parcel reached its recipient


class CourierError(Exception):
    """The courier refused or could not be reached; nothing was shipped."""


class Courier:
    name: str = ""
    label: str = ""
    simulates: bool = False

    def ship(self, parcel: Parcel, *, now: dt.datetime) -> str:
        raise NotImplementedError

    def track(self, receipt_number: str, *, now: dt.datetime) -> list[TrackingEvent]:
        raise NotImplementedError
