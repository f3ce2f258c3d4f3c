"""Writes to the catalog (the foundation part: which counter serves which service)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from satupintu.catalog.models import CounterService, Service
from satupintu.tenancy.models import Counter


@transaction.atomic
def assign_service_to_counter(
    *, counter: Counter, service: Service, preference: int = 1
) -> CounterService:
    """Let `counter` serve `service`; both must be at the same MPP and agency."""
    if counter.mpp_id != service.mpp_id:
        raise ValidationError(_("Loket dan layanan harus berada di MPP yang sama."), code="mpp")
    if counter.booth.agency_id != service.agency_id:
        raise ValidationError(_("Loket hanya melayani layanan instansinya."), code="agency")
    link, _created = CounterService.objects.update_or_create(
        counter=counter,
        service=service,
        defaults={"mpp_id": counter.mpp_id, "preference": preference},
    )
    return link
