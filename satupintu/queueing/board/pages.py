"""Queue pages: the TV display board, its voice, and the running-text editor.

The board (`/layar/<slug>/`) is opened by the MPP's display device, or by its
supervisors to preview it. A TV cannot type a password: it starts on
`/layar/<slug>/?token=sp_…` (a display device's API token, `satupintu create_token`),
which signs the device in with a session and redirects to the address without the
token; a revoked token ends that session at the next page load (docs/displays.md).
The page is drawn from `selectors.queue_snapshot` (board/screen.py); its stream
(`/layar/<slug>/events`, the same viewers) then sends the parts of the screen each event
changes, drawn the same way, which static/queueing/board.js swaps in, chimes and says.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from satupintu.accounts.devices import sign_in_device, sign_out_revoked_device
from satupintu.accounts.models import Role, User
from satupintu.core.errors import DomainError
from satupintu.core.events import bus
from satupintu.core.sse import Fragment, can_stream, finite_stream, reader, stream_response
from satupintu.queueing import access as permissions
from satupintu.queueing.board import selectors, services, speech, streams
from satupintu.queueing.board.screen import TEMPLATE, Screen
from satupintu.tenancy.models import Mpp

VOICE_MAX_AGE = 7 * 24 * 3600


def _sign_in_device(request: HttpRequest, mpp: Mpp, raw: str) -> None:
    """Sign a display device of this MPP in from its API token, or PermissionDenied."""
    sign_in_device(
        request,
        raw,
        allowed=lambda user: user.role == Role.DISPLAY and user.mpp_id == mpp.pk,
        refusal=_("Token perangkat layar ini tidak berlaku untuk MPP ini."),
    )


def _watched_mpp(request: HttpRequest, slug: str) -> Mpp:
    """The MPP whose board this request may see (a signed-in display device of the MPP or
    its supervisor), or 404 / 403."""
    mpp = get_object_or_404(Mpp, slug=slug, is_active=True)
    sign_out_revoked_device(request)
    if not request.user.is_authenticated:
        raise PermissionDenied
    permissions.check_board(request.user, mpp)
    return mpp


def _screen(mpp: Mpp, language: str) -> Screen:
    agencies = selectors.board_labels(mpp)["agencies"]
    places = selectors.service_places(mpp)
    return Screen(slug=mpp.slug, agencies=agencies, language=language, places=places)


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
    context = {
        "mpp": mpp,
        "board": _screen(mpp, get_language()).context(selectors.queue_snapshot(mpp)),
        "events": reverse("queueing:board_events", kwargs={"slug": mpp.slug}),
        "now": timezone.localtime(timezone.now(), mpp.tzinfo),
    }
    return render(request, TEMPLATE, context)


@require_GET
async def board_events(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The board drawn by the server, part by part, as events move it (Server-Sent Events;
    board/streams.py). Through a WSGI server or the test client: the whole board, then
    the end (the browser asks again after a few seconds)."""
    streaming = can_stream(request)
    run = reader(request)
    mpp = await run(_watched_mpp, request, slug)
    screen = await run(_screen, mpp, request.LANGUAGE_CODE)
    if not streaming:
        snapshot = await run(selectors.queue_snapshot, mpp)
        return finite_stream([Fragment(bus().hub.last_id, "board", screen.render(snapshot))])
    return stream_response(await streams.open_board_screen(mpp, screen))


@require_GET
def board_voice(request: HttpRequest, slug: str) -> HttpResponseBase:
    """`?nomor=A-012&loket=3`: the announcement as a WAV (espeak-ng), or 404 when the
    call is not valid or the server has no voice (the board then plays its chime only).
    `&ragam=brief` or `short`: a shorter phrasing (speech.PHRASINGS), for a burst."""
    mpp = get_object_or_404(Mpp, slug=slug, is_active=True)
    if not request.user.is_authenticated:
        raise Http404
    permissions.check_board(request.user, mpp)
    number, counter = request.GET.get("nomor", ""), request.GET.get("loket", "")
    phrasing = request.GET.get("ragam", "full")
    if not counter.isascii() or not counter.isdigit() or len(counter) > 3:
        raise Http404
    try:
        wav = speech.announcement_wav(number, int(counter), phrasing)
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
    path("layar/<slug:slug>/events", board_events, name="board_events"),
    path("layar/<slug:slug>/suara/", board_voice, name="board_voice"),
    path("staf/layar/", running_text, name="board_text"),
]
