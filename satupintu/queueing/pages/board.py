"""Queue pages: the TV display board, its voice, and the running-text editor.

The board (`/layar/<slug>/`) is opened by the MPP's display device, or by its
supervisors to preview it. A TV cannot type a password: it starts on
`/layar/<slug>/?token=sp_…` (a display device's API token, `satupintu create_token`),
which signs the device in with a session and redirects to the address without the
token; a revoked token ends that session at the next page load (docs/displays.md).
The page is drawn from `selectors.queue_snapshot` and then moved by the MPP's event
stream in static/queueing/board.js.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from satupintu.accounts.devices import sign_in_device, sign_out_revoked_device
from satupintu.accounts.models import Role, User
from satupintu.core.errors import DomainError
from satupintu.queueing import access as permissions
from satupintu.queueing import selectors, services, speech
from satupintu.tenancy.models import Mpp

VOICE_MAX_AGE = 7 * 24 * 3600
PREVIOUS_CALLS = 4  # calls listed under the latest one


def _sign_in_device(request: HttpRequest, mpp: Mpp, raw: str) -> None:
    """Sign a display device of this MPP in from its API token, or PermissionDenied."""
    sign_in_device(
        request,
        raw,
        allowed=lambda user: user.role == Role.DISPLAY and user.mpp_id == mpp.pk,
        refusal=_("Token perangkat layar ini tidak berlaku untuk MPP ini."),
    )


def _call(call: dict[str, Any], names: dict[str, str], agencies: dict[str, str]) -> dict:
    return {
        "number": call["number"],
        "counter_number": call["counter_number"],
        "service": names.get(call["service"], ""),
        "agency": agencies.get(str(call["counter"]), ""),
    }


def _page_state(mpp: Mpp, snapshot: dict[str, Any], labels: dict) -> dict[str, Any]:
    """The first screen, drawn by the template exactly as board.js draws later ones."""
    names = {s["code"]: s["name"] for s in snapshot["services"]}
    agencies = labels["agencies"]
    calls = [_call(c, names, agencies) for c in snapshot["last_calls"]]
    now = timezone.localtime(timezone.now(), mpp.tzinfo)
    return {
        "latest": calls[0] if calls else None,
        "previous": calls[1 : 1 + PREVIOUS_CALLS],
        "counters": [
            {**c, "agency": agencies.get(str(c["id"]), ""), "mode": c.get("mode", "open")}
            for c in snapshot["counters"]
        ],
        "queues": snapshot["queues"],
        "running_text": snapshot["running_text"],
        "now": now,
    }


def _columns(counters: int) -> int:
    """Columns of the counter grid: as few as fit, so each tile is as large as it can be."""
    return next((cols for most, cols in ((8, 4), (18, 6), (28, 7)) if counters <= most), 8)


@require_GET
def board(request: HttpRequest, slug: str) -> HttpResponse:
    mpp = get_object_or_404(Mpp, slug=slug, is_active=True)
    raw_token = request.GET.get("token")
    if raw_token:
        _sign_in_device(request, mpp, raw_token)
        return redirect("queueing:board", slug=mpp.slug)  # the token leaves the address bar
    sign_out_revoked_device(request)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    permissions.check_board(request.user, mpp)
    snapshot = selectors.queue_snapshot(mpp)
    labels = selectors.board_labels(mpp)
    config = {
        "events": f"/api/v1/mpps/{mpp.slug}/events",
        "voice": reverse("queueing:board_voice", kwargs={"slug": mpp.slug}),
        "time_zone": mpp.time_zone,
        "labels": labels,
        "previous_calls": PREVIOUS_CALLS,
    }
    context = {
        "mpp": mpp,
        "snapshot": snapshot,
        "config": config,
        "board": _page_state(mpp, snapshot, labels),
        "counter_columns": _columns(len(snapshot["counters"])),
    }
    return render(request, "queueing/board/board.html", context)


@require_GET
def board_voice(request: HttpRequest, slug: str) -> HttpResponseBase:
    """`?nomor=A-012&loket=3`: the announcement as a WAV (espeak-ng), or 404 when the
    call is not valid or the server has no voice (the board then plays its chime only)."""
    mpp = get_object_or_404(Mpp, slug=slug, is_active=True)
    if not request.user.is_authenticated:
        raise Http404
    permissions.check_board(request.user, mpp)
    number, counter = request.GET.get("nomor", ""), request.GET.get("loket", "")
    if not counter.isascii() or not counter.isdigit() or len(counter) > 3:
        raise Http404
    try:
        wav = speech.announcement_wav(number, int(counter))
    except speech.InvalidCall:
        raise Http404 from None
    if wav is None:
        raise Http404
    response = FileResponse(wav.open("rb"), content_type="audio/wav")
    response["Cache-Control"] = f"private, max-age={VOICE_MAX_AGE}, immutable"
    return response


class RunningTextForm(forms.Form):
    running_text = forms.CharField(
        label=gettext_lazy("Teks berjalan"),
        max_length=services.RUNNING_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=gettext_lazy(
            "Tampil bergulir di bagian bawah layar antrian. Paling panjang 300 karakter; "
            "kosongkan untuk menghapus."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def running_text(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    mpp = permissions.staff_board_mpp(user)
    initial = {"running_text": selectors.running_text(mpp)}
    form = RunningTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_running_text(mpp=mpp, text=form.cleaned_data["running_text"], actor=user)
        except DomainError as error:
            form.add_error("running_text", error.message)
        else:
            messages.success(request, _("Teks berjalan disimpan dan tampil di layar antrian."))
            return redirect("queueing:board_text")
    return render(request, "queueing/board/running_text.html", {"form": form, "mpp": mpp})


urlpatterns: list[URLPattern] = [
    path("layar/<slug:slug>/", board, name="board"),
    path("layar/<slug:slug>/suara/", board_voice, name="board_voice"),
    path("staf/layar/", running_text, name="board_text"),
]
