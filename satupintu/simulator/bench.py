"""Bare endpoints for the HTTP load benchmark (benchmarks/http_load.py), off by default.

Each runs only the transaction of its API twin (the same service function) with
no authentication, validation or serialisation, so the benchmark can report the
API's throughput as a share of what the transaction alone allows. Mounted only
when SATUPINTU_BENCHMARK_ENDPOINTS is on; never in production.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.models import Channel, Ticket
from satupintu.queueing.tickets import services
from satupintu.tenancy.models import Counter, Mpp


def _ticket(ticket: Ticket | None, status: int = 200) -> JsonResponse:
    if ticket is None:
        return JsonResponse({}, status=204)
    counter = ticket.counter.number if ticket.counter else None
    body = {"id": str(ticket.public_id), "status": ticket.status, "counter": counter}
    return JsonResponse(body, status=status)


@csrf_exempt
@require_POST
def issue(request: HttpRequest, slug: str) -> JsonResponse:
    mpp = Mpp.objects.get(slug=slug)
    code = json.loads(request.body)["service"]
    service = mpp.services.select_related("queue_link__queue").get(code=code)
    return _ticket(services.issue_ticket(mpp=mpp, service=service, channel=Channel.KIOSK), 201)


@csrf_exempt
@require_POST
def call_next(request: HttpRequest, counter_id: int) -> JsonResponse:
    counter = Counter.objects.select_related("mpp").get(pk=counter_id)
    return _ticket(counter_services.call_next(counter=counter, officer=None))


@csrf_exempt
@require_POST
def start(request: HttpRequest, ticket_id: str) -> JsonResponse:
    ticket = Ticket.objects.get(public_id=ticket_id)
    return _ticket(counter_services.start_serving(ticket=ticket, actor=None))


@csrf_exempt
@require_POST
def finish(request: HttpRequest, ticket_id: str) -> JsonResponse:
    ticket = Ticket.objects.get(public_id=ticket_id)
    return _ticket(counter_services.finish(ticket=ticket, actor=None))


urlpatterns = [
    path("bench/mpps/<slug:slug>/tickets", issue),
    path("bench/counters/<int:counter_id>/call-next", call_next),
    path("bench/tickets/<uuid:ticket_id>/start", start),
    path("bench/tickets/<uuid:ticket_id>/finish", finish),
]
