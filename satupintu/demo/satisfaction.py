"""Demo data for the satisfaction app: six months of served visitors, counter ratings
and SKM questionnaires at the demo MPP, so the IKM page, the report and the coaching
view show something lived-in. Deterministic (a fixed random seed) and idempotent: it
does nothing when the MPP already has questionnaires.

History is written in bulk (about 800 finished tickets with their histories, as the
queue's services would have written them, their ratings and 550 questionnaires):
replaying months of queue transitions through the services would publish thousands of
events for nothing. Today's queue is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import cast

from django.db import transaction

from satupintu.accounts.models import Role, User
from satupintu.catalog.models import CounterService
from satupintu.core.calendar import closures_between, is_working_day
from satupintu.queueing.models import Channel, QueueService, Status, Ticket, TicketEvent
from satupintu.satisfaction.models import (
    AgeGroup,
    Education,
    FollowUp,
    Occupation,
    Rating,
    Sex,
    Source,
    SurveyResponse,
)
from satupintu.satisfaction.questionnaire import NEGATIVE_REASONS, POSITIVE_REASONS
from satupintu.satisfaction.services import settings_for
from satupintu.tenancy.models import Mpp

DAYS = 182
SEQ_BASE = 500  # historic numbers start here, far from anything issued on a demo day
# How each unsur tends to be answered (added to an agency's base); biaya is often free.
UNSUR_BIAS = {
    "persyaratan": 0.0,
    "prosedur": -0.1,
    "waktu": -0.35,
    "biaya": 0.45,
    "produk": 0.05,
    "kompetensi": 0.1,
    "perilaku": 0.15,
    "pengaduan": -0.3,
    "sarana": 0.0,
}
SUGGESTIONS = [
    "Ruang tunggu ditambah kursinya, siang hari penuh sekali.",
    "Pelayanan cepat dan petugas ramah, pertahankan.",
    "Mohon informasi persyaratan ditempel lebih jelas di depan gerai.",
    "Antrian online sangat membantu, terima kasih.",
    "AC di lantai dua kurang dingin.",
    "Petugas menjelaskan dengan sabar, terima kasih.",
    "Tempat parkir motor perlu diperluas.",
    "Sebaiknya ada petunjuk arah ke tiap loket.",
]


def _score(rng: random.Random, mean: float) -> int:
    return max(1, min(4, round(rng.gauss(mean, 0.55))))


@transaction.atomic
def seed(mpp: Mpp) -> None:
    """Make the demo MPP's satisfaction look lived-in; idempotent."""
    settings_for(mpp)
    if SurveyResponse.objects.filter(mpp=mpp).exists():
        return
    rng = random.Random(8)  # noqa: S311 - demo data, not security
    links = list(
        QueueService.objects.filter(mpp=mpp).select_related("queue", "service", "service__agency")
    )
    counters_of: dict[int, list[int]] = {}
    for service_id, counter_id in CounterService.objects.filter(mpp=mpp).values_list(
        "service_id", "counter_id"
    ):
        counters_of.setdefault(service_id, []).append(counter_id)
    officer_at: dict[int, int] = {}
    for officer in User.objects.filter(mpp=mpp, role=Role.OFFICER).prefetch_related("counters"):
        for counter in officer.counters.all():
            officer_at.setdefault(counter.pk, officer.pk)
    links = [link for link in links if counters_of.get(link.service_id)]
    if not links:
        return
    # each agency has its own level; one officer (the first counter's) slips lately
    agency_base = {link.service.agency_id: rng.uniform(2.9, 3.6) for link in links}
    slipping = min(officer_at.values()) if officer_at else None
    today = dt.datetime.now(mpp.tzinfo).date()
    tickets, plans = [], []
    seq: dict[tuple[int, dt.date], int] = {}
    closures = closures_between(mpp, today - dt.timedelta(days=DAYS), today)

    def visit(link: QueueService, counter_id: int, day: dt.date, r: random.Random) -> None:
        key = (link.queue_id, day)
        seq[key] = seq.get(key, SEQ_BASE) + 1
        issued = dt.datetime.combine(day, dt.time(8, 0), mpp.tzinfo) + dt.timedelta(
            minutes=r.randint(0, 420)
        )
        started = issued + dt.timedelta(minutes=r.randint(3, 40))
        finished = started + dt.timedelta(minutes=r.randint(4, 20))
        tickets.append(
            Ticket(
                mpp=mpp,
                queue_id=link.queue_id,
                service_id=link.service_id,
                day=day,
                seq=seq[key],
                number=f"{link.queue.prefix}-{seq[key]:03d}",
                channel=r.choice([Channel.KIOSK, Channel.KIOSK, Channel.ONLINE]),
                status=Status.DONE,
                issued_at=issued,
                called_at=started - dt.timedelta(minutes=1),
                started_at=started,
                finished_at=finished,
                counter_id=counter_id,
                officer_id=officer_at.get(counter_id),
                outcome="completed",
            )
        )
        plans.append((link, (today - day).days))

    # The slipping officer's counter is busy lately, so the weeks under the coaching
    # threshold hold enough ratings to flag (ratings.min_ratings); the extra visits draw
    # from their own random stream, so the other visits stay as they were.
    busy = random.Random(9)  # noqa: S311 - demo data, not security
    slipping_at = [
        (link, counter_id)
        for link in links
        for counter_id in counters_of[link.service_id]
        if slipping is not None and officer_at.get(counter_id) == slipping
    ]
    for back in range(DAYS, 0, -1):
        day = today - dt.timedelta(days=back)
        if not is_working_day(mpp, day, closures=closures):  # no visitors on days it is closed
            continue
        for _ in range(rng.randint(3, 8)):
            link = rng.choice(links)
            visit(link, rng.choice(counters_of[link.service_id]), day, rng)
        if back <= 21 and slipping_at:
            for _ in range(busy.randint(2, 4)):
                visit(*busy.choice(slipping_at), day, busy)
    Ticket.objects.bulk_create(tickets, batch_size=500)
    tickets = list(
        Ticket.objects.filter(mpp=mpp, seq__gt=SEQ_BASE, day__lt=today).order_by("finished_at")
    )
    TicketEvent.objects.bulk_create(_histories(tickets), batch_size=1000)
    plan_of = {link.service_id: link for link, _back in plans}
    ratings, responses = [], []
    for ticket in tickets:
        link = plan_of[ticket.service_id]
        base = agency_base[link.service.agency_id]
        back = (today - ticket.day).days
        mean = base + 0.25
        if ticket.officer_id == slipping and back <= 21:
            mean = 2.2  # three bad weeks: the coaching view flags it
        if rng.random() < 0.8:
            score = _score(rng, mean)
            pool = list(POSITIVE_REASONS if score >= 3 else NEGATIVE_REASONS)
            ratings.append(
                Rating(
                    mpp=mpp,
                    ticket=ticket,
                    service_id=ticket.service_id,
                    counter_id=ticket.counter_id,
                    officer_id=ticket.officer_id,
                    score=score,
                    reasons=rng.sample(pool, rng.randint(0, 2)),
                    source="tablet",
                    created_at=_finished_at(ticket) + dt.timedelta(seconds=40),
                )
            )
        if rng.random() < 0.62:
            responses.append(_response(rng, mpp, ticket, base))
    # paper questionnaires collected at the front desk, not tied to a ticket
    for _ in range(len(responses) // 6):
        ticket = rng.choice(tickets)
        paper = _response(
            rng, mpp, ticket, agency_base[plan_of[ticket.service_id].service.agency_id]
        )
        paper.ticket, paper.source = None, Source.PAPER
        paper.entered_by = User.objects.filter(mpp=mpp, role=Role.SUPERVISOR).first()
        responses.append(paper)
    Rating.objects.bulk_create(ratings, batch_size=500)
    SurveyResponse.objects.bulk_create(responses, batch_size=500)
    _follow_ups(mpp)


def _finished_at(ticket: Ticket) -> dt.datetime:
    """When a demo ticket was finished: every seeded ticket is done, so it is set."""
    return cast(dt.datetime, ticket.finished_at)


def _response(rng: random.Random, mpp: Mpp, ticket: Ticket, base: float) -> SurveyResponse:
    answers = {key: _score(rng, base + bias) for key, bias in UNSUR_BIAS.items()}
    return SurveyResponse(
        mpp=mpp,
        service_id=ticket.service_id,
        source=rng.choice([Source.TABLET, Source.TABLET, Source.QR, Source.LINK]),
        ticket=ticket,
        sex=rng.choice(Sex.values),
        age_group=rng.choices(AgeGroup.values, weights=[3, 5, 4, 3, 2])[0],
        education=rng.choices(Education.values, weights=[1, 2, 6, 2, 4, 1])[0],
        occupation=rng.choices(Occupation.values, weights=[2, 1, 1, 5, 5, 2, 3])[0],
        suggestion=rng.choice(SUGGESTIONS) if rng.random() < 0.15 else "",
        answered_at=_finished_at(ticket) + dt.timedelta(minutes=rng.randint(1, 90)),
        **answers,
    )


def _follow_ups(mpp: Mpp) -> None:
    author = User.objects.filter(mpp=mpp, role=Role.SUPERVISOR).first()
    items = [
        (
            "pengaduan",
            "Kotak saran digital di setiap gerai",
            "Unsur penanganan pengaduan paling rendah: pengaduan kini dapat disampaikan "
            "lewat kode QR di setiap gerai dan dijawab paling lambat 5 hari kerja.",
            FollowUp.State.IN_PROGRESS,
        ),
        (
            "waktu",
            "Tambah satu loket Disdukcapil pada jam sibuk",
            "Rata-rata waktu tunggu pukul 09.00–11.00 dikurangi dengan membuka loket tambahan.",
            FollowUp.State.PLANNED,
        ),
        (
            "sarana",
            "Penambahan 40 kursi ruang tunggu",
            "",
            FollowUp.State.DONE,
        ),
    ]
    for unsur, title, description, state in items:
        FollowUp.objects.get_or_create(
            mpp=mpp,
            title=title,
            defaults={
                "unsur": unsur,
                "description": description,
                "state": state,
                "author": author,
            },
        )


def _histories(tickets: list[Ticket]) -> list[TicketEvent]:
    """Each finished ticket's history (issue, call, start, finish): what the measures read
    (operations/measures.py), as the queue's services write it."""
    steps = (
        ("issue", "issued_at", "", Status.WAITING),
        ("call", "called_at", Status.WAITING, Status.CALLED),
        ("start", "started_at", Status.CALLED, Status.SERVING),
        ("finish", "finished_at", Status.SERVING, Status.DONE),
    )
    return [
        TicketEvent(
            ticket=ticket,
            mpp_id=ticket.mpp_id,
            at=getattr(ticket, moment),
            action=action,
            from_status=before,
            to_status=after,
            counter_id=None if action == "issue" else ticket.counter_id,
            actor_id=None if action == "issue" else ticket.officer_id,
        )
        for ticket in tickets
        for action, moment, before, after in steps
    ]
