from __future__ import annotations

from django.db.models import QuerySet

from satupintu.accounts.models import Role, User
from satupintu.accounts.roles import can_manage_mpp
from satupintu.tenancy.models import Counter


def counters_for_staff(user: User) -> QuerySet[Counter]:
    """What the staff start page lists: all the MPP's counters for a supervisor,
    the officer's assigned counters for an officer."""
    qs = Counter.objects.select_related("booth", "booth__agency").order_by("number")
    if user.mpp is None:
        return qs.none()
    if can_manage_mpp(user, user.mpp):
        return qs.filter(mpp=user.mpp)
    if user.role == Role.OFFICER:
        return qs.filter(pk__in=user.counters.values("pk"), booth__agency=user.agency)
    return qs.none()
