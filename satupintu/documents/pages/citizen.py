"""The public verification pages (no account): the page the QR opens, the upload form
that checks a copy, and the download of the issued PDF for whoever holds the code."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from satupintu.accounts.models import User
from satupintu.applications import files
from satupintu.core.ratelimit import check_rate
from satupintu.documents import selectors, wallet
from satupintu.documents.models import DocumentRead

UPLOAD_RATE = "60/h"


def _page(request: HttpRequest, verdict: selectors.Verdict | None, **extra) -> HttpResponse:
    context = {"verdict": verdict, "document": verdict.document if verdict else None, **extra}
    status = 422 if extra.get("error") else 200
    return render(request, "documents/verify.html", context, status=status)


def _log(request: HttpRequest, verdict: selectors.Verdict, via: str, *, pdf: bool = False) -> None:
    """Every read of a registered document is shown to its holder (the wallet)."""
    if verdict.document is not None:
        wallet.record_read(
            document=verdict.document,
            via=via,
            reader=request.user if isinstance(request.user, User) else None,
            pdf=pdf,
            address=request.META.get("REMOTE_ADDR", ""),
        )


def verify_code(request: HttpRequest, verification_code: str) -> HttpResponse:
    verdict = selectors.verify_code(verification_code)
    _log(request, verdict, DocumentRead.Via.CODE)
    return _page(request, verdict)


@require_http_methods(["GET", "POST"])
def verify_upload(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, None)
    upload = request.FILES.get("berkas")
    if upload is None:
        return _page(request, None, error=_("Pilih berkas PDF dokumen yang akan diperiksa."))
    if (upload.size or 0) > files.max_bytes():
        return _page(request, None, error=_("Berkas terlalu besar untuk sebuah dokumen terbit."))
    check_rate("documents-verify", request.META.get("REMOTE_ADDR", ""), UPLOAD_RATE)
    data = upload.read(files.max_bytes() + 1)
    if not data.startswith(b"%PDF-"):
        return _page(request, None, error=_("Berkas ini bukan PDF."))
    verdict = selectors.verify_bytes(data)
    _log(request, verdict, DocumentRead.Via.UPLOAD)
    return _page(request, verdict, uploaded=True)


def download(request: HttpRequest, verification_code: str) -> FileResponse:
    verdict = selectors.verify_code(verification_code)
    if verdict.document is None:
        raise Http404(_("Dokumen tidak ditemukan."))
    document = verdict.document
    if verdict.purged:
        raise Http404(selectors.purged_message())
    _log(request, verdict, DocumentRead.Via.CODE, pdf=True)
    response = FileResponse(
        files.storage().open(document.storage_name, "rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"dokumen-{document.code}.pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list[URLPattern] = [
    path("verifikasi/", verify_upload, name="verify"),
    path("verifikasi/<str:verification_code>/", verify_code, name="verify-code"),
    path("verifikasi/<str:verification_code>/unduh/", download, name="download"),
]
