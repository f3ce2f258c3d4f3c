"""Pages of verified once, with consent.

- The citizen's "Data saya" (`/akun/data/`): their consents (what, to whom, until when,
  withdrawn or not) with a button to withdraw, and every use of their checked documents
  (which document, checked by which agency, used by which officer of which agency, when).
- The officer's "Dokumen kunjungan" for the number at their counter
  (`/staf/nomor/<public_id>/dokumen/`): what other agencies already checked in this visit
  and the consent lets them use ("sudah diverifikasi oleh … pukul …"), a button to use it
  instead of a new copy (logged), the documents they checked themselves, and the NIK
  (Dukcapil) and NIB (OSS) checks.
Thin: read the form, call one service, render or redirect.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from satupintu.accounts.models import User
from satupintu.accounts.roles import is_citizen
from satupintu.core.errors import DomainError
from satupintu.journeys.consent import selectors, services
from satupintu.journeys.consent.models import DocumentCheck
from satupintu.journeys.registers.base import PersonQuery
from satupintu.queueing.access import access_ticket


def _citizen(request: HttpRequest) -> User:
    if not is_citizen(request.user) or not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    user = _citizen(request)
    consents = [(c, selectors.consent_state(c)) for c in selectors.my_consents(user)]
    names = {}
    for consent, _state in consents:
        names[consent.pk] = selectors.document_names(consent.mpp_id, list(consent.documents))
    context = {
        "consents": [(c, state, names[c.pk]) for c, state in consents],
        "uses": list(selectors.my_data_uses(user)[:200]),
    }
    return render(request, "journeys/consent/my_data.html", context)


@login_required
@require_POST
def withdraw(request: HttpRequest, consent_id: str) -> HttpResponse:
    consent = selectors.access_my_consent(_citizen(request), consent_id)
    services.withdraw_consent(consent=consent)
    messages.success(request, _("Persetujuan ditarik. Dokumen Anda tidak dipakai lagi."))
    return redirect("journeys:my_data")


# --- the officer


def _ticket(request: HttpRequest, ticket_id: str):
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user, access_ticket(user, ticket_id)


FIELD_LABELS = {
    "nik": _lazy("NIK"),
    "name": _lazy("Nama lengkap"),
    "birth_date": _lazy("Tanggal lahir"),
    "birth_place": _lazy("Tempat lahir"),
    "mother_name": _lazy("Nama lengkap ibu kandung"),
}


def _officer_context(ticket, **extra) -> dict:
    mpp = ticket.mpp
    if "person" in extra:
        extra["person_rows"] = [
            (FIELD_LABELS[f], extra["person"].fields.get(f, False)) for f in extra["person_asked"]
        ]
    return {
        "ticket": ticket,
        "mpp": mpp,
        "tz": mpp.tzinfo,
        "verified": selectors.verified_for(ticket),
        "checked": selectors.checks_at(ticket),
        "documents": selectors.journey_documents(mpp),
        **extra,
    }


@login_required
def visit_documents(request: HttpRequest, ticket_id: str) -> HttpResponse:
    user, ticket = _ticket(request, ticket_id)
    if request.method != "POST":
        return render(request, "journeys/consent/visit.html", _officer_context(ticket))
    action = request.POST.get("action", "")
    extra: dict = {}
    status = 200
    try:
        if action == "use":
            check = DocumentCheck.objects.filter(
                pk=_int(request.POST.get("check")), mpp_id=ticket.mpp_id
            ).first()
            if check is None:
                raise Http404(_("Pemeriksaan dokumen tidak ditemukan."))
            services.use_verified_document(officer=user, ticket=ticket, check=check)
            messages.success(request, _("Dipakai tanpa fotokopi; pemakaian ini tercatat."))
            return redirect("journeys:visit_documents", ticket_id=ticket.public_id)
        if action == "checked":
            services.record_check(
                officer=user, ticket=ticket, document_key=request.POST.get("document", "")[:60]
            )
            messages.success(request, _("Tercatat: dokumen sudah Anda periksa."))
            return redirect("journeys:visit_documents", ticket_id=ticket.public_id)
        if action == "nik":
            query = _person_query(request)
            extra["person"], _check = services.check_identity(
                officer=user, ticket=ticket, query=query
            )
            extra["person_asked"] = query.asked()
        elif action == "nib":
            nib = request.POST.get("nib", "").strip()
            if len(nib) != 13 or not nib.isdigit():
                raise ValidationError({"nib": [_("NIB terdiri atas 13 angka.")]})
            extra["business"], _check = services.check_business(
                officer=user, ticket=ticket, nib=nib
            )
        else:
            raise ValidationError({"action": [_("Tindakan tidak dikenal.")]})
    except ValidationError as error:
        extra["error"], status = " ".join(error.messages), 422
    except DomainError as error:
        extra["error"], status = error.message, error.status
    return render(
        request, "journeys/consent/visit.html", _officer_context(ticket, **extra), status=status
    )


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 12 else 0


def _person_query(request: HttpRequest) -> PersonQuery:
    nik = request.POST.get("nik", "").strip()
    errors = {}
    if len(nik) != 16 or not nik.isdigit():
        errors["nik"] = [_("NIK terdiri atas 16 angka.")]
    birth_date = None
    if request.POST.get("birth_date"):
        try:
            birth_date = dt.date.fromisoformat(request.POST["birth_date"][:10])
        except ValueError:
            errors["birth_date"] = [_("Tanggal lahir tidak valid.")]
    if errors:
        raise ValidationError(errors)
    return PersonQuery(
        nik=nik,
        name=request.POST.get("name", "")[:150].strip(),
        birth_date=birth_date,
        birth_place=request.POST.get("birth_place", "")[:100].strip(),
        mother_name=request.POST.get("mother_name", "")[:150].strip(),
    )


urlpatterns: list[URLPattern] = [
    path("akun/data/", my_data, name="my_data"),
    path("akun/data/<uuid:consent_id>/tarik/", withdraw, name="withdraw_consent"),
    path("staf/nomor/<uuid:ticket_id>/dokumen/", visit_documents, name="visit_documents"),
]
