"""A confidential reporter's identity is absent from every page and API response an officer
of the agency can reach; only the MPP's complaint officer sees it. Anonymous: none at all."""

from __future__ import annotations

import pytest

from satupintu.complaints import services
from satupintu.complaints.tests.factories import forwarded

pytestmark = pytest.mark.django_db

NAME, PHONE, EMAIL = "Rahasia Sekali", "081211112222", "rahasia@example.com"
MARKS = (NAME, "1111", "2222", EMAIL)


def reachable_by_agency(client, personas, code: str) -> list[str]:
    """Every page and API response the agency's officer reaches for this complaint."""
    client.force_login(personas.officer_xa)
    token = personas.token(personas.officer_xa)
    headers = {"Authorization": f"Bearer {token}"}
    bodies = [
        client.get("/staf/pengaduan/").content.decode(),
        client.get(f"/staf/pengaduan/{code}/").content.decode(),
        client.get(f"/api/v1/complaints/{code}", headers=headers).content.decode(),
        client.get(f"/pengaduan/lacak/{code}/").content.decode(),
        client.get(f"/api/v1/complaints/track/{code}").content.decode(),
        client.post(
            f"/api/v1/complaints/{code}/follow-up", {}, content_type="application/json",
            headers=headers,
        ).content.decode(),
        client.post(
            f"/api/v1/complaints/{code}/answer", {"answer": "Sudah ditangani."},
            content_type="application/json", headers=headers,
        ).content.decode(),
    ]  # fmt: skip
    client.logout()
    return bodies


def test_the_agency_never_sees_a_confidential_reporter(personas, client):
    item = forwarded(personas, name=NAME, phone=PHONE, email=EMAIL, confidential=True)
    bodies = reachable_by_agency(client, personas, item.tracking_code)
    assert all(item.tracking_code in b or "Sudah ditangani" in b for b in bodies[1:3])
    for body in bodies:
        for mark in MARKS:
            assert mark not in body
    assert "Dirahasiakan" in bodies[1]
    # the MPP's complaint officer does see who it is
    client.force_login(personas.supervisor_x)
    page = client.get(f"/staf/pengaduan/{item.tracking_code}/").content.decode()
    assert NAME in page and EMAIL in page
    api = client.get(
        f"/api/v1/complaints/{item.tracking_code}",
        headers={"Authorization": f"Bearer {personas.token(personas.supervisor_x)}"},
    ).json()
    assert api["reporter"]["name"] == NAME


def test_the_agency_sees_a_reporter_who_is_not_confidential(personas, client):
    item = forwarded(personas, name=NAME, phone=PHONE, email=EMAIL)
    bodies = reachable_by_agency(client, personas, item.tracking_code)
    assert NAME in bodies[1]


def test_an_anonymous_complaint_shows_nobody_to_anyone(personas, client):
    item = forwarded(personas, anonymous=True)
    services.answer_complaint(user=personas.officer_xa, complaint=item, answer="Terima kasih.")
    client.force_login(personas.supervisor_x)
    page = client.get(f"/staf/pengaduan/{item.tracking_code}/").content.decode()
    assert "Anonim" in page
    api = client.get(
        f"/api/v1/complaints/{item.tracking_code}",
        headers={"Authorization": f"Bearer {personas.token(personas.supervisor_x)}"},
    ).json()
    assert api["reporter"] is None and api["anonymous"] is True
