"""The delivery page of an application: the applicant chooses "ambil di MPP" or "kirim ke
alamat" (the postage bill follows), the officer hands the paid parcel to the courier,
both see the receipt number and the parcel's tracking events."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.applications.access import access_application, can_officiate_application
from satupintu.core.errors import DomainError
from satupintu.delivery import selectors, services
from satupintu.delivery.models import DeliveryStatus, Method


@login_required
def delivery_page(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    application = access_application(user, application_id)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            if request.POST.get("action") == "send":
                services.send_by_post(user=user, application=application)
                messages.success(request, _("Dokumen diserahkan ke kurir."))
            else:
                services.choose_delivery(
                    user=user,
                    application=application,
                    method=request.POST.get("method", ""),
                    recipient_name=request.POST.get("recipient_name", ""),
                    address=request.POST.get("address", ""),
                    postal_code=request.POST.get("postal_code", ""),
                    phone=request.POST.get("phone", ""),
                )
                messages.success(request, _("Pilihan cara menerima dokumen disimpan."))
            return redirect(request.path)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        except (DomainError, PermissionDenied) as exc:
            errors = {"": [str(exc)]}
    delivery = selectors.delivery_of(application)
    if delivery is not None and delivery.status == DeliveryStatus.SHIPPED:
        delivery = services.refresh_tracking(delivery)
    context = {
        "application": application,
        "delivery": delivery,
        "tariffs": selectors.tariffs_of(application),
        "is_applicant": application.user_id == user.pk,
        "is_officer": can_officiate_application(user, application),
        "choosable": application.status in services.CHOOSABLE
        and (delivery is None or delivery.status in services.CHANGEABLE),
        "methods": Method,
        "errors": errors,
        "form": request.POST if errors else {},
    }
    return render(request, "delivery/delivery.html", context, status=422 if errors else 200)


urlpatterns: list[URLPattern] = [
    path("permohonan/<uuid:application_id>/pengiriman/", delivery_page, name="delivery"),
]
