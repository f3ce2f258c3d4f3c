"""Keeping the search index in step with the catalog.

`index_service` runs inside the catalog's own write transactions (publish_version), so
a published version and its index entry commit or roll back together. It indexes the
newest version, also one that takes effect later: its words are what the service will
be called, and results show the version in force.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from django.db import connection

from satupintu.catalog.models import Service, ServiceVersion
from satupintu.catalog.search.analysis import Document, document
from satupintu.catalog.search.backends import WORDS, backend
from satupintu.catalog.search.synonyms import thesaurus
from satupintu.catalog.search.typos import Vocabulary


def document_of(service: Service, version: ServiceVersion) -> Document:
    """The texts of a service by field: name; what people call it; what to bring; the rest."""
    agency = service.agency
    return document(
        name=version.name,
        keywords=[
            version.keywords,
            version.product,
            service.code,
            agency.short_name,
            *(v.name for v in version.fee_variants.all()),
        ],
        requirements=[f"{r.name} {r.notes}" for r in version.requirements.all()],
        description=[version.description, agency.name],
    )


def _latest(service: Service) -> ServiceVersion | None:
    return (
        ServiceVersion.objects.filter(service=service)
        .prefetch_related("requirements", "fee_variants")
        .order_by("-number")
        .first()
    )


def index_service(service: Service) -> None:
    """(Re)index one service from its newest version; call it in the write's transaction."""
    version = _latest(service)
    if version is None:
        return
    _write(service, version)


def _write(service: Service, version: ServiceVersion) -> None:
    doc = document_of(service, version)
    backend().write(service_id=service.pk, mpp_id=service.mpp_id, document=doc)
    forget_vocabulary()


def rebuild_index(services: Iterable[Service] | None = None) -> int:
    """Index every service from scratch (after an upgrade, or a synonyms.txt change)."""
    backend().clear()
    count = 0
    queryset = Service.objects.select_related("agency").order_by("pk")
    for service in services if services is not None else queryset.iterator(chunk_size=200):
        version = _latest(service)
        if version is not None:
            _write(service, version)
            count += 1
    return count


def vacuum_index(**kwargs) -> None:
    """post_migrate: after `migrate`, and after the flush between transactional tests
    (which empties catalog_service but not the index), drop what no service backs."""
    if WORDS in connection.introspection.table_names():
        backend().vacuum()
        forget_vocabulary()


# --- the vocabulary, cached per process ------------------------------------------------
# Words are only ever added (until a rebuild), so their count tells whether this
# process's copy is current: one COUNT(*) per search instead of reading every word.
_lock = threading.Lock()
_cached: tuple[int, Vocabulary] | None = None


def vocabulary() -> Vocabulary:
    global _cached
    engine = backend()
    count = engine.word_count()
    cached = _cached
    if cached is not None and cached[0] == count:
        return cached[1]
    with _lock:
        fresh = Vocabulary(engine.words(), extra=thesaurus().words)
        _cached = (count, fresh)
    return fresh


def forget_vocabulary() -> None:
    global _cached
    _cached = None
