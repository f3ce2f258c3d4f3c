"""Reads: an application's delivery with its tracking events (the API and the pages)."""

from __future__ import annotations

import uuid

from satupintu.applications.models import Application
from satupintu.delivery.models import Delivery, PostageTariff


def delivery_of(application: Application) -> Delivery | None:
    return (
        Delivery.objects.filter(application=application)
        .select_related("bill")
        .prefetch_related("events")
        .first()
    )


def tariffs_of(application: Application) -> list[PostageTariff]:
    return list(PostageTariff.objects.filter(mpp_id=application.mpp_id, active=True).order_by("pk"))


def parcel_of(public_id: uuid.UUID | str) -> Delivery | None:
    """The parcel of an application sent by post (none for pick-up), for its tracking."""
    return (
        Delivery.objects.filter(application__public_id=public_id, method="post")
        .select_related("mpp")
        .prefetch_related("events")
        .first()
    )
