"""The installable web app at the site's root: its manifest, its service worker and the page
the worker shows offline (what each holds: web/pwa.py; docs/deployment.md)."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from satupintu.tenancy.models import Mpp
from satupintu.web import pwa


@require_GET
@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    """/manifest.webmanifest: the platform's app, or `?mpp=<slug>` that MPP's (an unknown
    or inactive slug gets the platform's: a manifest link must never break)."""
    slug = request.GET.get("mpp", "")
    mpp = Mpp.objects.filter(slug=slug, is_active=True).first() if slug else None
    return JsonResponse(
        pwa.app_manifest(mpp),
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """/sw.js at the root, so its scope is the whole site. Never cached on the way: the
    browser compares it byte for byte to learn that a deploy changed the shell."""
    config = json.dumps(pwa.worker_config(), ensure_ascii=False)
    body = render_to_string("web/sw.js", {"config": config})
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """/luring/: what the worker shows for a page this phone never opened, offline."""
    return render(request, "web/offline.html", {"is_offline_page": True})


urlpatterns: list[URLPattern] = [
    path("manifest.webmanifest", manifest, name="manifest"),
    path("sw.js", service_worker, name="service_worker"),
    path("luring/", offline, name="offline"),
]
