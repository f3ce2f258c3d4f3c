"""Reads of complaints: the reporter's history in plain Indonesian, the work lists of the
complaint officer and of an agency, and one complaint as an officer sees it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role, User
from satupintu.catalog.models import Service
from satupintu.complaints import deadlines
from satupintu.complaints.access import sees_reporter
from satupintu.complaints.models import (
    AGENCY_STATUSES,
    OPEN_STATUSES,
    Complaint,
    ComplaintEvent,
    Reopen,
    Status,
)
from satupintu.complaints.services.reminders import running_deadline
from satupintu.complaints.workflow import ACTION_LABELS, AGENCY, DESK, WORKFLOW
from satupintu.core.identifiers import format_phone_national
from satupintu.tenancy.models import Mpp

PUBLIC_ACTIONS = frozenset(ACTION_LABELS)


@dataclass(frozen=True)
class Step:
    at: dt.datetime
    sentence: str
    note: str
    status: str
    status_label: str


def public_history(complaint: Complaint) -> list[Step]:
    """What the reporter reads: every step in plain Indonesian with its note; for a merged
    complaint, its own steps up to the merge and the other complaint's steps after it."""
    rows = list(complaint.events.order_by("at", "pk"))
    if complaint.merged_into_id is not None:
        merged_at = rows[-1].at if rows else complaint.received_at
        for row in reversed(rows):
            if row.action == "merge":
                merged_at = row.at
                break
        rows += list(
            ComplaintEvent.objects.filter(complaint_id=complaint.merged_into_id, at__gt=merged_at)
            .exclude(action="submit")
            .order_by("at", "pk")
        )
    labels = dict(Status.choices)
    return [
        Step(
            at=row.at,
            sentence=str(ACTION_LABELS.get(row.action, row.action)),
            note=row.note if row.note != str(ACTION_LABELS.get(row.action, "")) else "",
            status=row.to_status,
            status_label=str(labels.get(row.to_status, row.to_status)),
        )
        for row in rows
        if row.action in PUBLIC_ACTIONS
    ]


def complaint_officers(mpp: Mpp) -> list[User]:
    """Who takes the MPP's complaints (access.is_complaint_officer): its active supervisors."""
    return list(User.objects.filter(role=Role.SUPERVISOR, mpp=mpp, is_active=True).order_by("pk"))


def by_tracking_code(code: str) -> Complaint | None:
    from satupintu.applications.services import normalise_tracking_number

    normal = normalise_tracking_number(code)
    if not normal:
        return None
    return (
        Complaint.objects.select_related("mpp", "agency", "service", "merged_into")
        .filter(tracking_code=normal)
        .first()
    )


def service_named(mpp: Mpp, code: str) -> Service | None:
    """The active service a complaint names by its code (the form's `layanan`, the API's
    `service`), or None."""
    if not code:
        return None
    return Service.objects.filter(mpp=mpp, code=code[:10], is_active=True).first()


def complaints_of(user: User) -> QuerySet[Complaint]:
    """A citizen's own complaints still running, newest first (their "Beranda saya")."""
    return (
        Complaint.objects.filter(user=user, status__in=OPEN_STATUSES)
        .select_related("mpp")
        .order_by("-received_at", "-pk")
    )


def current_deadline(complaint: Complaint) -> dt.date | None:
    """The deadline the reporter and officers look at for the step the complaint is in."""
    running = running_deadline(complaint)
    if running is not None:
        return running[1]
    if complaint.status == Status.ANSWERED:
        return complaint.close_due
    return None


@dataclass(frozen=True)
class Row:
    complaint: Complaint
    deadline: dt.date | None
    days_left: int | None
    days_open: int

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_late(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def worklist(
    mpp: Mpp, *, role: str, agency_id: int | None = None, now: dt.datetime | None = None
) -> dict[str, list[Row]]:
    """The work list, by section: "new" (received, waiting for the desk), "overdue" (past
    their step's deadline, with working days open), "open" (by deadline), "reopen" (reopen
    requests waiting for the desk's decision). Two queries."""
    now = now or timezone.now()
    items: QuerySet[Complaint] = Complaint.objects.filter(mpp=mpp).select_related(
        "agency", "service"
    )
    if role == AGENCY:
        items = items.filter(agency_id=agency_id or 0, status__in=AGENCY_STATUSES - {Status.CLOSED})
    else:
        items = items.filter(Q(status__in=OPEN_STATUSES) | Q(reopen=Reopen.ASKED))
    rows = []
    for item in items.order_by("received_at"):
        due = current_deadline(item)
        rows.append(
            Row(
                complaint=item,
                deadline=due,
                days_left=deadlines.working_days_left(mpp, due, now) if due else None,
                days_open=deadlines.days_open(mpp, item.received_at, now),
            )
        )
    far = dt.date.max
    return {
        "new": [r for r in rows if r.complaint.status == Status.RECEIVED and not r.overdue],
        "overdue": sorted((r for r in rows if r.overdue), key=lambda r: -r.days_open),
        "reopen": [r for r in rows if r.complaint.reopen == Reopen.ASKED] if role == DESK else [],
        "open": sorted(
            (
                r
                for r in rows
                if not r.overdue
                and r.complaint.status != Status.RECEIVED
                and not (role == DESK and r.complaint.reopen == Reopen.ASKED)
            ),
            key=lambda r: r.deadline or far,
        ),
    }


@dataclass(frozen=True)
class StaffStep:
    at: dt.datetime
    actor: str
    sentence: str
    status_label: str
    note: str


@dataclass(frozen=True)
class OfficerView:
    complaint: Complaint
    role: str
    shows_reporter: bool
    reporter_name: str
    reporter_phone: str
    reporter_email: str
    actions: list[str]
    history: list[StaffStep]
    deadline: dt.date | None
    merged: list[str]


def officer_view(complaint: Complaint, role: str) -> OfficerView:
    """One complaint as an officer of `role` sees it: the reporter only where access.py
    allows, the actions the transition table offers that role."""
    shows = sees_reporter(role, complaint)
    hidden = "" if complaint.anonymous else _("Dirahasiakan")
    actions = WORKFLOW.actions_from(complaint.status, role)
    if role == DESK and complaint.reopen == Reopen.ASKED:
        actions.append("decide_reopen")
    return OfficerView(
        complaint=complaint,
        role=role,
        shows_reporter=shows,
        reporter_name=complaint.reporter_name if shows else hidden,
        reporter_phone=format_phone_national(complaint.reporter_phone) if shows else "",
        reporter_email=complaint.reporter_email if shows else "",
        actions=actions,
        history=[
            StaffStep(
                at=row.at,
                actor=row.actor.full_name if row.actor else "",
                sentence=str(ACTION_LABELS.get(row.action, row.action)),
                status_label=row.get_to_status_display(),
                note=row.note,
            )
            for row in complaint.events.select_related("actor").order_by("at", "pk")
        ],
        deadline=current_deadline(complaint),
        merged=list(complaint.merged.values_list("tracking_code", flat=True)),
    )


def sample_for_gates(user: User | None, mpp: Mpp) -> Complaint:
    """A demo complaint the quality gates open as `user`: one forwarded to their agency
    (officer), any of the MPP otherwise (the desk; a visitor's tracking page)."""
    qs = Complaint.objects.filter(mpp=mpp).order_by("pk")
    if user is not None and user.agency_id:
        qs = qs.filter(agency_id=user.agency_id, status__in=AGENCY_STATUSES) or qs
    sample = qs.first()
    if sample is None:
        raise LookupError(f"MPP {mpp.slug} has no complaint: was seed_demo() run?")
    return sample
