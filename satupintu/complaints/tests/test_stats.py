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


def test_the_month_is_counted_in_the_database_in_a_fixed_number_of_queries(
    personas, django_assert_max_num_queries
):
    """However many complaints, the figures cost the same queries; the working days to
    each answer equal the calendar's own count, across Nyepi and Idul Fitri 2026 with
    their cuti bersama (SKB 2026: 18–24 March off but for the weekend)."""
    items = [forwarded(personas, now=at(2026, 3, day)) for day in (16, 17, 18)]
    answers = (at(2026, 3, 25), at(2026, 3, 26), at(2026, 3, 30))
    for item, answered in zip(items, answers, strict=True):
        services.answer_complaint(
            user=personas.officer_xa, complaint=item, answer="Sudah.", now=answered
        )
    with django_assert_max_num_queries(4):
        stats = month_stats(personas.mpp_x, dt.date(2026, 3, 1))
    # 16→25 March: 16, 17 = 2; 17→26: 17, 25 = 2; 18→30: 25, 26, 27 = 3; average 7/3
    assert (stats.received, stats.answered, stats.average_days_to_answer) == (3, 3, 2.3)
