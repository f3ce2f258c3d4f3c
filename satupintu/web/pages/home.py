"""The page "Beranda saya" (`/saya/`): the signed-in citizen's tickets, bookings,
applications and surveys on one page (web/home.py reads them). A visitor who is not signed
in is sent to the code sign-in (/masuk/, `next` back here), like every page that needs an
account, and staff to their own start page. Live tickets update through their own streams
(queueing/static/queueing/ticket.js)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from satupintu.accounts.models import Role
from satupintu.queueing.tickets.selectors import phrases
from satupintu.tenancy import selectors as tenancy
from satupintu.web.home import my_home


@login_required
def my_home_page(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.CITIZEN:  # staff and devices have their own start page
        return redirect("web:after_login")
    sections = my_home(request.user)
    context = {
        "sections": sections,
        "phrases": phrases(),
        "live": any(section.key == "tickets" for section in sections),
        "mpps": [] if sections else list(tenancy.active_mpps()[:4]),
    }
    return render(request, "web/my_home.html", context)


urlpatterns: list[URLPattern] = [
    path("saya/", my_home_page, name="my_home"),
]
