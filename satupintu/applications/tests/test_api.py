"""The application API as the mobile app uses it, with personas, including those refused."""

from __future__ import annotations

import pytest

from satupintu.accounts.models import Role
from satupintu.accounts.tests.factories import make_user
from satupintu.applications.tests.factories import NIK, image_bytes, online_service, pdf_bytes
from satupintu.catalog.tests.factories import make_service


@pytest.fixture
def setup(personas, client):
    service = online_service(personas.counter_xa.booth)
    tokens = {
        name: personas.token(getattr(personas, name))
        for name in ("citizen", "officer_xa", "officer_xb", "officer_ya", "supervisor_x")
    }
    return personas, service, tokens


def call(client, method, path, token=None, **kwargs):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if method == "get":
        return client.get(path, headers=headers, **kwargs)
    if "data" in kwargs and not isinstance(kwargs["data"], dict | list):
        return client.post(path, headers=headers, **kwargs)
    if "files" in kwargs:
        return client.post(path, data=kwargs["files"], headers=headers)
    return client.post(
        path, kwargs.get("json", {}), content_type="application/json", headers=headers
    )


BODY = {
    "service": "A50",
    "applicant": {"name": "Siti Aminah", "nik": NIK, "phone": "0812-3456-7890"},
    "fields": {},
}


def create(client, token, body=BODY):
    return call(client, "post", "/api/v1/mpps/mpp-x/applications", token, json=body)


def upload(client, token, app_id, key, name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return call(
        client,
        "post",
        f"/api/v1/applications/{app_id}/files",
        token,
        files={"requirement": key, "file": SimpleUploadedFile(name, data)},
    )


def test_citizen_applies_uploads_and_submits(client, setup):
    _personas, _service, tokens = setup
    answer = create(client, tokens["citizen"])
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["status"] == "draft" and len(body["tracking_number"]) == 14
    assert [r["key"] for r in body["requirements"] if r["uploadable"]] == ["p1", "p2", "p3"]
    app_id = body["id"]
    missing = call(client, "post", f"/api/v1/applications/{app_id}/submit", tokens["citizen"])
    assert missing.status_code == 422
    assert {e["field"] for e in missing.json()["errors"]} == {"files.p1", "files.p2"}
    assert (
        upload(client, tokens["citizen"], app_id, "p1", "lahir.pdf", pdf_bytes()).status_code == 201
    )
    forged = upload(client, tokens["citizen"], app_id, "p2", "kk.pdf", b"MZ not a pdf at all")
    assert forged.status_code == 422
    assert "PDF, JPG atau PNG" in forged.json()["errors"][0]["message"]
    assert (
        upload(client, tokens["citizen"], app_id, "p2", "kk.jpg", image_bytes("JPEG")).status_code
        == 201
    )
    done = call(client, "post", f"/api/v1/applications/{app_id}/submit", tokens["citizen"])
    assert done.status_code == 200 and done.json()["status"] == "submitted"
    assert done.json()["deadline"]["due_date"]


def test_service_without_online_applications_is_422(client, setup):
    personas, _service, tokens = setup
    make_service(personas.counter_xa.booth, code="A60")
    answer = create(client, tokens["citizen"], {**BODY, "service": "A60"})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "service"


def test_invalid_applicant_is_422_per_field(client, setup):
    _p, _s, tokens = setup
    answer = create(
        client,
        tokens["citizen"],
        {**BODY, "applicant": {"name": "X", "nik": "1111", "phone": "0812 000"}},
    )
    assert answer.status_code == 422
    assert {e["field"] for e in answer.json()["errors"]} == {"applicant.nik", "applicant.phone"}


def test_only_applicant_and_agency_officers_see_it(client, setup):
    personas, _service, tokens = setup
    app_id = create(client, tokens["citizen"]).json()["id"]
    path = f"/api/v1/applications/{app_id}"
    other_citizen = personas.token(make_user(Role.CITIZEN))
    assert call(client, "get", path, tokens["citizen"]).status_code == 200
    assert call(client, "get", path, tokens["officer_xa"]).status_code == 200
    assert call(client, "get", path, tokens["supervisor_x"]).status_code == 200
    for token in (other_citizen, tokens["officer_xb"], tokens["officer_ya"]):
        assert call(client, "get", path, token).status_code == 404
    assert call(client, "get", path).status_code == 401
    # The outsiders cannot act either, nor upload into someone else's application.
    assert upload(client, other_citizen, app_id, "p1", "a.pdf", pdf_bytes()).status_code == 404
    verify = call(client, "post", f"{path}/verify", tokens["officer_xb"], json={"note": ""})
    assert verify.status_code == 404
    # The applicant may not take an officer's action: 403.
    assert call(client, "post", f"{path}/advance", tokens["citizen"], json={}).status_code == 403


def test_officer_flow_and_public_tracking(client, setup):
    _personas, _service, tokens = setup
    citizen, officer = tokens["citizen"], tokens["officer_xa"]
    app = create(client, citizen).json()
    base = f"/api/v1/applications/{app['id']}"
    upload(client, citizen, app["id"], "p1", "a.pdf", pdf_bytes())
    upload(client, citizen, app["id"], "p2", "b.png", image_bytes())
    call(client, "post", f"{base}/submit", citizen)
    illegal = call(client, "post", f"{base}/advance", officer, json={})
    assert illegal.status_code == 409 and illegal.json()["code"] == "illegal_transition"
    decided = call(
        client,
        "post",
        f"{base}/decisions",
        officer,
        json={
            "decisions": [
                {"requirement": "p1", "accepted": True},
                {"requirement": "p2", "accepted": False, "reason": "Foto KK terpotong"},
            ]
        },
    )
    assert decided.status_code == 200 and decided.json()["status"] == "verifying"
    revision = call(client, "post", f"{base}/request-revision", officer, json={"note": ""})
    assert revision.json()["status"] == "needs_revision"

    number = app["tracking_number"]
    tracked = client.get(f"/api/v1/track/{number.lower()}?phone_last4=7890")
    assert tracked.status_code == 200
    body = tracked.json()
    assert body["status"] == "needs_revision"
    assert body["rejected_requirements"] == ["KK orang tua"]
    assert "Siti" not in str(body) and NIK not in str(body)  # nothing personal
    wrong_digits = client.get(f"/api/v1/track/{number}?phone_last4=1234")
    unknown = client.get("/api/v1/track/ZZZZ-ZZZZ-ZZZZ?phone_last4=7890")
    draft_like = client.get("/api/v1/track/1?phone_last4=7890")
    assert wrong_digits.status_code == unknown.status_code == draft_like.status_code == 404
    assert wrong_digits.json() == unknown.json() == draft_like.json()

    upload(client, citizen, app["id"], "p2", "b2.png", image_bytes())
    call(client, "post", f"{base}/resubmit", citizen, json={})
    call(
        client,
        "post",
        f"{base}/decisions",
        officer,
        json={"decisions": [{"requirement": "p2", "accepted": True}]},
    )
    assert call(client, "post", f"{base}/verify", officer, json={}).json()["status"] == "verified"
    assert (
        call(client, "post", f"{base}/advance", officer, json={}).json()["status"] == "processing"
    )
    assert call(client, "post", f"{base}/advance", officer, json={}).json()["status"] == "ready"
    handed = call(
        client, "post", f"{base}/hand-over", officer,
        json={"method": "delivery", "courier": "Pos Indonesia", "receipt_number": "PE1234567ID"},
    )  # fmt: skip
    assert handed.json()["status"] == "completed"
    final = client.get(f"/api/v1/track/{number}?phone_last4=7890").json()
    assert final["handover"]["receipt_number"] == "PE1234567ID"
    assert final["history"][-1]["label"] == "Dokumen sudah diserahkan"


def test_a_broken_multipart_body_is_400(client, setup):
    _p, _s, tokens = setup
    app_id = create(client, tokens["citizen"]).json()["id"]
    answer = client.post(
        f"/api/v1/applications/{app_id}/files",
        b"not multipart",
        content_type="multipart/form-data",
        headers={"Authorization": f"Bearer {tokens['citizen']}"},
    )
    assert answer.status_code == 400 and answer.json()["code"] == "bad_request"
