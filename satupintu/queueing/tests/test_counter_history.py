"""A counter's mode history (CounterModeChange): every change appended, the admin log's
older rows carried over by the migration that made the history."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry

from satupintu.queueing.counters.services import set_counter_mode
from satupintu.queueing.models import CounterModeChange

pytestmark = pytest.mark.django_db


def test_every_change_is_appended_with_its_time_and_who_made_it(personas):
    counter, officer = personas.counter_xa, personas.officer_xa
    at = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC)
    set_counter_mode(counter=counter, mode="closed", actor=officer, now=at)
    set_counter_mode(counter=counter, mode="closed", actor=officer, now=at)  # no change
    set_counter_mode(counter=counter, mode="open", actor=officer, now=at)
    set_counter_mode(counter=counter, mode="paused", actor=None, now=at + dt.timedelta(hours=1))
    rows = CounterModeChange.objects.filter(counter=counter).order_by("at", "pk")
    assert [(r.mode, r.actor_id, r.at) for r in rows] == [
        ("closed", officer.pk, at),
        ("open", officer.pk, at),
        ("paused", None, at + dt.timedelta(hours=1)),
    ]
    assert rows.last().before == "open" and rows.last().mpp_id == counter.mpp_id


def test_the_migration_copies_the_mode_changes_the_admin_log_held(personas):
    counter, officer = personas.counter_xa, personas.officer_xa
    LogEntry.objects.log_actions(
        user_id=officer.pk,
        queryset=[counter],
        action_flag=CHANGE,
        change_message=[{"changed": {"fields": ["mode"], "mode": ["closed", "open"]}}],
        single_object=True,
    )
    LogEntry.objects.log_actions(  # another change of the counter: not a mode
        user_id=officer.pk,
        queryset=[counter],
        action_flag=CHANGE,
        change_message=[{"changed": {"fields": ["name"]}}],
        single_object=True,
    )
    CounterModeChange.objects.all().delete()
    migration = importlib.import_module("satupintu.queueing.migrations.0008_counter_mode_history")
    migration.copy_the_admin_log(apps, None)
    copied = CounterModeChange.objects.get()
    assert (copied.counter_id, copied.before, copied.mode, copied.actor_id) == (
        counter.pk,
        "closed",
        "open",
        officer.pk,
    )
