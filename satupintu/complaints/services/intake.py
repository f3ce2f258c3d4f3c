"""A complaint coming in: checked whole, its category and agency suggested, its deadlines
set, its files stored, the reporter given the tracking code."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.accounts.roles import is_citizen
from satupintu.applications import files as file_checks
from satupintu.applications.services import new_tracking_number
from satupintu.catalog.models import Service
from satupintu.catalog.search.query import search
from satupintu.complaints import deadlines
from satupintu.complaints.models import (
    Category,
    Channel,
    Complaint,
    ComplaintFile,
    Kind,
)
from satupintu.complaints.services.common import tell
from satupintu.complaints.workflow import WORKFLOW
from satupintu.core.identifiers import normalize_phone
from satupintu.queueing.models import Ticket
from satupintu.tenancy.models import Agency, Counter, Mpp

MAX_FILES = 3
MIN_TEXT, MAX_TEXT = 15, 4000

# Words of a complaint that point at its category (the desk confirms or changes it).
CATEGORY_WORDS: list[tuple[Category, re.Pattern[str]]] = [
    (Category.FEES, re.compile(r"pungli|pungut|bayar|biaya|uang|tarif|calo", re.I)),
    (Category.CONDUCT, re.compile(r"petugas|judes|kasar|ramah|sikap|marah|bentak", re.I)),
    (Category.QUEUE, re.compile(r"antri|antre|tunggu|menunggu|nomor", re.I)),
    (Category.DURATION, re.compile(r"lama|belum jadi|belum selesai|terlambat|molor", re.I)),
    (Category.PROCEDURE, re.compile(r"syarat|prosedur|berkas|formulir|alur", re.I)),
    (Category.PRODUCT, re.compile(r"salah cetak|salah nama|keliru|rusak|dokumen", re.I)),
    (Category.FACILITIES, re.compile(r"toilet|parkir|ac\b|kursi|panas|kotor|wifi|lift", re.I)),
]


@dataclass(frozen=True)
class Reporter:
    name: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Suggestion:
    category: str
    agency: Agency | None


def suggest(
    mpp: Mpp, text: str, *, service: Service | None = None, counter: Counter | None = None
) -> Suggestion:
    """Category from the complaint's words; agency from the service or counter it names,
    else from the catalog's search over its words."""
    category = next((c for c, words in CATEGORY_WORDS if words.search(text)), Category.OTHER)
    agency = None
    if service is not None:
        agency = service.agency
    elif counter is not None:
        agency = counter.booth.agency
    else:
        hits = search(text[:100], mpp=mpp, limit=1).hits
        agency = hits[0].service.agency if hits else None
    return Suggestion(category=str(category), agency=agency)


def _check_reporter(reporter: Reporter | None, anonymous: bool, errors: dict) -> Reporter:
    if anonymous:
        return Reporter()
    reporter = reporter or Reporter()
    name, phone, email = (reporter.name or "").strip(), (reporter.phone or "").strip(), ""
    if len(name) < 2:
        errors["reporter.name"] = [_("Isi nama Anda, atau pilih melapor tanpa nama (anonim).")]
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError as exc:
            errors["reporter.phone"] = exc.messages
    if reporter.email:
        email = reporter.email.strip()
        try:
            validate_email(email)
        except ValidationError:
            errors["reporter.email"] = [_("Alamat e-mail tidak valid.")]
    if not phone and not reporter.email and "reporter.phone" not in errors:
        errors["reporter.phone"] = [
            _("Isi nomor ponsel atau e-mail agar kami dapat mengabari Anda.")
        ]
    return Reporter(name=name[:120], phone=phone, email=email[:254])


def _ticket_of(mpp: Mpp, ticket_id: uuid.UUID | str | None, errors: dict) -> Ticket | None:
    if not ticket_id:
        return None
    ticket = (
        Ticket.objects.select_related("service__agency", "counter__booth__agency")
        .filter(public_id=ticket_id, mpp=mpp)
        .first()
        if _is_uuid(ticket_id)
        else None
    )
    if ticket is None:
        errors["ticket"] = [_("Nomor antrian tidak ditemukan di MPP ini.")]
    return ticket


def _is_uuid(value: object) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@transaction.atomic
def submit_complaint(
    *,
    mpp: Mpp,
    kind: str,
    text: str,
    channel: str = Channel.WEB,
    service: Service | None = None,
    ticket_id: uuid.UUID | str | None = None,
    reporter: Reporter | None = None,
    anonymous: bool = False,
    confidential: bool = False,
    uploads: Sequence = (),
    recorded_by: User | None = None,
    citizen: User | None = None,
    now: dt.datetime | None = None,
    message_channel: str = "",
    message_id: str = "",
) -> Complaint:
    """A new complaint, received now: checked whole (every error at once, nothing written
    when one is wrong), its category and agency suggested, its deadlines set, its files
    stored, the reporter told the tracking code. A signed-in `citizen` filing under their
    name gets it on their account. `message_channel`/`message_id`: it came as a WhatsApp
    or SMS message (services/messages.py); every reply goes back that way."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if kind not in Kind.values:
        errors["class"] = [_("Pilih jenis laporan: pengaduan, aspirasi atau permintaan informasi.")]
    if channel not in Channel.values:
        errors["channel"] = [_("Saluran laporan tidak dikenal.")]
    text = (text or "").strip()
    if len(text) < MIN_TEXT:
        errors["text"] = [_("Ceritakan laporan Anda paling sedikit %(n)s huruf.") % {"n": MIN_TEXT}]
    elif len(text) > MAX_TEXT:
        errors["text"] = [_("Laporan paling panjang %(n)s huruf.") % {"n": MAX_TEXT}]
    if service is not None and service.mpp_id != mpp.pk:
        errors["service"] = [_("Layanan tidak ditemukan di MPP ini.")]
    who = _check_reporter(reporter, anonymous, errors)
    ticket = _ticket_of(mpp, ticket_id, errors)
    checked = []
    if len(uploads) > MAX_FILES:
        errors["files"] = [_("Lampiran paling banyak %(n)s berkas.") % {"n": MAX_FILES}]
    else:
        for upload in uploads:
            try:
                checked.append(file_checks.check_upload(upload))
            except ValidationError as exc:
                errors.setdefault("files", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)

    if ticket is not None and service is None:
        service = ticket.service
    counter = ticket.counter if ticket is not None else None
    suggestion = suggest(mpp, text, service=service, counter=counter)
    complaint = Complaint.objects.create(
        mpp=mpp,
        tracking_code=new_tracking_number(),
        kind=kind,
        text=text,
        channel=channel,
        service=service,
        ticket=ticket,
        counter=counter,
        suggested_category=suggestion.category,
        suggested_agency=suggestion.agency,
        anonymous=anonymous,
        confidential=confidential and not anonymous,
        reporter_name=who.name,
        reporter_phone=who.phone,
        reporter_email=who.email,
        recorded_by=recorded_by,
        message_channel=message_channel,
        message_id=message_id,
        user=citizen if is_citizen(citizen) and not anonymous else None,
        received_at=now,
        verify_due=deadlines.verify_due(mpp, now),
        ceiling_due=deadlines.ceiling_due(mpp, now),
    )
    stored: list[str] = []
    try:
        for item in checked:
            name = file_checks.storage().save(
                f"complaints/{mpp.pk}/{uuid.uuid4().hex}.{item.kind}", ContentFile(item.content)
            )
            stored.append(name)
            ComplaintFile.objects.create(
                complaint=complaint,
                mpp=mpp,
                storage_name=name,
                original_name=item.original_name,
                content_type=item.content_type,
                size=len(item.content),
                sha256=item.sha256,
            )
    except Exception:
        file_checks.discard(stored)
        raise
    WORKFLOW.record(complaint, "submit", "", actor=recorded_by, now=now)
    tell(
        complaint,
        _("Laporan Anda diterima: %(code)s") % {"code": complaint.tracking_code},
        _(
            "Terima kasih. Laporan Anda di %(mpp)s kami terima dengan kode lacak %(code)s. "
            "Kami memeriksanya paling lambat %(due)s."
        )
        % {
            "mpp": mpp.name,
            "code": complaint.tracking_code,
            "due": complaint.verify_due.strftime("%d-%m-%Y"),
        },
    )
    return complaint
