"""The knowledge API: regulations for anyone, articles and search for the MPP's staff."""

from __future__ import annotations

import pytest

from satupintu.catalog.tests.factories import make_service
from satupintu.knowledge import services
from satupintu.knowledge.tests.factories import article, regulation

pytestmark = pytest.mark.django_db


def test_anyone_reads_regulations_with_their_status_and_services(personas, client):
    service = make_service(personas.counter_xa.booth)
    old = regulation("pp", "5", 2021, "Perizinan Berusaha Berbasis Risiko", services=[service])
    new = regulation("pp", "28", 2025, "Perizinan Berusaha Berbasis Risiko")
    services.record_change(new, revokes=[old])
    listed = client.get("/api/v1/knowledge/regulations?status=revoked").json()
    assert [r["citation"] for r in listed] == ["PP 5/2021"]
    one = client.get(f"/api/v1/knowledge/regulations/{old.pk}").json()
    assert one["status"] == "revoked" and one["services"] == [service.code]
    assert one["revoked_by"][0]["citation"] == "PP 28/2025"
    missing = client.get("/api/v1/knowledge/regulations/999999")
    assert missing.status_code == 404 and "tidak ditemukan" in missing.json()["message"]


def test_staff_search_and_read_their_mpps_reviewed_articles(personas, client):
    law = regulation()
    mine = article(
        personas.mpp_x, personas.supervisor_x, "Pelayanan publik gratis", "Ya.", sources=[law]
    )
    draft = article(personas.mpp_x, personas.officer_xa, "Draf pelayanan", "Belum.")
    other = article(personas.mpp_y, personas.supervisor_y, "Pelayanan di MPP lain", "Lain.")
    assert client.get("/api/v1/knowledge/search?q=pelayanan").status_code == 401
    client.force_login(personas.officer_xb)
    found = client.get("/api/v1/knowledge/search?q=pelayanan publik").json()
    assert [a["id"] for a in found["articles"]] == [mine.pk]
    assert found["regulations"][0]["citation"] == "UU 25/2009"
    assert [a["id"] for a in client.get("/api/v1/knowledge/articles").json()] == [mine.pk]
    assert client.get(f"/api/v1/knowledge/articles/{draft.pk}").status_code == 404
    assert client.get(f"/api/v1/knowledge/articles/{other.pk}").status_code == 404
    got = client.get(f"/api/v1/knowledge/articles/{mine.pk}").json()
    assert got["sources"][0]["citation"] == "UU 25/2009" and got["needs_check"] is False
    client.force_login(personas.citizen)
    assert client.get("/api/v1/knowledge/articles").status_code == 403
