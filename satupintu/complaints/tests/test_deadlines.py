"""Deadlines in working days of the MPP's calendar across Idul Fitri (2026 and 2027, with
their cuti bersama from the SKB, no closure rows), the 60-working-day ceiling, and the job
that reminds, escalates (once each) and closes answered complaints nobody objected to."""

from __future__ import annotations

import datetime as dt

import pytest

from satupintu.complaints import deadlines, services
from satupintu.complaints.models import Pace, Status
from satupintu.complaints.selectors import public_history
from satupintu.complaints.services.reminders import sweep_deadlines
from satupintu.complaints.tests.factories import at, complaint, forwarded
from satupintu.notifications.models import Message
from satupintu.tenancy.models import Closure

pytestmark = pytest.mark.django_db

# Idul Fitri 1447 H: 21-22 March 2026 (Sat-Sun); Nyepi Thu 19 March; cuti bersama 18, 20,
# 23 and 24 March. From Tuesday 17 March the next working day is Wednesday 25 March.
LEBARAN_2026 = at(2026, 3, 17)
# Idul Fitri 1448 H: 10-11 March 2027 (Wed-Thu); Nyepi Mon 8 March; cuti bersama 9, 12 and
# 15 March. From Friday 5 March the next working day is Tuesday 16 March.
LEBARAN_2027 = at(2027, 3, 5)


def test_the_desk_has_3_working_days_and_the_ceiling_is_60(personas):
    item = complaint(personas.mpp_x, now=LEBARAN_2026)
    assert not Closure.objects.filter(mpp=personas.mpp_x).exists()
    assert item.verify_due == dt.date(2026, 3, 27)  # 25, 26, 27 March; not Friday 20 March
    assert item.ceiling_due == dt.date(2026, 6, 26)
    later = complaint(personas.mpp_x, now=LEBARAN_2027)
    assert later.verify_due == dt.date(2027, 3, 18)  # 16, 17, 18 March 2027


@pytest.mark.parametrize(
    ("category", "pace", "due"),
    [
        ("antrian", Pace.QUICK, dt.date(2026, 3, 26)),  # 2 working days
        ("petugas", Pace.NORMAL, dt.date(2026, 3, 31)),  # 5, as SP4N-LAPOR! runs it
        ("biaya", Pace.INSPECTION, dt.date(2026, 4, 14)),  # 14, Good Friday 3 April skipped
    ],
)
def test_the_agencys_deadline_follows_the_category_across_lebaran_2026(
    personas, category, pace, due
):
    item = complaint(personas.mpp_x, now=LEBARAN_2026)
    services.verify_complaint(
        user=personas.supervisor_x,
        complaint=item,
        category=category,
        agency=personas.officer_xa.agency,
        now=LEBARAN_2026,
    )
    services.forward_complaint(user=personas.supervisor_x, complaint=item, now=LEBARAN_2026)
    item.refresh_from_db()
    assert (item.pace, item.follow_up_due) == (pace, due)


def test_the_normal_deadline_across_lebaran_2027(personas):
    item = forwarded(personas, now=LEBARAN_2027, category="petugas")
    item.refresh_from_db()
    assert item.follow_up_due == dt.date(2027, 3, 22)  # 16, 17, 18, 19, 22 March 2027


def test_a_complex_complaint_never_runs_past_the_ceiling(personas):
    item = complaint(personas.mpp_x, now=LEBARAN_2026)
    services.verify_complaint(
        user=personas.supervisor_x,
        complaint=item,
        category="lainnya",
        agency=personas.officer_xa.agency,
        pace=Pace.COMPLEX,
        now=LEBARAN_2026,
    )
    services.forward_complaint(user=personas.supervisor_x, complaint=item, now=at(2026, 3, 31))
    item.refresh_from_db()
    # 60 working days after 31 March would be 3 July; the ceiling is 26 June.
    assert item.follow_up_due == item.ceiling_due == dt.date(2026, 6, 26)


def test_an_answer_closes_10_working_days_later_unless_the_reporter_objects(personas):
    answered_on = at(2026, 3, 16)
    item = forwarded(personas, now=answered_on)
    services.answer_complaint(
        user=personas.officer_xa, complaint=item, answer="Sudah ditangani.", now=answered_on
    )
    item.refresh_from_db()
    assert item.close_due == dt.date(2026, 4, 7)  # 17 March, then 25 March … 7 April
    assert sweep_deadlines(now=at(2026, 4, 7)).closed == []
    assert sweep_deadlines(now=at(2026, 4, 8)).closed == [item.tracking_code]
    item.refresh_from_db()
    assert item.status == Status.CLOSED
    assert public_history(item)[-1].sentence.startswith("Laporan Anda dinyatakan selesai karena")

    objecting = forwarded(personas, now=answered_on)
    services.answer_complaint(
        user=personas.officer_xa, complaint=objecting, answer="Sudah.", now=answered_on
    )
    services.request_reopen(code=objecting.tracking_code, reason="Belum beres", now=answered_on)
    assert sweep_deadlines(now=at(2026, 4, 8)).closed == []


def test_a_reminder_before_the_deadline_and_one_escalation_after_it(personas):
    item = complaint(personas.mpp_x, now=LEBARAN_2026)  # desk's deadline: Friday 27 March
    assert sweep_deadlines(now=at(2026, 3, 25)).reminded == []  # 2 working days left
    assert sweep_deadlines(now=at(2026, 3, 26)).reminded == [item.tracking_code]
    assert sweep_deadlines(now=at(2026, 3, 27)).reminded == []  # once
    reminders = Message.objects.filter(kind="complaint.reminder", reference=item.reference)
    assert {m.recipient for m in reminders} == {personas.supervisor_x.email}

    assert sweep_deadlines(now=at(2026, 3, 27)).escalated == []  # due today: not late yet
    assert sweep_deadlines(now=at(2026, 3, 30)).escalated == [item.tracking_code]
    assert sweep_deadlines(now=at(2026, 3, 31)).escalated == []  # once
    escalations = Message.objects.filter(kind="complaint.escalated", reference=item.reference)
    assert [m.recipient for m in escalations] == [personas.supervisor_x.email]
    assert "melewati batas waktu 27-03-2026" in escalations.get().body
    assert public_history(item)[-1].sentence.startswith("Batas waktu terlewati")


def test_the_agencys_officers_are_reminded_of_their_deadline(personas):
    item = forwarded(personas, now=LEBARAN_2026, category="petugas")
    item.refresh_from_db()
    assert item.follow_up_due == dt.date(2026, 3, 31)
    done = sweep_deadlines(now=at(2026, 3, 30))
    assert done.reminded == [item.tracking_code]
    reminders = Message.objects.filter(kind="complaint.reminder", reference=item.reference)
    assert {m.recipient for m in reminders} == {personas.officer_xa.email}


def test_working_days_left_and_open(personas):
    mpp = personas.mpp_x
    assert deadlines.working_days_left(mpp, dt.date(2026, 3, 27), at(2026, 3, 17)) == 3
    assert deadlines.working_days_left(mpp, dt.date(2026, 3, 27), at(2026, 3, 31)) == -2
    assert deadlines.days_open(mpp, at(2026, 3, 17), at(2026, 3, 26)) == 2


def test_the_deadline_job_is_registered_and_runs(personas):
    from satupintu.core.jobs import run_due_jobs

    item = complaint(personas.mpp_x, now=LEBARAN_2026)
    assert "complaints.deadlines" in run_due_jobs(now=at(2026, 3, 30))
    assert Message.objects.filter(kind="complaint.escalated", reference=item.reference).exists()
