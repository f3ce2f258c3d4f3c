"""Signing in with a code on the citizen's phone: the number (on /masuk/, above the staff's
password form), then the code page, then back to `next`, signed in. A first code sign-in
makes the account, so this is also how a citizen signs up; pages that need an account send
a signed-out visitor to /masuk/ with `next` (Django's login_required), and land back there."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from ninja.errors import Throttled

from satupintu.accounts.codes import CODE_MINUTES, CodeRefused
from satupintu.core.identifiers import format_phone_national
from satupintu.web import services
from satupintu.web.forms import CodeForm, LoginForm, PhoneForm

SESSION_PHONE = "web.sign_in_phone"  # the number a code was asked for on this browser


def safe_next(request: HttpRequest) -> str:
    """Where to go once signed in: `next` when it stays on this site, else ''."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@require_POST
def send_code(request: HttpRequest) -> HttpResponse:
    """A code to the number typed on /masuk/ (or again from the code page)."""
    next_url = safe_next(request)
    form = PhoneForm(request.POST)
    error, status = " ".join(form.errors.get("phone", [])), 422
    if form.is_valid():
        try:
            phone = services.send_sign_in_code(
                phone=form.cleaned_data["phone"], address=services.client_address(request)
            )
        except ValidationError as invalid:
            error = " ".join(invalid.messages)
        except Throttled as limit:
            error = _("Kode sudah beberapa kali diminta. %(when)s") % {
                "when": services.try_again_in(limit.wait)
            }
            status = 429
        else:
            request.session[SESSION_PHONE] = phone
            if request.POST.get("again"):
                messages.success(request, _("Kode baru dikirim. Kode sebelumnya tidak berlaku."))
            return redirect(_with_next(reverse("web:sign_in_code"), next_url))
    if request.POST.get("again") and request.session.get(SESSION_PHONE):
        return _code_page(request, CodeForm(), next_url, error=error, status=status)
    context: dict[str, Any] = {
        "form": LoginForm(request),
        "phone_form": form,
        "phone_error": error,
        "next": next_url,
        "channel": services.phone_channel_name(),
    }
    return render(request, "web/login.html", context, status=status)


@require_http_methods(["GET", "POST"])
def enter_code(request: HttpRequest) -> HttpResponse:
    """The code page: the six digits from the message sign the citizen in."""
    next_url = safe_next(request)
    phone = request.session.get(SESSION_PHONE)
    if not phone:
        return redirect(_with_next(reverse("web:login"), next_url))
    form = CodeForm(request.POST or None)
    if request.method == "GET" or not form.is_valid():
        return _code_page(request, form, next_url, status=200 if request.method == "GET" else 422)
    try:
        services.sign_in_with_code(request=request, phone=phone, code=form.cleaned_data["code"])
    except CodeRefused as refused:
        return _code_page(request, CodeForm(), next_url, error=refused.message, status=400)
    except Throttled as limit:
        error = _("Terlalu banyak percobaan. %(when)s") % {
            "when": services.try_again_in(limit.wait)
        }
        return _code_page(request, CodeForm(), next_url, error=error, status=429)
    request.session.pop(SESSION_PHONE, None)
    return redirect(next_url or "web:after_login")


def _code_page(
    request: HttpRequest, form: CodeForm, next_url: str, *, error: str = "", status: int = 200
) -> HttpResponse:
    phone = request.session[SESSION_PHONE]
    context = {
        "form": form,
        "next": next_url,
        "phone": phone,
        "phone_shown": format_phone_national(phone),
        "channel": services.phone_channel_name(),
        "minutes": CODE_MINUTES,
        "error": error,
        "change_url": _with_next(reverse("web:login"), next_url),
    }
    return render(request, "web/sign_in_code.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("masuk/kode/kirim/", send_code, name="sign_in_send_code"),
    path("masuk/kode/", enter_code, name="sign_in_code"),
]
