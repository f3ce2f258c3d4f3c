"""The reading's one page fragment: the apply form's warning on a held file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from satupintu.applications import files as file_store
from satupintu.reading import selectors
from satupintu.tenancy.selectors import mpp_by_slug


@login_required
@require_POST
def held(request: HttpRequest, slug: str, code: str, requirement: str) -> HttpResponse:
    """What the reading found on the file the citizen's session holds for `requirement` of
    the apply form, against the NIK and name typed so far (POSTed by htmx, so
    they stay out of the URL and the logs). Asks again every second while pending."""
    mpp = mpp_by_slug(slug)
    kept = file_store.held_in_session(
        request.session, file_store.held_session_key(mpp.pk, code)
    ).get(requirement)
    reading = (
        selectors.held_file_reading(
            storage_name=kept.storage_name,
            typed_nik=request.POST.get("nik", "")[:24],
            typed_name=request.POST.get("name", "")[:150],
        )
        if kept is not None
        else None
    )
    return render(request, "reading/_held.html", {"file": {"reading": reading}})
