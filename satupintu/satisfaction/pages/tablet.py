"""The rating tablet at a counter (`/tablet/<slug>/loket/<counter_id>/`).

A tablet device signs in once like the kiosk and the board: the operator opens
`/tablet/<slug>/loket/<counter_id>/?token=sp_…` (an API token of a tablet device
assigned to that counter, `satupintu create_token`); the page swaps the token for a
long session and drops it from the address; revoking the token ends the session at
the next page load. Supervisors may preview the screen.

The page follows the MPP's event stream (static/satisfaction/tablet.js); a `finish`
at its counter makes it ask `/api/v1/counters/<id>/rating-prompt` for the ticket,
then "Bagaimana pelayanan kami?" with four faces and reason chips; the tap posts
`/api/v1/tickets/<id>/rating`; it then offers the SKM questionnaire
(`…/skm/<ticket>/`, the same form as the phone's, source "tablet") and returns to
its resting screen by itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from satupintu.accounts.devices import sign_in_device, sign_out_revoked_device
from satupintu.accounts.models import User
from satupintu.queueing.tickets.selectors import public_ticket
from satupintu.satisfaction import selectors
from satupintu.satisfaction.access import check_tablet_screen, is_tablet_of
from satupintu.satisfaction.pages.survey import survey_page
from satupintu.satisfaction.questionnaire import FACES, NEGATIVE_REASONS, POSITIVE_REASONS
from satupintu.tenancy.models import Counter
from satupintu.tenancy.selectors import mpp_by_slug

RESET_SECONDS = 20  # the thank-you and unanswered question screens go back to rest
SURVEY_IDLE_SECONDS = 120  # an abandoned questionnaire on the tablet goes back to rest

TabletView = Callable[..., HttpResponse]


def tablet_screen(view: TabletView) -> Callable[..., HttpResponse]:
    """The counter from the URL, for its tablet device or a supervisor; `?token=` signs
    the device in first; anyone else is sent to sign in (anonymous) or refused (403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, counter_id: int, **kwargs: object) -> HttpResponse:
        mpp = mpp_by_slug(slug)
        counter = selectors.counter_of(counter_id, mpp)
        if counter is None:
            raise Http404(_("Loket tidak ditemukan."))
        token = request.GET.get("token")
        if token:
            sign_in_device(
                request,
                token,
                allowed=lambda user: is_tablet_of(user, counter),
                refusal=_("Token ini bukan token tablet penilaian loket ini."),
            )
            return redirect(request.path)  # the token leaves the address bar
        sign_out_revoked_device(request)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        check_tablet_screen(request.user, counter)
        return view(request, counter, **kwargs)

    return wrapper


def _is_device(request: HttpRequest, counter: Counter) -> bool:
    return isinstance(request.user, User) and is_tablet_of(request.user, counter)


@tablet_screen
def tablet(request: HttpRequest, counter: Counter) -> HttpResponse:
    mpp = counter.mpp
    context = {
        "mpp": mpp,
        "counter": counter,
        "is_device": _is_device(request, counter),
        "faces": FACES,
        "positive": POSITIVE_REASONS,
        "negative": NEGATIVE_REASONS,
        "events_url": f"/api/v1/mpps/{mpp.slug}/events",
        "prompt_url": f"/api/v1/counters/{counter.pk}/rating-prompt",
        "survey_url": reverse(
            "satisfaction:tablet_survey",
            kwargs={"slug": mpp.slug, "counter_id": counter.pk, "ticket_id": uuid.UUID(int=0)},
        ),
        "reset_seconds": RESET_SECONDS,
    }
    return render(request, "satisfaction/tablet.html", context)


@tablet_screen
def tablet_survey(request: HttpRequest, counter: Counter, ticket_id: uuid.UUID) -> HttpResponse:
    """The SKM questionnaire on the tablet, for a ticket finished at this counter."""
    ticket = public_ticket(ticket_id)
    if ticket.counter_id != counter.pk:
        raise Http404(_("Nomor antrian tidak ditemukan."))
    back = reverse(
        "satisfaction:tablet", kwargs={"slug": counter.mpp.slug, "counter_id": counter.pk}
    )
    return survey_page(
        request,
        ticket,
        source="tablet",
        template="satisfaction/tablet_survey.html",
        extra={
            "counter": counter,
            "back_url": back,
            "idle_seconds": SURVEY_IDLE_SECONDS,
            "reset_seconds": RESET_SECONDS,
            "is_device": _is_device(request, counter),
        },
        may_submit=_is_device(request, counter),
    )


urlpatterns: list[URLPattern] = [
    path("tablet/<slug:slug>/loket/<int:counter_id>/", tablet, name="tablet"),
    path(
        "tablet/<slug:slug>/loket/<int:counter_id>/skm/<uuid:ticket_id>/",
        tablet_survey,
        name="tablet_survey",
    ),
]
