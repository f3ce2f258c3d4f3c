"""The public complaint form's "Mungkin jawaban ini membantu": reviewed, public Q&A for the
text a citizen types, drawn by the server and swapped in by htmx."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from satupintu.knowledge.search import search
from satupintu.tenancy.selectors import mpp_by_slug

MAX_SUGGESTIONS = 3
MIN_TEXT = 8  # characters before anything is suggested


def suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    mpp = mpp_by_slug(slug)
    text = request.GET.get("isi", "")
    if len(text.strip()) < MIN_TEXT:  # too little to go on: nothing changes on the form
        return HttpResponse(status=204)
    answers = search(text, mpp=mpp, public=True).articles[:MAX_SUGGESTIONS]
    return render(request, "knowledge/citizen/_suggestions.html", {"answers": answers})


urlpatterns: list[URLPattern] = [
    path("mpp/<slug:slug>/pengaduan/jawaban/", suggestions, name="suggestions"),
]
