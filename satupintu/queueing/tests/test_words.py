"""The queue's minutes in words: whole, pluralised minutes, never "0.0 minute"."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.models import Channel
from satupintu.queueing.tests.factories import queue_personas
from satupintu.queueing.tickets import services
from satupintu.queueing.tickets.selectors import ticket_view
from satupintu.queueing.waits.words import minutes_words


@pytest.mark.parametrize(
    ("minutes", "indonesian", "english"),
    [
        (None, "", ""),
        (0.0, "kurang dari 1 menit", "less than a minute"),
        (0.4, "kurang dari 1 menit", "less than a minute"),
        (0.6, "1 menit", "1 minute"),
        (1.0, "1 menit", "1 minute"),
        (12.3, "12 menit", "12 minutes"),
    ],
)
def test_minutes_are_whole_and_pluralised(minutes, indonesian, english):
    with translation.override("id"):
        assert minutes_words(minutes) == indonesian
    with translation.override("en"):
        assert minutes_words(minutes) == english


@pytest.mark.django_db
def test_the_consoles_average_of_quick_services_is_less_than_a_minute(personas):
    q = queue_personas(personas)
    counter = q.p.counter_xa
    ticket = services.issue_ticket(mpp=q.p.mpp_x, service=q.service_xa, channel=Channel.KIOSK)
    counter_services.call_next(counter=counter, officer=None)
    ticket = counter_services.start_serving(ticket=ticket, actor=None)
    counter_services.finish(ticket=ticket, actor=None)
    client = Client()
    client.force_login(q.p.officer_xa)
    client.cookies["django_language"] = "en"
    url = f"/staf/loket/{counter.pk}/konsol/"
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<dt>Average service time</dt><dd>less than a minute</dd>" in html
    assert "0.0" not in html


@pytest.mark.django_db
def test_a_ticket_no_counter_will_call_for_now_says_so_instead_of_an_empty_estimate(personas):
    q = queue_personas(personas)
    ticket = services.issue_ticket(mpp=q.p.mpp_x, service=q.service_xa, channel=Channel.KIOSK)
    counter_services.set_counter_mode(counter=q.p.counter_xa, mode="closed", actor=None)
    assert ticket_view(ticket)["eta_minutes"] is None
    with translation.override("id"):
        assert ticket_view(ticket)["wait_text"] == "belum dapat diperkirakan: loketnya sedang tutup"
    with translation.override("en"):
        assert ticket_view(ticket)["wait_text"] == "not known yet: its counters are closed"
