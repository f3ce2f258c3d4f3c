"""Writes to tenancy: counters opened, closed and renamed by the people allowed to."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.tenancy.access import can_rename_counter, can_serve_at
from satupintu.tenancy.models import Counter


@transaction.atomic
def update_counter(
    *, actor: User, counter: Counter, is_active: bool | None = None, name: str | None = None
) -> Counter:
    """Open/close a counter (its officers or the supervisor) or rename it (the supervisor)."""
    counter = Counter.objects.select_for_update().select_related("mpp", "booth").get(pk=counter.pk)
    fields = []
    if is_active is not None and is_active != counter.is_active:
        if not can_serve_at(actor, counter):
            raise PermissionDenied(_("Anda tidak ditugaskan di loket ini."))
        counter.is_active = is_active
        fields.append("is_active")
    if name is not None and name != counter.name:
        if not can_rename_counter(actor, counter):
            raise PermissionDenied(_("Hanya pengelola MPP yang dapat mengganti nama loket."))
        counter.name = name
        fields.append("name")
    if fields:
        counter.full_clean()
        counter.save(update_fields=fields)
    return counter
