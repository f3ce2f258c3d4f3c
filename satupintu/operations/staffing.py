"""Staffing advice: per service and local hour of a day, how many visitors came, how long
serving them took, how many counters the MPP's waiting target needed (Erlang C,
erlang.py) and how many were open.

An hour is the MPP's local clock hour, start included, end excluded (08:00 ≤ t < 09:00
is hour 8). The arrival and service-time measures are written here in their plain form
for now; the measures module (issue 22, item 1) defines the same measures and these
two functions are to call it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Subquery, TextField
from django.db.models.functions import Cast, ExtractHour
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from satupintu.catalog.models import CounterService, Service, ServiceVersion
from satupintu.core.errors import DomainError
from satupintu.operations import erlang
from satupintu.queueing.models import CounterState, QueuePolicy, Status, Ticket, TicketEvent
from satupintu.tenancy.models import Counter, Mpp

Key = tuple[int, int]  # (service id, local hour)
OPEN = CounterState.Mode.OPEN


def arrivals_by_service_hour(mpp: Mpp, date: dt.date) -> dict[Key, int]:
    """Visitors who took a number for each service in each local hour of `date`.

    Counts every ticket issued that day (kiosk, online, appointment check-in, walk-in,
    and the continuation of a transfer: it is new work for the service it was moved
    to), whatever became of it (served, no-show, cancelled). The hour is that of
    `issued_at` in the MPP's zone. One query.
    """
    rows = (
        Ticket.objects.filter(mpp=mpp, day=date)
        .annotate(hour=ExtractHour("issued_at", tzinfo=mpp.tzinfo))
        .values("service_id", "hour")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(row["service_id"], row["hour"]): row["n"] for row in rows}


def service_minutes_by_service_hour(
    mpp: Mpp, date: dt.date, *, from_call: bool = False
) -> dict[Key, float]:
    """Mean minutes of service for each service and local hour of `date`.

    Counts the tickets of that day finished as served (status done): from the start of
    service to its finish (`started_at` → `finished_at`), in the hour the service
    started. No-shows, cancellations and transferred tickets (whose service went on at
    another counter) are left out. With `from_call`, from the call instead: the time
    the counter is held by one visitor, the walk up to it included (what the advice
    plans with). One query.
    """
    begin = "called_at" if from_call else "started_at"
    rows = Ticket.objects.filter(
        mpp=mpp,
        day=date,
        status=Status.DONE,
        **{f"{begin}__isnull": False},
        finished_at__isnull=False,
    ).values_list("service_id", begin, "finished_at")
    zone = mpp.tzinfo
    sums: dict[Key, list[float]] = defaultdict(lambda: [0.0, 0])
    for service_id, start, end in rows:
        key = (service_id, start.astimezone(zone).hour)
        sums[key][0] += (end - start).total_seconds() / 60
        sums[key][1] += 1
    return {key: total / n for key, (total, n) in sums.items()}


def counters_open_by_service_hour(mpp: Mpp, date: dt.date) -> dict[Key, int]:
    """Counters serving each service that were open at some moment of each local hour.

    Where it is recorded: a counter's mode changes (open, pause, close) made by a person
    are rows of Django's admin log (queueing/counters/services.py); changes without a
    person (the day simulator, the system) are not stored. So a counter counts as open
    in an hour if the log says it was open then (its mode at the day's start is that of
    its last change before), or if it called, served or finished a ticket in that hour
    (its history). Three queries.
    """
    zone = mpp.tzinfo
    start = dt.datetime.combine(date, dt.time(), tzinfo=zone)
    end = start + dt.timedelta(days=1)
    hours: dict[int, set[int]] = defaultdict(set)  # counter id -> open hours
    for counter_id, at in TicketEvent.objects.filter(
        mpp=mpp, counter__isnull=False, at__gte=start, at__lt=end
    ).values_list("counter_id", "at"):
        hours[counter_id].add(at.astimezone(zone).hour)
    for counter_id, spans in _logged_open_spans(mpp, start, end).items():
        for opened, closed in spans:
            moment = opened.astimezone(zone)
            while moment < closed:  # no daylight saving in Indonesia: hours step evenly
                hours[counter_id].add(moment.hour)
                moment = moment.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    counts: dict[Key, int] = defaultdict(int)
    for counter_id, service_id in CounterService.objects.filter(mpp=mpp).values_list(
        "counter_id", "service_id"
    ):
        for hour in hours.get(counter_id, ()):
            counts[(service_id, hour)] += 1
    return dict(counts)


def _mode_change(message: str) -> tuple[str, str] | None:
    """(before, after) of a mode change in an admin log message, else None."""
    try:
        items = json.loads(message)
        before, after = items[0]["changed"]["mode"]
    except (ValueError, LookupError, TypeError):
        return None
    return str(before), str(after)


def _logged_open_spans(
    mpp: Mpp, start: dt.datetime, end: dt.datetime
) -> dict[int, list[tuple[dt.datetime, dt.datetime]]]:
    """Per counter, the spans of [start, end) in which the admin log has it open."""
    kind = ContentType.objects.get_for_model(Counter)
    logged = LogEntry.objects.filter(content_type=kind, change_message__contains='"mode"')
    before_day = (
        logged.filter(object_id=Cast(OuterRef("pk"), TextField()), action_time__lt=start)
        .order_by("-action_time", "-pk")
        .values("change_message")[:1]
    )
    counters = Counter.objects.filter(mpp=mpp).annotate(last=Subquery(before_day))
    changes: dict[int, list[tuple[dt.datetime, str, str]]] = defaultdict(list)
    ids = {str(c.pk): c for c in counters}
    for object_id, at, message in (
        logged.filter(object_id__in=list(ids), action_time__gte=start, action_time__lt=end)
        .order_by("action_time", "pk")
        .values_list("object_id", "action_time", "change_message")
    ):
        change = _mode_change(message)
        if change is not None:
            changes[int(str(object_id))].append((at, *change))
    spans: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
    for counter in ids.values():
        day = changes.get(counter.pk, [])
        previous = _mode_change(counter.last) if counter.last else None
        mode = day[0][1] if day else (previous[1] if previous else None)
        opened = start if mode == OPEN else None
        for at, _before, after in day:
            if after == OPEN and opened is None:
                opened = at
            elif after != OPEN and opened is not None:
                spans.setdefault(counter.pk, []).append((opened, at))
                opened = None
        if opened is not None:
            spans.setdefault(counter.pk, []).append((opened, end))
    return spans


@dataclass(frozen=True)
class StaffingRow:
    """One service in one local hour of the day."""

    service_code: str
    service_name: str
    hour: int
    arrivals: int
    service_minutes: float | None  # start → finish (the measure)
    handling_minutes: float | None  # call → finish: what the advice plans with
    counters_advised: int | None  # None: no service time to plan with, or beyond any hall
    counters_open: int
    mean_wait_minutes: float | None  # with the counters open; None: unbounded
    mean_wait_one_more: float | None
    mean_wait_one_less: float | None

    @property
    def short(self) -> bool:
        return self.counters_advised is not None and self.counters_open < self.counters_advised

    @property
    def missing(self) -> int:
        """Counters short of the advice (0 when enough are open)."""
        return max(0, (self.counters_advised or 0) - self.counters_open)


def staffing_target(mpp: Mpp) -> tuple[float, int]:
    """The MPP's waiting target the advice plans for: the share (setting
    STAFFING_TARGET_SHARE) called within the MPP's own target wait (its queue policy's
    `target_wait_minutes`, the same target the wait measures count against)."""
    minutes = (
        QueuePolicy.objects.filter(mpp=mpp).values_list("target_wait_minutes", flat=True).first()
    )
    default = QueuePolicy._meta.get_field("target_wait_minutes").get_default()
    return settings.STAFFING_TARGET_SHARE, minutes or default


def _wait(arrivals: int, minutes: float | None, counters: int, target: int) -> float | None:
    if arrivals == 0 and counters >= 1:
        return 0.0
    if minutes is None or counters < 1:
        return None
    seen = erlang.outlook(
        arrivals_per_hour=arrivals, service_minutes=minutes, counters=counters,
        target_minutes=target,
    )  # fmt: skip
    return None if seen.mean_wait_minutes is None else round(seen.mean_wait_minutes, 1)


def _advice(arrivals: int, held: float | None, share: float, minutes: int) -> int | None:
    """Counters advised; None when no count up to erlang.MAX_COUNTERS meets the target
    (figures no hall has, e.g. a ticket left unfinished for hours inflating the mean)."""
    if not arrivals:
        return 0
    if held is None:
        return None
    try:
        return erlang.counters_needed(arrivals, held, share, minutes)
    except ValueError:
        return None


def _mean_over_day(by_hour: dict[Key, float], service_id: int) -> float | None:
    values = [m for (s, _h), m in by_hour.items() if s == service_id]
    return sum(values) / len(values) if values else None


def staffing_for_day(mpp: Mpp, date: dt.date) -> list[StaffingRow]:
    """The day's advice for the services visitors came for: per hour with arrivals, an
    open counter or a service.

    The advised count is the fewest counters with which `STAFFING_TARGET_SHARE` of the
    hour's arrivals would be called within the MPP's target wait (Erlang C with the
    hour's arrivals as the rate and its mean handling time, call → finish; an hour with
    no finished service borrows the service's mean over the day). The expected waits
    are at the counters open, one more and one less. Rows by service code, then hour.
    """
    share, minutes = staffing_target(mpp)
    arrivals = arrivals_by_service_hour(mpp, date)
    service = service_minutes_by_service_hour(mpp, date)
    handling = service_minutes_by_service_hour(mpp, date, from_call=True)
    open_counts = counters_open_by_service_hour(mpp, date)
    came_at_all = {s for s, _h in arrivals}  # a service nobody came for needs no advice
    keys = set(arrivals) | {k for k, n in open_counts.items() if n} | set(handling)
    keys = {(s, h) for s, h in keys if s in came_at_all}
    names = _names(came_at_all, date)
    rows = []
    for service_id, hour in keys:
        if service_id not in names:
            continue
        came = arrivals.get((service_id, hour), 0)
        held = handling.get((service_id, hour)) or _mean_over_day(handling, service_id)
        is_open = open_counts.get((service_id, hour), 0)
        advised = _advice(came, held, share, minutes)
        served = service.get((service_id, hour))
        rows.append(
            StaffingRow(
                service_code=names[service_id][0],
                service_name=names[service_id][1],
                hour=hour,
                arrivals=came,
                service_minutes=None if served is None else round(served, 1),
                handling_minutes=None if held is None else round(held, 1),
                counters_advised=advised,
                counters_open=is_open,
                mean_wait_minutes=_wait(came, held, is_open, minutes),
                mean_wait_one_more=_wait(came, held, is_open + 1, minutes),
                mean_wait_one_less=_wait(came, held, is_open - 1, minutes),
            )
        )
    return sorted(rows, key=lambda r: (r.service_code, r.hour))


def _names(service_ids: set[int], date: dt.date) -> dict[int, tuple[str, str]]:
    """id -> (code, name in force on `date`), in one query."""
    name = Subquery(
        ServiceVersion.objects.filter(service=OuterRef("pk"), effective_from__lte=date)
        .order_by("-number")
        .values("name")[:1]
    )
    rows = Service.objects.filter(pk__in=service_ids).annotate(current_name=name)
    return {
        s["pk"]: (s["code"], s["current_name"] or "")
        for s in rows.values("pk", "code", "current_name")
    }


# --- the what-if calculator ---------------------------------------------------------

MAX_ARRIVALS_PER_HOUR = 2000  # one service: a whole busy MPP peaks at a few hundred
MIN_SERVICE_MINUTES = 0.1  # six seconds: nothing at a counter is quicker (and a shorter
# time overflows the model's service rate)
MAX_SERVICE_MINUTES = 480  # a working day
MAX_COUNTERS = 500
MAX_TARGET_MINUTES = 480


def what_if(
    *,
    mpp: Mpp,
    arrivals_per_hour: float,
    service_minutes: float,
    counters: int,
    target_minutes: float | None = None,
) -> erlang.Outlook:
    """What `counters` counters give (Erlang C), after checking the figures are ones an
    MPP can have: DomainError (400, in Indonesian) otherwise. Without a target, the
    MPP's."""
    if target_minutes is None:
        target_minutes = staffing_target(mpp)[1]
    # written as "not inside" so that NaN is refused too
    if not 0 <= arrivals_per_hour <= MAX_ARRIVALS_PER_HOUR:
        _refuse(
            _("Kedatangan per jam harus antara 0 dan %(max)s.") % {"max": MAX_ARRIVALS_PER_HOUR}
        )
    if not MIN_SERVICE_MINUTES <= service_minutes <= MAX_SERVICE_MINUTES:
        _refuse(
            _("Lama layanan harus antara %(min)s dan %(max)s menit.")
            % {"min": number_format(MIN_SERVICE_MINUTES), "max": MAX_SERVICE_MINUTES}
        )
    if not 1 <= counters <= MAX_COUNTERS:
        _refuse(_("Jumlah loket harus antara 1 dan %(max)s.") % {"max": MAX_COUNTERS})
    if not 0 <= target_minutes <= MAX_TARGET_MINUTES:
        _refuse(
            _("Target waktu tunggu harus antara 0 dan %(max)s menit.") % {"max": MAX_TARGET_MINUTES}
        )
    return erlang.outlook(
        arrivals_per_hour=arrivals_per_hour,
        service_minutes=service_minutes,
        counters=counters,
        target_minutes=target_minutes,
    )


def _refuse(message: str) -> None:
    raise DomainError(message, code="bad_staffing_figures", status=400)
