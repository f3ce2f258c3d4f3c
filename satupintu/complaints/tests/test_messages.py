"""Complaints by WhatsApp and SMS: a message through the gateway's inbound path (the local
simulator, and the provider's webhook) becomes a complaint of the channel "pesan" with the
sender's phone, and the tracking code goes back by the channel it came by."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from satupintu.complaints.models import Complaint
from satupintu.notifications.models import Message

pytestmark = pytest.mark.django_db

TEXT = "Antrean di loket kependudukan lama sekali, sudah dua jam belum dipanggil."


def _simulate(mpp, text: str = TEXT, **options) -> str:
    out = io.StringIO()
    call_command("simulate_message", text, mpp=mpp.slug, stdout=out, **options)
    return out.getvalue()


def test_an_sms_becomes_a_complaint_and_its_code_goes_back_by_sms(personas, settings):
    settings.NOTIFY_PHONE_CHANNEL = "whatsapp"  # the MPP's default; this citizen wrote by SMS
    printed = _simulate(personas.mpp_x, sender="0812-3456-7001", channel="sms", message_id="m1")
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.kind) == ("pesan", "pengaduan")
    assert complaint.reporter_phone == "+6281234567001" and complaint.text == TEXT
    reply = Message.objects.get(recipient="+6281234567001")
    assert reply.channel == "sms" and complaint.tracking_code in reply.body
    assert complaint.tracking_code in printed
    _simulate(personas.mpp_x, sender="0812-3456-7001", channel="sms", message_id="m1")  # again
    assert Complaint.objects.count() == 1 and Message.objects.count() == 1


def test_a_first_word_picks_the_class_and_a_short_message_is_answered_not_filed(personas):
    _simulate(
        personas.mpp_x, "ASPIRASI: tolong tambah kursi tunggu di lantai dua.", sender="081234567002"
    )
    assert Complaint.objects.get().kind == "aspirasi"
    _simulate(personas.mpp_x, "halo", sender="081234567003", channel="whatsapp")
    assert Complaint.objects.count() == 1
    reply = Message.objects.get(recipient="+6281234567003")
    assert reply.channel == "whatsapp" and "belum dapat kami catat" in reply.body


def test_the_providers_webhook_needs_the_gateway_token(personas, client, settings):
    settings.MESSAGE_GATEWAY_TOKEN = "rahasia-gateway"
    url = f"/api/v1/mpps/{personas.mpp_x.slug}/messages/inbound"
    body = {"from": "+6281234567004", "channel": "whatsapp", "message": TEXT, "id": "wamid.1"}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 401 and Complaint.objects.count() == 0
    wrong = client.post(
        url, body, content_type="application/json", headers={"Authorization": "Bearer salah"}
    )
    assert wrong.status_code == 401
    auth = {"Authorization": "Bearer rahasia-gateway"}
    for _ in range(2):  # the provider retries: one complaint
        answer = client.post(url, body, content_type="application/json", headers=auth)
        assert answer.status_code == 202
    complaint = Complaint.objects.get()
    assert complaint.message_channel == "whatsapp" and complaint.reporter_phone.endswith("7004")
    bad = client.post(
        url, {**body, "from": "bukan nomor"}, content_type="application/json", headers=auth
    )
    assert bad.status_code == 422 and bad.json()["code"]
