"""The monthly publication of an MPP's complaints: how many came in, how many were answered
in time, by class, category and agency, and the average working days to an answer. No
personal data; a group of fewer than MIN_GROUP reports is merged into "Lainnya", so a
single reporter cannot be picked out."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from satupintu.complaints import deadlines
from satupintu.complaints.models import Category, Complaint, Kind
from satupintu.core.calendar import working_days_between
from satupintu.tenancy.models import Mpp

MIN_GROUP = 5


@dataclass(frozen=True)
class Group:
    label: str
    count: int


@dataclass(frozen=True)
class MonthStats:
    month: str  # YYYY-MM
    received: int
    answered: int
    answered_in_time: int
    average_days_to_answer: float | None
    by_class: list[Group]
    by_category: list[Group]
    by_agency: list[Group]


def _bounds(mpp: Mpp, month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(month.year, month.month, 1, tzinfo=mpp.tzinfo)
    following = (start + dt.timedelta(days=32)).replace(day=1)
    return start, following


def grouped(counts: Counter[str]) -> list[Group]:
    """Groups of at least MIN_GROUP, largest first; the smaller ones summed as "Lainnya"
    (and left out when that sum is itself under MIN_GROUP and the only group)."""
    big = [Group(label, n) for label, n in counts.most_common() if n >= MIN_GROUP]
    rest = sum(n for n in counts.values() if n < MIN_GROUP)
    if rest:
        big.append(Group(_("Lainnya (kelompok di bawah %(n)s digabung)") % {"n": MIN_GROUP}, rest))
    return big


def month_stats(mpp: Mpp, month: dt.date) -> MonthStats:
    """The publication of `month` (the MPP's local month of receipt). One query."""
    start, end = _bounds(mpp, month)
    rows = list(
        Complaint.objects.filter(mpp=mpp, received_at__gte=start, received_at__lt=end)
        .select_related("agency")
        .only("kind", "category", "agency__name", "received_at", "answered_at", "follow_up_due")
    )
    kinds, categories = dict(Kind.choices), dict(Category.choices)
    answered = [(r, r.answered_at) for r in rows if r.answered_at is not None]
    in_time = [
        r
        for r, at in answered
        if r.follow_up_due is None or deadlines.local_date(mpp, at) <= r.follow_up_due
    ]
    days = [
        working_days_between(
            mpp, deadlines.local_date(mpp, r.received_at), deadlines.local_date(mpp, at)
        )
        for r, at in answered
    ]
    return MonthStats(
        month=f"{month:%Y-%m}",
        received=len(rows),
        answered=len(answered),
        answered_in_time=len(in_time),
        average_days_to_answer=round(sum(days) / len(days), 1) if days else None,
        by_class=grouped(Counter(str(kinds.get(r.kind, r.kind)) for r in rows)),
        by_category=grouped(
            Counter(str(categories.get(r.category, _("Belum dikategorikan"))) for r in rows)
        ),
        by_agency=grouped(
            Counter(r.agency.name if r.agency else _("Belum ditentukan") for r in rows)
        ),
    )
