"""The officer's one write on a document: revoking it with a reason (the form sits on the
application's staff page, which this answers back to)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satupintu.accounts.models import User
from satupintu.documents import services
from satupintu.documents.access import access_document_to_revoke


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
    if document.application_id is None:
        return redirect(reverse("documents:verify-code", args=[document.code]))
    return redirect(
        reverse("applications:verify", args=[document.application.public_id]) + "#h-document"
    )


urlpatterns: list[URLPattern] = [
    path("staf/dokumen/<str:verification_code>/cabut/", revoke, name="revoke"),
]
