"""SLA breaches of a month and their causes, read from the applications' status history.

Which applications breached is the `sla_kept` measure's own rule, asked of each
application alone (measures.sla_kept on its one `Deadline`): counted and not kept. So
the breaches of a month are exactly `n − count` of the month's `sla_kept`.

The cause is the stage the application spent the most time in, from its submission to
its decision (or to now, when still undecided), read from its history
(ApplicationEvent: each row is a move into `to_status` at `at`):
- waiting for verification: submitted, or being verified by the agency's officer;
- waiting for the citizen's correction: needs revision (the deadline's clock is paused
  then, but only by whole working days, and a correction late in the day still costs);
- processed at the agency: files complete (verified) or being processed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from satupintu.applications.models import Application, ApplicationEvent
from satupintu.applications.models import Status as AppStatus
from satupintu.applications.sla import local_date
from satupintu.operations import measures as m
from satupintu.operations.selectors import DECIDED
from satupintu.tenancy.models import Mpp

VERIFICATION, CORRECTION, AGENCY = "verification", "correction", "agency"
STAGE_OF = {
    AppStatus.SUBMITTED: VERIFICATION,
    AppStatus.VERIFYING: VERIFICATION,
    AppStatus.NEEDS_REVISION: CORRECTION,
    AppStatus.VERIFIED: AGENCY,
    AppStatus.PROCESSING: AGENCY,
}
CAUSES: dict[str, Promise] = {
    VERIFICATION: _("Menunggu verifikasi berkas"),
    CORRECTION: _("Menunggu perbaikan dari pemohon"),
    AGENCY: _("Diproses di instansi"),
}


@dataclass(frozen=True)
class Breach:
    tracking_number: str
    service_code: str
    agency: str
    due: dt.date
    decided_on: dt.date | None  # None: not decided yet
    days_late: int  # calendar days after the deadline (to the decision, or to today)
    cause: str  # a key of CAUSES
    hours_by_stage: dict[str, float]

    @property
    def cause_label(self) -> str:
        return str(CAUSES[self.cause])


def stage_hours(events: list[tuple[dt.datetime, str]], until: dt.datetime) -> dict[str, float]:
    """Hours spent in each stage: each (at, to_status) lasts until the next one; the
    last until `until`; a decided status ends the count."""
    hours: dict[str, float] = defaultdict(float)
    for i, (at, status) in enumerate(events):
        if status in DECIDED:
            break
        end = events[i + 1][0] if i + 1 < len(events) else until
        stage = STAGE_OF.get(AppStatus(status)) if status in AppStatus.values else None
        if stage is not None and end > at:
            hours[stage] += (min(end, until) - at).total_seconds() / 3600
    return dict(hours)


def breaches(mpp: Mpp, start: dt.date, end: dt.date, *, today: dt.date) -> list[Breach]:
    """The applications due in start…end whose deadline was missed, latest first: two
    queries."""
    rows = list(
        Application.objects.filter(mpp=mpp, due_date__range=(start, end))
        .exclude(status__in=(AppStatus.DRAFT, AppStatus.WITHDRAWN))
        .values_list(
            "pk",
            "tracking_number",
            "service_id",
            "service__code",
            "service__agency_id",
            "service__agency__short_name",
            "due_date",
            "status",
        )
        .order_by()
    )
    history: dict[int, list[tuple[dt.datetime, str]]] = defaultdict(list)
    for app_id, at, to_status in (
        ApplicationEvent.objects.filter(
            Q(application__mpp=mpp), application_id__in=[r[0] for r in rows]
        )
        .order_by("application_id", "at", "pk")
        .values_list("application_id", "at", "to_status")
    ):
        history[app_id].append((at, to_status))
    now = timezone.now()
    found = []
    for pk, number, service, code, agency_id, agency, due, status in rows:
        if due is None:  # the filter on it says so; the type does not
            continue
        events = history.get(pk, [])
        decided_at = next((at for at, s in events if s in DECIDED), None)
        decided_on = local_date(mpp, decided_at) if decided_at else None
        deadline = m.Deadline(
            service_id=service,
            agency_id=agency_id,
            due=due,
            decided_on=decided_on,
            paused=status == AppStatus.NEEDS_REVISION,
        )
        judged = m.sla_kept([deadline], today)
        if judged["n"] != 1 or judged["count"] != 0:
            continue  # not counted, or kept
        hours = stage_hours(events, decided_at or now)
        cause = max(sorted(hours), key=lambda s: hours[s]) if hours else AGENCY
        found.append(
            Breach(
                tracking_number=number,
                service_code=code,
                agency=agency,
                due=due,
                decided_on=decided_on,
                days_late=((decided_on or today) - due).days,
                cause=cause,
                hours_by_stage={k: round(v, 1) for k, v in hours.items()},
            )
        )
    return sorted(found, key=lambda b: (b.due, b.tracking_number), reverse=True)


def by_cause(found: list[Breach]) -> list[tuple[str, int]]:
    """(cause label, breaches), every cause listed, most first."""
    counts = {key: 0 for key in CAUSES}
    for b in found:
        counts[b.cause] += 1
    return sorted(((str(CAUSES[k]), n) for k, n in counts.items()), key=lambda i: -i[1])
