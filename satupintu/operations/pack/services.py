"""Writes of the coordination pack: the follow-up actions agreed at the monthly meeting
(FollowUpAction), added and moved through their statuses by the MPP's supervisor; and the
complete months' trend figures the pack keeps once read (MonthSummary).

Refusals are DomainError (400) with a message in Indonesian the page shows as it is.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.core.errors import DomainError
from satupintu.operations.models import FollowUpAction, MonthSummary
from satupintu.operations.pack.selectors import (
    TREND_MONTHS,
    MonthPoint,
    month_bounds,
    month_point,
    months_before,
    trend_visits,
)
from satupintu.tenancy.models import Agency, Mpp

Status = FollowUpAction.Status
WHAT_MAX = FollowUpAction._meta.get_field("what").max_length or 300
WHO_MAX = FollowUpAction._meta.get_field("responsible").max_length or 150
NOTE_MAX = FollowUpAction._meta.get_field("status_note").max_length or 300


def _refuse(message: str, code: str) -> None:
    raise DomainError(message, code=code, status=400)


def _text(value: str, *, label: str, limit: int, required: bool = True) -> str:
    value = " ".join((value or "").split())
    if required and not value:
        _refuse(_("%(field)s wajib diisi.") % {"field": label}, "follow_up_missing")
    if len(value) > limit:
        _refuse(
            _("%(field)s paling banyak %(max)s karakter.") % {"field": label, "max": limit},
            "follow_up_too_long",
        )
    return value


@transaction.atomic
def add_follow_up(
    *,
    mpp: Mpp,
    actor: User | None,
    meeting_month: dt.date,
    what: str,
    responsible: str,
    due_on: dt.date,
    agency: Agency | None = None,
) -> FollowUpAction:
    """Record an action agreed at the meeting about `meeting_month` (any day of it). The
    month may not be in the future; the due date falls after that month (the meeting
    is held once it has ended); the agency, if any, works at this MPP."""
    first, last = month_bounds(meeting_month)
    this_month = timezone.localtime(timezone.now(), mpp.tzinfo).date().replace(day=1)
    if first > this_month:
        _refuse(_("Bulan rapat tidak boleh di masa depan."), "follow_up_future_month")
    if due_on <= last:
        _refuse(
            _("Batas waktu harus setelah bulan yang dibahas (%(month)s).")
            % {"month": formats.date_format(first, "F Y")},
            "follow_up_due_too_early",
        )
    if agency is not None and not agency.booths.filter(mpp=mpp).exists():
        _refuse(_("Instansi itu tidak berada di MPP ini."), "follow_up_agency_elsewhere")
    return FollowUpAction.objects.create(
        mpp=mpp,
        meeting_month=first,
        agency=agency,
        what=_text(what, label=_("Tindak lanjut"), limit=WHAT_MAX),
        responsible=_text(responsible, label=_("Penanggung jawab"), limit=WHO_MAX),
        due_on=due_on,
        created_by=actor,
    )


@transaction.atomic
def set_follow_up_status(*, action: FollowUpAction, status: str, note: str = "") -> FollowUpAction:
    """Move an action to `status` with a note on how it stands; dropping one needs the
    reason in the note."""
    if status not in Status.values:
        _refuse(_("Status tindak lanjut tidak dikenal."), "follow_up_bad_status")
    note = _text(note, label=_("Keterangan"), limit=NOTE_MAX, required=False)
    if status == Status.DROPPED and not note:
        _refuse(_("Tuliskan alasan tindak lanjut dibatalkan."), "follow_up_drop_reason")
    action = FollowUpAction.objects.select_for_update().get(pk=action.pk)
    action.status = status
    action.status_note = note
    action.save(update_fields=["status", "status_note", "updated_at"])
    return action


@transaction.atomic
def remember_months(*, mpp: Mpp, points: list[MonthPoint]) -> None:
    """Keep the trend figures of complete months (MonthSummary), replacing older ones."""
    for point in points:
        MonthSummary.objects.update_or_create(
            mpp=mpp,
            month=point.month,
            defaults={
                "arrivals": point.arrivals,
                "waiting": point.waiting,
                "service": point.service,
            },
        )


def summarise_past_months(*, now: dt.datetime | None = None) -> int:
    """Keep the summaries of every MPP's complete months that the next pack's trend reads
    (the TREND_MONTHS + 1 months before the current one), computing only those missing:
    the periodic job does it in the background, so a pack reads its trend in one query.
    Returns how many were computed."""
    computed = 0
    for mpp in Mpp.objects.all():
        today = timezone.localtime(now or timezone.now(), mpp.tzinfo).date()
        wanted = months_before(today, TREND_MONTHS + 1)
        known = set(
            MonthSummary.objects.filter(mpp=mpp, month__in=wanted).values_list("month", flat=True)
        )
        points = [
            month_point(first, trend_visits(mpp, *month_bounds(first)))
            for first in wanted
            if first not in known
        ]
        remember_months(mpp=mpp, points=points)
        computed += len(points)
    return computed
