"""Reading the knowledge base: a service's legal basis, what the supervisor must look at,
reply templates for the complaint answer form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from satupintu.catalog.models import Service, ServiceVersion
from satupintu.knowledge.models import (
    Article,
    ArticleKind,
    ArticleStatus,
    Notice,
    Regulation,
    RegulationStatus,
)
from satupintu.tenancy.models import Mpp

DEFAULT_STALE_DAYS = 180


def regulations(status: str | None = None) -> QuerySet[Regulation]:
    """Regulations with what the API shows of each (services, amendments, revocations)."""
    rows = Regulation.objects.prefetch_related("services", "amended_by", "revoked_by")
    return rows.filter(status=status) if status else rows


def stale_days() -> int:
    """After how many days an article's "last checked" date turns amber
    (settings.KNOWLEDGE_STALE_DAYS)."""
    return int(getattr(settings, "KNOWLEDGE_STALE_DAYS", DEFAULT_STALE_DAYS))


def is_stale(article: Article, today: dt.date | None = None) -> bool:
    if article.last_checked is None:
        return True
    today = today or timezone.localdate()
    return (today - article.last_checked).days > stale_days()


def legal_basis(service_id: int) -> list[Regulation]:
    """The regulations a service is linked to, in-force first, newest first."""
    order: dict[str, int] = {"in_force": 0, "amended": 1, "revoked": 2}
    regs = list(Regulation.objects.filter(services__pk=service_id))
    return sorted(regs, key=lambda r: (order.get(r.status, 3), -r.year))


def service_names(ids: list[int]) -> dict[int, str]:
    """Each service's name, from its newest standard version."""
    names: dict[int, str] = {}
    rows = ServiceVersion.objects.filter(service_id__in=ids).order_by("service_id", "-pk")
    for service_id, name in rows.values_list("service_id", "name"):
        names.setdefault(service_id, name)
    return names


def named_services(services) -> list[tuple[Service, str]]:
    """(service, name) pairs, by code."""
    items = sorted(services, key=lambda s: s.code)
    names = service_names([s.pk for s in items])
    return [(s, names.get(s.pk, s.code)) for s in items]


@dataclass(frozen=True)
class RevokedBasis:
    service: Service
    regulation: Regulation
    service_name: str


def revoked_bases(mpp: Mpp) -> list[RevokedBasis]:
    """Services of `mpp` whose linked legal basis was revoked: the supervisor's to fix."""
    found = []
    regs = Regulation.objects.filter(status=RegulationStatus.REVOKED, services__mpp=mpp).distinct()
    for reg in regs.prefetch_related("services", "revoked_by"):
        for service in reg.services.all():
            if service.mpp_id == mpp.pk:
                found.append(RevokedBasis(service, reg, ""))
    names = service_names([b.service.pk for b in found])
    named = [RevokedBasis(b.service, b.regulation, names.get(b.service.pk, "")) for b in found]
    return sorted(named, key=lambda b: (b.service.code, b.regulation.citation))


def awaiting_review(mpp: Mpp) -> QuerySet[Article]:
    return Article.objects.filter(mpp=mpp, status=ArticleStatus.DRAFT).select_related(
        "agency", "author"
    )


def stale_articles(mpp: Mpp) -> list[Article]:
    limit = timezone.localdate() - dt.timedelta(days=stale_days())
    return list(
        Article.objects.filter(
            mpp=mpp, status=ArticleStatus.REVIEWED, last_checked__lt=limit
        ).select_related("agency")
    )


def reviewed_articles(mpp: Mpp) -> QuerySet[Article]:
    return Article.objects.filter(mpp=mpp, status=ArticleStatus.REVIEWED).select_related("agency")


def reply_templates(mpp_id: int, agency_id: int | None = None) -> list[Article]:
    """Reviewed complaint reply templates of the MPP: the agency's own first."""
    rows = list(
        Article.objects.filter(
            mpp_id=mpp_id, kind=ArticleKind.REPLY, status=ArticleStatus.REVIEWED
        ).select_related("agency")
    )
    return sorted(rows, key=lambda a: (a.agency_id != agency_id, a.title))


def sample_for_gates(mpp: Mpp) -> tuple[int, int, int]:
    """A regulation linked to the MPP's services, a reviewed article and a change notice of
    the MPP (0 when there is none), for the gates that open every page."""
    regulation = Regulation.objects.filter(services__mpp=mpp).order_by("pk").first()
    article = reviewed_articles(mpp).order_by("pk").first()
    notice = Notice.objects.filter(mpp=mpp).order_by("pk").first()
    return (
        regulation.pk if regulation else 0,
        article.pk if article else 0,
        notice.pk if notice else 0,
    )
