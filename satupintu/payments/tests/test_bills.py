"""Bills from the published fee, their QRIS and virtual account, and the bill API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from satupintu.applications.models import Status
from satupintu.applications.tests.factories import online_service
from satupintu.payments import qris, services
from satupintu.payments.models import Bill, BillStatus
from satupintu.payments.tests.factories import FEE, NMID, awaiting_payment, bill_of, setup

pytestmark = pytest.mark.django_db


def test_crc_is_ccitt_false_with_the_catalogue_check_value():
    # CRC RevEng catalogue, CRC-16/IBM-3740 (alias CCITT-FALSE): check("123456789") = 0x29B1
    assert qris.crc16_ccitt_false(b"123456789") == 0x29B1


def test_a_service_with_a_fee_waits_for_payment_with_a_bill_of_the_published_fee(personas):
    service, _ = setup(personas)
    app = awaiting_payment(personas, service)
    assert app.status == Status.AWAITING_PAYMENT
    bill = bill_of(app)
    assert bill.amount == FEE
    assert bill.status == BillStatus.UNPAID
    assert bill.revenue_account_code == "4.1.02.01.01.0001"
    assert bill.va_number.startswith("8808") and len(bill.va_number) == 16
    assert bill.expires_at > bill.issued_at
    assert bill.payer_name == app.applicant_name


def test_a_free_service_never_produces_a_bill(personas):
    setup(personas)
    free = online_service(personas.counter_xa.booth, code="A51")
    app = awaiting_payment(personas, free)
    assert app.status == Status.PROCESSING
    assert not Bill.objects.exists()
    with pytest.raises(services.NotPayable):
        services.issue_bill(version=app.version, payer_name="X", application=app)


def test_a_tariff_with_variants_bills_the_chosen_variant_never_a_typed_amount(personas):
    service, _ = setup(personas, fee=None, variants=[("Baru", 75_000), ("Perpanjangan", 40_000)])
    version = service.versions.get()
    renewal = version.fee_variants.get(name="Perpanjangan")
    assert services.published_fee(version, renewal) == 40_000
    with pytest.raises(ValidationError):
        services.published_fee(version, None)  # two variants: one must be chosen


def test_the_qris_payload_passes_its_crc_and_decodes_back_to_the_bill(personas):
    service, _ = setup(personas)
    bill = bill_of(awaiting_payment(personas, service))
    payload = services.qris_of(bill)
    assert payload.startswith("000201010212")  # format 01, point of initiation 12 (dynamic)
    assert "ID.CO.QRIS.WWW" in payload and "5303360" in payload
    assert payload[-8:-4] == "6304"
    assert int(payload[-4:], 16) == qris.crc16_ccitt_false(payload[:-4].encode())
    decoded = qris.decode(payload)
    assert (decoded.amount, decoded.bill_number, decoded.nmid) == (FEE, bill.number, NMID)


def test_a_provider_payload_that_does_not_match_the_bill_is_never_shown(personas):
    service, _ = setup(personas)
    bill = bill_of(awaiting_payment(personas, service))
    other = qris.build_payload(
        merchant=qris.Merchant("MPP UJI", "PURWOKERTO", NMID),
        amount=FEE + 1,
        bill_number=bill.number,
    )
    with pytest.raises(ValidationError):
        qris.check_payload(other, amount=FEE, bill_number=bill.number, nmid=NMID)
    broken = bill.qris_payload[:-1] + ("0" if bill.qris_payload[-1] != "0" else "1")
    with pytest.raises(ValidationError):
        qris.decode(broken)  # CRC mismatch
    Bill.objects.filter(pk=bill.pk).update(qris_payload=other)
    bill.refresh_from_db()
    with pytest.raises(ValidationError):
        services.qris_of(bill)


def test_bill_api_for_the_applicant_and_staff_not_for_others(client, personas):
    service, bank_officer = setup(personas)
    bill = bill_of(awaiting_payment(personas, service))
    for user in (personas.citizen, personas.officer_xa, personas.supervisor_x, bank_officer):
        client.force_login(user)
        body = client.get(f"/api/v1/bills/{bill.pk}").json()
        assert body["status"] == "unpaid" and body["amount"] == FEE and body["payments"] == []
    for user in (personas.officer_xb, personas.supervisor_y, personas.officer_ya):
        client.force_login(user)
        assert client.get(f"/api/v1/bills/{bill.pk}").status_code == 404


def test_qris_api_answers_the_payload_and_an_image(client, personas):
    service, _ = setup(personas)
    bill = bill_of(awaiting_payment(personas, service))
    client.force_login(personas.citizen)
    body = client.post(f"/api/v1/bills/{bill.pk}/qris").json()
    assert qris.decode(body["payload"]).bill_number == bill.number
    image = client.get(body["image_url"])
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_the_bill_page_shows_amount_qris_and_virtual_account(client, personas):
    service, _ = setup(personas)
    bill = bill_of(awaiting_payment(personas, service))
    page = client.get(f"/tagihan/{bill.public_id}/").content.decode()
    assert "Rp50.000" in page and bill.va_number in page and "Menunggu pembayaran" in page
    assert f"/tagihan/{bill.public_id}/qris.png" in page


# Payloads published in the READMEs of open-source QRIS libraries (sunary/qris, a dynamic
# one; a merchant's static sticker from a "dynamic QRIS" guide): their own CRCs.
PUBLISHED = {
    "00020101021226380016ID.CO.SHOPEE.WWW010201020815863724530336054061440005802ID5921PT. "
    "SHOPPEE INDONESIA6007JAKARTA62180814gen by go-qris63049635": "9635",
    "00020101021126670016COM.NOBUBANK.WWW01189360050300000879140214703239147837910303UMI"
    "51440014ID.CO.QRIS.WWW0215ID20232709941630303UMI5204481253033605802ID5923GRANOOL STORE "
    "OK12295776006KEDIRI61056421262070703A0163047127": "7127",
}


@pytest.mark.parametrize(("payload", "crc"), PUBLISHED.items())
def test_published_payloads_carry_the_crc_we_compute(payload, crc):
    assert f"{qris.crc16_ccitt_false(payload[:-4].encode()):04X}" == crc


def test_a_static_sticker_is_never_shown_for_a_bill():
    static = list(PUBLISHED)[1]
    decoded = qris.decode(static)
    assert (decoded.nmid, decoded.point_of_initiation) == ("ID2023270994163", "11")
    with pytest.raises(ValidationError, match="bukan QRIS dinamis"):
        qris.check_payload(static, amount=FEE, bill_number="TGH-1", nmid="ID2023270994163")


def test_the_counter_officer_bills_a_called_ticket_once(client, personas):
    from satupintu.queueing.models import Queue, QueueService
    from satupintu.queueing.tests.factories import open_all_day
    from satupintu.queueing.tickets.services import issue_ticket

    service, _ = setup(personas, fee=None, variants=[("Baru", 75_000), ("Perpanjangan", 40_000)])
    open_all_day(personas.mpp_x)
    queue = Queue.objects.create(mpp=personas.mpp_x, prefix="R", name="Reklame")
    QueueService.objects.create(mpp=personas.mpp_x, queue=queue, service=service)
    ticket = issue_ticket(mpp=personas.mpp_x, service=service, channel="kiosk")
    url = f"/api/v1/tickets/{ticket.public_id}/bill"
    client.force_login(personas.officer_xb)  # another agency's officer
    assert client.post(url, {}, content_type="application/json").status_code == 404
    client.force_login(personas.officer_xa)
    unchosen = client.post(url, {}, content_type="application/json")
    assert unchosen.status_code == 422  # two variants: the officer names one
    answer = client.post(url, {"fee_variant": 2}, content_type="application/json")
    assert answer.status_code == 201 and answer.json()["amount"] == 40_000
    again = client.post(url, {"fee_variant": 1}, content_type="application/json")
    assert again.json()["id"] == answer.json()["id"]  # one open bill per ticket
