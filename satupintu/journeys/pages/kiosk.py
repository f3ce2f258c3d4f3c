"""The kiosk's life-event screens: pick a life event, answer its questions with big
buttons, read the plan, and take one journey ticket (the number of the first step, which
follows the citizen through the next steps). Same device sign-in and idle return as the
kiosk's other screens (queueing/kiosk/pages.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from satupintu.core.errors import DomainError
from satupintu.journeys import selectors
from satupintu.journeys.consent import services as consent_services
from satupintu.journeys.pages.public import plan_context
from satupintu.queueing.access import check_kiosk
from satupintu.queueing.kiosk.pages import kiosk_context, kiosk_screen
from satupintu.queueing.models import Channel
from satupintu.tenancy.models import Mpp


@kiosk_screen
def life_events(request: HttpRequest, mpp: Mpp) -> HttpResponse:
    context = {**kiosk_context(request, mpp), "events": selectors.journey_menu(mpp)}
    return render(request, "journeys/kiosk/list.html", context)


@kiosk_screen
def plan(request: HttpRequest, mpp: Mpp, key: str) -> HttpResponse:
    """The questions and the plan (GET); the journey ticket (POST, the device only)."""
    context = {**kiosk_context(request, mpp), **plan_context(request, mpp, key)}
    if request.method == "POST":
        check_kiosk(request.user, mpp)
        try:
            answers = {q.key: request.POST.get(q.key, "") for q in context["questions"]}
            ticket = consent_services.take_journey_ticket(
                mpp=mpp,
                key=key,
                answers=answers,
                channel=Channel.KIOSK,
                consent=request.POST.get("consent") == "1",
            )
        except ValidationError as error:
            context["errors"] = error.message_dict
            return render(request, "journeys/kiosk/plan.html", context, status=422)
        except DomainError as error:
            context["error"] = error.message
            return render(request, "journeys/kiosk/plan.html", context, status=error.status)
        return redirect("queueing:kiosk_ticket", slug=mpp.slug, ticket_id=ticket.public_id)
    return render(request, "journeys/kiosk/plan.html", context)


urlpatterns: list[URLPattern] = [
    path("kios/<slug:slug>/peristiwa-hidup/", life_events, name="kiosk_life_events"),
    path("kios/<slug:slug>/peristiwa-hidup/<slug:key>/", plan, name="kiosk_plan"),
]
