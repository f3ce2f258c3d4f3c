"""What a payment provider does for satupintu: a dynamic QRIS payload for a bill, and the
reading of its signed payment notification (callback) into a `Notice`."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass

from satupintu.core.errors import DomainError


class CallbackRefused(DomainError):
    """A callback that is not the provider's (bad signature, stale time, broken body)."""

    status = 401
    code = "callback_refused"


@dataclass(frozen=True)
class Notice:
    """A payment as a verified callback reports it."""

    provider_payment_id: str
    bill_number: str
    amount: int
    paid_at: dt.datetime
    channel: str


@dataclass(frozen=True)
class BillRef:
    """What a provider is told of a bill."""

    number: str
    amount: int
    va_number: str
    merchant_name: str
    merchant_city: str
    nmid: str
    mcc: str


class Provider(ABC):
    name: str = ""
    simulates: bool = False  # offers "simulate a payment" (test mode)

    @abstractmethod
    def qris_payload(self, bill: BillRef) -> str:
        """The provider's dynamic QRIS payload for the bill (SNAP "generate QRIS MPM")."""

    @abstractmethod
    def read_callback(
        self,
        *,
        method: str,
        path: str,
        headers: Mapping[str, str],
        body: bytes,
        now: dt.datetime,
    ) -> Notice:
        """The verified notice, or CallbackRefused."""
