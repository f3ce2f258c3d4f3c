"""Service level: the deadline of an application in working days of its MPP.

deadline = the N-th working day after the (MPP-local) day of submission, where N is the
service standard's processing time plus the working days the clock was paused while the
application waited for the citizen's revision. Processing times in minutes or hours count
as one working day (the product is due by the next working day); a standard without a
processing time gets DEFAULT_WORKING_DAYS.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from satupintu.catalog.models import DEFAULT_COMPLETION_WORKING_DAYS, ServiceVersion
from satupintu.core.calendar import add_working_days, working_days_between
from satupintu.tenancy.models import Mpp

DEFAULT_WORKING_DAYS = DEFAULT_COMPLETION_WORKING_DAYS


def processing_working_days(version: ServiceVersion) -> int:
    """The one rule, shared with the service page: ServiceVersion.completion_working_days."""
    return version.completion_working_days


def local_date(mpp: Mpp, moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, mpp.tzinfo).date()


def due_date(mpp: Mpp, version: ServiceVersion, submitted_at: dt.datetime, paused: int) -> dt.date:
    start = local_date(mpp, submitted_at)
    return add_working_days(mpp, start, processing_working_days(version) + paused)


def paused_working_days(mpp: Mpp, since: dt.datetime, until: dt.datetime) -> int:
    """Working days lost while waiting for the citizen: from the day the revision was
    requested up to (not including) the day it came back."""
    return max(0, working_days_between(mpp, local_date(mpp, since), local_date(mpp, until)))


def working_days_left(mpp: Mpp, due: dt.date, now: dt.datetime) -> int:
    """Working days left before the end of `due` (0 = due today; negative = overdue)."""
    today = local_date(mpp, now)
    if today <= due:
        return working_days_between(mpp, today, due)
    return -working_days_between(mpp, due + dt.timedelta(days=1), today + dt.timedelta(days=1))
