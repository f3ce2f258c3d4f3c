"""One event reaches one address once: queued twice, or by many processes at once, or
delivered by two workers at once (the database's message_once_per_event)."""

from __future__ import annotations

import pytest
from django.db import close_old_connections, transaction

from satupintu.accounts.models import Role
from satupintu.accounts.tests.factories import make_user
from satupintu.core.tests.concurrency import run_concurrently
from satupintu.notifications.models import CitizenKind, Message, MessageStatus
from satupintu.notifications.services import deliver_message, notify_citizen, subscribe_push
from satupintu.notifications.tests.pushservice import Browser, decrypt


def _tell(user, key: str, **addresses):
    return notify_citizen(
        kind=CitizenKind.QUEUE_CALLED,
        event_key=key,
        title="A-012 dipanggil ke Loket 4",
        body="Silakan menuju Loket 4 sekarang.",
        url="/antrian/x/",
        user=user,
        **addresses,
    )


@pytest.mark.django_db
def test_the_same_event_queued_again_is_not_sent_again(django_capture_on_commit_callbacks):
    citizen = make_user(Role.CITIZEN, phone="081234567801")
    with django_capture_on_commit_callbacks(execute=True):
        first = _tell(citizen, "ticket:7:called:1")
        again = _tell(citizen, "ticket:7:called:1")
        visitor = _tell(None, "ticket:8:called:1", phone="+6281234567802")
        visitor_again = _tell(None, "ticket:8:called:1", phone="+6281234567802")
    assert len(first) == 1 and again == []
    assert len(visitor) == 1 and visitor_again == []
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 2
    # the next call of the same ticket is another event
    assert len(_tell(citizen, "ticket:7:called:2")) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.concurrency
@pytest.mark.slow
def test_eight_workers_queueing_the_same_events_at_once_send_each_once(vapid, push):
    citizen = make_user(Role.CITIZEN, phone="081234567801")
    browser = Browser()
    subscribe_push(
        user=citizen, endpoint=push.endpoint("hp"), p256dh=browser.p256dh, auth=browser.auth
    )
    events = [f"ticket:{n}:called:1" for n in range(20)]

    def worker(_i):
        queued = 0
        for key in events:
            with transaction.atomic():  # the commit sends (immediate task backend)
                queued += len(_tell(citizen, key))
            close_old_connections()
        return queued

    results = run_concurrently(worker, 8)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors[:3]
    assert sum(results) == len(events)
    assert Message.objects.count() == len(events)
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    assert len(push.received) == len(events)
    assert sorted(decrypt(r, browser)["tag"] for r in push.received) == sorted(events)


@pytest.mark.django_db(transaction=True)
@pytest.mark.concurrency
def test_two_workers_delivering_one_message_send_it_once(vapid, push):
    citizen = make_user(Role.CITIZEN, phone="081234567801")
    browser = Browser()
    subscribe_push(
        user=citizen, endpoint=push.endpoint("hp"), p256dh=browser.p256dh, auth=browser.auth
    )
    messages = [m for n in range(10) for m in _tell(citizen, f"ticket:{n}:called:1")]
    # as a worker-backed task queue may hold them: queued, each picked up by two workers
    Message.objects.update(status=MessageStatus.QUEUED, attempts=0)
    push.received.clear()

    def worker(_i):
        return [deliver_message.call(m.pk) for m in messages]

    results = run_concurrently(worker, 4)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors[:3]
    assert len(push.received) == len(messages)
    assert Message.objects.filter(status=MessageStatus.SENT).count() == len(messages)
