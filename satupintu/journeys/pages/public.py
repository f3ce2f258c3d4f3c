"""Public journey pages, phone first: the MPP's life events, and one life event's questions
with the plan for the answers given (GET, so a plan is a link a citizen can keep or send).
Thin: read the answers, ask the selectors, render."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from ninja.errors import Throttled

from satupintu.accounts.models import User
from satupintu.appointments.api import limit_booking
from satupintu.appointments.selectors import booking_by_code
from satupintu.appointments.services import visit_of
from satupintu.core.errors import DomainError
from satupintu.core.identifiers import normalize_phone
from satupintu.journeys import selectors, services
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


def book(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """Book the plan as one visit (POST from the plan page): to the visit's page, or the
    plan again with the reason and the next visit that fits."""
    mpp = mpp_by_slug(slug)
    if request.method != "POST":
        return redirect("journeys:plan", slug=slug, key=key)
    context = plan_context(request, mpp, key)
    answers = {q.key: request.POST.get(q.key, "")[:100] for q in context["questions"]}
    form = {
        f: request.POST.get(f, "")[:120].strip() for f in ("day", "time", "name", "nik", "phone")
    }
    context.update(answers=answers, visit_form=form)
    try:
        day = dt.date.fromisoformat(form["day"])
        after = (
            dt.datetime.combine(day, dt.time.fromisoformat(form["time"]), tzinfo=mpp.tzinfo)
            if form["time"]
            else None
        )
    except ValueError:
        context["visit_error"] = _("Pilih tanggal (dan jam) kunjungan yang benar.")
        context["plan"] = _plan_or_none(mpp, key, answers)
        return render(request, "journeys/public/plan.html", context, status=422)
    user = request.user if isinstance(request.user, User) else None
    try:
        limit_booking(request, form["nik"], form["phone"])
        booked = services.book_journey(
            mpp=mpp,
            key=key,
            answers=answers,
            day=day,
            after=after,
            name=form["name"],
            nik=form["nik"],
            phone=form["phone"],
            user=user,
        )
    except services.VisitFull as full:
        context["visit_error"], status = full.message, full.status
        context["alternative"] = full.alternative
    except ValidationError as error:
        context["visit_error"], status = " ".join(error.messages), 422
    except DomainError as error:
        context["visit_error"], status = error.message, error.status
    except Throttled:
        context["visit_error"] = _("Terlalu banyak permintaan. Coba lagi sebentar lagi.")
        status = 429
    else:
        url = reverse("journeys:visit", args=[slug, key, booked[0][1].code])
        return redirect(f"{url}?{urlencode(answers)}")
    context["plan"] = _plan_or_none(mpp, key, answers)
    return render(request, "journeys/public/plan.html", context, status=status)


def _plan_or_none(mpp, key: str, answers: dict) -> selectors.JourneyPlan | None:
    try:
        return selectors.journey_plan(mpp, key, answers)
    except ValidationError:
        return None


def visit(request: HttpRequest, slug: str, key: str, booking_code: str) -> HttpResponse:
    """A plan booked as one visit (the code of any of its bookings is the key): the
    booked steps with their times, and each later visit ("kunjungan berikutnya") with the
    day it can be done and how far the product it waits for has come."""
    mpp = mpp_by_slug(slug)
    found = booking_by_code(booking_code)
    if found.mpp_id != mpp.pk:
        raise Http404
    booked = visit_of(found)
    context = plan_context(request, mpp, key)
    plan_ = context.get("plan")
    later = (
        selectors.later_visits(mpp, plan_, first_day=booked[0].day, nik=found.nik) if plan_ else []
    )
    names = {s.service.pk: s.version.name for s in plan_.steps} if plan_ else {}
    context.update(
        booked=[(b, names.get(b.service_id, b.service.code)) for b in booked],
        first=booked[0],
        later=later,
    )
    return render(request, "journeys/public/visit.html", context)


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
    path("mpp/<slug:slug>/peristiwa-hidup/<slug:key>/pesan/", book, name="book"),
    path(
        "mpp/<slug:slug>/peristiwa-hidup/<slug:key>/kunjungan/<str:booking_code>/",
        visit,
        name="visit",
    ),
]
