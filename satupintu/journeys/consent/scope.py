"""What a journey's consent covers and the sentence that says it (UU 27/2022 Pasal 21:
purpose, which data, to whom, until when, said before the citizen agrees)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from satupintu.journeys.models import JourneyDocument
from satupintu.journeys.selectors import JourneyPlan
from satupintu.tenancy.models import Agency, Mpp


@dataclass(frozen=True)
class ConsentScope:
    purpose: str
    documents: list[JourneyDocument]
    agencies: list[Agency]
    valid_until: dt.datetime

    @property
    def document_keys(self) -> list[str]:
        return [d.key for d in self.documents]


def end_of_day(mpp: Mpp, now: dt.datetime) -> dt.datetime:
    local = timezone.localtime(now, mpp.tzinfo)
    return local.replace(hour=23, minute=59, second=59, microsecond=0)


def journey_scope(plan: JourneyPlan, *, now: dt.datetime | None = None) -> ConsentScope | None:
    """Today's steps: the journey documents they ask for or make, shared among their
    agencies until the end of the visit's day. None when today has one agency only."""
    now = now or timezone.now()
    today = plan.today
    agencies: dict[int, Agency] = {}
    for step in today:
        agencies.setdefault(step.service.agency_id, step.service.agency)
    if len(agencies) < 2:
        return None
    mpp = plan.life_event.mpp
    today_numbers = {s.number for s in today}
    wanted = {r.key for r in plan.requirements if today_numbers.intersection(r.steps)}
    steps = {s.key: s for s in plan.life_event.steps.all()}
    for step in today:
        wanted.update(steps[step.key].produces if step.key in steps else [])
    documents = list(JourneyDocument.objects.filter(mpp=mpp, key__in=wanted).order_by("name"))
    if not documents:
        return None
    return ConsentScope(
        purpose=_("layanan peristiwa hidup %(name)s") % {"name": plan.life_event.name},
        documents=documents,
        agencies=sorted(agencies.values(), key=lambda a: a.short_name or a.name),
        valid_until=end_of_day(mpp, now),
    )


def sentence(
    *, documents: list[str], agencies: list[str], purpose: str, valid_until: dt.datetime, mpp: Mpp
) -> str:
    """The exact sentence the citizen agrees to; it is stored with the consent."""
    local = timezone.localtime(valid_until, mpp.tzinfo)
    return _(
        "Saya setuju %(documents)s saya yang sudah diperiksa petugas salah satu instansi "
        "dalam kunjungan ini dipakai oleh petugas %(agencies)s untuk %(purpose)s, tanpa "
        "fotokopi lagi, sampai %(date)s pukul %(time)s %(zone)s. Saya dapat menarik "
        "persetujuan ini kapan saja di halaman Data saya; setiap pemakaian tercatat."
    ) % {
        "documents": get_text_list(documents, _("dan")),
        "agencies": get_text_list(agencies, _("dan")),
        "purpose": purpose,
        "date": formats.date_format(local.date(), "j F Y"),
        "time": local.strftime("%H.%M"),
        "zone": local.tzname() or "",
    }


def scope_sentence(scope: ConsentScope, mpp: Mpp) -> str:
    return sentence(
        documents=[d.name for d in scope.documents],
        agencies=[a.short_name or a.name for a in scope.agencies],
        purpose=scope.purpose,
        valid_until=scope.valid_until,
        mpp=mpp,
    )
