"""The citizen's document wallet (/akun/dokumen/) and the pages a share link opens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satupintu.accounts.models import User
from satupintu.accounts.roles import is_citizen
from satupintu.applications import files
from satupintu.core.links import citizen_link
from satupintu.documents import selectors, wallet
from satupintu.documents.models import DocumentRead, IssuedDocument


def _citizen(request: HttpRequest) -> User:
    if not is_citizen(request.user) or not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _pdf(document: IssuedDocument) -> FileResponse:
    if document.purged_at is not None:
        raise Http404(selectors.purged_message())
    response = FileResponse(
        files.storage().open(document.storage_name, "rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"dokumen-{document.code}.pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def my_documents(request: HttpRequest) -> HttpResponse:
    user = _citizen(request)
    documents = list(wallet.wallet_of(user))
    return render(
        request,
        "documents/wallet.html",
        {"documents": documents, "days": wallet.SHARE_DAYS, "reads_shown": wallet.READS_SHOWN},
    )


@login_required
def my_download(request: HttpRequest, verification_code: str) -> FileResponse:
    user = _citizen(request)
    document = wallet.access_own_document(user, verification_code)
    wallet.record_read(
        document=document,
        via=DocumentRead.Via.HOLDER,
        reader=user,
        pdf=True,
        address=request.META.get("REMOTE_ADDR", ""),
    )
    return _pdf(document)


@login_required
@require_POST
def share(request: HttpRequest, verification_code: str) -> HttpResponse:
    user = _citizen(request)
    document = wallet.access_own_document(user, verification_code)
    try:
        days = int(request.POST.get("hari", "0"))
    except ValueError:
        days = 0
    try:
        made = wallet.share_document(
            user=user, document=document, days=days, label=request.POST.get("untuk", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        link = citizen_link(reverse("documents:shared", args=[made.token]), request)
        messages.success(request, _("Tautan berbagi dibuat: %(link)s") % {"link": link})
    return redirect(reverse("documents:wallet") + f"#d-{document.code}")


@login_required
@require_POST
def revoke_share(request: HttpRequest, share_id: int) -> HttpResponse:
    user = _citizen(request)
    revoked = wallet.revoke_share(user=user, share_id=share_id)
    messages.success(request, _("Tautan berbagi dicabut."))
    return redirect(reverse("documents:wallet") + f"#d-{revoked.document.code}")


def shared(request: HttpRequest, share_token: str) -> HttpResponse:
    link = wallet.open_share(share_token)
    wallet.record_read(
        document=link.document,
        via=DocumentRead.Via.SHARE,
        share=link,
        reader=request.user if isinstance(request.user, User) else None,
        address=request.META.get("REMOTE_ADDR", ""),
    )
    return render(request, "documents/shared.html", {"share": link, "document": link.document})


def shared_download(request: HttpRequest, share_token: str) -> FileResponse:
    link = wallet.open_share(share_token)
    wallet.record_read(
        document=link.document,
        via=DocumentRead.Via.SHARE,
        share=link,
        reader=request.user if isinstance(request.user, User) else None,
        pdf=True,
        address=request.META.get("REMOTE_ADDR", ""),
    )
    return _pdf(link.document)


urlpatterns: list[URLPattern] = [
    path("akun/dokumen/", my_documents, name="wallet"),
    path("akun/dokumen/<str:verification_code>/unduh/", my_download, name="wallet-download"),
    path("akun/dokumen/<str:verification_code>/bagikan/", share, name="share"),
    path("akun/dokumen/bagikan/<int:share_id>/cabut/", revoke_share, name="revoke-share"),
    path("dokumen/bagikan/<str:share_token>/", shared, name="shared"),
    path("dokumen/bagikan/<str:share_token>/unduh/", shared_download, name="shared-download"),
]
