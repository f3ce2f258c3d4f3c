"""Periodic jobs of appointments: the H-1 reminder and recording no-shows."""

from __future__ import annotations

import datetime as dt

from satupintu.appointments import checkin, services
from satupintu.core.jobs import periodic


@periodic("appointments.reminders", every=dt.timedelta(minutes=15))
def send_reminders(now: dt.datetime) -> int:
    return services.send_reminders(now=now)


@periodic("appointments.no_shows", every=dt.timedelta(minutes=15))
def mark_no_shows(now: dt.datetime) -> int:
    return checkin.mark_no_shows(now=now)
