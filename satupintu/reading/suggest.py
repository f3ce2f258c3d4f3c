"""Suggesting the service from a citizen's own words ("mau ganti nama di KK karena
menikah"), for the search box, the kiosk's helper and the complaint form.

Two sources, both already in satupintu and both Indonesian-aware (Sastrawi stems,
synonyms, filler words, typo correction): the catalog's service search (ADR 0004) and the
MPP's knowledge base (reviewed articles and Q&A, each linked to the services it is about).
A service scores by its rank in the catalog's answer (1/rank), plus half that much by the
rank of the best article that names it (an officer's article written in citizens' words
lifts the service it points to), plus 0.45 when the sentence names a document (KK, KTP,
akta, SIM, paspor, …) and the service is about that document: in "mau ganti nama di KK
karena menikah" the KK is what is to change, not any "balik nama". Best first. Measured
on held-out phrases (suggest_eval.json, `satupintu suggest_eval`; the document rule was
added after the first run missed that sentence, the issue's own example).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db.models import prefetch_related_objects

from satupintu.catalog.models import Service
from satupintu.catalog.search.analysis import interpret
from satupintu.catalog.search.backends import Filters, backend
from satupintu.catalog.search.index import vocabulary
from satupintu.catalog.search.query import rarity, search_services
from satupintu.catalog.selectors import attach_current, services_in_force
from satupintu.knowledge import search as knowledge_search
from satupintu.tenancy.models import Mpp

ARTICLE_SHARE = 0.5
DOCUMENT_SHARE = 0.45
# Documents a citizen names as the thing a service issues or changes.
DOCUMENT_WORDS = (
    "kk", "ktp", "akta", "kia", "sim", "paspor", "npwp", "stnk", "bpkb", "sertifikat",
    "skck", "nib", "sppt", "imb", "pbg",
)  # fmt: skip
MAX_SUGGESTIONS = 5


@dataclass(frozen=True)
class Suggestion:
    service: Service
    score: float


def suggest(mpp: Mpp, text: str, *, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """The services of `mpp` that `text` most likely asks for, best first."""
    text = (text or "").strip()[:200]
    if not text:
        return []
    scores: dict[int, float] = {}
    services: dict[int, Service] = {}
    for rank, hit in enumerate(search_services(text, mpp=mpp)[:20]):
        scores[hit.service.pk] = scores.get(hit.service.pk, 0.0) + 1.0 / (rank + 1)
        hit.service.current = hit.version  # type: ignore[attr-defined]
        services[hit.service.pk] = hit.service
    articles = knowledge_search.search(text, mpp=mpp).articles[:10]
    prefetch_related_objects(articles, "services")
    linked: dict[int, float] = {}
    for rank, article in enumerate(articles):
        for service in article.services.all():
            if service.mpp_id == mpp.pk:
                linked[service.pk] = max(linked.get(service.pk, 0.0), 1.0 / (rank + 1))
    extra = [pk for pk in linked if pk not in services]
    if extra:  # services only the articles named: with their version in force, if any
        in_force = services_in_force(mpp).filter(pk__in=extra).select_related("agency")
        services.update({s.pk: s for s in attach_current(list(in_force))})
    linked = {pk: v for pk, v in linked.items() if pk in services}
    for pk, value in linked.items():
        scores[pk] = scores.get(pk, 0.0) + ARTICLE_SHARE * value
    for pk in _about_named_documents(mpp, text):
        if pk in scores:
            scores[pk] += DOCUMENT_SHARE
    ranked = sorted(scores.items(), key=lambda item: (-item[1], services[item[0]].code))
    return [Suggestion(service=services[pk], score=round(s, 4)) for pk, s in ranked[:limit]]


@functools.cache
def _document_tokens() -> frozenset[str]:
    words = vocabulary()
    return frozenset(t for w in DOCUMENT_WORDS for t in interpret(w, words).tokens)


def _about_named_documents(mpp: Mpp, text: str) -> set[int]:
    """The services matching every document the sentence names (none named: none)."""
    words = vocabulary()
    named = [t for t in interpret(text, words).tokens if t in _document_tokens()]
    matching: set[int] | None = None
    for token in named:
        scored = backend().score(
            {token: rarity(token, words)}, Filters(mpp_id=mpp.pk, agency=None, category=None), 200
        )
        ids = {s.service_id for s in scored}
        matching = ids if matching is None else matching & ids
    return matching or set()
