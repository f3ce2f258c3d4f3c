"""Archive retention: how long uploaded requirement files and issued documents are kept,
and the purge that destroys the bytes past their retention while keeping the record that
they existed.

Legal frame. Under Undang-Undang Nomor 43 Tahun 2009 tentang Kearsipan a creator of
records keeps them by its Jadwal Retensi Arsip (JRA: per kind of record, years active,
years inactive and the final disposition, *musnah*, *permanen* or *dinilai kembali*) and
destroys them only by that schedule and procedure (Pasal 48–51); Peraturan Pemerintah
Nomor 28 Tahun 2012 (its implementing regulation) has each agency set its JRA after the
Arsip Nasional's approval, following the retention guidelines ANRI publishes per sector
(Pasal 53–54; e.g. Peraturan Kepala ANRI Nomor 19 Tahun 2012 on drawing up a JRA). The
scanned KTP, KK and forms a citizen uploads are personal data as well, which UU 27/2022
tentang Pelindungan Data Pribadi asks not to be kept past their purpose.

The defaults below are satupintu's, not copied from any published JRA: no single JRA
covers every MPP's agencies. Each agency replaces them with its own JRA's items as
`RetentionRule` rows (admin: *Kelas retensi arsip*), citing the item in `basis`. The
purge is the system's part of a destruction (the bytes and the list of what was
destroyed); the agency's own procedure (assessment, approval, berita acara) stays theirs.

Time is counted from the close of the matter, as a JRA counts it: an uploaded file from
the day its application closed (completed, rejected or withdrawn; open applications keep
their files), an issued document from the end of its validity, else its issue day.
Retention ends `active_years + inactive_years` later; the file is purged the day after.
A "permanen" class is never purged.

The record of an issued document stays in the register: verification by code or by
an uploaded copy (its SHA-256) still answers, saying the PDF was destroyed and when.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from satupintu.applications import files
from satupintu.applications.models import ApplicationFile
from satupintu.documents.models import (
    ArchiveKind,
    ArchiveRecord,
    Disposition,
    IssuedDocument,
    RetentionRule,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Retention:
    active_years: int
    inactive_years: int
    disposition: str
    basis: str

    @property
    def years(self) -> int:
        return self.active_years + self.inactive_years


# The basis is stored with each record (archive data, kept in Indonesian as written).
DEFAULTS = {
    ArchiveKind.UPLOAD: Retention(
        1,
        1,
        Disposition.DESTROY,
        "Bawaan satupintu (bukan JRA instansi): berkas persyaratan 1 tahun aktif dan 1 "
        "tahun inaktif sejak permohonan selesai, lalu musnah (UU 43/2009, PP 28/2012, "
        "UU 27/2022).",
    ),
    ArchiveKind.DOCUMENT: Retention(
        5,
        5,
        Disposition.DESTROY,
        "Bawaan satupintu (bukan JRA instansi): salinan elektronik dokumen terbit 5 tahun "
        "aktif dan 5 tahun inaktif sejak masa berlakunya berakhir, lalu musnah; catatan "
        "registernya tetap (UU 43/2009, PP 28/2012).",
    ),
}


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class Rules:
    """The rules of the database, read once, and the most specific one for a file."""

    def __init__(self, rules: Iterable[RetentionRule]) -> None:
        self.by_scope = {
            (r.kind, r.agency_id, r.service_id, r.requirement_key): r
            for r in sorted(rules, key=lambda r: r.pk)
        }

    def of(
        self, kind: str, agency_id: int, service_id: int, requirement_key: str = ""
    ) -> Retention:
        for scope in (
            (kind, agency_id, service_id, requirement_key),
            (kind, None, service_id, requirement_key),
            (kind, agency_id, service_id, ""),
            (kind, None, service_id, ""),
            (kind, agency_id, None, requirement_key),
            (kind, agency_id, None, ""),
            (kind, None, None, ""),
        ):
            rule = self.by_scope.get(scope)
            if rule is not None:
                return Retention(
                    rule.active_years, rule.inactive_years, rule.disposition, rule.basis
                )
        return DEFAULTS[ArchiveKind(kind)]


@dataclass(frozen=True)
class Due:
    """One file past its retention."""

    kind: str
    pk: int
    reference: str
    title: str
    owner_name: str
    created_at: dt.datetime
    retention_until: dt.date
    basis: str
    sha256: str
    size: int | None
    storage_name: str

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "id": self.pk,
            "reference": self.reference,
            "title": self.title,
            "owner": self.owner_name,
            "created_at": self.created_at.isoformat(),
            "retention_until": self.retention_until.isoformat(),
            "basis": self.basis,
            "sha256": self.sha256,
            "size": self.size,
        }


def _due_uploads(rules: Rules, today: dt.date, shortest: int) -> Iterator[Due]:
    """Files of closed applications, oldest first, whose retention ended before today."""
    cutoff = timezone.make_aware(
        dt.datetime.combine(_add_years(today, -shortest), dt.time.min), dt.UTC
    )
    candidates = (
        ApplicationFile.objects.filter(
            application__closed_at__isnull=False, application__closed_at__lt=cutoff
        )
        .exclude(
            pk__in=ArchiveRecord.objects.filter(application_file__isnull=False).values(
                "application_file_id"
            )
        )
        .select_related("application", "application__service", "application__version")
        .order_by("application__closed_at", "pk")
    )
    names: dict[int, dict[str, str]] = {}
    for item in candidates.iterator(chunk_size=500):
        app = item.application
        if app.closed_at is None:  # filtered above; for the type checker
            continue
        retention = rules.of(
            ArchiveKind.UPLOAD, app.service.agency_id, app.service_id, item.requirement_key
        )
        until = _add_years(timezone.localdate(app.closed_at), retention.years)
        if retention.disposition != Disposition.DESTROY or until >= today:
            continue
        if app.version_id not in names:
            names[app.version_id] = {f"p{r.order}": r.name for r in app.version.requirements.all()}
        requirement = names[app.version_id].get(item.requirement_key, item.requirement_key)
        yield Due(
            kind=ArchiveKind.UPLOAD,
            pk=item.pk,
            reference=app.tracking_number,
            title=f"{requirement} ({item.original_name})"[:300],
            owner_name=app.applicant_name,
            created_at=item.uploaded_at,
            retention_until=until,
            basis=retention.basis,
            sha256=item.sha256,
            size=item.size,
            storage_name=item.storage_name,
        )


def _due_documents(rules: Rules, today: dt.date, shortest: int) -> Iterator[Due]:
    horizon = _add_years(today, -shortest)
    candidates = (
        IssuedDocument.objects.filter(purged_at__isnull=True)
        .filter(
            Q(valid_until__lt=horizon) | Q(valid_until__isnull=True, issued_at__date__lt=horizon)
        )
        .order_by("issued_at", "pk")
    )
    for document in candidates.iterator(chunk_size=500):
        retention = rules.of(ArchiveKind.DOCUMENT, document.agency_id, document.service_id)
        start = document.valid_until or timezone.localdate(document.issued_at)
        until = _add_years(start, retention.years)
        if retention.disposition != Disposition.DESTROY or until >= today:
            continue
        yield Due(
            kind=ArchiveKind.DOCUMENT,
            pk=document.pk,
            reference=document.number,
            title=document.title,
            owner_name=document.holder_name,
            created_at=document.issued_at,
            retention_until=until,
            basis=retention.basis,
            sha256=document.sha256,
            size=None,
            storage_name=document.storage_name,
        )


def due_for_purge(*, now: dt.datetime | None = None) -> list[Due]:
    """Every file whose retention ended before today (what `purge_archive` destroys)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rules = Rules(RetentionRule.objects.all())
    destroying = [
        *(r.years for r in DEFAULTS.values() if r.disposition == Disposition.DESTROY),
        *(
            r.active_years + r.inactive_years
            for r in rules.by_scope.values()
            if r.disposition == Disposition.DESTROY
        ),
    ]
    if not destroying:
        return []
    shortest = min(destroying)
    return [*_due_uploads(rules, today, shortest), *_due_documents(rules, today, shortest)]


def purge(due: Due, *, now: dt.datetime) -> ArchiveRecord | None:
    """Record the file's destruction, then delete its bytes after the commit. None when
    another run recorded it first."""
    try:
        with transaction.atomic():
            if due.kind == ArchiveKind.DOCUMENT:
                document = IssuedDocument.objects.select_for_update().get(pk=due.pk)
                if document.purged_at is not None:
                    return None
                document.purged_at = now
                document.save(update_fields=["purged_at"])
                mpp_id, agency_id = document.mpp_id, document.agency_id
                links: dict[str, IssuedDocument | ApplicationFile] = {"document": document}
            else:
                item = ApplicationFile.objects.select_related("application__service").get(pk=due.pk)
                mpp_id, agency_id = item.mpp_id, item.application.service.agency_id
                links = {"application_file": item}
            record = ArchiveRecord.objects.create(
                kind=due.kind,
                mpp_id=mpp_id,
                agency_id=agency_id,
                reference=due.reference[:160],
                title=due.title[:300],
                owner_name=due.owner_name[:150],
                created_at=due.created_at,
                retention_until=due.retention_until,
                basis=due.basis[:300],
                purged_at=now,
                sha256=due.sha256,
                size=due.size,
                storage_name=due.storage_name,
                **links,
            )
    except IntegrityError:  # another run recorded this file a moment ago
        return None
    remove_bytes(record)
    return record


def remove_bytes(record: ArchiveRecord) -> None:
    """Delete the purged file's bytes (again, for a run that stopped after its record)."""
    try:
        files.storage().delete(record.storage_name)
    except OSError:
        log.warning("archive: %s could not be deleted; the next run tries again", record.pk)
        return
    ArchiveRecord.objects.filter(pk=record.pk).update(file_removed_at=timezone.now())


def purge_archive(*, now: dt.datetime | None = None, dry_run: bool = False) -> list[Due]:
    """Destroy every file past its retention (or, with `dry_run`, only list them); files
    whose record was written by an earlier run that stopped before deleting are deleted
    now. Returns what was (or would be) destroyed."""
    now = now or timezone.now()
    found = due_for_purge(now=now)
    if dry_run:
        return found
    for record in ArchiveRecord.objects.filter(file_removed_at__isnull=True):
        remove_bytes(record)
    return [due for due in found if purge(due, now=now) is not None]
