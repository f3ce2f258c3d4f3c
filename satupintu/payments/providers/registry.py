"""The payment providers by name; an MPP's PaymentSettings.provider picks one."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from satupintu.payments.providers.base import Provider
from satupintu.payments.providers.simulator import SimulatorProvider

PROVIDERS: dict[str, type[Provider]] = {SimulatorProvider.name: SimulatorProvider}


def provider_named(name: str) -> Provider:
    cls = PROVIDERS.get(str(name))
    if cls is None:
        raise Http404(_("Penyedia pembayaran tidak dikenal."))
    return cls()
