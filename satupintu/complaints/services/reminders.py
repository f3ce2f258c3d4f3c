"""The deadline job's writes: a reminder before a deadline, an escalation to the MPP's
supervisors once it has passed (each once per deadline), and closing answered complaints
the reporter did not object to within 10 working days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role, User
from satupintu.complaints import deadlines
from satupintu.complaints.models import Complaint, Reopen, Status
from satupintu.complaints.services.common import tell
from satupintu.complaints.workflow import ACTION_LABELS, SYSTEM, WORKFLOW
from satupintu.notifications.services import notify

DESK_STAGE = frozenset({Status.RECEIVED, Status.VERIFIED})
AGENCY_STAGE = frozenset({Status.FORWARDED, Status.FOLLOW_UP})


@dataclass
class Sweep:
    reminded: list[str] = field(default_factory=list)
    escalated: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)


def running_deadline(complaint: Complaint) -> tuple[str, dt.date] | None:
    """The deadline the complaint's current step runs against: ("verify", day) while the
    desk has it, ("follow_up", day) while the agency has it; None otherwise (waiting for
    the reporter, answered, done)."""
    if complaint.status in DESK_STAGE:
        return "verify", complaint.verify_due
    if complaint.status in AGENCY_STAGE and complaint.follow_up_due is not None:
        return "follow_up", complaint.follow_up_due
    return None


def _people(complaint: Complaint, stage: str) -> list[str]:
    """E-mails of those who act at `stage`: the agency's officers, else the desk."""
    if stage == "follow_up" and complaint.agency_id is not None:
        people = User.objects.filter(
            role=Role.OFFICER, mpp_id=complaint.mpp_id, agency_id=complaint.agency_id
        )
    else:
        people = User.objects.filter(role=Role.SUPERVISOR, mpp_id=complaint.mpp_id)
    return [u.email for u in people.filter(is_active=True).exclude(email=None) if u.email]


def _supervisors(complaint: Complaint) -> list[str]:
    people = User.objects.filter(role=Role.SUPERVISOR, mpp_id=complaint.mpp_id, is_active=True)
    return [u.email for u in people.exclude(email=None) if u.email]


def sweep_deadlines(*, now: dt.datetime) -> Sweep:
    """Remind, escalate and close as the deadlines say; each at most once (idempotent)."""
    done = Sweep()
    candidates = (
        Complaint.objects.filter(status__in=[*DESK_STAGE, *AGENCY_STAGE, Status.ANSWERED])
        .select_related("mpp")
        .order_by("pk")
    )
    for complaint in candidates:
        if complaint.status == Status.ANSWERED:
            if _auto_close(complaint, now):
                done.closed.append(complaint.tracking_code)
            continue
        running = running_deadline(complaint)
        if running is None:
            continue
        stage, due = running
        key = f"{stage}:{due.isoformat()}"
        left = deadlines.working_days_left(complaint.mpp, due, now)
        if left < 0 and complaint.escalated_for != key and _escalate(complaint, key, due, now):
            done.escalated.append(complaint.tracking_code)
        elif (
            0 <= left <= deadlines.REMIND_DAYS_BEFORE
            and complaint.reminded_for != key
            and _remind(complaint, key, stage, due)
        ):
            done.reminded.append(complaint.tracking_code)
    return done


@transaction.atomic
def _remind(complaint: Complaint, key: str, stage: str, due: dt.date) -> bool:
    locked = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
    if locked.reminded_for == key:
        return False
    locked.reminded_for = key
    locked.save(update_fields=["reminded_for"])
    for email in _people(locked, stage):
        notify(
            mpp=complaint.mpp,
            kind="complaint.reminder",
            subject=_("Batas waktu laporan %(code)s: %(due)s")
            % {"code": locked.tracking_code, "due": due.strftime("%d-%m-%Y")},
            body=_("Laporan %(code)s harus ditangani paling lambat %(due)s.")
            % {"code": locked.tracking_code, "due": due.strftime("%d-%m-%Y")},
            email=email,
            reference=locked.reference,
        )
    return True


@transaction.atomic
def _escalate(complaint: Complaint, key: str, due: dt.date, now: dt.datetime) -> bool:
    locked = (
        Complaint.objects.select_for_update(of=("self",)).select_related("mpp").get(pk=complaint.pk)
    )
    if locked.escalated_for == key:
        return False
    locked.escalated_for = key
    WORKFLOW.record(
        locked, "escalate", locked.status, now=now, updates=[(locked, ["escalated_for"])]
    )
    for email in _supervisors(locked):
        notify(
            mpp=locked.mpp,
            kind="complaint.escalated",
            subject=_("Laporan %(code)s melewati batas waktu") % {"code": locked.tracking_code},
            body=_("Laporan %(code)s melewati batas waktu %(due)s dan belum ditangani.")
            % {"code": locked.tracking_code, "due": due.strftime("%d-%m-%Y")},
            email=email,
            reference=locked.reference,
        )
    return True


@transaction.atomic
def _auto_close(complaint: Complaint, now: dt.datetime) -> bool:
    locked = (
        Complaint.objects.select_for_update(of=("self",)).select_related("mpp").get(pk=complaint.pk)
    )
    if (
        locked.status != Status.ANSWERED
        or locked.close_due is None
        or locked.reopen == Reopen.ASKED
        or deadlines.local_date(locked.mpp, now) <= locked.close_due
    ):
        return False
    sentence = str(ACTION_LABELS["auto_close"])
    WORKFLOW.apply(locked, "auto_close", role=SYSTEM, now=now, fields={"closed_at": now})
    tell(locked, sentence, sentence)
    return True
