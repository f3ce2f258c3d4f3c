"""SP4N-LAPOR!, the national complaint system, behind a small adapter.

A complaint outside the remit of every agency at the MPP ("bukan kewenangan") is referred
there. The default provider is local: it records what it would send (a `LaporReferral`
row with the payload) and answers a local reference, so the whole path runs offline and in
tests. A real provider subclasses `LaporProvider` and is named in
settings.COMPLAINTS_LAPOR_PROVIDER (a dotted path); domain code only calls `refer`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from satupintu.complaints.models import Complaint, LaporReferral


class LaporProvider:
    name = "base"

    def send(self, payload: dict[str, Any]) -> str:
        """Send the report; return SP4N-LAPOR!'s reference for it."""
        raise NotImplementedError


class LocalLapor(LaporProvider):
    """Sends nothing: the `LaporReferral` row written by `refer` is the record."""

    name = "local"

    def send(self, payload: dict[str, Any]) -> str:
        return f"LOCAL-{payload['tracking_code']}"


def provider() -> LaporProvider:
    path = getattr(settings, "COMPLAINTS_LAPOR_PROVIDER", "")
    return import_string(path)() if path else LocalLapor()


def payload_of(complaint: Complaint) -> dict[str, Any]:
    """What SP4N-LAPOR! receives: the report, its class and channel; the reporter only
    when they are neither anonymous nor confidential."""
    data: dict[str, Any] = {
        "tracking_code": complaint.tracking_code,
        "mpp": complaint.mpp.slug,
        "class": complaint.kind,
        "text": complaint.text,
        "channel": complaint.channel,
        "received_at": complaint.received_at.isoformat(),
        "anonymous": complaint.anonymous,
        "confidential": complaint.confidential,
    }
    if not complaint.anonymous and not complaint.confidential:
        data["reporter"] = {
            "name": complaint.reporter_name,
            "phone": complaint.reporter_phone,
            "email": complaint.reporter_email,
        }
    return data


def refer(complaint: Complaint, *, now: dt.datetime) -> LaporReferral:
    """Send the complaint to SP4N-LAPOR! and keep the record (inside the caller's
    transaction: a failed send leaves no referral)."""
    sender = provider()
    payload = payload_of(complaint)
    remote_id = sender.send(payload)
    return LaporReferral.objects.create(
        complaint=complaint,
        mpp_id=complaint.mpp_id,
        at=now,
        provider=sender.name,
        payload=payload,
        remote_id=remote_id[:60],
    )
