"""A birth journey's visit with its officers, for the verified-once tests: the citizen took
one journey number (with or without consent), Dukcapil's officer checked the KK at step 1,
and the number is now at BPJS's counter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from satupintu.accounts.models import Role, User
from satupintu.accounts.tests.factories import make_user
from satupintu.journeys.consent import services as consent
from satupintu.journeys.consent.models import DocumentCheck
from satupintu.journeys.tests.factories import Birth, make_birth
from satupintu.queueing.counters import services as counters
from satupintu.queueing.models import Channel, Ticket

NOON = dt.datetime(2026, 8, 10, 5, 0, tzinfo=dt.UTC)  # Monday 12.00 WIB
MIN = dt.timedelta(minutes=1)


@dataclass
class Visit:
    birth: Birth
    citizen: User
    dukcapil_officer: User
    bpjs_officer: User
    first: Ticket  # the visit: the journey's first number (akta, Dukcapil)
    at_bpjs: Ticket  # the last step's number, called at BPJS's counter
    kk_check: DocumentCheck


def officer_at(counter, **extra) -> User:
    user = make_user(Role.OFFICER, mpp=counter.mpp, agency=counter.booth.agency, **extra)
    user.counters.add(counter)
    return user


def serve(counter, officer, *, now, check: str = ""):
    ticket = counters.call_next(counter=counter, officer=officer, now=now)
    counters.start_serving(ticket=ticket, actor=officer, now=now)
    made = None
    if check:
        made = consent.record_check(officer=officer, ticket=ticket, document_key=check, now=now)
    counters.finish(ticket=ticket, actor=officer, now=now)
    return ticket, made


def make_visit(*, consent_given: bool, birth: Birth | None = None) -> Visit:
    birth = birth or make_birth()
    citizen = make_user(Role.CITIZEN, phone="081234567801", full_name="Sri Wahyuni")
    duk = officer_at(birth.dukcapil[0], full_name="Rina Dukcapil")
    duk.counters.add(birth.dukcapil[1])
    bpjs = officer_at(birth.bpjs, full_name="Agus BPJS")
    first = consent.take_journey_ticket(
        mpp=birth.mpp,
        key="kelahiran",
        answers={"jkn": "Ya"},
        channel=Channel.ONLINE,
        phone="081234567801",
        user=citizen,
        consent=consent_given,
        now=NOON,
    )
    _ticket, check = serve(birth.dukcapil[0], duk, now=NOON + 5 * MIN, check="kk")
    serve(birth.dukcapil[1], duk, now=NOON + 10 * MIN)
    at_bpjs = counters.call_next(counter=birth.bpjs, officer=bpjs, now=NOON + 15 * MIN)
    assert at_bpjs is not None and at_bpjs.service == birth.jkn
    assert check is not None
    return Visit(birth, citizen, duk, bpjs, first, at_bpjs, check)
