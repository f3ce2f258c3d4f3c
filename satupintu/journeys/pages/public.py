"""Public journey pages, phone first: the MPP's life events, and one life event's questions
with the plan for the answers given (GET, so a plan is a link a citizen can keep or send).
Thin: read the answers, ask the selectors, render."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from ninja.errors import Throttled

from satupintu.accounts.models import User
from satupintu.core.errors import DomainError
from satupintu.core.identifiers import normalize_phone
from satupintu.journeys import selectors
from satupintu.journeys.consent import scope as consent_scope
from satupintu.journeys.consent import services as consent_services
from satupintu.queueing.models import Channel
from satupintu.queueing.tickets.api import limit_online
from satupintu.tenancy.selectors import mpp_by_slug


def life_events(request: HttpRequest, slug: str) -> HttpResponse:
    mpp = mpp_by_slug(slug)
    context = {"mpp": mpp, "events": selectors.journey_menu(mpp)}
    return render(request, "journeys/public/list.html", context)


def plan(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """The questions and the plan (GET); one journey number from the phone (POST)."""
    mpp = mpp_by_slug(slug)
    context = plan_context(request, mpp, key)
    if request.method != "POST":
        return render(request, "journeys/public/plan.html", context)
    answers = {q.key: request.POST.get(q.key, "")[:100] for q in context["questions"]}
    phone = normalize_phone(request.POST.get("phone", "")[:24]) if request.POST.get("phone") else ""
    user = request.user if isinstance(request.user, User) else None
    try:
        limit_online(request, phone)
        ticket = consent_services.take_journey_ticket(
            mpp=mpp,
            key=key,
            answers=answers,
            channel=Channel.ONLINE,
            phone=phone,
            user=user,
            consent=request.POST.get("consent") == "1",
        )
    except ValidationError as error:
        context["ticket_error"], status = " ".join(error.messages), 422
    except DomainError as error:
        context["ticket_error"], status = error.message, error.status
    except Throttled:
        context["ticket_error"] = _("Terlalu banyak permintaan. Coba lagi sebentar lagi.")
        status = 429
    else:
        return redirect("queueing:ticket", ticket_id=ticket.public_id)
    context["phone"] = phone
    return render(request, "journeys/public/plan.html", context, status=status)


def plan_context(request: HttpRequest, mpp, key: str) -> dict:
    """The life event, the answers in the query string, and their plan once every question
    is answered (or the errors, question by question). Shared with the kiosk's screen."""
    event = selectors.life_event_at(mpp, key)
    questions = list(event.questions.all())
    answers = {q.key: request.GET[q.key][:100] for q in questions if q.key in request.GET}
    context: dict = {"mpp": mpp, "event": event, "questions": questions, "answers": answers}
    if len(answers) == len(questions) and (answers or "rencana" in request.GET):
        try:
            context["plan"] = selectors.journey_plan(mpp, key, answers)
            scope = consent_scope.journey_scope(context["plan"])
            if scope is not None:
                context["consent_sentence"] = consent_scope.scope_sentence(scope, mpp)
        except ValidationError as error:
            context["errors"] = error.message_dict
    return context


urlpatterns: list[URLPattern] = [
    path("mpp/<slug:slug>/peristiwa-hidup/", life_events, name="life_events"),
    path("mpp/<slug:slug>/peristiwa-hidup/<slug:key>/", plan, name="plan"),
]
