"""Public catalog pages: an MPP's services by agency or category, one service standard,
its printable poster, and where else the same service is offered. Thin: read, render."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from satupintu.catalog import selectors
from satupintu.catalog.poster import qr_data_uri
from satupintu.core.links import citizen_link
from satupintu.queueing.kiosk.selectors import takes_phone_tickets
from satupintu.tenancy.selectors import mpp_by_slug


def catalog(request: HttpRequest, slug: str) -> HttpResponse:
    mpp = mpp_by_slug(slug)
    groups = selectors.catalog_by_agency(mpp)
    context = {"mpp": mpp, "groups": groups, "by": "agency", "total": _total(groups)}
    return render(request, "catalog/public/catalog.html", context)


def catalog_by_category(request: HttpRequest, slug: str) -> HttpResponse:
    mpp = mpp_by_slug(slug)
    groups = selectors.catalog_by_category(mpp)
    context = {
        "mpp": mpp,
        "groups": groups,
        "by": "category",
        "total": _total(groups),
        "show_agency": True,
    }
    return render(request, "catalog/public/catalog.html", context)


def agency(request: HttpRequest, slug: str, agency_code: str) -> HttpResponse:
    mpp = mpp_by_slug(slug)
    booth = selectors.booth_of_agency(mpp, agency_code)
    groups = selectors.catalog_by_agency(mpp, agency=agency_code)
    context = {"mpp": mpp, "booth": booth, "services": groups[0].services if groups else []}
    return render(request, "catalog/public/agency.html", context)


def category(request: HttpRequest, slug: str, category: str) -> HttpResponse:
    mpp = mpp_by_slug(slug)
    found = selectors.category_by_slug(category)
    context = {
        "mpp": mpp,
        "category": found,
        "services": selectors.catalog_of(mpp, category=category),
        "show_agency": True,
    }
    return render(request, "catalog/public/category.html", context)


def service(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    mpp = mpp_by_slug(slug)
    standard = selectors.service_standard(mpp, code)
    context = {
        "mpp": mpp,
        "standard": standard,
        "phone_ticket": takes_phone_tickets(mpp, standard.service.code),
    }
    return render(request, "catalog/public/service.html", context)


def poster(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """The A4 standard poster a booth hangs up; its QR code leads back to the service page."""
    mpp = mpp_by_slug(slug)
    standard = selectors.service_standard(mpp, code)
    url = citizen_link(reverse("catalog_public:service", args=[mpp.slug, code]), request)
    context = {"mpp": mpp, "standard": standard, "url": url, "qr": qr_data_uri(url)}
    return render(request, "catalog/public/poster.html", context)


def offered(request: HttpRequest, standard_key: str) -> HttpResponse:
    offers = selectors.offers_of(standard_key)
    if not offers:
        raise Http404(_("Layanan ini belum tersedia di MPP mana pun."))
    return render(request, "catalog/public/offered.html", {"offers": offers})


def _total(groups: list[selectors.CatalogGroup]) -> int:
    return sum(len(group.services) for group in groups)
