"""Queue pages: the kiosk at the MPP's entrance (views and their routes).

A touch screen signed in as the MPP's kiosk device walks a visitor through plain
server-rendered screens: agency (gerai) → service → its requirements and fee with the
priority category → the ticket, which the browser prints at once (kiosk.js) on an
80 mm roll (ticket-print.css) and which returns to the start by itself. A visitor who
does not know the agency searches from the start screen in their own words (the
catalog's search) on the on-screen keyboard, and a result leads to the same service
step. An agency's services fit one portrait screen (SERVICES_PER_SCREEN); more are
paged with big buttons, never scrolled.

Devices never sign in with a password: the operator starts the kiosk browser once at
`/kios/<slug>/?token=sp_…` (an API token of the kiosk device, `satupintu create_token`);
the page swaps the token for a session and drops it from the address; revoking the
token ends that session at the next screen (docs/operations.md, "Kios antrian").
The MPP's supervisors may preview the screens.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.accounts.devices import sign_in_device, sign_out_revoked_device
from satupintu.catalog.poster import qr_data_uri
from satupintu.catalog.search.query import MAX_QUERY_LENGTH
from satupintu.core.errors import DomainError
from satupintu.core.links import citizen_link
from satupintu.queueing.access import can_issue_at_kiosk, check_kiosk, check_kiosk_screen
from satupintu.queueing.kiosk import selectors
from satupintu.queueing.kiosk.keyboard import SEARCH_KEYBOARD
from satupintu.queueing.models import Channel
from satupintu.queueing.tickets import services
from satupintu.queueing.tickets.selectors import public_ticket, route_steps, ticket_view
from satupintu.tenancy.models import Mpp
from satupintu.tenancy.selectors import mpp_by_slug, opening_status

IDLE_SECONDS = 60  # a half-finished choice returns to the start after this long untouched
TICKET_SECONDS = 15  # the ticket screen returns to the start after this long
# An agency's services on one portrait screen (1080×1920) in two columns, each a touch
# target of at least 64 px; more are paged ("Berikutnya"), never scrolled.
SERVICES_PER_SCREEN = 14
SEARCH_RESULTS = 8  # results of the start screen's search, shown between keyboard and tiles
# The usual categories, translated; an MPP's own category shows the name it was given.
PRIORITY_LABELS = {
    "lansia": gettext_lazy("Lanjut usia"),
    "ibu_hamil": gettext_lazy("Ibu hamil"),
    "disabilitas": gettext_lazy("Penyandang disabilitas"),
    "ibu_balita": gettext_lazy("Ibu dengan balita"),
}

KioskView = Callable[..., HttpResponse]


def kiosk_screen(view: KioskView) -> Callable[..., HttpResponse]:
    """The MPP from the URL, for its kiosk device or supervisor; a `?token=` signs the
    device in first; anybody else is sent to sign in (anonymous) or refused (403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, **kwargs: object) -> HttpResponse:
        mpp = mpp_by_slug(slug)
        token = request.GET.get("token")
        if token:
            return _sign_in_device(request, mpp, token)
        sign_out_revoked_device(request)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        check_kiosk_screen(request.user, mpp)
        return view(request, mpp, **kwargs)

    return wrapper


def _sign_in_device(request: HttpRequest, mpp: Mpp, token: str) -> HttpResponse:
    refusal = _("Token ini bukan token kios MPP ini.")
    sign_in_device(request, token, allowed=lambda u: can_issue_at_kiosk(u, mpp), refusal=refusal)
    return redirect(request.path)  # the token leaves the address bar


def kiosk_context(request: HttpRequest, mpp: Mpp, *, idle: int | None = IDLE_SECONDS) -> dict:
    """What every kiosk screen's base template needs: the MPP, whether this is the device
    (or a supervisor's preview), the start address and the idle time before returning
    to it (None: the screen stays)."""
    return {
        "mpp": mpp,
        "is_device": can_issue_at_kiosk(request.user, mpp),
        "start_url": reverse("queueing:kiosk", args=[mpp.slug]),
        "idle_seconds": idle,
    }


@kiosk_screen
def start(request: HttpRequest, mpp: Mpp) -> HttpResponse:
    """The agencies and the search (`?q=`); htmx asks for the search's results alone."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    found = {
        "query": query,
        "results": selectors.kiosk_search(mpp, query)[:SEARCH_RESULTS] if query else [],
    }
    if request.headers.get("HX-Request"):
        response = render(request, "queueing/kiosk/_search_results.html", {"mpp": mpp, **found})
    else:
        prefetch_related_objects([mpp], "opening_hours", "closures")  # opening_status reads them
        context = {
            # a search left on the screen goes away with its visitor
            **kiosk_context(request, mpp, idle=IDLE_SECONDS if query else None),
            **found,
            "keyboard": SEARCH_KEYBOARD,
            "max_query_length": MAX_QUERY_LENGTH,
            "idle_after_typing": IDLE_SECONDS,
            "booths": selectors.kiosk_booths(mpp),
            "opening": opening_status(mpp),
            # "Saya punya janji temu" (appointments' check-in), "Urus per peristiwa hidup"
            **selectors.start_shortcuts(mpp),
        }
        response = render(request, "queueing/kiosk/start.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@kiosk_screen
def agency(request: HttpRequest, mpp: Mpp, agency_code: str) -> HttpResponse:
    booth, offered = selectors.kiosk_booth(mpp, agency_code)
    screen = Paginator(offered, SERVICES_PER_SCREEN).get_page(request.GET.get("halaman"))
    context = {**kiosk_context(request, mpp), "booth": booth, "screen": screen}
    return render(request, "queueing/kiosk/services.html", context)


@kiosk_screen
def service(request: HttpRequest, mpp: Mpp, code: str) -> HttpResponse:
    """The priority step (GET) and taking the number (POST)."""
    chosen = selectors.kiosk_service(mpp, code)
    context = {**kiosk_context(request, mpp), "service": chosen}
    if chosen is None:
        context["error"] = _("Nomor antrian untuk layanan ini tidak dapat diambil di kios.")
        return render(request, "queueing/kiosk/error.html", context, status=404)
    context["categories"] = [
        (code, PRIORITY_LABELS.get(code, name)) for code, name in selectors.priority_categories(mpp)
    ]
    if request.method == "POST":
        check_kiosk(request.user, mpp)
        try:
            ticket = services.issue_ticket(
                mpp=mpp,
                service=chosen,
                channel=Channel.KIOSK,
                priority=request.POST.get("priority", "")[:30],
            )
        except DomainError as error:
            context["error"] = error.message
            return render(request, "queueing/kiosk/priority.html", context, status=error.status)
        return redirect("queueing:kiosk_ticket", slug=mpp.slug, ticket_id=ticket.public_id)
    return render(request, "queueing/kiosk/priority.html", context)


@kiosk_screen
def ticket(request: HttpRequest, mpp: Mpp, ticket_id: uuid.UUID) -> HttpResponse:
    issued = public_ticket(ticket_id)
    if issued.mpp_id != mpp.pk:
        raise Http404(_("Nomor antrian tidak ditemukan."))
    view = ticket_view(issued)
    track_url = citizen_link(view["track_url"], request)
    context = {
        **kiosk_context(request, mpp, idle=TICKET_SECONDS),
        "ticket": issued,
        "view": view,
        "track_url": track_url,
        "qr": qr_data_uri(track_url),
        "autoprint": can_issue_at_kiosk(request.user, mpp),  # not in a supervisor's preview
        "next_steps": route_steps(issued),  # a journey ticket's steps after this one
    }
    return render(request, "queueing/kiosk/ticket.html", context)


urlpatterns: list[URLPattern] = [
    path("kios/<slug:slug>/", start, name="kiosk"),
    path("kios/<slug:slug>/instansi/<str:agency_code>/", agency, name="kiosk_agency"),
    path("kios/<slug:slug>/layanan/<str:code>/", service, name="kiosk_service"),
    path("kios/<slug:slug>/nomor/<uuid:ticket_id>/", ticket, name="kiosk_ticket"),
]
