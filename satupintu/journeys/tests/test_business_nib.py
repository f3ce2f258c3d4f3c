"""The business journey: the NIB checked once against OSS at the investment office's step is
not asked again at the bank or BPJS Ketenagakerjaan's step (under the citizen's consent)."""

import json

import pytest
import time_machine

from satupintu.accounts.models import Role
from satupintu.accounts.tests.factories import make_user
from satupintu.journeys.consent import selectors, services
from satupintu.journeys.consent.models import DataUse
from satupintu.journeys.services import import_journeys
from satupintu.journeys.tests.consent_setup import MIN, NOON, officer_at
from satupintu.journeys.tests.factories import queued_service
from satupintu.queueing.counters import services as counters
from satupintu.queueing.tests.factories import open_all_day
from satupintu.tenancy.tests.factories import BoothFactory, CounterFactory, MppFactory

pytestmark = pytest.mark.django_db

JOURNEY = {
    "format": "satupintu-journeys",
    "schema_version": 1,
    "documents": [
        {"key": "nib", "name": "Nomor Induk Berusaha (NIB)", "aliases": ["Nomor Induk Berusaha"]},
        {"key": "ktp-el", "name": "KTP-el", "aliases": ["KTP-el"]},
    ],
    "life_events": [
        {
            "key": "memulai-usaha",
            "name": "Memulai usaha",
            "description": "NIB, rekening, BPJS Ketenagakerjaan.",
            "questions": [],
            "steps": [
                {"key": "nib", "service": "B01", "produces": ["nib"], "product_same_day": True},
                {"key": "rekening", "service": "O01", "needs": ["nib"]},
                {"key": "bpjstk", "service": "H01", "needs": ["nib"]},
            ],
        }
    ],
}


def test_a_nib_checked_once_is_not_asked_again_at_the_bank_or_bpjs(client):
    with time_machine.travel(NOON, tick=False):
        mpp = MppFactory(hours=[])
        open_all_day(mpp)
        dpmptsp, bank, bpjs = (
            CounterFactory(booth=BoothFactory(mpp=mpp, queue_prefix=p)) for p in "BOH"
        )
        queued_service([dpmptsp], "B", "B01", "KTP-el")
        queued_service([bank], "O", "O01", "KTP-el", "Nomor Induk Berusaha")
        queued_service([bpjs], "H", "H01", "Nomor Induk Berusaha")
        assert import_journeys(mpp=mpp, data=json.dumps(JOURNEY).encode()).ok
        owner = make_user(Role.CITIZEN, phone="081234567802", full_name="Sri Wahyuni")
        officers = [officer_at(c) for c in (dpmptsp, bank, bpjs)]
        services.take_journey_ticket(
            mpp=mpp,
            key="memulai-usaha",
            answers={},
            channel="online",
            phone="081234567802",
            user=owner,
            consent=True,
        )
        ticket = counters.call_next(counter=dpmptsp, officer=officers[0], now=NOON + MIN)
        counters.start_serving(ticket=ticket, actor=officers[0], now=NOON + MIN)
        client.force_login(officers[0])
        page = client.post(
            f"/staf/nomor/{ticket.public_id}/dokumen/", {"action": "nib", "nib": "9120001234567"}
        ).content.decode()
        assert "berlaku, atas nama Sri Wahyuni" in page and "56103" in page
        counters.finish(ticket=ticket, actor=officers[0], now=NOON + 5 * MIN)
        for at, officer, minute in ((bank, officers[1], 10), (bpjs, officers[2], 20)):
            ticket = counters.call_next(counter=at, officer=officer, now=NOON + minute * MIN)
            counters.start_serving(ticket=ticket, actor=officer, now=NOON + minute * MIN)
            (shown,) = selectors.verified_for(ticket)
            assert (shown.check.document_key, shown.check.reference) == ("nib", "9120001234567")
            assert shown.check.register == "oss"
            assert shown.check.register_answer["holder"] == "Sri Wahyuni"
            services.use_verified_document(officer=officer, ticket=ticket, check=shown.check)
            counters.finish(ticket=ticket, actor=officer, now=NOON + (minute + 5) * MIN)
        assert DataUse.objects.filter(document_check=shown.check).count() == 2
