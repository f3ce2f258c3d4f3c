"""The citizen's document wallet (issue 20 item 4): every document issued to them, across
agencies and MPPs, downloadable; share links that expire and can be revoked; and a log
of every read (the verification page or the PDF, by code, share link, upload or the
holder) that the holder sees.

Writes (share, revoke, record a read) and reads (the wallet, a share by token) of this
sub-domain; views and the API call these only.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.documents.models import DocumentRead, DocumentShare, IssuedDocument

SHARE_DAYS = (1, 7, 30)  # the choices the holder has for a link's life
READS_SHOWN = 20


def wallet_of(user: User) -> QuerySet[IssuedDocument]:
    """Every document issued to this citizen, newest first, with their share links and
    recent reads (three queries whatever the number of documents)."""
    return (
        IssuedDocument.objects.filter(application__user=user)
        .select_related("mpp", "agency")
        .prefetch_related(
            Prefetch("shares", queryset=DocumentShare.objects.order_by("-created_at")),
            Prefetch(
                "reads", queryset=DocumentRead.objects.select_related("share").order_by("-at")
            ),
        )
        .order_by("-issued_at", "-pk")
    )


def access_own_document(user: User, code: str) -> IssuedDocument:
    """A document of the citizen's own wallet; 404 for anything else."""
    found = wallet_of(user).filter(code=str(code).upper()[:32]).first()
    if found is None:
        raise Http404(_("Dokumen tidak ditemukan."))
    return found


def _network(address: str) -> str:
    """The reader's address, truncated (/24, /48): enough to tell readers apart."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def record_read(
    *,
    document: IssuedDocument,
    via: str,
    address: str = "",
    reader: User | None = None,
    share: DocumentShare | None = None,
    pdf: bool = False,
) -> DocumentRead:
    return DocumentRead.objects.create(
        document=document,
        via=via,
        share=share,
        reader=reader if reader is not None and reader.is_authenticated else None,
        pdf=pdf,
        network=_network(address),
    )


@transaction.atomic
def share_document(
    *,
    user: User,
    document: IssuedDocument,
    days: int,
    label: str = "",
    now: dt.datetime | None = None,
) -> DocumentShare:
    """A link to one of the holder's documents, valid `days` (1, 7 or 30)."""
    if document.application is None or document.application.user_id != user.pk:
        raise PermissionDenied(_("Hanya pemegang dokumen yang dapat membagikannya."))
    if days not in SHARE_DAYS:
        raise ValidationError({"days": [_("Pilih masa berlaku 1, 7 atau 30 hari.")]})
    now = now or timezone.now()
    return DocumentShare.objects.create(
        document=document,
        token=secrets.token_urlsafe(24),
        label=" ".join(str(label).split())[:80],
        created_by=user,
        expires_at=now + dt.timedelta(days=days),
    )


@transaction.atomic
def revoke_share(*, user: User, share_id: int) -> DocumentShare:
    share = (
        DocumentShare.objects.select_for_update()
        .filter(pk=share_id, document__application__user=user)
        .first()
    )
    if share is None:
        raise Http404(_("Tautan tidak ditemukan."))
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
    return share


def open_share(token: str, *, now: dt.datetime | None = None) -> DocumentShare:
    """The share a link names, while it lives; 404 once expired or revoked."""
    now = now or timezone.now()
    share = (
        DocumentShare.objects.select_related("document__mpp", "document__agency")
        .filter(token=str(token)[:64], revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if share is None:
        raise Http404(_("Tautan ini sudah tidak berlaku atau dicabut oleh pemegang dokumen."))
    return share
