"""Complaint test data, made through the services."""

from __future__ import annotations

import datetime as dt

from satupintu.complaints import services
from satupintu.complaints.models import Complaint
from satupintu.tenancy.models import Mpp

TEXT = "Petugas loket meminta uang tambahan di luar tarif resmi untuk mempercepat berkas."
PHONE = "0812-3456-7890"


def at(y: int, m: int, d: int, hour: int = 3) -> dt.datetime:
    """03:00 UTC = 10:00 WIB."""
    return dt.datetime(y, m, d, hour, 0, tzinfo=dt.UTC)


def complaint(
    mpp: Mpp,
    *,
    text: str = TEXT,
    name: str = "Siti Aminah",
    phone: str = PHONE,
    email: str = "siti@example.com",
    anonymous: bool = False,
    confidential: bool = False,
    now: dt.datetime | None = None,
    **kwargs,
) -> Complaint:
    return services.submit_complaint(
        mpp=mpp,
        kind=kwargs.pop("kind", "pengaduan"),
        text=text,
        reporter=None if anonymous else services.Reporter(name=name, phone=phone, email=email),
        anonymous=anonymous,
        confidential=confidential,
        now=now,
        **kwargs,
    )


def forwarded(
    personas, *, now: dt.datetime | None = None, category: str = "biaya", **kwargs
) -> Complaint:
    """A complaint verified to agency A at MPP X and forwarded there."""
    item = complaint(personas.mpp_x, now=now, **kwargs)
    agency = personas.officer_xa.agency
    services.verify_complaint(
        user=personas.supervisor_x, complaint=item, category=category, agency=agency, now=now
    )
    return services.forward_complaint(user=personas.supervisor_x, complaint=item, now=now)
