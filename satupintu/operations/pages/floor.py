"""The supervisor's live floor view (`/staf/lantai/`, "Pantauan lantai"): per agency and
service, who waits and for how long, the counters by state, the appointments due within
the hour, the applications near their deadline, and the alerts (operations/floor.py,
docs/floor.md). For the MPP's own supervisors (operations.access.staff_floor_mpp).

The page is drawn by the server; its two live parts (`live`: the figures, `alerts`: the
alerts, announced politely) come again over its stream (`/staf/lantai/events`,
operations/floor_stream.py) whenever the MPP's queue moves, and every 30 seconds.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils import translation
from django.views.decorators.http import require_GET

from satupintu.accounts.models import User
from satupintu.core.events import bus
from satupintu.core.sse import Fragment, can_stream, db, finite_stream, reader, stream_response
from satupintu.operations.access import staff_floor_mpp
from satupintu.operations.floor import floor_now
from satupintu.operations.floor_stream import Drawing, open_floor
from satupintu.tenancy.models import Mpp

TEMPLATE = "operations/floor.html"
PARTS = ("live", "alerts")


def _context(mpp: Mpp, now: dt.datetime | None = None) -> dict:
    return {"floor": floor_now(mpp, now=now), "mpp": mpp, "tz": mpp.tzinfo}


@login_required
@require_GET
def floor_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    response = render(request, TEMPLATE, _context(staff_floor_mpp(user)))
    response["Cache-Control"] = "no-store"
    return response


def _draw(user_id: int, language: str) -> Drawing:
    """The live parts as the supervisor's stream draws them, read afresh: who may watch is
    checked each time, so a supervisor moved elsewhere stops receiving them."""
    user = User.objects.filter(pk=user_id, is_active=True).select_related("mpp").first()
    try:
        mpp = staff_floor_mpp(user) if user else None
    except PermissionDenied:
        mpp = None
    if user is None or mpp is None:
        return None
    context = {**_context(mpp), "user": user}
    with translation.override(language):
        return {part: render_to_string(f"{TEMPLATE}#{part}", context) for part in PARTS}


@require_GET
async def floor_events(request: HttpRequest) -> HttpResponseBase:
    """The live parts, redrawn by the server as the MPP's queue moves (Server-Sent Events).
    Through a WSGI server or the test client: drawn once, then the end (a slow poll)."""
    user = await request.auser()
    if not user.is_authenticated:
        raise PermissionDenied
    run = reader(request)
    mpp = await run(staff_floor_mpp, user)  # 403 as the page
    language = request.LANGUAGE_CODE
    if not can_stream(request):
        drawing = await run(_draw, user.pk, language)
        if drawing is None:
            raise PermissionDenied
        cursor = bus().hub.last_id
        return finite_stream([Fragment(cursor, part, html) for part, html in drawing.items()])
    source = await open_floor(mpp.pk, lambda: db(_draw, user.pk, language))
    if source is None:
        raise PermissionDenied
    return stream_response(source)


urlpatterns: list[URLPattern] = [
    path("staf/lantai/", floor_page, name="floor"),
    path("staf/lantai/events", floor_events, name="floor_events"),
]
