"""Reads of the satisfaction app: IKM per period, agency and service; trends; what the
rating tablet and the survey ask about. Counter ratings and coaching: `ratings.py`.

Periods are whole local days of the MPP (`start` … `end`, both included). The IKM is
summed in the database (SUM per unsur, COUNT) and computed by `ikm.from_totals`, so a
year of questionnaires costs one query; the trend sums per month and adds months
into quarters, semesters and years.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from satupintu.catalog.models import Service
from satupintu.queueing.models import Status, Ticket
from satupintu.satisfaction import ikm
from satupintu.satisfaction.models import FollowUp, SurveyResponse
from satupintu.satisfaction.services import settings_for
from satupintu.tenancy.models import Agency, Counter, Mpp
from satupintu.tenancy.selectors import agencies_at

PERIODS = ("month", "quarter", "semester", "year")


# --- periods -----------------------------------------------------------------------------


def bounds(mpp: Mpp, start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, day after end 00:00) in the MPP's zone, as aware datetimes."""
    zone = mpp.tzinfo
    return (
        dt.datetime.combine(start, dt.time(), zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), zone),
    )


def period_of(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the month, quarter, semester or year that holds `day`."""
    months = {"month": 1, "quarter": 3, "semester": 6, "year": 12}[kind]
    first_month = (day.month - 1) // months * months + 1
    start = dt.date(day.year, first_month, 1)
    last_month = first_month + months - 1
    end = dt.date(day.year + last_month // 12, last_month % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def period_label(kind: str, start: dt.date) -> str:
    """A short, language-neutral name of a period: 2025-03, 2025-T1, 2025-S1, 2025."""
    if kind == "month":
        return f"{start:%Y-%m}"
    if kind == "quarter":
        return f"{start.year}-T{(start.month - 1) // 3 + 1}"
    if kind == "semester":
        return f"{start.year}-S{(start.month - 1) // 6 + 1}"
    return str(start.year)


def short_period_label(kind: str, start: dt.date) -> str:
    """The label under a trend column: "Mar 26" (in the page's language), T1 26, S1 26, 2026."""
    if kind == "month":
        from django.utils import formats

        return formats.date_format(start, "M y")
    if kind in {"quarter", "semester"}:
        return f"{period_label(kind, start)[5:]} {start:%y}"
    return str(start.year)


def today(mpp: Mpp) -> dt.date:
    return timezone.localtime(timezone.now(), mpp.tzinfo).date()


# --- the IKM ------------------------------------------------------------------------------


def _responses(
    mpp: Mpp, start: dt.date, end: dt.date, agency: Agency | None, service_code: str | None
) -> QuerySet[SurveyResponse]:
    since, until = bounds(mpp, start, end)
    rows = SurveyResponse.objects.filter(mpp=mpp, answered_at__gte=since, answered_at__lt=until)
    if agency is not None:
        rows = rows.filter(service__agency=agency)
    if service_code:
        rows = rows.filter(service__code=service_code)
    return rows


def population(
    mpp: Mpp,
    start: dt.date,
    end: dt.date,
    agency: Agency | None = None,
    service_code: str | None = None,
) -> int:
    """People served in the period: finished tickets (the population of the SKM sample)."""
    since, until = bounds(mpp, start, end)
    rows = Ticket.objects.filter(
        mpp=mpp, status=Status.DONE, finished_at__gte=since, finished_at__lt=until
    )
    if agency is not None:
        rows = rows.filter(service__agency=agency)
    if service_code:
        rows = rows.filter(service__code=service_code)
    return rows.count()


SUMS = {key: Sum(key) for key in ikm.UNSUR}


@dataclass(frozen=True)
class PeriodIkm:
    mpp: Mpp
    start: dt.date
    end: dt.date
    result: ikm.IkmResult
    population: int
    min_sample: int
    agency: Agency | None = None
    service_code: str | None = None
    by_source: dict[str, int] = field(default_factory=dict)

    @property
    def sample_ok(self) -> bool:
        return self.result.respondents >= self.min_sample

    def as_json(self) -> dict[str, Any]:
        """The API's shape (GET /api/v1/mpps/{slug}/ikm)."""
        r = self.result
        return {
            "mpp": self.mpp.slug,
            "from": self.start,
            "to": self.end,
            "agency": self.agency.code if self.agency else None,
            "service": self.service_code,
            "ikm": float(r.ikm) if r.ikm is not None else None,
            "index": float(ikm.round_half_up(r.index, 4)) if r.index is not None else None,
            "mutu": r.mutu,
            "kinerja": r.kinerja,
            "respondents": r.respondents,
            "unsur": {k: float(ikm.round_half_up(v, 3)) for k, v in r.nrr.items()},
            "weight": r.weight_name,
            "weight_value": float(ikm.round_half_up(r.weight, 6)),
            "population": self.population,
            "min_sample": self.min_sample,
            "sample_sufficient": self.sample_ok,
            "by_source": self.by_source,
        }


def ikm_for_period(
    mpp: Mpp,
    start: dt.date,
    end: dt.date,
    agency: Agency | None = None,
    service: str | None = None,
    *,
    weight: str | None = None,
) -> PeriodIkm:
    """IKM of the MPP (or one agency, one service) over local days start…end, with the
    population served, the minimum sample (Krejcie–Morgan) and the weight used."""
    weight = weight or settings_for(mpp).weight
    rows = _responses(mpp, start, end, agency, service)
    totals = rows.aggregate(n=Count("pk"), **SUMS)
    count = totals.pop("n")
    result = ikm.from_totals(totals, count, weight_name=weight)
    served = population(mpp, start, end, agency, service)
    sources = dict(rows.order_by().values_list("source").annotate(n=Count("pk")))
    return PeriodIkm(
        mpp,
        start,
        end,
        result,
        served,
        ikm.min_sample(max(served, count)),
        agency,
        service,
        sources,
    )


def per_agency(mpp: Mpp, start: dt.date, end: dt.date) -> list[tuple[Agency, ikm.IkmResult]]:
    weight = settings_for(mpp).weight
    rows = (
        _responses(mpp, start, end, None, None)
        .order_by()
        .values("service__agency")
        .annotate(n=Count("pk"), **SUMS)
    )
    agencies = Agency.objects.in_bulk([r["service__agency"] for r in rows])
    found = []
    for row in rows:
        totals: dict[str, Any] = dict(row)
        count = totals.pop("n")
        agency = agencies[totals.pop("service__agency")]
        found.append((agency, ikm.from_totals(totals, count, weight_name=weight)))
    found.sort(key=lambda pair: (-(pair[1].ikm or 0), pair[0].short_name))
    return found


def per_service(mpp: Mpp, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    weight = settings_for(mpp).weight
    rows = (
        _responses(mpp, start, end, None, None)
        .order_by()
        .values("service__code", "service__agency__short_name")
        .annotate(n=Count("pk"), **SUMS)
    )
    found: list[dict[str, Any]] = []
    for row in rows:
        totals: dict[str, Any] = dict(row)
        count = totals.pop("n")
        code = totals.pop("service__code")
        agency = totals.pop("service__agency__short_name")
        found.append(
            {
                "code": code,
                "agency": agency,
                "result": ikm.from_totals(totals, count, weight_name=weight),
            }
        )
    found.sort(key=lambda r: r["code"])
    return found


def trend(mpp: Mpp, kind: str, periods: int, *, until: dt.date | None = None) -> list[dict]:
    """IKM of the last `periods` months/quarters/semesters/years up to `until` (today)."""
    if kind not in PERIODS:
        raise ValueError(kind)
    weight = settings_for(mpp).weight
    last_start, last_end = period_of(kind, until or today(mpp))
    starts = [last_start]
    for _ in range(periods - 1):
        starts.insert(0, period_of(kind, starts[0] - dt.timedelta(days=1))[0])
    rows = (
        _responses(mpp, starts[0], last_end, None, None)
        .annotate(month=TruncMonth("answered_at", tzinfo=mpp.tzinfo))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"), **SUMS)
    )
    buckets: dict[dt.date, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(["n", *ikm.UNSUR], 0)
    )
    for row in rows:
        sums: dict[str, Any] = dict(row)
        month = sums.pop("month")
        day = month.date() if isinstance(month, dt.datetime) else month
        bucket = buckets[period_of(kind, day)[0]]
        for key, value in sums.items():
            bucket[key] += value or 0
    out = []
    for start in starts:
        totals = dict(buckets.get(start) or dict.fromkeys(["n", *ikm.UNSUR], 0))
        count = totals.pop("n")
        out.append(
            {
                "start": start,
                "label": period_label(kind, start),
                "result": ikm.from_totals(totals, count, weight_name=weight),
            }
        )
    return out


def profile_counts(mpp: Mpp, start: dt.date, end: dt.date) -> dict[str, dict[str, int]]:
    """Respondents by sex, age group, education and occupation (the report's profile table)."""
    rows = _responses(mpp, start, end, None, None).order_by()
    out = {}
    for key in ("sex", "age_group", "education", "occupation"):
        out[key] = dict(rows.values_list(key).annotate(n=Count("pk")).order_by(key))
    return out


def suggestions(mpp: Mpp, start: dt.date, end: dt.date, limit: int = 200) -> list[SurveyResponse]:
    return list(
        _responses(mpp, start, end, None, None)
        .exclude(suggestion="")
        .select_related("service")
        .order_by("-answered_at")[:limit]
    )


def published_follow_ups(mpp: Mpp) -> list[FollowUp]:
    return list(FollowUp.objects.filter(mpp=mpp, is_published=True).order_by("-created_at")[:20])


def follow_ups(mpp: Mpp) -> list[FollowUp]:
    return list(FollowUp.objects.filter(mpp=mpp).order_by("-created_at"))


def follow_up_of(mpp: Mpp, raw_id: str) -> FollowUp | None:
    """One follow-up of this MPP by the id a form or link carries (None when not one)."""
    if not str(raw_id).isdigit():
        return None
    return FollowUp.objects.filter(mpp=mpp, pk=int(raw_id)).first()


# --- what a survey or a query names ---------------------------------------------------------


def service_of(mpp: Mpp, code: str) -> Service | None:
    """The MPP's service with this code, active or not: a questionnaire may rate a service
    that has since been withdrawn."""
    return Service.objects.filter(mpp=mpp, code=code).first()


def agency_of(mpp: Mpp, code: str) -> Agency | None:
    """An agency with a booth at this MPP, by its code."""
    return agencies_at(mpp).filter(code=code).first()


def counter_of(counter_id: int, mpp: Mpp | None = None) -> Counter | None:
    """A counter with its MPP and agency (for its rating tablet), within `mpp` if given."""
    counters = Counter.objects.select_related("mpp", "booth__agency").filter(pk=counter_id)
    return (counters.filter(mpp=mpp) if mpp is not None else counters).first()


# --- the rating tablet -----------------------------------------------------------------

PROMPT_WINDOW = dt.timedelta(minutes=3)  # a tablet asks about a ticket finished this recently


def pending_prompt(counter: Counter, *, now: dt.datetime | None = None) -> dict[str, Any] | None:
    """The ticket the counter's tablet should ask about: finished there in the last
    minutes and not rated yet (the latest one), or None."""
    now = now or timezone.now()
    ticket = (
        Ticket.objects.filter(
            counter=counter,
            status=Status.DONE,
            finished_at__gte=now - PROMPT_WINDOW,
            rating__isnull=True,
        )
        .select_related("service")
        .order_by("-finished_at")
        .first()
    )
    if ticket is None:
        return None
    return {
        "ticket": ticket.public_id,
        "number": ticket.number,
        "service": ticket.service.code,
        "service_name": service_name(ticket.service_id, ticket.day),
        "finished_at": ticket.finished_at,
    }


def survey_state(ticket: Ticket, *, now: dt.datetime | None = None) -> str:
    """Whether the SKM questionnaire of a ticket can be filled: `open`, `answered`,
    `not_finished` or `too_late` (services.SURVEY_WINDOW after it finished)."""
    from satupintu.satisfaction.services import SURVEY_WINDOW

    now = now or timezone.now()
    if ticket.status != Status.DONE or ticket.finished_at is None:
        return "not_finished"
    if SurveyResponse.objects.filter(ticket=ticket).exists():
        return "answered"
    if now - ticket.finished_at > SURVEY_WINDOW:
        return "too_late"
    return "open"


def service_name(service_id: int, on: dt.date) -> str:
    """The service's name in force on a day (its catalog version)."""
    from satupintu.catalog.models import ServiceVersion

    return (
        ServiceVersion.objects.filter(service_id=service_id, effective_from__lte=on)
        .order_by("-number")
        .values_list("name", flat=True)
        .first()
        or ""
    )


def service_choices(mpp: Mpp) -> list[tuple[str, str]]:
    """(code, "code · name") of the MPP's active services, for the paper entry form."""
    from django.db.models import OuterRef, Subquery

    from satupintu.catalog.models import Service, ServiceVersion

    name = Subquery(
        ServiceVersion.objects.filter(service=OuterRef("pk"), effective_from__lte=today(mpp))
        .order_by("-number")
        .values("name")[:1]
    )
    rows = (
        Service.objects.filter(mpp=mpp, is_active=True)
        .annotate(current_name=name)
        .order_by("code")
        .values_list("code", "current_name")
    )
    return [(code, f"{code} · {label or ''}") for code, label in rows]
