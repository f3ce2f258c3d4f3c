"""Payments test data: an MPP with payments configured, a service with a fee, and an
application taken to "awaiting payment" through the services (which issues its bill)."""

from __future__ import annotations

from satupintu.accounts.models import Role
from satupintu.accounts.tests.factories import make_user
from satupintu.applications import services
from satupintu.applications.models import Application
from satupintu.applications.tests.factories import REQUIREMENTS, submitted
from satupintu.catalog.models import Category
from satupintu.catalog.services import create_service, ensure_default_categories
from satupintu.catalog.standard import FeeVariantData
from satupintu.catalog.tests.factories import FIRST, content
from satupintu.payments.models import Bill, PaymentSettings, RevenueAccount
from satupintu.tenancy.models import AgencyKind
from satupintu.tenancy.tests.factories import AgencyFactory, BoothFactory

FEE = 50_000  # Rp
NMID = "ID1020021181745"


def configure(mpp, *, bank_agency=None) -> PaymentSettings:
    return PaymentSettings.objects.create(
        mpp=mpp,
        merchant_name="MPP UJI",
        merchant_city="PURWOKERTO",
        nmid=NMID,
        va_prefix="8808",
        bank_agency=bank_agency,
    )


def fee_service(booth, *, code="A60", fee=FEE, variants=()):
    ensure_default_categories()
    return create_service(
        mpp=booth.mpp,
        agency=booth.agency,
        code=code,
        standard_key=f"izin-{code.lower()}",
        category=Category.objects.get(slug="kependudukan"),
        content=content(
            name="Izin reklame",
            fee_rupiah=fee,
            fee_kind="fixed" if fee is not None else "variable",
            processing_time_value=5,
            processing_time_unit="working_days",
            requirements=REQUIREMENTS,
            fee_variants=tuple(FeeVariantData(n, a) for n, a in variants),
        ),
        meta=FIRST,
        online_application=True,
    )


def bank(personas):
    """The MPP X's collecting bank (an agency of kind bank) and one of its officers."""
    agency = AgencyFactory(code="BANK-JTG", kind=AgencyKind.BANK)
    BoothFactory(mpp=personas.mpp_x, agency=agency, queue_prefix="K")
    officer = make_user(Role.OFFICER, mpp=personas.mpp_x, agency=agency)
    return agency, officer


def setup(personas, *, fee=FEE, variants=()):
    agency, bank_officer = bank(personas)
    configure(personas.mpp_x, bank_agency=agency)
    booth = personas.counter_xa.booth
    RevenueAccount.objects.create(
        mpp=personas.mpp_x, agency=booth.agency, code="4.1.02.01.01.0001", name="Retribusi izin"
    )
    service = fee_service(booth, fee=fee, variants=variants)
    return service, bank_officer


def awaiting_payment(personas, service) -> Application:
    officer = personas.officer_xa
    app = submitted(personas.citizen, service)
    services.start_verification(user=officer, application=app)
    services.decide_files(
        user=officer,
        application=app,
        decisions=[services.FileDecision(k, accepted=True) for k in ("p1", "p2")],
    )
    services.verify_application(user=officer, application=app)
    return services.advance_application(user=officer, application=app)


def bill_of(application) -> Bill:
    return Bill.objects.get(application=application)
