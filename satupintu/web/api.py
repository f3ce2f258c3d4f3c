"""The citizen's account over the API (the citizen's app): sign in with a one-time code (ask
for a code, then trade it for a session and an API token), and "Beranda saya" as JSON. The
rules are accounts/codes.py's, the sending and the attaching web/services.py's, the home's
reads web/home.py's; these endpoints parse and answer."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import Throttled

from satupintu.accounts.auth import acting_user, authenticated
from satupintu.accounts.codes import CODE_DIGITS, CODE_MINUTES
from satupintu.accounts.services import issue_api_token
from satupintu.core.api import ErrorOut, ValidationErrorOut, api
from satupintu.core.errors import DomainError
from satupintu.web import home, services
from satupintu.web.services import try_again_in

router = Router(tags=["Akun"])

Phone = Annotated[
    str,
    Field(
        pattern=r"^\+?[0-9][0-9 ()-]{5,23}$",
        description="Nomor ponsel penerima kode (WhatsApp atau SMS), mis. `0812-3456-7890`.",
        examples=["081234567801"],
    ),
]


class CodeIn(Schema):
    phone: Phone


class CodeSentOut(Schema):
    message: str
    channel: str = Field(description="`whatsapp` atau `sms`.")
    expires_in: int = Field(description="Detik sampai kode tidak berlaku.")


class VerifyIn(Schema):
    phone: Phone
    code: str = Field(
        pattern=rf"^[0-9]{{{CODE_DIGITS}}}$",
        description="Kode enam angka dari pesan.",
        examples=["123456"],
    )


class SignedInOut(Schema):
    token: str = Field(description="Token API (`Authorization: Bearer …`), ditampilkan sekali.")
    login: str
    full_name: str
    role: str
    new_account: bool = Field(description="Akun warga baru dibuat dengan nomor ini.")
    tickets_attached: int = Field(description="Nomor antrian aktif yang kini masuk ke akun.")
    bookings_attached: int = Field(description="Janji temu mendatang yang kini masuk ke akun.")


CODE_ERRORS = {400: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}


def _json_only(request: HttpRequest) -> None:
    """A session is made here: a cross-site form (no JSON content type) must not make one."""
    if request.content_type != "application/json":
        raise DomainError(_("Kirim data sebagai JSON."), code="bad_request", status=400)


def _throttled(request: HttpRequest, wait: float | None) -> HttpResponse:
    """429 saying when to try again, in words and in Retry-After."""
    message = _("Terlalu sering. %(when)s") % {"when": try_again_in(wait)}
    response = api.create_response(
        request, {"code": "rate_limited", "message": message}, status=429
    )
    response["Retry-After"] = str(int(wait or 60) + 1)
    return response


@router.post(
    "/auth/code",
    response={202: CodeSentOut, **CODE_ERRORS},
    summary="Minta kode masuk lewat WhatsApp/SMS (warga)",
    description=(
        "Mengirim kode enam angka ke nomor ponsel, berlaku "
        f"{CODE_MINUTES} menit; permintaan baru menggantikan kode sebelumnya. Jawabannya "
        "sama, baik nomor itu sudah punya akun atau belum (akun warga dibuat saat kode "
        "dipakai); nomor petugas dan perangkat tidak pernah menerima kode. Dibatasi per "
        "nomor dan per alamat klien (429 dengan `Retry-After`)."
    ),
)
def request_code(request: HttpRequest, payload: CodeIn):
    _json_only(request)
    try:
        phone = services.send_sign_in_code(
            phone=payload.phone, address=services.client_address(request)
        )
    except Throttled as limit:
        return _throttled(request, limit.wait)
    return Status(
        202,
        CodeSentOut(
            message=services.code_sent_words(phone),
            channel=services.phone_channel(),
            expires_in=CODE_MINUTES * 60,
        ),
    )


@router.post(
    "/auth/code/verify",
    response={200: SignedInOut, **CODE_ERRORS},
    summary="Masuk dengan kode: sesi dan token API (warga)",
    description=(
        "Kode yang benar membuka sesi (cookie) dan memberi token API. Nomor yang belum "
        "punya akun menjadi akun warga baru; nomor antrian aktif dan janji temu mendatang "
        "yang diambil dengan nomor ini tanpa akun masuk ke akun tersebut. Lima kali salah "
        "membatalkan kode; kode kedaluwarsa ditolak (400)."
    ),
)
def verify_code(request: HttpRequest, payload: VerifyIn):
    _json_only(request)
    try:
        done = services.sign_in_with_code(request=request, phone=payload.phone, code=payload.code)
    except Throttled as limit:
        return _throttled(request, limit.wait)
    return Status(
        200,
        SignedInOut(
            token=issue_api_token(user=done.user, name=_("Masuk dengan kode")),
            login=done.user.login,
            full_name=done.user.full_name,
            role=done.user.role,
            new_account=done.created,
            tickets_attached=done.tickets,
            bookings_attached=done.bookings,
        ),
    )


# --- "Beranda saya" as JSON (web/home.py) ----------------------------------------------


class LiveTicketOut(Schema):
    id: str
    number: str
    service: str
    service_name: str
    mpp_name: str
    status: str
    ahead: int
    ahead_text: str
    eta_minutes: int | None
    wait_text: str
    counter: int | None
    track_url: str
    events_url: str = Field(description="Aliran langsung nomor ini (Server-Sent Events).")


class HomeItemOut(Schema):
    title: str
    detail: str
    status: str
    status_text: str
    action: str = Field(description="Yang perlu dilakukan warga berikutnya (kosong: tidak ada).")
    url: str = Field(description="Halaman hal ini.")
    needs_you: bool = Field(description="Menunggu tindakan warga.")
    ticket: LiveTicketOut | None = Field(
        None, description="Untuk nomor antrian: posisi dan perkiraan waktu, seperti halamannya."
    )


class HomeSectionOut(Schema):
    key: str = Field(description="`tickets`, `bookings`, `applications`, `surveys`, …")
    title: str
    items: list[HomeItemOut]
    more_url: str = Field(description="Daftar lengkapnya (kosong bila tidak ada).")


class HomeOut(Schema):
    sections: list[HomeSectionOut] = Field(
        description="Hanya bagian yang berisi; kosong bila warga belum punya urusan berjalan."
    )


@router.get(
    "/me/home",
    response={200: HomeOut, 401: ErrorOut, 429: ErrorOut},
    auth=authenticated,
    summary="Beranda saya: nomor antrian, janji temu, permohonan, survei (warga)",
    description=(
        "Isi halaman “Beranda saya” (/saya/): nomor antrian hari ini dengan posisi dan "
        "perkiraan waktunya, janji temu mendatang, permohonan dengan langkah berikutnya, dan "
        "survei kepuasan yang belum diisi. Bagian tanpa isi tidak dikirim. Dengan sesi "
        "(cookie) atau token API dari `POST /auth/code/verify`."
    ),
)
def my_home(request: HttpRequest):
    sections = [asdict(section) for section in home.my_home(acting_user(request))]
    return HomeOut.model_validate({"sections": sections})
