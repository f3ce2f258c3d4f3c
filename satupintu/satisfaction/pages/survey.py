"""The SKM questionnaire for one ticket (`/skm/<ticket public id>/`).

Public: the ticket's id is unguessable and only its holder has it (the live ticket
page, the QR on the printed ticket, the link after the visit). `?sumber=qr` marks an
answer reached through a QR code, anything else counts as `link`. The same view body
serves the counter's tablet (pages/tablet.py), source `tablet`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from satupintu.core.errors import DomainError
from satupintu.queueing.models import Ticket
from satupintu.queueing.tickets.selectors import public_ticket
from satupintu.satisfaction import selectors, services
from satupintu.satisfaction.forms import SurveyForm
from satupintu.satisfaction.questionnaire import UNSUR_TEXT


def survey_page(
    request: HttpRequest,
    ticket: Ticket,
    *,
    source: str,
    template: str,
    extra: dict[str, Any] | None = None,
    may_submit: bool = True,
) -> HttpResponse:
    state = selectors.survey_state(ticket)
    form = SurveyForm(request.POST or None) if state == "open" else None
    context: dict[str, Any] = {
        "mpp": ticket.mpp,
        "ticket": ticket,
        "service_name": selectors.service_name(ticket.service_id, ticket.day),
        "state": state,
        "form": form,
        "unsur": UNSUR_TEXT,
        "may_submit": may_submit,
        **(extra or {}),
    }
    status = 200
    if request.method == "POST" and form is not None and may_submit:
        if form.is_valid():
            try:
                services.submit_survey(
                    mpp=ticket.mpp,
                    service=None,
                    source=source,
                    ticket=ticket,
                    answers=form.answers(),
                    profile=form.profile(),
                    suggestion=form.cleaned_data["suggestion"],
                )
            except DomainError as error:
                context["error"] = error.message
                status = error.status
            except ValidationError as error:
                context["error"] = " ".join(error.messages)
                status = 422
            else:
                context["state"], context["form"] = "thanks", None
        else:
            status = 422
    return render(request, template, context, status=status)


def survey(request: HttpRequest, ticket_id: uuid.UUID) -> HttpResponse:
    ticket = public_ticket(ticket_id)
    source = "qr" if request.GET.get("sumber") == "qr" else "link"
    return survey_page(request, ticket, source=source, template="satisfaction/survey.html")


urlpatterns: list[URLPattern] = [
    path("skm/<uuid:ticket_id>/", survey, name="survey"),
]
