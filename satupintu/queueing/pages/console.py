"""Queue pages: the counter console, the officer's all-day screen at one counter.

One page (`/staf/loket/<id>/konsol/`). Its actions are `fetch` POSTs to the JSON API
(`/api/v1/counters/{id}/…`, `/api/v1/tickets/{id}/…`, session + CSRF), and its live
part (header, current ticket, waiting list) is this same view rendered as the
`live` partial when console.js asks for it (`HX-Request`): after every action and
when the MPP's event stream reports something that concerns this counter.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.cache import patch_vary_headers

from satupintu.accounts.permissions import access_counter_to_serve
from satupintu.queueing.counters.selectors import counter_console, transfer_targets
from satupintu.queueing.models import Outcome
from satupintu.queueing.tickets.selectors import local_day

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
}


@login_required
def console(request: HttpRequest, counter_id: int) -> HttpResponse:
    counter = access_counter_to_serve(request.user, counter_id)
    view = counter_console(counter)
    context = {
        "c": view,
        "counter": counter,
        "mpp": counter.mpp,
        "tz": counter.mpp.tzinfo,
        "keys": SHORTCUTS,
    }
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


urlpatterns: list[URLPattern] = [
    path("staf/loket/<int:counter_id>/konsol/", console, name="console"),
]
