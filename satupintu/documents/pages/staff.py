"""The officer's writes on documents: revoking one with a reason (the form sits on the
application's staff page, which this answers back to), and signing the documents that
wait for a signature in one act, after authenticating again with the signing service's
passphrase or one-time code; the batch runs in the background with a progress bar."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satupintu.accounts.models import User
from satupintu.documents import selectors, services, signatures
from satupintu.documents.access import access_document_to_revoke, signs_documents
from satupintu.documents.models import SigningBatch
from satupintu.documents.signing.bsre import Credentials


@login_required
@require_POST
def revoke(request: HttpRequest, verification_code: str) -> HttpResponse:
    if not isinstance(request.user, User):
        raise PermissionDenied
    document = access_document_to_revoke(request.user, verification_code)
    try:
        services.revoke_document(
            user=request.user, document=document, reason=request.POST.get("alasan", "")
        )
        messages.success(request, _("Dokumen %(number)s dicabut.") % {"number": document.number})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    application = document.application
    if application is None:
        return redirect(reverse("documents:verify-code", args=[document.code]))
    return redirect(reverse("applications:verify", args=[application.public_id]) + "#h-document")


def _officer(request: HttpRequest) -> User:
    if not isinstance(request.user, User) or not signs_documents(request.user):
        raise PermissionDenied
    return request.user


@login_required
def signing(request: HttpRequest) -> HttpResponse:
    user = _officer(request)
    error = ""
    if request.method == "POST":
        credentials = Credentials(
            nik=request.POST.get("nik", "").strip(),
            passphrase=request.POST.get("passphrase", ""),
            totp=request.POST.get("kode", "").strip(),
        )
        try:
            batch = signatures.start_signing_batch(
                user=user, codes=request.POST.getlist("dokumen"), credentials=credentials
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect(reverse("documents:signing-batch", args=[batch.pk]))
    context = {"documents": selectors.waiting_for(user), "error": error}
    return render(request, "documents/signing.html", context, status=422 if error else 200)


@login_required
def signing_batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    user = _officer(request)
    batch = SigningBatch.objects.filter(pk=batch_id, created_by=user).first()
    if batch is None:
        raise Http404(_("Penandatanganan tidak ditemukan."))
    template = (
        "documents/_signing_progress.html"
        if request.headers.get("HX-Request")
        else "documents/signing_batch.html"
    )
    return render(request, template, {"batch": batch})


urlpatterns: list[URLPattern] = [
    path("staf/dokumen/<str:verification_code>/cabut/", revoke, name="revoke"),
    path("staf/dokumen/tanda-tangan/", signing, name="signing"),
    path("staf/dokumen/tanda-tangan/<int:batch_id>/", signing_batch, name="signing-batch"),
]
