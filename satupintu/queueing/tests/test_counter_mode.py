"""A counter's mode (buka / istirahat / tutup): the service, the API, the staff room, the events."""

import datetime as dt

import pytest

from satupintu.catalog.models import CounterService
from satupintu.core.errors import DomainError
from satupintu.core.tests.concurrency import run_concurrently
from satupintu.queueing.board.selectors import queue_snapshot
from satupintu.queueing.board.snapshot import apply_event
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.counters.selectors import closing_effects, counter_console
from satupintu.queueing.counters.services import (
    close_counter,
    effective_mode,
    open_counter,
    pause_counter,
    set_counter_mode,
)
from satupintu.queueing.models import CounterState, Status
from satupintu.queueing.tests.factories import make_queue, queue_personas
from satupintu.queueing.tickets import services

Mode = CounterState.Mode


def issue(q, priority=""):
    return services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk", priority=priority)


@pytest.mark.django_db
def test_a_counter_without_a_mode_yet_is_open_and_calls():
    q = make_queue()
    ticket = issue(q)
    assert counter_console(q.counters[0])["mode"] == Mode.OPEN
    assert counter_services.call_next(counter=q.counters[0], officer=None) == ticket


@pytest.mark.django_db
def test_a_paused_counter_refuses_to_call_and_keeps_the_waiting_line(personas):
    q = make_queue()
    counter = q.counters[0]
    ticket = issue(q)
    assert pause_counter(counter=counter, actor=personas.supervisor_x) == Mode.PAUSED
    with pytest.raises(DomainError) as refused:
        counter_services.call_next(counter=counter, officer=None)
    assert refused.value.code == "counter_paused"
    assert refused.value.message == "Loket sedang istirahat. Buka loket dulu untuk memanggil."
    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING
    counter.refresh_from_db()
    assert counter.is_active  # a break is not closing: the wait estimate still counts it

    open_counter(counter=counter, actor=None)
    assert counter_services.call_next(counter=counter, officer=None) == ticket


@pytest.mark.django_db
def test_a_closed_counter_refuses_to_call_and_is_inactive_for_the_rest_of_the_system():
    q = make_queue()
    counter = q.counters[0]
    issue(q)
    close_counter(counter=counter, actor=None)
    counter.refresh_from_db()
    assert not counter.is_active
    assert not queue_snapshot(q.mpp)["counters"][0]["is_active"]
    with pytest.raises(DomainError) as refused:
        counter_services.call_next(counter=counter, officer=None)
    assert refused.value.code == "counter_closed"
    assert "Buka loket dulu" in refused.value.message


@pytest.mark.django_db
def test_a_counter_switched_off_elsewhere_counts_as_closed():
    q = make_queue()
    counter = q.counters[0]
    pause_counter(counter=counter, actor=None)
    counter.is_active = False  # the tenancy flag, e.g. from the admin
    counter.save(update_fields=["is_active"])
    assert counter_console(counter)["mode"] == Mode.CLOSED
    assert open_counter(counter=counter, actor=None) == Mode.OPEN
    counter.refresh_from_db()
    assert counter.is_active


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.CALLED, Status.SERVING])
def test_closing_with_a_ticket_at_the_counter_is_refused(status):
    q = make_queue()
    counter = q.counters[0]
    issue(q)
    ticket = counter_services.call_next(counter=counter, officer=None)
    if status == Status.SERVING:
        counter_services.start_serving(ticket=ticket, actor=None)
    with pytest.raises(DomainError) as refused:
        close_counter(counter=counter, actor=None)
    assert refused.value.code == "counter_busy" and ticket.number in refused.value.message
    assert counter_console(counter)["mode"] == Mode.OPEN
    # a break is allowed: the officer finishes this visitor and then rests
    assert pause_counter(counter=counter, actor=None) == Mode.PAUSED


@pytest.mark.django_db
def test_each_change_is_published_once_and_leaves_the_board_as_it_was(
    bus, django_capture_on_commit_callbacks
):
    q = make_queue()
    counter = q.counters[0]
    issue(q)
    before = queue_snapshot(q.mpp)
    cursor = bus.hub.last_id
    with django_capture_on_commit_callbacks(execute=True):
        pause_counter(counter=counter, actor=None)
        pause_counter(counter=counter, actor=None)  # no change: no event
        close_counter(counter=counter, actor=None)
    missed, _cursor = bus.hub.since(f"mpp:{q.mpp.pk}", cursor)
    assert [(e.type, e.data["mode"]) for e in missed] == [
        ("counter", "paused"),
        ("counter", "closed"),
    ]
    assert missed[0].data["counter"] == counter.pk
    assert missed[0].data["counter_number"] == counter.number
    state = before
    for event in missed:
        state = apply_event(state, event.type, event.data)  # ticket screens are not broken
    assert state["waiting"] == before["waiting"]


@pytest.mark.django_db
def test_the_last_change_records_who_and_when(personas):
    q = queue_personas(personas)
    counter = q.p.counter_xa
    assert counter_console(counter)["last_change"] is None
    pause_counter(counter=counter, actor=q.p.officer_xa)
    last = counter_console(counter)["last_change"]
    assert last["actor"] == q.p.officer_xa.full_name and last["at"] is not None
    at = last["at"] + dt.timedelta(minutes=5)
    set_counter_mode(counter=counter, mode="open", actor=None, now=at)  # the system's
    assert counter_console(counter)["last_change"] == {"at": at, "actor": None}


# --- through the API, with the personas


@pytest.fixture
def q(personas):
    return queue_personas(personas)


def post(client, q, user, path):
    token = q.p.token(user)
    return client.generic(
        "POST", f"/api/v1{path}", b"", headers={"authorization": f"Bearer {token}"}
    )


@pytest.mark.django_db
def test_the_officer_of_the_counter_switches_its_mode_through_the_api(client, q):
    path = f"/counters/{q.p.counter_xa.pk}"
    paused = post(client, q, q.p.officer_xa, f"{path}/pause")
    assert paused.status_code == 200
    assert paused.json() == {
        "id": q.p.counter_xa.pk,
        "number": 1,
        "mode": "paused",
        "is_active": True,
    }
    assert post(client, q, q.p.officer_xa, f"{path}/close").json()["mode"] == "closed"
    assert post(client, q, q.p.officer_xa, f"{path}/open").json()["mode"] == "open"


@pytest.mark.django_db
def test_others_may_not_switch_a_counter(client, q):
    path = f"/counters/{q.p.counter_xa.pk}/close"
    refused = post(client, q, q.p.officer_xb, path)
    assert refused.status_code == 403 and set(refused.json()) == {"code", "message"}
    assert post(client, q, q.p.officer_ya, path).status_code == 404
    assert client.post(f"/api/v1{path}").status_code == 401
    assert counter_console(q.p.counter_xa)["mode"] == Mode.OPEN


@pytest.mark.django_db
def test_the_mode_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for action in ("open", "pause", "close"):
        assert f"/api/v1/counters/{{counter_id}}/{action}" in paths


@pytest.mark.django_db
def test_closing_in_the_staff_room_with_a_ticket_at_the_counter_explains_why_not(client, q):
    services.issue_ticket(mpp=q.p.mpp_x, service=q.service_xa, channel="kiosk")
    ticket = counter_services.call_next(counter=q.p.counter_xa, officer=q.p.officer_xa)
    client.force_login(q.p.officer_xa)
    url = f"/staf/loket/{q.p.counter_xa.pk}/status/"
    asked = client.post(url, {"is_active": "0"}, follow=True).content.decode()
    # the confirmation says why first, and offers the console instead of "Ya, tutup"
    assert f"Nomor {ticket.number} masih dipanggil di loket ini" in asked
    assert "Ya, tutup loket 1" not in asked and "Konsol loket 1" in asked
    response = client.post(url, {"is_active": "0", "confirm": "1"}, follow=True)
    html = response.content.decode()
    assert f"Loket belum dapat ditutup: nomor {ticket.number} masih dipanggil" in html
    assert counter_console(q.p.counter_xa)["mode"] == Mode.OPEN


@pytest.mark.django_db
def test_closing_names_who_would_be_left_waiting_for_services_only_this_counter_serves(q):
    for _ in range(2):
        services.issue_ticket(mpp=q.p.mpp_x, service=q.service_xa, channel="kiosk")
    effects = closing_effects(q.p.counter_xa)
    assert effects["current"] is None
    assert [(s["code"], s["waiting"]) for s in effects["stranded"]] == [(q.service_xa.code, 2)]
    assert effects["stranded_total"] == 2
    assert counter_console(q.p.counter_xa)["stranded_total"] == 2
    # once another open counter serves it too, nobody is left waiting by closing this one
    CounterService.objects.create(mpp=q.p.mpp_x, counter=q.p.counter_xb, service=q.service_xa)
    assert closing_effects(q.p.counter_xa)["stranded"] == []
    assert counter_console(q.p.counter_xa)["stranded"] == []
    # …but a closed one does not count
    close_counter(counter=q.p.counter_xb, actor=None)
    assert closing_effects(q.p.counter_xa)["stranded_total"] == 2


@pytest.mark.django_db
def test_the_staff_room_and_the_console_share_one_mode(client, q):
    client.force_login(q.p.officer_xa)
    pause_counter(counter=q.p.counter_xa, actor=q.p.officer_xa)
    html = client.get("/staf/").content.decode()
    assert "Istirahat" in html and "Buka loket 1" in html and "Tutup loket 1" in html
    client.post(f"/staf/loket/{q.p.counter_xa.pk}/status/", {"is_active": "1"})
    assert counter_console(q.p.counter_xa)["mode"] == Mode.OPEN


# --- two officers at once


@pytest.mark.django_db(transaction=True)
@pytest.mark.concurrency
def test_two_officers_pressing_open_and_close_at_once_end_in_a_valid_state():
    q = make_queue()
    counter = q.counters[0]
    for round_ in range(6):
        set_counter_mode(counter=counter, mode=Mode.PAUSED, actor=None)
        wanted = [Mode.OPEN, Mode.CLOSED] if round_ % 2 else [Mode.CLOSED, Mode.OPEN]
        results = run_concurrently(
            lambda i, wanted=wanted: set_counter_mode(counter=counter, mode=wanted[i], actor=None),
            2,
        )
        assert all(r in Mode.values for r in results), results
        counter.refresh_from_db()
        state = CounterState.objects.get(counter=counter)
        final = effective_mode(counter, state)
        assert final in results  # the last writer wins, whole
        assert counter.is_active == (final != Mode.CLOSED)
        assert state.mode == final


@pytest.mark.django_db(transaction=True)
@pytest.mark.concurrency
def test_a_call_racing_a_close_either_calls_then_refuses_the_close_or_is_refused():
    q = make_queue()
    counter = q.counters[0]
    for _ in range(6):
        open_counter(counter=counter, actor=None)
        issue(q)

        def act(i):
            if i == 0:
                return counter_services.call_next(counter=counter, officer=None)
            return close_counter(counter=counter, actor=None)

        called, closed = run_concurrently(act, 2)
        counter.refresh_from_db()
        state = CounterState.objects.select_related("current").get(counter=counter)
        if isinstance(called, DomainError):  # the close went first
            assert closed == Mode.CLOSED and not counter.is_active
        else:  # the call went first, so the close was refused
            assert isinstance(closed, DomainError) and closed.code == "counter_busy"
            assert state.current == called and counter.is_active
            counter_services.start_serving(ticket=called, actor=None)
            counter_services.finish(ticket=called, actor=None)
