"""A small birth journey over three services of two agencies, made through the catalog's
and the journeys' own services."""

from __future__ import annotations

import json
from dataclasses import dataclass

from satupintu.appointments.models import SlotSetting
from satupintu.catalog.models import Service
from satupintu.catalog.services import assign_service_to_counter
from satupintu.catalog.standard import RequirementData
from satupintu.catalog.tests.factories import make_service
from satupintu.journeys.services import import_journeys
from satupintu.queueing.models import Queue, QueueService
from satupintu.queueing.tests.factories import open_all_day
from satupintu.tenancy.models import Counter, Mpp
from satupintu.tenancy.tests.factories import BoothFactory, CounterFactory, MppFactory


def reqs(*names: str) -> tuple[RequirementData, ...]:
    return tuple(RequirementData(name, form="original_and_copy") for name in names)


@dataclass
class Birth:
    mpp: Mpp
    akta: Service
    kk: Service
    jkn: Service
    dukcapil: list[Counter]
    bpjs: Counter


def journeys_document(**overrides) -> dict:
    """The birth journey of `make_birth`, as a journeys file."""
    document = {
        "format": "satupintu-journeys",
        "schema_version": 1,
        "documents": [
            {
                "key": "kk",
                "name": "Kartu Keluarga (KK)",
                "aliases": ["KK", "KK orang tua", "KK lama"],
            },
            {"key": "ktp-el", "name": "KTP-el", "aliases": ["KTP-el orang tua"]},
            {"key": "akta-kelahiran", "name": "Kutipan akta kelahiran", "aliases": []},
        ],
        "life_events": [
            {
                "key": "kelahiran",
                "name": "Kelahiran anak",
                "description": "Akta, KK, BPJS.",
                "questions": [
                    {
                        "key": "jkn",
                        "text": "Daftarkan di BPJS Kesehatan?",
                        "options": ["Ya", "Tidak"],
                    }
                ],
                "steps": [
                    {"key": "akta", "service": "A01", "produces": ["akta-kelahiran"]},
                    {
                        "key": "kk",
                        "service": "A02",
                        "needs": ["akta"],
                        "requirement_documents": {"Dokumen dasar perubahan": "akta-kelahiran"},
                        "produces": ["kk"],
                    },
                    {
                        "key": "jkn",
                        "service": "G01",
                        "needs": ["kk"],
                        "when": {"question": "jkn", "answers": ["Ya"]},
                    },
                ],
            }
        ],
    }
    document.update(overrides)
    return document


def queued_service(counters: list[Counter], prefix: str, code: str, *names: str) -> Service:
    """A service of the counters' booth, in its own queue, served at those counters."""
    booth = counters[0].booth
    service = make_service(booth=booth, code=code, requirements=reqs(*names))
    queue = Queue.objects.create(mpp=booth.mpp, prefix=prefix, name=code)
    QueueService.objects.create(mpp=booth.mpp, queue=queue, service=service)
    for counter in counters:
        assign_service_to_counter(counter=counter, service=service)
    return service


def make_birth(*, imported: bool = True) -> Birth:
    """Dukcapil (two counters: A01 akta, A02 KK) and BPJS (one counter: G01), open all day."""
    mpp = MppFactory(hours=[])
    open_all_day(mpp)
    dukcapil = BoothFactory(mpp=mpp, queue_prefix="A")
    counters = [CounterFactory(booth=dukcapil), CounterFactory(booth=dukcapil)]
    bpjs = CounterFactory(booth=BoothFactory(mpp=mpp, queue_prefix="G"))
    akta = queued_service(
        counters, "A", "A01", "Surat keterangan kelahiran", "KK orang tua", "KTP-el orang tua"
    )
    kk = queued_service(counters, "AK", "A02", "KK lama", "Dokumen dasar perubahan")
    jkn = queued_service([bpjs], "G", "G01", "KTP-el", "KK", "Kartu JKN-KIS")
    if imported:
        report = import_journeys(mpp=mpp, data=json.dumps(journeys_document()).encode())
        assert report.ok, report.problems
    return Birth(mpp, akta, kk, jkn, counters, bpjs)


def make_bookable_birth(*, capacity: int = 1, slot_minutes: int = 30) -> Birth:
    """`make_birth` whose three services are booked by appointment in slots of
    `slot_minutes` with `capacity` places, no cut-off, two weeks ahead."""
    birth = make_birth()
    for service in (birth.akta, birth.kk, birth.jkn):
        Service.objects.filter(pk=service.pk).update(uses_appointment=True)
        SlotSetting.objects.create(
            mpp=birth.mpp,
            service=service,
            slot_minutes=slot_minutes,
            capacity=capacity,
            cutoff_minutes=0,
            max_days_ahead=14,
        )
    return birth
