"""The monthly publication of an MPP's complaints: how many came in, how many were answered
in time, by class, category and agency, and the average working days to an answer. No
personal data; a group of fewer than MIN_GROUP reports is merged into "Lainnya", so a
single reporter cannot be picked out."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from satupintu.complaints import deadlines
from satupintu.complaints.models import Category, Complaint, Kind
from satupintu.core.calendar import WorkingDayCounter
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
    """The publication of `month` (the MPP's local month of receipt). Counted in the
    database (one grouped query, on the (mpp, received_at) index); only the answered
    complaints' three dates leave it, for the working days to each answer."""
    start, end = _bounds(mpp, month)
    month_rows = Complaint.objects.filter(mpp=mpp, received_at__gte=start, received_at__lt=end)
    groups = list(
        month_rows.order_by()
        .values("kind", "category", "agency__name")
        .annotate(n=Count("id"))
        .values_list("kind", "category", "agency__name", "n")
    )
    answered = list(
        month_rows.filter(answered_at__isnull=False)
        .order_by()
        .values_list("received_at", "answered_at", "follow_up_due")
    )
    kinds, categories = dict(Kind.choices), dict(Category.choices)
    by_class: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    by_agency: Counter[str] = Counter()
    for kind, category, agency, n in groups:
        by_class[str(kinds.get(kind, kind))] += n
        by_category[str(categories.get(category, _("Belum dikategorikan")))] += n
        by_agency[agency or _("Belum ditentukan")] += n
    dates = [
        (deadlines.local_date(mpp, received), deadlines.local_date(mpp, at), due)
        for received, at, due in answered
        if at is not None  # filtered so in SQL; for the type checker
    ]
    in_time = sum(1 for _r, at, due in dates if due is None or at <= due)
    days: list[int] = []
    if dates:
        counter = WorkingDayCounter(
            mpp, min(r for r, _a, _d in dates), max(a for _r, a, _d in dates)
        )
        days = [counter.between(r, a) for r, a, _d in dates]
    return MonthStats(
        month=f"{month:%Y-%m}",
        received=sum(n for *_k, n in groups),
        answered=len(dates),
        answered_in_time=in_time,
        average_days_to_answer=round(sum(days) / len(days), 1) if days else None,
        by_class=grouped(by_class),
        by_category=grouped(by_category),
        by_agency=grouped(by_agency),
    )
