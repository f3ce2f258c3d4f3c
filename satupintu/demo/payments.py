"""Demo data for non-cash payments at the demo MPP: its QRIS merchant and collecting bank
(Bank Jateng's booth), revenue accounts, and three bills for kiosk tickets of services
with a fee, one unpaid, one paid through the simulator's signed callback, one expired.
Idempotent. The revenue account codes are examples for the demo, not official ones."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from satupintu.catalog.models import Service
from satupintu.catalog.selectors import version_in_force
from satupintu.delivery.models import PostageTariff
from satupintu.payments import services
from satupintu.payments.models import Bill, PaymentSettings, RevenueAccount
from satupintu.payments.providers.simulator import SimulatorProvider
from satupintu.queueing.models import Channel
from satupintu.queueing.tickets.services import issue_ticket
from satupintu.tenancy.models import Agency, Mpp

ACCOUNTS = {  # agency code: (code, name), examples only
    "POLRESTA": ("DEMO-PNBP-POLRI", "PNBP layanan kepolisian (contoh)"),
    "IMIGRASI": ("DEMO-PNBP-IMI", "PNBP layanan keimigrasian (contoh)"),
    "SAMSAT": ("DEMO-PAD-SAMSAT", "Penerimaan Samsat (contoh)"),
    "BPN": ("DEMO-PNBP-BPN", "PNBP layanan pertanahan (contoh)"),
}
BILLS = (("C01", "unpaid"), ("C04", "paid"), ("E01", "expired"))
PAYERS = ("Budi Santoso", "Sri Wahyuni", "Agus Prasetyo")


def seed(mpp: Mpp) -> None:
    bank = Agency.objects.filter(code="BANK").first()
    PaymentSettings.objects.update_or_create(
        mpp=mpp,
        defaults={
            "merchant_name": "MPP KAB BANYUMAS",
            "merchant_city": "PURWOKERTO",
            "nmid": "ID1026120700001",
            "va_prefix": "8808",
            "bank_agency": bank,
        },
    )
    for code, (account, name) in ACCOUNTS.items():
        agency = Agency.objects.filter(code=code).first()
        if agency is not None:
            RevenueAccount.objects.update_or_create(
                mpp=mpp, agency=agency, service=None, defaults={"code": account, "name": name}
            )
    # delivery by post: one flat demo tariff with the Pos-shaped simulator (docs/documents.md)
    PostageTariff.objects.update_or_create(
        mpp=mpp,
        courier="pos-simulator",
        defaults={"label": "Pos Kilat Khusus (simulator)", "amount": 15_000},
    )
    if Bill.objects.filter(mpp=mpp).exists():
        return
    now = timezone.now()
    for (code, state), payer in zip(BILLS, PAYERS, strict=True):
        service = Service.objects.filter(mpp=mpp, code=code).first()
        version = version_in_force(service) if service else None
        if service is None or version is None:
            continue
        ticket = issue_ticket(mpp=mpp, service=service, channel=Channel.KIOSK)
        issued = now - dt.timedelta(days=2) if state == "expired" else now
        bill = services.issue_bill(
            version=version,
            payer_name=payer,
            ticket=ticket,
            now=issued,
        )
        if state == "paid":
            request = SimulatorProvider().notification(
                path=reverse("api:payments_callback", args=["simulator"]),
                bill_number=bill.number,
                amount=bill.amount,
                now=now,
            )
            services.receive_callback(
                provider_name="simulator",
                method=request.method,
                path=request.path,
                headers=request.headers,
                body=request.body,
                now=now,
            )
    services.expire_bills(now=now)


def summary(mpp: Mpp) -> list[dict]:
    """`seed_demo --json`: the MPP's bills."""
    return [
        {"id": b.pk, "number": b.number, "status": b.status, "amount": b.amount}
        for b in Bill.objects.filter(mpp=mpp).order_by("pk")
    ]
