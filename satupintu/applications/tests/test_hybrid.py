"""Hybrid service: the counter that calls a citizen's ticket sees their online application."""

from __future__ import annotations

from satupintu.applications import services
from satupintu.applications.selectors import applications_for_ticket
from satupintu.applications.tests.factories import online_service, submitted
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.counters.services import open_counter
from satupintu.queueing.tests.factories import queue_personas
from satupintu.queueing.tickets import services as queue


def test_called_ticket_shows_the_verified_application(client, personas):
    qp = queue_personas(personas)
    app = submitted(personas.citizen, online_service(personas.counter_xa.booth))
    officer = personas.officer_xa
    services.decide_files(
        user=officer,
        application=app,
        decisions=[services.FileDecision("p1", True), services.FileDecision("p2", True)],
    )
    services.verify_application(user=officer, application=app)
    mpp = personas.mpp_x
    other = queue.issue_ticket(
        mpp=mpp, service=qp.service_xa, channel="online", phone="+6281299990000"
    )
    mine = queue.issue_ticket(
        mpp=mpp, service=qp.service_xa, channel="online", phone="+6281234567890"
    )
    assert applications_for_ticket(other) == []
    assert applications_for_ticket(mine) == [app]
    # Another agency's ticket with the same phone does not see it.
    theirs = queue.issue_ticket(
        mpp=mpp, service=qp.service_xb, channel="online", phone="+6281234567890"
    )
    assert applications_for_ticket(theirs) == []

    open_counter(counter=personas.counter_xa, actor=officer)
    client.force_login(officer)
    console = f"/staf/loket/{personas.counter_xa.pk}/konsol/"
    first = counter_services.call_next(counter=personas.counter_xa, officer=officer)
    assert first == other and app.tracking_number not in client.get(console).text
    counter_services.start_serving(ticket=first, actor=officer)
    counter_services.finish(ticket=first, actor=officer)
    assert counter_services.call_next(counter=personas.counter_xa, officer=officer) == mine
    page = client.get(console).text
    assert app.tracking_number in page and "Permohonan daring pemohon ini" in page
