"""The demo's five life events, built from the reference catalog, plan for every answer."""

import itertools

import pytest
from django.utils import timezone

from satupintu.core.calendar import add_working_days
from satupintu.demo.services import seed_demo
from satupintu.journeys.selectors import journey_plan, life_events_at
from satupintu.journeys.services import book_journey
from satupintu.tenancy.models import Mpp

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_every_demo_life_event_plans_for_every_combination_of_answers():
    seed_demo()
    mpp = Mpp.objects.get(slug="banyumas")
    events = list(life_events_at(mpp))
    assert {e.key for e in events} == {
        "kelahiran",
        "pindah",
        "perkawinan",
        "memulai-usaha",
        "kematian",
    }
    for event in events:
        questions = list(event.questions.all())
        for choice in itertools.product(*(q.options for q in questions)):
            answers = {q.key: a for q, a in zip(questions, choice, strict=True)}
            plan = journey_plan(mpp, event.key, answers)
            names = [r.name for r in plan.requirements]
            assert len(names) == len(set(names)), (event.key, answers)
            assert plan.steps, (event.key, answers)
    birth = journey_plan(mpp, "kelahiran", {"kia": "Ya", "jkn": "Ya"})
    assert [s.service.code for s in birth.steps] == ["A05", "A04", "A07", "G02"]
    assert {p.name for p in birth.provided} == {"Kutipan akta kelahiran", "Kartu Keluarga (KK)"}
    business = journey_plan(
        mpp,
        "memulai-usaha",
        {"npwp": "Belum", "pangan": "Tidak", "rekening": "Ya", "bpjstk": "Tidak"},
    )
    bank = business.steps[-1]
    assert bank.service.code == "O01" and bank.needs == [1, 2]  # after NPWP and NIB
    # the birth is bookable as one visit on the next working day, in the plan's order
    day = add_working_days(mpp, timezone.localdate(timezone.now(), mpp.tzinfo), 1)
    booked = book_journey(
        mpp=mpp,
        key="kelahiran",
        answers={"kia": "Ya", "jkn": "Ya"},
        day=day,
        name="Warga Demo",
        nik="3302014501900099",
        phone="081327009999",
    )
    assert [b.service.code for _v, b in booked] == ["A05", "A04", "A07", "G02"]
    starts = [b.start for _v, b in booked]
    assert starts == sorted(starts) and len(set(starts)) == 4
