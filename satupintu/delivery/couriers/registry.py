"""The courier providers by name; an MPP's PostageTariff.courier picks one."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from satupintu.delivery.couriers.base import Courier
from satupintu.delivery.couriers.simulator import PosSimulator

COURIERS: dict[str, type[Courier]] = {PosSimulator.name: PosSimulator}


def courier_named(name: str) -> Courier:
    cls = COURIERS.get(str(name))
    if cls is None:
        raise Http404(_("Kurir tidak dikenal."))
    return cls()
