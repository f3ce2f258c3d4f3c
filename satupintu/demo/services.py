"""Load the demo MPPs (Banyumas from the reference catalog, and Purbalingga).

Idempotent: every row is looked up by its natural key and only written when
missing or different, so running the seed twice changes nothing.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction

from satupintu.accounts.models import Role, User
from satupintu.accounts.services import create_user
from satupintu.catalog.models import Category, CounterService, Service
from satupintu.catalog.services import (
    assign_service_to_counter,
    create_service,
    ensure_default_categories,
)
from satupintu.complaints.selectors import complaint_officers
from satupintu.core.identifiers import normalize_phone
from satupintu.demo import applications as demo_applications
from satupintu.demo import appointments as demo_appointments
from satupintu.demo import complaints as demo_complaints
from satupintu.demo import documents as demo_documents
from satupintu.demo import journeys as demo_journeys
from satupintu.demo import knowledge as demo_knowledge
from satupintu.demo import payments as demo_payments
from satupintu.demo import people
from satupintu.demo import satisfaction as demo_satisfaction
from satupintu.demo.catalog import (
    APPOINTMENT_AGENCIES,
    CATEGORY_OF_AGENCY,
    FIRST_PUBLISHED,
    ONLINE_AGENCIES,
    content_from_reference,
    refresh_demo_standard,
    standard_key,
)
from satupintu.queueing.models import Queue, QueueService
from satupintu.queueing.tickets.services import policy_for
from satupintu.tenancy.models import Agency, Booth, Closure, Counter, Mpp, OpeningHours

CATALOG_PATH = Path(__file__).parent / "data" / "mpp-banyumas.json"


@cache
def reference_catalog() -> dict:
    return json.loads(CATALOG_PATH.read_text(encoding="utf-8"))


def _upsert(model, lookup: dict, values: dict):
    """get_or_create, then write only the fields that differ (keeps re-runs write-free)."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if not created:
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if changed:
            for k in changed:
                setattr(obj, k, values[k])
            obj.save(update_fields=changed)
    return obj


@transaction.atomic
def seed_demo() -> dict:
    catalog = reference_catalog()
    ensure_default_categories()
    banyumas = _seed_mpp(_banyumas_profile(catalog), people.BANYUMAS)
    _seed_banyumas_agencies(banyumas, catalog)
    purbalingga = _seed_mpp(people.PURBALINGGA, people.PURBALINGGA)
    _seed_purbalingga_agencies(purbalingga, catalog)
    for mpp in (banyumas, purbalingga):
        _seed_queues(mpp)
        _seed_people(mpp, people.PEOPLE[mpp.slug])
    _seed_operator()
    demo_documents.prepare(banyumas)  # before applications reach "ready" and issue
    for extra in (
        demo_appointments,
        demo_applications,
        demo_satisfaction,
        demo_complaints,
        demo_knowledge,
        demo_documents,
        demo_payments,
        demo_journeys,
    ):
        extra.seed(banyumas)
    return demo_summary([banyumas, purbalingga])


def _banyumas_profile(catalog: dict) -> dict:
    ref = catalog["mpp"]
    return {
        **people.BANYUMAS,
        "name": ref["name"],
        "regency_code": ref["kode_wilayah_kemendagri"],
        "city": ref["city"],
        "address": ref["address"],
    }


def _seed_mpp(profile: dict, schedule: dict) -> Mpp:
    fields = [
        "name", "regency_name", "regency_code", "city", "address", "time_zone",
        "phone", "email", "public_info",
    ]  # fmt: skip
    values = {f: profile[f] for f in fields}
    values["phone"] = _e164(values["phone"])
    values["latitude"] = Decimal(profile["latitude"])
    values["longitude"] = Decimal(profile["longitude"])
    mpp = _upsert(Mpp, {"slug": profile["slug"]}, values)
    for weekday, periods in schedule["hours"].items():
        for opens_at, closes_at in periods:
            _upsert(
                OpeningHours,
                {"mpp": mpp, "weekday": weekday, "opens_at": opens_at},
                {"closes_at": closes_at},
            )
    for starts_on, ends_on, reason in schedule["closures"]:
        _upsert(
            Closure, {"mpp": mpp, "starts_on": starts_on}, {"ends_on": ends_on, "reason": reason}
        )
    return mpp


def _e164(phone: str) -> str:
    return normalize_phone(phone) if phone else ""


def _seed_booth(mpp: Mpp, agency: Agency, prefix: str, order: int, numbers: list[int]) -> Booth:
    booth = _upsert(
        Booth,
        {"mpp": mpp, "agency": agency},
        {"name": f"Gerai {agency.short_name}", "queue_prefix": prefix, "display_order": order},
    )
    for number in numbers:
        _upsert(Counter, {"mpp": mpp, "number": number}, {"booth": booth})
    return booth


def _seed_banyumas_agencies(mpp: Mpp, catalog: dict) -> None:
    for order, ref in enumerate(catalog["agencies"], start=1):
        agency = _upsert(
            Agency,
            {"code": ref["code"]},
            {
                "name": ref["name"],
                "short_name": people.SHORT_NAMES[ref["code"]],
                "kind": people.agency_kind(ref["type"]),
            },
        )
        _seed_booth(mpp, agency, ref["queue_prefix"], order, ref["counters"])
    for ref in catalog["services"]:
        _seed_service(mpp, Agency.objects.get(code=ref["agency"]), ref)
    _link_counters(mpp)


def _seed_purbalingga_agencies(mpp: Mpp, catalog: dict) -> None:
    services_by_code = {s["code"]: s for s in catalog["services"]}
    mirror: dict[str, Agency] = {}
    for order, row in enumerate(people.PURBALINGGA["agencies"], start=1):
        code, ref_code, name, short_name, kind, prefix, numbers = row
        if name is None:  # an agency shared with Banyumas (one branch office serves both)
            agency = Agency.objects.get(code=code)
        else:
            agency = _upsert(
                Agency, {"code": code}, {"name": name, "short_name": short_name, "kind": kind}
            )
        mirror[ref_code] = agency
        _seed_booth(mpp, agency, prefix, order, numbers)
    for code in people.PURBALINGGA["service_codes"]:
        ref = services_by_code[code]
        _seed_service(mpp, mirror[ref["agency"]], ref)
    _link_counters(mpp)


def _seed_service(mpp: Mpp, agency: Agency, ref: dict) -> Service:
    """Create the service with version 1 of its standard; an existing one is left alone
    (a second run must not publish a new version)."""
    existing = Service.objects.filter(mpp=mpp, code=ref["code"]).first()
    if existing is not None:
        refresh_demo_standard(existing, ref)
        return existing
    return create_service(
        mpp=mpp,
        agency=agency,
        code=ref["code"],
        standard_key=standard_key(ref["name"]),
        category=Category.objects.get(slug=CATEGORY_OF_AGENCY[ref["agency"]]),
        content=content_from_reference(ref),
        meta=FIRST_PUBLISHED,
        uses_appointment=ref["agency"] in APPOINTMENT_AGENCIES,
        online_application=ref["agency"] in ONLINE_AGENCIES,
    )


def _link_counters(mpp: Mpp) -> None:
    """Every counter of a booth serves every service of its agency, in code order."""
    linked = set(CounterService.objects.filter(mpp=mpp).values_list("counter_id", "service_id"))
    services = list(Service.objects.filter(mpp=mpp).order_by("code"))
    for counter in Counter.objects.filter(mpp=mpp).select_related("booth"):
        for service in services:
            if (
                service.agency_id == counter.booth.agency_id
                and (counter.pk, service.pk) not in linked
            ):
                assign_service_to_counter(counter=counter, service=service)


def _seed_queues(mpp: Mpp) -> None:
    """One queue per booth, named after its agency, holding all of that agency's services."""
    policy_for(mpp)
    for booth in Booth.objects.filter(mpp=mpp).select_related("agency"):
        queue, _created = Queue.objects.get_or_create(
            mpp=mpp, prefix=booth.queue_prefix, defaults={"name": booth.agency.short_name}
        )
        queued = set(QueueService.objects.filter(queue=queue).values_list("service_id", flat=True))
        for service in Service.objects.filter(mpp=mpp, agency=booth.agency):
            if service.pk not in queued:
                QueueService.objects.create(mpp=mpp, queue=queue, service=service)


def _seed_people(mpp: Mpp, rows: list[tuple]) -> None:
    for email, phone, full_name, role, agency_code, counter_numbers in rows:
        agency = Agency.objects.get(code=agency_code) if agency_code else None
        counters = list(Counter.objects.filter(mpp=mpp, number__in=counter_numbers))
        home = None if role == Role.CITIZEN else mpp
        existing = User.objects.filter(email=email).first() if email else None
        if existing is None and phone:
            existing = User.objects.filter(phone=_e164(phone)).first()
        if existing is None:
            create_user(
                email=email,
                phone=phone,
                password=people.DEMO_PASSWORD,
                full_name=full_name,
                role=role,
                mpp=home,
                agency=agency,
                counters=counters,
            )
        else:
            _upsert(
                User,
                {"pk": existing.pk},
                {"full_name": full_name, "role": role, "mpp": home, "agency": agency},
            )
            if {c.pk for c in existing.counters.all()} != {c.pk for c in counters}:
                existing.counters.set(counters)


def _seed_operator() -> None:
    email, full_name = people.OPERATOR
    if not User.objects.filter(email=email).exists():
        create_user(
            email=email, password=people.DEMO_PASSWORD, full_name=full_name, role=Role.OPERATOR
        )


def demo_summary(mpps: list[Mpp]) -> dict:
    """The JSON contract of `satupintu seed_demo --json` (README, docs/operations.md)."""
    result = []
    for mpp in mpps:
        counters = (
            Counter.objects.filter(mpp=mpp)
            .prefetch_related("service_links__service")
            .order_by("number")
        )
        accounts = []
        for slug_people in people.PEOPLE[mpp.slug]:
            email, phone = slug_people[0], slug_people[1]
            user = User.objects.get(email=email) if email else User.objects.get(phone=_e164(phone))
            account: dict[str, Any] = {
                "login": user.login,
                "role": user.role,
                "name": user.full_name,
            }
            if user.role == Role.OFFICER and user.agency:
                account["agency"] = user.agency.code
            if user.role in {Role.OFFICER, Role.TABLET}:
                account["counters"] = sorted(c.pk for c in user.counters.all())
            accounts.append(account)
        result.append(
            {
                "slug": mpp.slug,
                "name": mpp.name,
                "counters": [
                    {
                        "id": c.pk,
                        "number": c.number,
                        "services": [link.service.code for link in c.service_links.all()],
                    }
                    for c in counters
                ],
                "accounts": accounts,
                "documents": demo_documents.summary(mpp),  # verification_code, status
                # who takes the MPP's complaints (complaints/access.py: its supervisor)
                "complaint_officers": [
                    {"login": u.login, "name": u.full_name} for u in complaint_officers(mpp)
                ],
                "bills": demo_payments.summary(mpp),  # payments: unpaid, paid, expired
            }
        )
    return {
        "mpps": result,
        "operators": [{"login": people.OPERATOR[0], "role": Role.OPERATOR}],
        "password": people.DEMO_PASSWORD,
    }
