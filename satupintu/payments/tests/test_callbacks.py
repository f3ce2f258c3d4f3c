"""Callbacks are hostile input: signed, idempotent, amounts checked, late payments held for
the supervisor; the bank counter; the simulator; the application moves on by itself."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import pytest
from django.utils import timezone
from pypdf import PdfReader

from satupintu.accounts.models import User
from satupintu.applications.models import Status
from satupintu.payments import services
from satupintu.payments.models import Bill, BillStatus, Payment, PaymentStatus
from satupintu.payments.providers import snap
from satupintu.payments.providers.base import CallbackRefused
from satupintu.payments.providers.simulator import SimulatorProvider, private_key
from satupintu.payments.tests.factories import FEE, awaiting_payment, bill_of, setup

pytestmark = pytest.mark.django_db
PATH = "/api/v1/payments/callback/simulator"


@pytest.fixture
def bill(personas):
    service, _ = setup(personas)
    return bill_of(awaiting_payment(personas, service))


def notify(bill, *, amount=None, payment_id="", now=None):
    return SimulatorProvider().notification(
        path=PATH,
        bill_number=bill.number,
        amount=FEE if amount is None else amount,
        now=now or timezone.now(),
        payment_id=payment_id,
    )


def post(client, request):
    return client.post(
        request.path,
        data=request.body,
        content_type="application/json",
        headers={k: v for k, v in request.headers.items() if k != "Content-Type"},
    )


def test_snap_string_to_sign_is_method_path_body_digest_and_timestamp():
    body = b'{ "a": 1,\n "b": "x y" }'
    text = snap.string_to_sign("post", "/p", body, "2026-12-07T10:00:00+07:00").decode()
    method, path, digest, timestamp = text.split(":", 3)
    assert (method, path, timestamp) == ("POST", "/p", "2026-12-07T10:00:00+07:00")
    assert digest == hashlib.sha256(b'{"a":1,"b":"x y"}').hexdigest()  # minified, lower hex


def test_a_signed_callback_pays_the_bill_and_moves_the_application_on(client, bill):
    response = post(client, notify(bill))
    assert response.status_code == 200, response.content
    assert response.json()["responseCode"] == "2005200"
    bill.refresh_from_db()
    assert bill.status == BillStatus.PAID and bill.paid_at is not None
    assert bill.application.status == Status.PROCESSING
    assert bill.application.events.filter(action="confirm_payment").exists()


@pytest.mark.parametrize("tamper", ["body", "signature", "timestamp", "missing"])
def test_a_callback_that_is_not_the_providers_changes_nothing(client, bill, tamper):
    request = notify(bill)
    headers = dict(request.headers)
    body = request.body
    if tamper == "body":
        body = body.replace(b'"50000.00"', b'"5.00"')
    elif tamper == "signature":
        headers["X-SIGNATURE"] = headers["X-SIGNATURE"][:-6] + "AAAAA="
    elif tamper == "timestamp":
        headers["X-TIMESTAMP"] = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    else:
        del headers["X-SIGNATURE"]
    headers.pop("Content-Type")
    response = client.post(PATH, data=body, content_type="application/json", headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "callback_refused"
    assert not Payment.objects.exists()
    assert Bill.objects.get().status == BillStatus.UNPAID


def test_a_body_that_is_not_json_is_refused_not_a_500(client, bill):
    response = client.post(PATH, data=b"\xff\x00nope", content_type="application/json")
    assert response.status_code in {400, 401}


def test_duplicate_and_out_of_order_deliveries_change_nothing_twice(client, bill):
    request = notify(bill, payment_id="SIM-1")
    for _ in range(3):
        assert post(client, request).status_code == 200
    assert Payment.objects.count() == 1
    assert bill.events.filter(action="pay").count() == 1


def test_a_mismatched_amount_is_held_never_paid_then_refunded_by_the_supervisor(
    client, bill, personas
):
    post(client, notify(bill, amount=FEE - 1000, payment_id="SIM-LOW"))
    bill.refresh_from_db()
    payment = Payment.objects.get()
    assert (bill.status, payment.status) == (BillStatus.HELD, PaymentStatus.HELD)
    assert bill.application.status == Status.AWAITING_PAYMENT
    client.force_login(personas.officer_xa)
    refused = client.post(
        f"/api/v1/payments/{payment.pk}/refund", {"note": "x"}, content_type="application/json"
    )
    assert refused.status_code == 403
    client.force_login(personas.supervisor_x)
    done = client.post(
        f"/api/v1/payments/{payment.pk}/refund",
        {"note": "Dana dikembalikan ke pembayar"},
        content_type="application/json",
    )
    assert done.json()["status"] == "refunded"
    bill.refresh_from_db()
    assert bill.status == BillStatus.UNPAID  # it can be paid again, rightly
    post(client, notify(bill, payment_id="SIM-RIGHT"))
    bill.refresh_from_db()
    assert bill.status == BillStatus.PAID


def test_a_payment_for_an_expired_bill_is_recorded_late_for_the_supervisor(client, bill):
    Bill.objects.filter(pk=bill.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    post(client, notify(bill))
    bill.refresh_from_db()
    assert bill.status == BillStatus.EXPIRED
    assert Payment.objects.get().status == PaymentStatus.LATE
    assert bill.application.status == Status.AWAITING_PAYMENT


def test_expire_bills_expires_only_unpaid_bills_past_their_expiry(bill):
    assert services.expire_bills() == 0
    assert services.expire_bills(now=bill.expires_at + dt.timedelta(seconds=1)) == 1
    bill.refresh_from_db()
    assert bill.status == BillStatus.EXPIRED


def test_only_the_collecting_banks_officer_marks_a_bill_paid_at_the_counter(client, personas, bill):
    bank_agency = services.settings_of(bill.mpp).bank_agency
    officer = User.objects.get(agency=bank_agency)
    for user, status in ((personas.officer_xa, 403), (personas.supervisor_x, 403)):
        client.force_login(user)
        answer = client.post(
            f"/api/v1/bills/{bill.pk}/counter-payment",
            {"reference": "TELLER-1"},
            content_type="application/json",
        )
        assert answer.status_code == status
    client.force_login(personas.officer_ya)
    assert (
        client.post(
            f"/api/v1/bills/{bill.pk}/counter-payment",
            {"reference": "TELLER-1"},
            content_type="application/json",
        ).status_code
        == 404
    )
    client.force_login(officer)
    answer = client.post(
        f"/api/v1/bills/{bill.pk}/counter-payment",
        {"reference": "TELLER-1"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["channel"] == "counter" and answer.json()["receipt_url"]
    bill.refresh_from_db()
    assert bill.status == BillStatus.PAID


def test_the_simulator_pays_for_a_supervisor_with_signed_callbacks(client, personas, bill):
    url = f"/api/v1/payments/simulator/bills/{bill.pk}/pay"
    client.force_login(personas.officer_xa)
    assert client.post(url, {}, content_type="application/json").status_code == 403
    client.force_login(personas.supervisor_x)
    wrong = client.post(url, {"amount": 1, "deliveries": 2}, content_type="application/json")
    assert wrong.status_code == 200
    assert [p["status"] for p in wrong.json()] == ["held", "held"]
    assert Payment.objects.count() == 1  # two deliveries of one payment
    bill.refresh_from_db()
    assert bill.status == BillStatus.HELD


def test_the_receipt_is_a_pdf_with_its_verification_address(client, bill):
    post(client, notify(bill))
    payment = Payment.objects.get()
    response = client.get(f"/kuitansi/{payment.receipt_code}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Kuitansi" in text and payment.receipt_code in text and "Rp50.000" in text
    assert client.get("/kuitansi/AAAAAAAAAAAAAAAA/").status_code == 404


def test_the_simulators_signature_verifies_with_its_public_key():
    request = SimulatorProvider().notification(
        path=PATH, bill_number="TGH-1", amount=1, now=timezone.now()
    )
    headers = request.headers
    assert snap.verify(
        private_key().public_key(),
        headers["X-SIGNATURE"],
        "POST",
        PATH,
        json.dumps(json.loads(request.body), indent=2).encode(),  # minified before hashing
        headers["X-TIMESTAMP"],
    )
    with pytest.raises(CallbackRefused):
        SimulatorProvider().read_callback(
            method="POST", path="/other", headers=headers, body=request.body, now=timezone.now()
        )


def test_the_tracking_page_goes_from_waiting_for_payment_to_paid(client, bill):
    application = bill.application
    form = {"nomor": application.tracking_number, "telepon": application.phone_last4}
    page = client.post("/lacak/", form).content.decode()
    assert "Menunggu pembayaran" in page and "Lunas" not in page
    assert f"/lacak/{application.public_id}/events" in page
    assert f"/tagihan/permohonan/{application.public_id}/" in page
    post(client, notify(bill))
    stream = client.get(f"/lacak/{application.public_id}/events")
    text = b"".join(stream.streaming_content if stream.streaming else [stream.content]).decode()
    assert "event: status" in text and "Lunas" in text and "Menunggu pembayaran" not in text
    assert client.get(f"/tagihan/permohonan/{application.public_id}/").status_code == 302


def test_the_bill_page_stream_says_paid(client, bill):
    post(client, notify(bill))
    stream = client.get(f"/tagihan/{bill.public_id}/events")
    text = stream.content.decode()
    assert "event: status" in text and "Lunas" in text and "Unduh kuitansi" in text


def test_expiry_runs_as_a_periodic_job():
    from satupintu.core import jobs

    assert "payments.expire_bills" in {job.name for job in jobs.registered_jobs()}


def test_an_expired_bill_of_a_waiting_application_is_issued_again(client, personas, bill):
    url = f"/api/v1/bills/{bill.pk}/reissue"
    client.force_login(personas.officer_xa)
    assert client.post(url).status_code == 409  # still valid
    services.expire_bills(now=bill.expires_at + dt.timedelta(seconds=1))
    client.force_login(personas.citizen)
    assert client.post(url).status_code == 403
    client.force_login(personas.officer_xa)
    answer = client.post(url)
    assert answer.status_code == 201 and answer.json()["status"] == "unpaid"
    assert answer.json()["amount"] == FEE and answer.json()["id"] != bill.pk
