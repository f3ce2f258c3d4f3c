"""The one error shape of satupintu: a stable machine `code` and a human `message`.

Services raise `DomainError` (or Django's ValidationError / PermissionDenied /
Http404); the API and the pages turn them into `{"code", "message"}` with the
right HTTP status, in the request's language (Indonesian by default).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A business rule refused the request; `code` is stable, `message` is for people."""

    status = 409
    code = "conflict"
    default_message = _("Permintaan tidak dapat diproses.")

    def __init__(self, message: str | None = None, *, code: str | None = None, status=None):
        self.message = str(message or self.default_message)
        self.code = code or self.code
        self.status = status or self.status
        super().__init__(self.message)


ERROR_MESSAGES = {
    400: ("bad_request", _("Permintaan tidak valid.")),
    401: ("unauthenticated", _("Anda perlu masuk atau menyertakan token API yang valid.")),
    403: ("forbidden", _("Anda tidak berhak melakukan ini.")),
    404: ("not_found", _("Data tidak ditemukan.")),
    405: ("method_not_allowed", _("Metode ini tidak didukung.")),
    409: ("conflict", _("Permintaan tidak dapat diproses.")),
    422: ("validation_error", _("Data yang dikirim tidak valid.")),
    429: ("rate_limited", _("Terlalu banyak permintaan. Coba lagi sebentar lagi.")),
    500: ("server_error", _("Terjadi kesalahan pada server. Kejadian ini sudah dicatat.")),
}


def error_body(status: int, message: str | None = None, code: str | None = None) -> dict:
    default_code, default_message = ERROR_MESSAGES.get(status, ERROR_MESSAGES[400])
    return {"code": code or default_code, "message": str(message or default_message)}
