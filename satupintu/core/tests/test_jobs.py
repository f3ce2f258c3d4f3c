"""Periodic jobs run when due, once, even when several processes tick together."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from satupintu.core import jobs
from satupintu.core.models import JobRun
from satupintu.core.tests.concurrency import run_concurrently


@pytest.fixture
def counted(monkeypatch):
    runs: list[dt.datetime] = []
    monkeypatch.setattr(jobs, "_REGISTRY", {})
    monkeypatch.setattr(jobs, "autodiscover_modules", lambda name: None)
    jobs.periodic("test.count", every=dt.timedelta(minutes=15))(runs.append)
    return runs


@pytest.mark.django_db
def test_a_job_runs_again_only_after_its_interval(counted):
    start = timezone.now()
    assert jobs.run_due_jobs(start) == ["test.count"]
    assert jobs.run_due_jobs(start + dt.timedelta(minutes=14)) == []
    assert jobs.run_due_jobs(start + dt.timedelta(minutes=15)) == ["test.count"]
    assert len(counted) == 2


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_does_not_stop_the_others(monkeypatch, counted):
    def broken(now):
        raise ValueError("gateway down")

    jobs.periodic("test.broken", every=dt.timedelta(minutes=5))(broken)
    assert sorted(jobs.run_due_jobs()) == ["test.broken", "test.count"]
    assert "gateway down" in JobRun.objects.get(name="test.broken").last_error


@pytest.mark.django_db(transaction=True)
def test_processes_ticking_together_run_a_job_once(counted):
    now = timezone.now()
    JobRun.objects.create(name="test.count")  # the race is on the claim, not the first insert
    for round_ in range(5):
        tick = now + dt.timedelta(hours=round_)
        results = run_concurrently(lambda i, tick=tick: jobs.run_due_jobs(tick), workers=6)
        assert sorted(map(len, results)) == [0, 0, 0, 0, 0, 1], results
    assert len(counted) == 5


def test_the_apps_declare_their_jobs():
    names = {job.name for job in jobs.registered_jobs()}
    assert "notifications.retry_failed" in names
    assert "accounts.expired_sign_in_codes" in names
