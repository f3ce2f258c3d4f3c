"""The counter console, the officer's all-day screen at one counter.

One page (`/staf/loket/<id>/konsol/`). Its actions are `fetch` POSTs to the JSON API
(`/api/v1/counters/{id}/…`, `/api/v1/tickets/{id}/…`, session + CSRF). Its live part
(header, current ticket, waiting list) is this page's `live` partial, drawn by the server:
the console's stream (`…/konsol/events`, htmx's SSE extension swaps it in) sends it again
whenever an event concerns the counter (board/streams.py), and console.js asks for it
(`HX-Request`) after each action.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from satupintu.accounts.models import User
from satupintu.core.events import bus
from satupintu.core.sse import Fragment, can_stream, db, finite_stream, reader, stream_response
from satupintu.queueing.board import streams
from satupintu.queueing.counters.selectors import counter_console, transfer_targets
from satupintu.queueing.models import Outcome
from satupintu.queueing.tickets.selectors import local_day
from satupintu.tenancy.access import access_counter_to_serve
from satupintu.tenancy.models import Counter

TEMPLATE = "queueing/console/page.html"
# One key per action: shown on the buttons and in the help, read by console.js (data-key).
SHORTCUTS = {
    "call": "N",
    "recall": "U",
    "start": "M",
    "finish": "S",
    "no_show": "T",
    "transfer": "P",
    "note": "C",
    "walk_in": "B",
    "knowledge": "K",
}


def _context(counter: Counter) -> dict:
    view = counter_console(counter)
    mpp = counter.mpp
    return {"c": view, "counter": counter, "mpp": mpp, "tz": mpp.tzinfo, "keys": SHORTCUTS}


@login_required
def console(request: HttpRequest, counter_id: int) -> HttpResponse:
    counter = access_counter_to_serve(request.user, counter_id)
    context = _context(counter)
    if request.headers.get("HX-Request"):
        response = render(request, f"{TEMPLATE}#live", context)
    else:
        day = local_day(counter.mpp)
        context["targets"] = transfer_targets(counter.mpp, day=day)
        context["outcomes"] = Outcome.choices
        response = render(request, TEMPLATE, context)
    patch_vary_headers(response, ["HX-Request"])
    response["Cache-Control"] = "no-store"
    return response


def _live(user_id: int, counter_id: int, language: str) -> streams.Drawing:
    """The live part as the officer's stream draws it, read afresh: who may serve at the
    counter is checked each time, so an officer taken off it stops receiving it."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    try:
        counter = access_counter_to_serve(user, counter_id) if user else None
    except (PermissionDenied, Http404):
        counter = None
    if user is None or counter is None:
        return None
    context = {**_context(counter), "user": user}
    with translation.override(language):
        html = render_to_string(f"{TEMPLATE}#live", context)
    return html, frozenset(context["c"]["service_codes"])


@require_GET
async def console_events(request: HttpRequest, counter_id: int) -> HttpResponseBase:
    """The live part, redrawn by the server as events concern the counter (Server-Sent
    Events). Through a WSGI server or the test client: drawn once, then the end."""
    user = await request.auser()
    if not user.is_authenticated:
        raise PermissionDenied
    streaming = can_stream(request)
    run = reader(request)
    counter = await run(access_counter_to_serve, user, counter_id)  # 404 or 403 as the page
    language = request.LANGUAGE_CODE
    if not streaming:
        drawing = await run(_live, user.pk, counter_id, language)
        if drawing is None:
            raise PermissionDenied
        return finite_stream([Fragment(bus().hub.last_id, "live", drawing[0])])
    source = await streams.open_console(
        counter.mpp_id, counter_id, lambda: db(_live, user.pk, counter_id, language)
    )
    if source is None:
        raise PermissionDenied
    return stream_response(source)


urlpatterns: list[URLPattern] = [
    path("staf/loket/<int:counter_id>/konsol/", console, name="console"),
    path("staf/loket/<int:counter_id>/konsol/events", console_events, name="console_events"),
]
