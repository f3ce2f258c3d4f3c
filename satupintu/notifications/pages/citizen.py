"""The citizen's notification page (/akun/notifikasi/): a channel per kind of news and the
button that turns on push on this phone (static/notifications/push.js)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from satupintu.accounts.models import Role
from satupintu.notifications import selectors, services
from satupintu.notifications.forms import PreferencesForm
from satupintu.notifications.webpush import public_key


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    if getattr(user, "role", None) != Role.CITIZEN:
        raise PermissionDenied(_("Pengaturan notifikasi ini untuk akun warga."))
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.set_preferences(user=user, choices=form.cleaned_data)
            messages.success(request, _("Pilihan notifikasi tersimpan."))
            return redirect("notifications:preferences")
    else:
        form = PreferencesForm(initial=selectors.preferences_of(user))
    context = {
        "form": form,
        "vapid_public_key": public_key(),
        "subscriptions": list(selectors.subscriptions_of(user)),
        "has_phone": bool(user.phone),
        "has_email": bool(user.email),
    }
    return render(request, "notifications/preferences.html", context)


urlpatterns: list[URLPattern] = [
    path("akun/notifikasi/", preferences, name="preferences"),
]
