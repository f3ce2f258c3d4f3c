"""Searching the catalog: what pages and the API call.

A query is understood (analysis.interpret), scored by the database's full-text index
(backends), and the services found are loaded with the version in force at their MPP.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils import timezone

from satupintu.catalog.models import Service, ServiceVersion
from satupintu.catalog.search.analysis import WEIGHTS, Interpretation, interpret
from satupintu.catalog.search.backends import Filters, Scored, backend
from satupintu.catalog.search.index import vocabulary
from satupintu.catalog.search.typos import Vocabulary
from satupintu.catalog.selectors import local_today
from satupintu.tenancy.models import Mpp, TimeZone

MAX_RESULTS = 200
MAX_QUERY_LENGTH = 100  # characters; a query is a few words, not a pasted document
# Results far below the best one are noise ("ktp" is a requirement of most services):
# keep those scoring at least this share of the best.
MIN_SHARE = 0.3
FIELD_OF_WEIGHT = {weight: name for name, weight in WEIGHTS.items()}


@dataclass(frozen=True)
class SearchHit:
    service: Service  # with .mpp, .agency and .category loaded, and .current
    version: ServiceVersion  # the version in force at the service's MPP today
    score: int
    matched_in: str  # the best field a query word was found in: name, keywords, …


@dataclass(frozen=True)
class SearchResult:
    query: Interpretation
    hits: list[SearchHit] = field(default_factory=list)


def search(
    query: str,
    *,
    mpp: Mpp | None = None,
    agency: str | None = None,
    category: str | None = None,
    limit: int = MAX_RESULTS,
) -> SearchResult:
    """Services matching a citizen's words, best first; across MPPs when `mpp` is None."""
    words = vocabulary()
    understood = interpret(query, words)
    if not understood.tokens:
        return SearchResult(understood)
    filters = Filters(mpp_id=mpp.pk if mpp else None, agency=agency, category=category)
    weights = {t: rarity(t, words) for t in understood.tokens}
    scored = backend().score(weights, filters, limit)
    return SearchResult(understood, _hits(scored))


def rarity(token: str, words: Vocabulary) -> int:
    """How much a token says: "baru" is in many services, "paspor" in a few, so in
    "paspor baru" the passport services win. Whole numbers, so the databases add
    them up exactly and ties stay ties (broken by the shorter name)."""
    return round(100 / math.sqrt(math.log2(2 + words.uses.get(token, 0))))


def search_services(
    query: str,
    *,
    mpp: Mpp | None = None,
    agency: str | None = None,
    category: str | None = None,
) -> list[SearchHit]:
    return search(query, mpp=mpp, agency=agency, category=category).hits


def _hits(scored: list[Scored]) -> list[SearchHit]:
    """The scored services worth showing, loaded; the weak tail is cut before loading."""
    if not scored:
        return []
    kept = [s for s in scored if s.score >= scored[0].score * MIN_SHARE]
    services = _with_version_in_force([s.service_id for s in kept])
    return [
        SearchHit(
            service=services[s.service_id],
            version=services[s.service_id].current,  # type: ignore[attr-defined]
            score=s.score,
            matched_in=FIELD_OF_WEIGHT[s.best],
        )
        for s in kept
        if s.service_id in services  # not yet in force: published for a later date
    ]


def _with_version_in_force(ids: list[int]) -> dict[int, Service]:
    """The services with `.current` set to the version in force on their MPP's own date,
    in one query: versions up to the latest date any Indonesian zone has reached, the
    first of each service that is in force where it is offered."""
    latest = max(timezone.localdate(timezone=ZoneInfo(zone)) for zone in TimeZone.values)
    versions = (
        ServiceVersion.objects.filter(service_id__in=ids, effective_from__lte=latest)
        .select_related("service__mpp", "service__agency", "service__category")
        .order_by("service_id", "-number")
    )
    today: dict[int, dt.date] = {}
    services: dict[int, Service] = {}
    for version in versions:
        service = version.service
        if service.pk in services:
            continue
        if service.mpp_id not in today:
            today[service.mpp_id] = local_today(service.mpp)
        if version.effective_from <= today[service.mpp_id]:
            service.current = version  # type: ignore[attr-defined]
            services[service.pk] = service
    return services
