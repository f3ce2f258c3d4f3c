"""The citizen's wallet: their documents (page and API), a share link that expires and can
be revoked, and every read shown to the holder."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from satupintu.accounts.models import Role
from satupintu.accounts.tests.factories import make_user
from satupintu.applications.tests.factories import online_service
from satupintu.documents.models import DocumentShare
from satupintu.documents.tests.factories import ready_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(personas):
    service = online_service(personas.counter_xa.booth)
    return [ready_application(personas, service).document for _ in range(2)]


def test_the_wallet_lists_the_citizens_documents_in_page_and_api(client, personas, documents):
    client.force_login(personas.citizen)
    page = client.get("/akun/dokumen/").content.decode()
    assert all(d.number in page for d in documents)
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/me/documents").json()
    assert {d["code"] for d in body} == {d.code for d in documents}
    assert body[0]["download_url"].endswith("/unduh/") and body[0]["status"] == "valid"
    assert len(queries) <= 8  # session, user, documents, shares, reads: not one per document
    pdf = client.get(f"/akun/dokumen/{documents[0].code}/unduh/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_nobody_else_sees_the_wallet(client, personas, documents):
    assert client.get("/api/v1/me/documents").status_code == 401
    client.force_login(personas.officer_xa)
    assert client.get("/akun/dokumen/").status_code == 403
    client.force_login(make_user(Role.CITIZEN, phone="081234567891"))
    assert client.get("/api/v1/me/documents").json() == []
    assert client.get(f"/akun/dokumen/{documents[0].code}/unduh/").status_code == 404
    made = client.post(f"/akun/dokumen/{documents[0].code}/bagikan/", {"hari": "7"})
    assert made.status_code == 404 and not DocumentShare.objects.exists()


def test_a_share_link_works_until_it_expires_or_is_revoked_and_every_read_shows(
    client, personas, documents
):
    document = documents[0]
    client.force_login(personas.citizen)
    client.post(f"/akun/dokumen/{document.code}/bagikan/", {"hari": "7", "untuk": "Bank Jateng"})
    share = DocumentShare.objects.get()
    assert share.label == "Bank Jateng"
    visitor = client.__class__()
    opened = visitor.get(f"/dokumen/bagikan/{share.token}/", REMOTE_ADDR="203.0.113.77")
    assert opened.status_code == 200 and document.number in opened.content.decode()
    pdf = visitor.get(f"/dokumen/bagikan/{share.token}/unduh/")
    assert pdf.status_code == 200
    visitor.get(f"/verifikasi/{document.code}/")
    reads = client.get("/api/v1/me/documents").json()
    mine = next(d for d in reads if d["code"] == document.code)
    assert [(r["via"], r["pdf"]) for r in mine["reads"]] == [
        ("code", False),
        ("share", True),
        ("share", False),
    ]
    assert mine["reads"][2]["network"] == "203.0.113.0/24"
    assert mine["reads"][2]["share_label"] == "Bank Jateng"
    page = client.get("/akun/dokumen/").content.decode()
    assert "Dibuka 3 kali" in page and "Bank Jateng" in page
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=8)):
        assert visitor.get(f"/dokumen/bagikan/{share.token}/").status_code == 404
    client.post(f"/akun/dokumen/bagikan/{share.pk}/cabut/")
    assert visitor.get(f"/dokumen/bagikan/{share.token}/").status_code == 404
    assert visitor.get(f"/dokumen/bagikan/{share.token}/unduh/").status_code == 404


def test_a_share_needs_a_known_duration(client, personas, documents):
    client.force_login(personas.citizen)
    client.post(f"/akun/dokumen/{documents[0].code}/bagikan/", {"hari": "365"})
    assert not DocumentShare.objects.exists()
