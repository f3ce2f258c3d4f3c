"""Writes to a counter: its mode (open, paused for a break, closed) and the lock on its state.

`CounterState.mode` is what officers switch (console, staff room, API). The tenancy
flag `Counter.is_active` is kept in step (false exactly when closed) because the
estimate of the wait, the board snapshot and the tenancy counter API read it as
"this counter serves today"; a counter whose flag was switched off elsewhere (the
tenancy API, the admin) counts as closed. Each change is logged with its actor and
time in Django's admin log (the counter's history there) and published as a
`counter` event on the MPP channel. Calls (queueing/services.py) take the same lock
on the state row, so a mode change and a call at one counter never interleave.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.core.errors import DomainError
from satupintu.core.events import publish
from satupintu.queueing.board import snapshot as board
from satupintu.queueing.models import CounterState, Status
from satupintu.tenancy.models import Counter

Mode = CounterState.Mode


def effective_mode(counter: Counter, state: CounterState | None) -> str:
    """The counter's mode as officers and screens see it (no state row yet: open)."""
    if not counter.is_active:
        return Mode.CLOSED
    if state is not None and state.mode == Mode.PAUSED:
        return Mode.PAUSED
    return Mode.OPEN


def check_open(counter: Counter, state: CounterState) -> None:
    """DomainError unless the counter may call now. `state` is locked by the caller and
    `counter.is_active` read after that lock, so a mode change is serialised with calls."""
    mode = effective_mode(counter, state)
    if mode == Mode.PAUSED:
        raise DomainError(
            _("Loket sedang istirahat. Buka loket dulu untuk memanggil."), code="counter_paused"
        )
    if mode == Mode.CLOSED:
        raise DomainError(
            _("Loket sedang tutup. Buka loket dulu untuk memanggil."), code="counter_closed"
        )


def counter_event_data(counter: Counter, mode: str, at: dt.datetime) -> dict:
    """What the MPP channel says about a mode change (no `ticket` key: not a ticket event)."""
    return {
        "counter": counter.pk,
        "counter_number": counter.number,
        "mode": mode,
        "is_active": mode != Mode.CLOSED,
        "at": board.iso(at),
    }


@transaction.atomic
def set_counter_mode(
    *, counter: Counter, mode: str, actor: User | None, now: dt.datetime | None = None
) -> str:
    """Open, pause or close a counter; returns the mode it is in afterwards.

    Setting the mode it already has changes nothing (two officers pressing the same
    button at once both succeed, one event). Closing is refused while a ticket is
    called or served at the counter: it would leave that visitor without a counter.
    """
    if mode not in Mode.values:
        raise DomainError(_("Status loket tidak dikenal."), code="bad_mode", status=422)
    now = now or timezone.now()
    state = locked_state(counter)  # the lock that also serialises this counter's calls
    counter = Counter.objects.select_related("mpp").get(pk=counter.pk)
    before = effective_mode(counter, state)
    if mode == Mode.CLOSED and state.current and state.current.status in board.AT_COUNTER:
        raise DomainError(
            _(
                "Loket belum dapat ditutup: nomor %(number)s masih %(status)s di loket ini. "
                "Selesaikan atau pindahkan dulu."
            )
            % {"number": state.current.number, "status": Status(state.current.status).label},
            code="counter_busy",
        )
    if before == mode:
        return mode
    state.mode = mode
    state.save(update_fields=["mode"])
    if counter.is_active != (mode != Mode.CLOSED):
        counter.is_active = mode != Mode.CLOSED
        counter.save(update_fields=["is_active"])
    _log_mode_change(counter, before, mode, actor)
    publish(f"mpp:{counter.mpp_id}", "counter", counter_event_data(counter, mode, now))
    return mode


def open_counter(*, counter: Counter, actor: User | None) -> str:
    return set_counter_mode(counter=counter, mode=Mode.OPEN, actor=actor)


def pause_counter(*, counter: Counter, actor: User | None) -> str:
    return set_counter_mode(counter=counter, mode=Mode.PAUSED, actor=actor)


def close_counter(*, counter: Counter, actor: User | None) -> str:
    return set_counter_mode(counter=counter, mode=Mode.CLOSED, actor=actor)


def _log_mode_change(counter: Counter, before: str, after: str, actor: User | None) -> None:
    """One row of the counter's history in the admin log: who, when, from, to."""
    from django.contrib.admin.models import CHANGE, LogEntry

    if actor is None:  # the log needs a person; system changes are in the event stream only
        return
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[counter],
        action_flag=CHANGE,
        change_message=[{"changed": {"fields": ["mode"], "mode": [before, after]}}],
        single_object=True,
    )


def locked_state(counter: Counter) -> CounterState:
    """The counter's state row, locked for this transaction: the lock that serialises the
    counter's calls and mode changes."""
    # No select_related("current"): under PostgreSQL's READ COMMITTED a row locked after
    # waiting is re-read, but a joined row is not, so a ticket called by the transaction we
    # waited for would still look "waiting". The current ticket is read after the lock.
    locked = CounterState.objects.select_for_update().filter(counter=counter)
    state = locked.first()
    if state is not None:
        return state
    # a counter's first call: create the row, then lock it
    CounterState.objects.get_or_create(counter=counter, defaults={"mpp_id": counter.mpp_id})
    return locked.get()  # DoesNotExist only if the counter was deleted meanwhile
