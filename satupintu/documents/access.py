"""Who may do what with an issued document.

Reading needs no account: whoever holds the verification code (the QR on the paper, the
citizen's application page) may see its verification and download the issued PDF, as the
QR promises. Revoking is for the issuing agency's officers at the document's MPP and the
MPP's supervisors.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role, User
from satupintu.accounts.roles import can_view_agency
from satupintu.documents.models import IssuedDocument


def can_revoke(user: User, document: IssuedDocument) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and can_view_agency(user, document.mpp, document.agency_id)
    )


def signs_documents(user: User) -> bool:
    """Officers, supervisors and operators reach the signing page (each document is then
    checked with can_sign)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role in {Role.OFFICER, Role.SUPERVISOR, Role.OPERATOR}
    )


def can_sign(user: User, document: IssuedDocument) -> bool:
    """The issuing agency's officers at the document's MPP and the MPP's supervisors."""
    return can_revoke(user, document)


def access_document_to_revoke(user: User, code: str) -> IssuedDocument:
    """The document for whoever may revoke it; 404 for everyone else."""
    document = (
        IssuedDocument.objects.select_related("mpp", "agency").filter(code=code.upper()).first()
    )
    if document is None or not can_revoke(user, document):
        raise Http404(_("Dokumen tidak ditemukan."))
    return document
