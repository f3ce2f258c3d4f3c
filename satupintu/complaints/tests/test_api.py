"""The complaints API as the mobile app and the officers' tools use it, with personas,
including those refused."""

from __future__ import annotations

import base64

import pytest

from satupintu.applications.tests.factories import pdf_bytes
from satupintu.complaints.models import Complaint, ComplaintFile, Status

pytestmark = pytest.mark.django_db

BODY = {
    "class": "pengaduan",
    "text": "Petugas loket meminta uang tambahan di luar tarif resmi.",
    "reporter": {"name": "Siti Aminah", "phone": "0812-3456-7890", "email": "siti@example.com"},
    "confidential": False,
    "anonymous": False,
}


def post(client, path, body=None, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(path, body or {}, content_type="application/json", headers=headers)


def get(client, path, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(path, headers=headers)


def test_anyone_files_a_complaint_and_tracks_it_with_the_code(personas, client):
    response = post(client, f"/api/v1/mpps/{personas.mpp_x.slug}/complaints", BODY)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "received"
    assert body["deadline"]  # 3 working days to verify
    assert body["history"][0]["sentence"] == "Laporan Anda kami terima."
    code = body["tracking_code"]
    tracked = get(client, f"/api/v1/complaints/track/{code.lower().replace('-', '')}").json()
    assert tracked["tracking_code"] == code
    assert "Siti" not in str(tracked)  # tracking shows no identity


def test_bad_input_answers_every_error_at_once(personas, client):
    body = {**BODY, "text": "pendek", "reporter": {"name": "", "phone": "12", "email": "x"}}
    response = post(client, f"/api/v1/mpps/{personas.mpp_x.slug}/complaints", body)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"text", "reporter.name", "reporter.phone", "reporter.email"} <= fields
    assert not Complaint.objects.exists()


def test_attachments_are_checked_as_application_files_and_a_bad_one_files_nothing(personas, client):
    url = f"/api/v1/mpps/{personas.mpp_x.slug}/complaints"
    pdf = base64.b64encode(pdf_bytes()).decode()
    fake = base64.b64encode(b"MZ\x90\x00 not a document").decode()
    refused = post(
        client,
        url,
        {
            **BODY,
            "files": [{"name": "bukti.pdf", "content": pdf}, {"name": "x.pdf", "content": fake}],
        },
    )
    assert refused.status_code == 422
    assert "PDF, JPG atau PNG" in refused.json()["message"]
    assert not Complaint.objects.exists() and not ComplaintFile.objects.exists()
    not_base64 = post(client, url, {**BODY, "files": [{"name": "a.pdf", "content": "a=b"}]})
    assert not_base64.status_code == 422 and not Complaint.objects.exists()
    filed = post(client, url, {**BODY, "files": [{"name": "bukti.pdf", "content": pdf}]})
    assert filed.status_code == 201, filed.content
    stored = ComplaintFile.objects.get()
    assert (stored.original_name, stored.content_type) == ("bukti.pdf", "application/pdf")
    four = [{"name": "bukti.pdf", "content": pdf}] * 4
    assert post(client, url, {**BODY, "files": four}).status_code == 422


def test_the_officers_act_through_the_api_to_the_end(personas, client):
    code = post(client, f"/api/v1/mpps/{personas.mpp_x.slug}/complaints", BODY).json()[
        "tracking_code"
    ]
    desk, agency = personas.token(personas.supervisor_x), personas.token(personas.officer_xa)
    base = f"/api/v1/complaints/{code}"
    assert post(client, f"{base}/verify", {"agency": "AGENCY-A"}, desk).json()["status"] == (
        "verified"
    )
    assert get(client, base, agency).status_code == 404  # not forwarded yet
    forwarded = post(client, f"{base}/forward", {}, desk).json()
    assert (forwarded["status"], forwarded["agency"]) == ("forwarded", "AGENCY-A")
    assert post(client, f"{base}/close", {}, agency).status_code == 403  # the desk's step
    assert post(client, f"{base}/follow-up", {}, agency).json()["status"] == "follow_up"
    answered = post(client, f"{base}/answer", {"answer": "Sudah ditegur."}, agency).json()
    assert answered["status"] == "answered"
    reopen = post(client, f"/api/v1/complaints/track/{code}/reopen", {"reason": "Belum beres"})
    assert reopen.json()["can_reopen"] is False
    assert (
        post(client, f"/api/v1/complaints/track/{code}/reopen", {"reason": "Lagi"}).status_code
        == 409
    )
    assert (
        post(client, f"{base}/reopen", {"accept": False, "note": "Sudah lengkap."}, desk).json()[
            "reopen"
        ]
        == "refused"
    )
    assert post(client, f"{base}/close", {}, desk).json()["status"] == "closed"
    tracked = get(client, f"/api/v1/complaints/track/{code}").json()
    assert [s["sentence"] for s in tracked["history"]][-1] == "Laporan Anda dinyatakan selesai."


def test_merge_reject_refer_and_postpone_through_the_api(personas, client):
    path = f"/api/v1/mpps/{personas.mpp_x.slug}/complaints"
    one, two, three, four = (post(client, path, BODY).json()["tracking_code"] for _ in range(4))
    desk = personas.token(personas.supervisor_x)
    merged = post(client, f"/api/v1/complaints/{two}/merge", {"into": one}, desk).json()
    assert (merged["status"], merged["merged_into"]) == ("merged", one)
    assert (
        post(client, f"/api/v1/complaints/{three}/reject", {"reason": "Ganda"}, desk).json()[
            "status"
        ]
        == "rejected"
    )
    assert post(client, f"/api/v1/complaints/{four}/refer", {}, desk).json()["status"] == "referred"
    postponed = post(client, f"/api/v1/complaints/{one}/postpone", {"reason": "Loket?"}, desk)
    assert postponed.json()["status"] == "postponed"
    # another MPP's supervisor and an anonymous caller are refused
    other = personas.token(personas.supervisor_y)
    assert post(client, f"/api/v1/complaints/{one}/verify", {}, other).status_code == 404
    assert post(client, f"/api/v1/complaints/{one}/verify", {}).status_code == 401
    assert Complaint.objects.get(tracking_code=one).status == Status.POSTPONED
