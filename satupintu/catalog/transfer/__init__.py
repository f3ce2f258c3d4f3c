"""Import and export of an MPP's catalog as JSON, CSV and XLSX (docs/catalog-import.md).

    data = export_catalog(mpp, "xlsx")
    report = import_catalog(mpp=mpp, data=data, filename="katalog.xlsx", author=user,
                            meta=VersionMeta(reason="Perda tarif 2027", effective_from=...))

An import checks every row and every column and reports all errors as (row, column,
message); it writes nothing unless the whole file is valid, and then writes it in one
transaction: new codes through `create_service`, changed services through
`revise_service`, unchanged ones not at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.catalog.selectors import attach_current, local_today, services_in_force
from satupintu.catalog.services import create_service, revise_service
from satupintu.catalog.standard import VersionMeta, content_of
from satupintu.catalog.transfer import columns as C
from satupintu.catalog.transfer import readers, writers
from satupintu.catalog.transfer.errors import RowError
from satupintu.catalog.transfer.plan import Action, Plan, plan_import
from satupintu.catalog.transfer.readers import FORMATS, MAX_BYTES, format_of
from satupintu.catalog.transfer.validate import Record, Row, parse_row
from satupintu.tenancy.models import Mpp

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "ImportReport",
    "RowError",
    "column_help",
    "content_type",
    "export_catalog",
    "export_filename",
    "format_of",
    "import_catalog",
]


# --- export ----------------------------------------------------------------------
def exported_records(mpp: Mpp) -> list[writers.Exported]:
    """The version in force of every active service, by code (three queries)."""
    services = attach_current(list(services_in_force(mpp)), full=True)
    return [
        writers.Exported(
            code=s.code,
            standard_key=s.standard_key,
            agency_code=s.agency.code,
            category=s.category.slug,
            flags={flag: getattr(s, flag) for flag in C.SETTINGS_FLAGS},
            content=content_of(s.current),  # type: ignore[attr-defined]
            version_number=s.current.number,  # type: ignore[attr-defined]
            effective_from=s.current.effective_from,  # type: ignore[attr-defined]
            reason=s.current.reason,  # type: ignore[attr-defined]
        )
        for s in services
    ]


def export_catalog(mpp: Mpp, fmt: str) -> bytes:
    records = exported_records(mpp)
    if fmt == "json":
        return writers.write_json(mpp.slug, records, timezone.now())
    if fmt == "csv":
        return writers.write_csv(records)
    if fmt == "xlsx":
        return writers.write_xlsx(records, column_help())
    raise ValueError(f"unknown format {fmt!r}")


def content_type(fmt: str) -> str:
    return writers.CONTENT_TYPES[fmt]


def export_filename(mpp: Mpp, fmt: str) -> str:
    return f"katalog-{mpp.slug}-{local_today(mpp):%Y%m%d}.{fmt}"


def column_help() -> list[tuple[str, str, str]]:
    """(column, what goes in it, example) for the XLSX guide sheet."""
    forms = C.choices_text(C.DOCUMENT_FORMS)
    texts = {
        "code": _("Kode layanan di MPP ini: 1–3 huruf besar dan 2–3 angka. Wajib."),
        "standard_key": _(
            "Kunci yang sama untuk layanan yang sama di MPP lain. Kosong untuk layanan baru: "
            "dibuat dari nama. Tidak dapat diubah untuk layanan yang sudah ada."
        ),
        "agency_code": _("Kode instansi yang memiliki gerai di MPP ini. Wajib."),
        "category": _("Kategori layanan (slug). Wajib."),
        "name": _("Nama layanan. Wajib."),
        "uses_queue": _("ya atau tidak; kosong berarti ya."),
        "uses_appointment": _("ya atau tidak; kosong berarti tidak."),
        "online_application": _("ya atau tidak; kosong berarti tidak."),
        "fully_online": _("ya atau tidak; kosong berarti tidak."),
        "requirements": _(
            "Satu persyaratan per baris: nama | bentuk (%(forms)s) | jumlah | wajib atau "
            "tidak wajib | unggah: pdf,jpg | catatan: … | jika: jawaban; jawaban (persyaratan "
            "yang hanya berlaku untuk jawaban tertentu pada pertanyaan syarat)"
        )
        % {"forms": forms},
        "questions": _(
            "Satu pertanyaan per baris: pertanyaan | pilihan; pilihan; …. Setiap pilihan hanya "
            "dipakai satu pertanyaan. Kosong bila semua persyaratan selalu berlaku."
        ),
        "steps": _("Satu langkah per baris: langkah | pelaksana."),
        "processing_time_value": _("Bilangan bulat; kosong bila tidak ditentukan."),
        "processing_time_unit": _("Salah satu: %(choices)s.")
        % {"choices": C.choices_text(C.TIME_UNITS)},
        "fee_kind": _("Salah satu: %(choices)s.") % {"choices": C.choices_text(C.FEE_KINDS)},
        "fee_rupiah": _("Rupiah tanpa titik; 0 berarti gratis. Wajib bila jenis biaya tetap."),
        "fee_variants": _("Satu varian per baris: nama | biaya | dasar hukum."),
    }
    return [(c.name, texts.get(c.key, _("Teks bebas.")), c.example) for c in C.COLUMNS]


# --- import ----------------------------------------------------------------------
@dataclass
class ImportReport:
    """What an import found and did. Nothing was written unless `written`."""

    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run and bool(self.created or self.updated)


class _Abort(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(errors)
        self.errors = errors


def _meta_errors(meta: VersionMeta) -> list[RowError]:
    errors = []
    if not meta.reason.strip():
        errors.append(RowError(None, "", _("Alasan perubahan wajib diisi.")))
    elif len(meta.reason) > 300:
        errors.append(RowError(None, "", _("Alasan perubahan paling banyak 300 karakter.")))
    if not isinstance(meta.effective_from, dt.date):
        errors.append(RowError(None, "", _("Tanggal berlaku wajib diisi.")))
    return errors


def _duplicate_codes(rows: list[Row], name_of: dict[str, str]) -> list[RowError]:
    first: dict[str, int] = {}
    errors = []
    for row in rows:
        code = str(row.cells.get("code") or "").strip().upper()
        if not code:
            continue
        if code in first:
            errors.append(
                RowError(
                    row.number,
                    name_of.get("code", "code"),
                    _("Kode %(code)s sudah dipakai di baris %(row)s berkas ini.")
                    % {"code": code, "row": first[code]},
                )
            )
        first.setdefault(code, row.number)
    return errors


def _report(plan: Plan, rows: int, dry_run: bool) -> ImportReport:
    by_action: dict[Action, list[str]] = {action: [] for action in Action}
    for step in plan.steps:
        by_action[step.action].append(step.record.code)
    return ImportReport(
        rows=rows,
        errors=plan.errors,
        created=by_action[Action.CREATE],
        updated=by_action[Action.UPDATE],
        unchanged=by_action[Action.UNCHANGED],
        dry_run=dry_run,
    )


def import_catalog(
    *,
    mpp: Mpp,
    data: bytes,
    filename: str,
    meta: VersionMeta,
    author: User | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Check a whole file against the MPP; unless `dry_run`, write it if it is all valid."""
    sheet = readers.read(data, filename)
    errors = _meta_errors(meta) + sheet.errors + _duplicate_codes(sheet.rows, sheet.name_of)
    records: list[Record] = []
    for row in sheet.rows:
        record, row_errors = parse_row(row, sheet.name_of)
        errors += row_errors
        records.append(record)
    plan = plan_import(mpp, records, sheet.name_of)
    errors += plan.errors
    if errors:
        errors.sort(key=lambda e: -1 if e.row is None else e.row)
        return ImportReport(rows=len(sheet.rows), errors=errors, dry_run=dry_run)
    if dry_run:
        return _report(plan, len(sheet.rows), dry_run=True)
    try:
        plan = _write(mpp=mpp, records=records, name_of=sheet.name_of, meta=meta, author=author)
    except _Abort as abort:
        return ImportReport(rows=len(sheet.rows), errors=abort.errors)
    except IntegrityError:
        return ImportReport(
            rows=len(sheet.rows),
            errors=[
                RowError(
                    None,
                    "",
                    _(
                        "Impor lain menulis layanan yang sama pada saat bersamaan; tidak ada "
                        "yang disimpan. Periksa katalog, lalu ulangi impor."
                    ),
                )
            ],
        )
    return _report(plan, len(sheet.rows), dry_run=False)


@transaction.atomic
def _write(
    *,
    mpp: Mpp,
    records: list[Record],
    name_of: dict[str, str],
    meta: VersionMeta,
    author: User | None,
) -> Plan:
    """Plan again under a lock on the MPP, so two imports of one catalog run one after
    the other and the second sees what the first wrote; then write every step."""
    Mpp.objects.select_for_update(no_key=True).filter(pk=mpp.pk).first()
    plan = plan_import(mpp, records, name_of)
    if plan.errors:
        raise _Abort(plan.errors)
    for step in plan.steps:
        try:
            if step.action is Action.CREATE and step.content is not None:
                create_service(
                    mpp=mpp,
                    agency=step.agency,
                    code=step.record.code,
                    standard_key=step.standard_key,
                    category=step.category,
                    content=step.content,
                    meta=meta,
                    author=author,
                    **step.record.flags,
                )
            elif step.action is Action.UPDATE and step.service is not None:
                revise_service(
                    service=step.service,
                    content=step.content,
                    settings=step.settings,
                    meta=meta,
                    author=author,
                )
        except ValidationError as problem:
            raise _Abort(
                [RowError(step.record.number, "", m) for m in problem.messages]
            ) from problem
    return plan
