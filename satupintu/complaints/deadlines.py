"""A complaint's deadlines, in working days of its MPP's one calendar (core/calendar.py:
weekends, national holidays, cuti bersama and the MPP's own closures).

The defaults are the ones SP4N-LAPOR! (Sistem Pengelolaan Pengaduan Pelayanan Publik
Nasional) runs on:

- VERIFY_DAYS: the MPP's complaint desk verifies a report and forwards it to the agency
  within 3 working days of receiving it;
- the agency follows it up within the working days of its category's deadline class
  (`models.PACE_OF`): 5 for a normal report as SP4N-LAPOR! has it, and the classes local
  complaint SOPs publish: 2 (quick: facilities, queue), 14 (needing a field inspection:
  fees and levies) and 60 (complex);
- CLOSE_AFTER_DAYS: an answered report is closed 10 working days after the answer when
  the reporter does not object (asks to reopen);
- CEILING_DAYS: Perpres 76/2013 tentang Pengelolaan Pengaduan Pelayanan Publik has a
  complaint settled at the latest 60 days after its file is complete; no follow-up
  deadline reaches past 60 working days after receipt (the regulation says "hari"; the
  local SOPs count working days, and so do we).

Each deadline is the N-th working day after the MPP-local day its clock starts (that day
not counted): `core.calendar.add_working_days`.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from satupintu.complaints.models import PACE_OF, Category, Pace
from satupintu.core.calendar import add_working_days, working_days_between
from satupintu.tenancy.models import Mpp

VERIFY_DAYS = 3
CLOSE_AFTER_DAYS = 10
CEILING_DAYS = 60
REMIND_DAYS_BEFORE = 1  # a reminder on the last working day before a deadline
PACE_DAYS = {Pace.QUICK: 2, Pace.NORMAL: 5, Pace.INSPECTION: 14, Pace.COMPLEX: 60}


def local_date(mpp: Mpp, moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, mpp.tzinfo).date()


def verify_due(mpp: Mpp, received_at: dt.datetime) -> dt.date:
    return add_working_days(mpp, local_date(mpp, received_at), VERIFY_DAYS)


def ceiling_due(mpp: Mpp, received_at: dt.datetime) -> dt.date:
    return add_working_days(mpp, local_date(mpp, received_at), CEILING_DAYS)


def pace_of(category: str) -> Pace:
    """The deadline class a category has unless the desk picks another."""
    return PACE_OF.get(Category(category), Pace.NORMAL) if category else Pace.NORMAL


def follow_up_due(mpp: Mpp, forwarded_at: dt.datetime, pace: str, ceiling: dt.date) -> dt.date:
    """The agency's deadline: its deadline class's working days after forwarding, never
    past the ceiling."""
    days = PACE_DAYS[Pace(pace)] if pace else PACE_DAYS[Pace.NORMAL]
    due = add_working_days(mpp, local_date(mpp, forwarded_at), days)
    return min(due, ceiling)


def close_due(mpp: Mpp, answered_at: dt.datetime) -> dt.date:
    return add_working_days(mpp, local_date(mpp, answered_at), CLOSE_AFTER_DAYS)


def working_days_left(mpp: Mpp, due: dt.date, now: dt.datetime) -> int:
    """Working days left before the end of `due` (0 = due today; negative = overdue)."""
    today = local_date(mpp, now)
    if today <= due:
        return working_days_between(mpp, today, due)
    return -working_days_between(mpp, due + dt.timedelta(days=1), today + dt.timedelta(days=1))


def days_open(mpp: Mpp, received_at: dt.datetime, now: dt.datetime) -> int:
    """Working days since the complaint came in (0 on its first day)."""
    return working_days_between(mpp, local_date(mpp, received_at), local_date(mpp, now))
