"""Deadlines in working days of the MPP: weekends, national holidays and cuti bersama (SKB,
from the `holidays` package), the revision pause, the MPP's time zone, and the overdue
escalation."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from satupintu.applications import services, sla
from satupintu.applications.models import ApplicationEvent
from satupintu.applications.tests.factories import online_service, submitted, upload
from satupintu.core.calendar import add_working_days
from satupintu.notifications.models import Message

UTC = dt.UTC


def at(y, m, d, hour=3):  # 03:00 UTC = 10:00 WIB
    return dt.datetime(y, m, d, hour, 0, tzinfo=UTC)


@pytest.fixture
def lebaran_2025(personas):
    """Idul Fitri 1446 H: 31 Mar-1 Apr 2025 (national), Nyepi 29 Mar (Saturday); cuti bersama
    28 Mar and 2-7 Apr 2025 (SKB 3 Menteri), all from the `holidays` package: no closure row."""
    return personas.mpp_x


def test_add_working_days_skips_lebaran(lebaran_2025):
    # Wed 26 Mar + 5: 27 Mar, then nothing until 8, 9, 10, 11 Apr.
    assert add_working_days(lebaran_2025, dt.date(2025, 3, 26), 5) == dt.date(2025, 4, 11)
    assert add_working_days(lebaran_2025, dt.date(2025, 3, 26), 1) == dt.date(2025, 3, 27)
    assert add_working_days(lebaran_2025, dt.date(2025, 3, 27), 1) == dt.date(2025, 4, 8)


def test_an_mpp_open_on_cuti_bersama_counts_them(personas):
    mpp = personas.mpp_x
    mpp.open_on_cuti_bersama = True
    mpp.save(update_fields=["open_on_cuti_bersama"])
    # 27, 28 Mar, then 2, 3, 4 Apr; Idul Fitri itself (31 Mar, 1 Apr) stays closed.
    assert add_working_days(mpp, dt.date(2025, 3, 26), 5) == dt.date(2025, 4, 4)


def test_an_application_submitted_before_lebaran_2026_is_due_after_its_cuti_bersama(personas):
    """Tue 17 March 2026 + 5 working days: cuti bersama 18, 20, 23, 24 March, Nyepi 19,
    Idul Fitri 21-22: due Tuesday 31 March, not 25 March."""
    service = online_service(personas.counter_xa.booth, days=5)
    app = _submit_at(at(2026, 3, 17), personas, service)
    assert app.due_date == dt.date(2026, 3, 31)
    from satupintu.applications.selectors import deadline

    assert deadline(app, at(2026, 3, 17)).label == "Sisa 5 hari kerja"
    assert deadline(app, at(2026, 3, 24)).label == "Sisa 4 hari kerja"  # 25, 26, 27, 30 March


def _submit_at(moment, personas, service):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return submitted(personas.citizen, service)


def test_deadline_across_lebaran_with_a_revision_pause(lebaran_2025, personas):
    service = online_service(personas.counter_xa.booth, days=5)
    officer, citizen = personas.officer_xa, personas.citizen
    app = _submit_at(at(2025, 3, 26), personas, service)
    assert app.due_date == dt.date(2025, 4, 11)
    with mock.patch("django.utils.timezone.now", return_value=at(2025, 4, 8)):
        services.decide_files(
            user=officer, application=app, decisions=[services.FileDecision("p2", False, "Buram")]
        )
        services.request_revision(user=officer, application=app)
    with mock.patch("django.utils.timezone.now", return_value=at(2025, 4, 10)):
        services.add_file(user=citizen, application=app, requirement="p2", upload=upload())
        app = services.resubmit_application(user=citizen, application=app)
    # 8 and 9 April were spent waiting for the citizen: two working days more.
    assert app.paused_working_days == 2
    assert app.due_date == dt.date(2025, 4, 15)


def test_the_day_of_submission_is_the_mpps_day(lebaran_2025, personas):
    service = online_service(personas.counter_xa.booth, days=5)
    # 17:30 UTC on 26 March is already 00:30 on 27 March in Purwokerto (WIB).
    app = _submit_at(dt.datetime(2025, 3, 26, 17, 30, tzinfo=UTC), personas, service)
    assert app.due_date == dt.date(2025, 4, 14)


def test_hours_count_as_one_working_day(personas):
    service = online_service(personas.counter_xa.booth)
    version = service.versions.get()
    assert sla.processing_working_days(version) == 5
    type(version).objects.filter(pk=version.pk).update(
        processing_time_unit="hours", processing_time_value=1
    )
    version.refresh_from_db()
    assert sla.processing_working_days(version) == 1


def test_working_days_left_and_overdue(personas):
    mpp = personas.mpp_x
    due = dt.date(2025, 6, 18)  # a Wednesday (Monday 9 June was cuti bersama Idul Adha)
    assert sla.working_days_left(mpp, due, at(2025, 6, 16)) == 2
    assert sla.working_days_left(mpp, due, at(2025, 6, 18)) == 0
    assert sla.working_days_left(mpp, due, at(2025, 6, 20)) == -2


def test_overdue_applications_are_escalated_once(personas, django_capture_on_commit_callbacks):
    service = online_service(personas.counter_xa.booth, days=1)
    app = _submit_at(at(2025, 6, 9), personas, service)  # due Tue 10 June
    assert services.escalate_overdue(now=at(2025, 6, 10, 9)) == []
    with django_capture_on_commit_callbacks(execute=True):
        flagged = services.escalate_overdue(now=at(2025, 6, 11))
    assert [a.pk for a in flagged] == [app.pk]
    assert services.escalate_overdue(now=at(2025, 6, 12)) == []
    assert ApplicationEvent.objects.filter(application=app, action="escalate").count() == 1
    sent = Message.objects.filter(kind="application.escalated")
    assert [m.recipient for m in sent] == [personas.supervisor_x.email]


def test_paused_applications_are_not_escalated(personas):
    service = online_service(personas.counter_xa.booth, days=1)
    app = _submit_at(at(2025, 6, 9), personas, service)
    services.decide_files(
        user=personas.officer_xa,
        application=app,
        decisions=[services.FileDecision("p1", False, "x")],
    )
    services.request_revision(user=personas.officer_xa, application=app)
    assert services.escalate_overdue(now=at(2025, 6, 20)) == []
    assert timezone.now() > at(2025, 6, 20)


def test_time_left_labels(personas):
    from satupintu.applications.selectors import deadline

    service = online_service(personas.counter_xa.booth, days=5)
    app = _submit_at(at(2025, 6, 9), personas, service)  # due Mon 16 June
    assert deadline(app, at(2025, 6, 12)).label == "Sisa 2 hari kerja"
    assert deadline(app, at(2025, 6, 16)).label == "Jatuh tempo hari ini"
    late = deadline(app, at(2025, 6, 18))
    assert late.overdue and late.label == "Terlambat 2 hari kerja"
    app.status = "ready"  # no clock once the product is ready
    assert deadline(app, at(2025, 6, 18)).label == ""
