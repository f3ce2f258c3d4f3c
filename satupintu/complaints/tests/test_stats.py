"""The monthly publication: counts, answered in time, average working days, groups under 5
merged, no personal data; the same over the API."""

from __future__ import annotations

import datetime as dt

import pytest

from satupintu.complaints import services
from satupintu.complaints.stats import month_stats
from satupintu.complaints.tests.factories import at, complaint, forwarded

pytestmark = pytest.mark.django_db


def test_a_month_in_numbers_with_small_groups_merged(personas, client):
    mpp = personas.mpp_x
    for _ in range(5):
        complaint(mpp, now=at(2026, 3, 2), kind="aspirasi", name="Rahasia Orang")
    item = forwarded(personas, now=at(2026, 3, 3))  # answered within its 14 working days
    services.answer_complaint(
        user=personas.officer_xa, complaint=item, answer="Sudah.", now=at(2026, 3, 6)
    )
    complaint(mpp, now=at(2026, 4, 1))  # another month
    stats = month_stats(mpp, dt.date(2026, 3, 1))
    assert (stats.received, stats.answered, stats.answered_in_time) == (6, 1, 1)
    assert stats.average_days_to_answer == 3  # 3, 4, 5 March
    assert [(g.label, g.count) for g in stats.by_class] == [
        ("Aspirasi", 5),
        ("Lainnya (kelompok di bawah 5 digabung)", 1),
    ]
    body = client.get(
        f"/api/v1/mpps/{mpp.slug}/complaints/stats", {"month": "2026-03"}
    ).content.decode()
    assert '"received":6' in body.replace(" ", "") and "Rahasia" not in body
    page = client.get(f"/mpp/{mpp.slug}/pengaduan/statistik/", {"bulan": "2026-03"})
    assert "Rahasia" not in page.content.decode() and "Aspirasi" in page.content.decode()
