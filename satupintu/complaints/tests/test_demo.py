"""The demo has complaints in every state, and its summary names the complaint officers."""

from __future__ import annotations

import pytest

from satupintu.complaints.models import Complaint, Status
from satupintu.demo.services import seed_demo

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_has_complaints_in_every_state_and_names_the_complaint_officer():
    summary = seed_demo()
    statuses = set(Complaint.objects.filter(mpp__slug="banyumas").values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert Complaint.objects.filter(reopen="asked").exists()
    banyumas = next(m for m in summary["mpps"] if m["slug"] == "banyumas")
    assert banyumas["complaint_officers"] == [
        {"login": "pengelola@banyumas.mpp.test", "name": "Wahyu Prasetyo"}
    ]
    count = Complaint.objects.count()
    seed_demo()
    assert Complaint.objects.count() == count  # idempotent
