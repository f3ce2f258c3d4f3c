"""The officer has an application's full NIK shown, to check it against the population
register (SIAK). Every reveal is one row of the reveal log (`NikReveal`: who, when, which
application, from where) and one row of the application's history."""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.applications.access import can_reveal_nik
from satupintu.applications.models import Application, ApplicationEvent, NikReveal

REVEAL_ACTION = "nik_revealed"


@dataclass(frozen=True)
class RevealedNik:
    nik: str
    at: dt.datetime
    fields: dict[str, str] = field(default_factory=dict)  # NIK answers of the form, by key


def _ip(raw: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((raw or "").strip()))
    except ValueError:
        return None


@transaction.atomic
def reveal_nik(
    *,
    user: User,
    application: Application,
    ip_address: str | None,
    user_agent: str = "",
    channel: str = NikReveal.Channel.WEB,
    nik_fields: list[str] | None = None,
    now: dt.datetime | None = None,
) -> RevealedNik:
    """The application's full NIK (and the NIKs answered in its form's `nik_fields`) for
    an officer of its agency; logged before it is returned."""
    if not can_reveal_nik(user, application):
        raise PermissionDenied(
            _("NIK lengkap hanya dapat dibuka oleh petugas instansi pemilik layanan.")
        )
    now = now or timezone.now()
    NikReveal.objects.create(
        application=application,
        mpp_id=application.mpp_id,
        officer=user,
        at=now,
        ip_address=_ip(ip_address),
        user_agent=(user_agent or "")[:200],
        channel=channel,
    )
    ApplicationEvent.objects.create(
        application=application,
        mpp_id=application.mpp_id,
        at=now,
        actor=user,
        action=REVEAL_ACTION,
        from_status=application.status,
        to_status=application.status,
    )
    answers = {
        key: str(application.fields.get(key, ""))
        for key in nik_fields or []
        if application.fields.get(key)
    }
    return RevealedNik(nik=application.applicant_nik, at=now, fields=answers)
