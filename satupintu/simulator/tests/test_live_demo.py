"""`satupintu serve --demo-live`: the starter the server takes from its settings plays
today in the server's process through the real services, and stops when asked."""

import threading
import time

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from satupintu.queueing.models import CounterState, Status, Ticket
from satupintu.tenancy.models import Counter


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)  # the demo day runs in a thread of its own
def test_the_live_demo_calls_numbers_and_puts_the_counters_back_when_stopped(mpp):
    Counter.objects.filter(mpp=mpp, number=3).update(is_active=False)  # one counter closed
    start = import_string(settings.LIVE_DEMO_STARTER)
    stop = threading.Event()
    thread = start(mpp.slug, speed=600.0, stop=stop)
    deadline = time.monotonic() + 20
    called = Ticket.objects.filter(mpp=mpp).exclude(status=Status.WAITING)
    while not called.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    stop.set()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert called.exists()  # numbers were issued and called at the open counters
    # every visitor at a counter was finished, and each counter has its mode of before
    assert not Ticket.objects.filter(mpp=mpp, status__in=(Status.CALLED, Status.SERVING))
    modes = {c.number: c.is_active for c in Counter.objects.filter(mpp=mpp)}
    assert modes == {1: True, 2: True, 3: False}
    assert not CounterState.objects.filter(mpp=mpp, mode=CounterState.Mode.PAUSED).exists()
