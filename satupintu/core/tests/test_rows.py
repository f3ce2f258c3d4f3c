"""core/rows.py writes and reads the rows the ORM would, on both databases."""

import datetime as dt
import uuid

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models.signals import pre_save

from satupintu.accounts.models import Role, User
from satupintu.accounts.tests.factories import make_user
from satupintu.core import rows
from satupintu.queueing.models import CounterState, Ticket, TicketEvent
from satupintu.queueing.tests.factories import make_queue
from satupintu.tenancy.models import Counter

pytestmark = pytest.mark.django_db

WHEN = dt.datetime(2026, 11, 23, 2, 30, 15, 123456, tzinfo=dt.UTC)


def _ticket(q, seq: int, **fields) -> Ticket:
    values = {
        "mpp": q.mpp,
        "queue": q.queue,
        "service": q.service,
        "day": dt.date(2026, 11, 23),
        "seq": seq,
        "number": f"A-{seq:03d}",
        "channel": "kiosk",
        "issued_at": WHEN,
    }
    return Ticket(**(values | fields))


def _columns(ticket: Ticket) -> dict:
    return {f.attname: getattr(ticket, f.attname) for f in Ticket._meta.concrete_fields}


def test_an_inserted_row_reads_back_through_the_orm_as_written():
    q = make_queue()
    ticket = rows.insert(_ticket(q, 1, priority="lansia", due_at=WHEN + dt.timedelta(hours=1)))
    assert ticket.pk is not None and not ticket._state.adding
    assert _columns(Ticket.objects.get(pk=ticket.pk)) == _columns(ticket)


def test_a_row_read_by_key_equals_the_orm_read_with_aware_times_and_uuids():
    q = make_queue()
    saved = _ticket(q, 1, phone="6281234567890", called_at=WHEN)
    saved.save()
    by_pk = rows.get_by(Ticket, "pk", saved.pk)
    by_public_id = rows.get_by(Ticket, "public_id", str(saved.public_id))
    orm = Ticket.objects.get(pk=saved.pk)
    assert _columns(by_pk) == _columns(by_public_id) == _columns(orm)
    assert by_pk.issued_at == WHEN and by_pk.issued_at.tzinfo is not None
    assert isinstance(by_pk.public_id, uuid.UUID)


def test_a_missing_row_or_an_impossible_key_is_none_not_an_error():
    make_queue()
    assert rows.get_by(Ticket, "pk", 987_654) is None
    assert rows.get_by(Ticket, "pk", 2**70) is None  # SQLite alone would raise OverflowError
    assert rows.get_by(Ticket, "public_id", uuid.uuid4()) is None
    assert rows.exists(TicketEvent, ticket_id=2**70) is False


def test_an_update_writes_only_the_named_fields():
    q = make_queue()
    ticket = rows.insert(_ticket(q, 1))
    ticket.status, ticket.called_at, ticket.note = "called", WHEN, "not written"
    rows.update(ticket, ["status", "called_at"])
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.status, stored.called_at, stored.note) == ("called", WHEN, "")


def test_an_update_of_a_row_that_is_gone_is_an_error_like_the_orms():
    q = make_queue()
    ticket = rows.insert(_ticket(q, 1))
    Ticket.objects.filter(pk=ticket.pk).delete()
    with pytest.raises(DatabaseError):
        rows.update(ticket, ["status"])


def test_a_broken_constraint_is_djangos_integrity_error_and_writes_nothing():
    q = make_queue()
    rows.insert(_ticket(q, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.insert(_ticket(q, 1))  # same queue, day and number
    assert Ticket.objects.count() == 1


def test_first_where_takes_the_first_in_order():
    q = make_queue()
    late = rows.insert(_ticket(q, 1, issued_at=WHEN + dt.timedelta(minutes=5)))
    early = rows.insert(_ticket(q, 2))
    waiting = "status = %s AND service_id = %s"
    with transaction.atomic():
        first = rows.first_where(
            Ticket, waiting, ["waiting", q.service.pk], order="issued_at, id", skip_locked=True
        )
    assert first == early
    last = rows.first_where(Ticket, waiting, ["waiting", q.service.pk], order="issued_at DESC")
    assert last == late
    assert rows.first_where(Ticket, waiting, ["done", q.service.pk], order="id") is None


def test_column_and_exists_compare_each_field_with_equals():
    q = make_queue(counters=2)
    state = CounterState.objects.create(counter=q.counters[0], mpp=q.mpp)
    assert rows.exists(CounterState, counter_id=q.counters[0].pk)
    assert not rows.exists(CounterState, counter_id=q.counters[1].pk)
    assert rows.column(CounterState, "id", counter_id=q.counters[0].pk, mode="closed") == [state.pk]
    assert rows.column(CounterState, "id", mode="open") == []


def test_a_model_with_save_receivers_is_saved_by_the_orm_so_they_still_run():
    q = make_queue()
    heard = []

    def receiver(sender, instance, **kwargs):
        heard.append(instance.number)

    pre_save.connect(receiver, sender=Ticket)
    try:
        ticket = rows.insert(_ticket(q, 1))
        ticket.note = "dengan catatan"
        rows.update(ticket, ["note"])
    finally:
        pre_save.disconnect(receiver, sender=Ticket)
    assert heard == ["A-001", "A-001"]
    assert Ticket.objects.get(pk=ticket.pk).note == "dengan catatan"


def test_writes_sent_together_each_take_effect_and_the_insert_gets_its_key(
    django_assert_num_queries,
):
    q = make_queue(counters=1)
    ticket = rows.insert(_ticket(q, 1))
    state = CounterState.objects.create(counter=q.counters[0], mpp=q.mpp)
    ticket.status, ticket.counter, ticket.called_at = "called", q.counters[0], WHEN
    state.current, state.priority_streak = ticket, 2
    event = TicketEvent(ticket=ticket, mpp=q.mpp, at=WHEN, action="call", to_status="called")
    together = connection.vendor == "postgresql"  # one round trip there; SQLite has none
    with transaction.atomic(), django_assert_num_queries(1 if together else 3):
        rows.write(
            update=[
                (ticket, ["status", "counter", "called_at"]),
                (state, ["current", "priority_streak"]),
            ],
            insert=[event],
        )
    assert event.pk is not None and not event._state.adding
    assert TicketEvent.objects.get(pk=event.pk).action == "call"
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.status, stored.counter_id, stored.called_at) == (
        "called",
        q.counters[0].pk,
        WHEN,
    )
    assert CounterState.objects.filter(current=ticket, priority_streak=2).exists()


def test_writes_sent_together_fail_as_a_whole_when_one_row_is_gone():
    q = make_queue()
    kept, gone = rows.insert(_ticket(q, 1)), rows.insert(_ticket(q, 2))
    Ticket.objects.filter(pk=gone.pk).delete()
    kept.note, gone.note = "ditulis?", "hilang"
    event = TicketEvent(ticket=kept, mpp=q.mpp, at=WHEN, action="note", to_status="waiting")
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.write(update=[(kept, ["note"]), (gone, ["note"])], insert=[event])
    assert Ticket.objects.get(pk=kept.pk).note == ""
    assert not TicketEvent.objects.exists()


def test_a_row_and_whether_its_link_exists_come_in_one_read(django_assert_num_queries):
    q = make_queue(counters=2)
    agency = q.counters[0].booth.agency
    officer = make_user(Role.OFFICER, mpp=q.mpp, agency=agency, counters=[q.counters[0]])
    link = User.counters.through

    def read(counter_id):
        return rows.get_by_and_exists(
            Counter, "pk", counter_id, link, user_id=officer.pk, counter_id=counter_id
        )

    with django_assert_num_queries(1):
        counter, assigned = read(q.counters[0].pk)
    assert (counter, counter.name, assigned) == (q.counters[0], q.counters[0].name, True)
    counter, assigned = read(q.counters[1].pk)
    assert (counter, assigned) == (q.counters[1], False)
    assert read(2**70) == (None, False)
